/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.core.data.BeirDataset;
import dev.quarry.core.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a new user met when trying Quarry from a fresh clone (a copy of a dataset answered from a stale cache,
 * {@code --overwrite} deleting anything, inconsistent exit codes, empty input reported as success, outputs written
 * 0600 and overwritten unasked): each defect, as that user would meet it.
 */
class NewUserTest {
  @TempDir Path temp;

  @Test
  void aCopyOfADatasetWithOtherTextsIsScoredAfreshNotFromTheCache() throws IOException {
    Path real = TrainCommandTest.animals(temp.resolve("a"));
    Files.copy(real.resolve("qrels/train.tsv"), real.resolve("qrels/test.tsv"));
    Path copy = temp.resolve("b/animals");
    Files.createDirectories(copy.resolve("qrels"));
    Files.copy(real.resolve("queries.jsonl"), copy.resolve("queries.jsonl"));
    Files.copy(real.resolve("qrels/test.tsv"), copy.resolve("qrels/test.tsv"));
    Files.writeString(copy.resolve("corpus.jsonl"), Files.readString(real.resolve("corpus.jsonl"))
        .replaceAll("\"text\": \"[^\"]*\"", "\"text\": \"cooking pasta\"").replaceAll("\"title\": \"[^\"]*\"",
            "\"title\": \"\""));
    String cache = temp.resolve("cache").toString();
    Path run = temp.resolve("bm25.trec");
    assertEquals(0, CliHarness.run("evaluate", "--dataset", real.toString(), "--out", run.toString(), "--cache", cache)
        .exitCode());
    CliHarness first = CliHarness.run("rerank", "--run", run.toString(), "--out", temp.resolve("1.trec").toString(),
        "--dataset", real.toString(), "--split", "test", "--reranker", "bm25", "--cache", cache);
    assertEquals(0, first.exitCode(), first.err());
    CliHarness copied = CliHarness.run("rerank", "--run", run.toString(), "--out", temp.resolve("2.trec").toString(),
        "--dataset", copy.toString(), "--split", "test", "--reranker", "bm25", "--cache", cache);
    assertEquals(0, copied.exitCode(), copied.err());
    assertTrue(copied.err().contains(" 0 from the cache"), "the copy's texts differ: nothing may come from the"
        + " cache\n" + copied.err());
    assertNotEquals(first.mean("ndcg@10"), copied.mean("ndcg@10"));
    for (String line : Files.readAllLines(temp.resolve("2.trec"))) {
      assertEquals("0.0", line.split(" ")[4], "no query term is in 'cooking pasta': " + line);
    }
  }

  @Test
  void overwriteReplacesOnlyWhatQuarryWrote() throws IOException {
    Path data = TrainCommandTest.animals(temp);
    Path notes = Files.createDirectories(temp.resolve("notes"));
    Files.writeString(notes.resolve("notes.txt"), "mine");
    Files.createDirectories(notes.resolve("sub"));
    CliHarness folder = CliHarness.run("index", "--corpus", data.toString(), "--index", notes.toString(),
        "--overwrite");
    assertEquals(2, folder.exitCode());
    assertTrue(folder.err().contains("holds notes.txt, sub and no quarry-index.json"), folder.err());
    assertEquals("mine", Files.readString(notes.resolve("notes.txt")), "untouched");
    Path file = temp.resolve("plain.txt");
    Files.writeString(file, "mine");
    CliHarness plain = CliHarness.run("index", "--corpus", data.toString(), "--index", file.toString(), "--overwrite");
    assertEquals(2, plain.exitCode());
    assertTrue(plain.err().contains("is a file"), plain.err());
    assertEquals("mine", Files.readString(file));
    CliHarness train = CliHarness.run("train", "--dataset", data.toString(), "--out", notes.toString(), "--overwrite");
    assertEquals(2, train.exitCode());
    assertTrue(train.err().contains("is not a training run"), train.err());
    assertTrue(Files.exists(notes.resolve("notes.txt")));

    Path index = temp.resolve("index");
    assertEquals(0, CliHarness.run("index", "--corpus", data.toString(), "--index", index.toString()).exitCode());
    assertEquals(0, CliHarness.run("index", "--corpus", data.toString(), "--index", index.toString(), "--overwrite")
        .exitCode(), "an index Quarry built is replaced");
    assertTrue(!Files.exists(index.resolve("write.lock")), "a finished index holds no writer's lock");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "search --index I --queries Q --out R --k 0",
      "search --index I --queries Q --out R --k abc",
      "evaluate --dataset D --k -5",
      "evaluate --dataset D --retriever dense --model no-such-model",
      "evaluate --dataset no-such-dataset",
      "evaluate --dataset D --metrics bleu",
      "fuse --run R --run R --out F --k 0",
      "rerank --run R --out F --dataset D --reranker bm25 --depth 0",
      "eval --qrels Q --run R --metrics ndcg@x",
      "index --corpus D --index I --kind nope",
      "train --dataset D --out O --batch-size 0",
      "distill --dataset D --out O --reranker bm25 --pairwise-weight 0 --rounds 0",
      "evaluate --datset D"})
  void badUsageExitsWithTwoAndOneKindOfLine(String line) throws IOException {
    Path data = TrainCommandTest.animals(temp);
    Files.copy(data.resolve("qrels/train.tsv"), data.resolve("qrels/test.tsv"));
    Path runFile = temp.resolve("r.trec");
    Files.writeString(runFile, "q0 Q0 d0 1 1.0 t\n");
    String[] args = line.replace(" D", " " + data).replace(" R", " " + runFile).replace(" Q", " "
        + data.resolve("queries.jsonl")).replace(" I", " " + temp.resolve("index")).replace(" O", " "
        + temp.resolve("out")).replace(" F", " " + temp.resolve("f.trec")).split(" ");
    CliHarness r = CliHarness.run(args);
    assertEquals(2, r.exitCode(), line + "\n" + r.err());
    assertTrue(r.err().startsWith("quarry: error: "), line + "\n" + r.err());
    assertTrue(r.err().contains("Try 'quarry " + args[0] + " --help' for usage."), r.err());
    if (line.contains("--datset")) {
      assertTrue(r.err().contains("--dataset"), "a misspelt option gets a suggestion:\n" + r.err());
    }
  }

  @Test
  void emptyOrUnrelatedInputIsAnErrorAndAPartialOverlapAWarning() throws IOException {
    Path data = TrainCommandTest.animals(temp);
    Path index = temp.resolve("index");
    assertEquals(0, CliHarness.run("index", "--corpus", data.toString(), "--index", index.toString()).exitCode());
    Path empty = temp.resolve("empty.jsonl");
    Files.writeString(empty, "");
    CliHarness none = CliHarness.run("search", "--index", index.toString(), "--queries", empty.toString(), "--out",
        temp.resolve("e.trec").toString());
    assertEquals(1, none.exitCode());
    assertTrue(none.err().contains(empty + " holds no queries"), none.err());

    Path other = temp.resolve("other.tsv");
    Files.writeString(other, "x1\td0\t1\nx2\td1\t1\n");
    Path run = temp.resolve("run.trec");
    Files.writeString(run, "q0 Q0 d0 1 1.0 t\nq1 Q0 d1 1 1.0 t\n");
    CliHarness unrelated = CliHarness.run("eval", "--qrels", other.toString(), "--run", run.toString());
    assertEquals(1, unrelated.exitCode());
    assertTrue(unrelated.err().contains("none of the 2 queries of " + run), unrelated.err());

    Path partial = temp.resolve("partial.tsv");
    Files.writeString(partial, "q0\td0\t1\nx2\td1\t1\n");
    CliHarness some = CliHarness.run("eval", "--qrels", partial.toString(), "--run", run.toString());
    assertEquals(0, some.exitCode(), some.err());
    assertTrue(some.err().contains("warning: 1 queries are in both " + run + " and " + partial + "; 1 of " + run
        + " are not in " + partial + ", 1 of " + partial + " are not in " + run), some.err());
  }

  @Test
  void runsFollowTheUmaskAndAreNotReplacedUnasked() throws IOException {
    Path data = TrainCommandTest.animals(temp);
    Files.copy(data.resolve("qrels/train.tsv"), data.resolve("qrels/test.tsv"));
    Path run = temp.resolve("runs/bm25.trec");
    String cache = temp.resolve("cache").toString();
    assertEquals(0, CliHarness.run("evaluate", "--dataset", data.toString(), "--out", run.toString(), "--cache", cache)
        .exitCode());
    Set<PosixFilePermission> expected = Files.getPosixFilePermissions(Files.createFile(temp.resolve("runs/plain")));
    assertEquals(expected, Files.getPosixFilePermissions(run), "as any file made here: the umask decides");
    Set<PosixFilePermission> folder = Files.getPosixFilePermissions(Files.createDirectory(temp.resolve("plain")));
    Path index = temp.resolve("index");
    assertEquals(0, CliHarness.run("index", "--corpus", data.toString(), "--index", index.toString()).exitCode());
    assertEquals(folder, Files.getPosixFilePermissions(index));

    CliHarness again = CliHarness.run("evaluate", "--dataset", data.toString(), "--out", run.toString(), "--cache",
        cache);
    assertEquals(2, again.exitCode());
    assertTrue(again.err().contains(run + " already exists; pass --overwrite"), again.err());
    assertEquals(0, CliHarness.run("evaluate", "--dataset", data.toString(), "--out", run.toString(), "--cache", cache,
        "--overwrite").exitCode());
    try (var leftovers = Files.list(run.getParent())) {
      assertTrue(leftovers.noneMatch(p -> p.getFileName().toString().contains(".partial-")), "no partial left");
    }
  }

  /** The README's step-by-step block, run as written on a slice of SciFact named scifact. */
  @Test
  void theReadmesStepsRunAsWritten() throws IOException {
    BeirDataset scifact = SharedData.require("scifact");
    Path slice = SharedData.slice(scifact, "test", temp.resolve("data/scifact"), 20, 200).folder();
    List<String> readme = Files.readAllLines(Path.of("..", "README.md"));
    int from = indexOf(readme, "<!-- readme-steps:");
    int to = indexOf(readme, "<!-- readme-steps end -->");
    List<String> commands = readme.subList(from, to).stream().map(String::strip)
        .filter(l -> l.startsWith("bin/quarry ")).toList();
    assertTrue(commands.size() >= 5, "the block holds the steps: " + commands);
    for (String command : commands) {
      String[] args = command.substring("bin/quarry ".length()).split("\\s+");
      for (int i = 0; i < args.length; i++) {
        if (args[i].equals("scifact")) {
          args[i] = slice.toString();
        } else if (args[i].startsWith("indexes/") || args[i].startsWith("runs/")) {
          args[i] = temp.resolve(args[i]).toString();
        }
      }
      CliHarness r = CliHarness.run(args);
      assertEquals(0, r.exitCode(), command + "\n" + r.err());
    }
  }

  private static int indexOf(List<String> lines, String prefix) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(prefix)) {
        return i;
      }
    }
    throw new AssertionError("README has no line starting " + prefix);
  }
}
