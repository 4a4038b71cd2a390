/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real launcher, {@code bin/quarry}, on the packaged jars: it finds a JDK 21+ and runs the CLI. */
class LauncherIT {
  private static final Path HOME = Path.of(System.getProperty("user.dir")).getParent();

  @TempDir Path temp;

  record Result(int code, String out, String err) {}

  Result run(Path launcher, String... args) throws IOException, InterruptedException {
    return run(Map.of(), launcher, args);
  }

  /**
   * Runs the launcher with extra environment variables; its output goes to files (no pipe can fill and block it) and
   * a launcher still running after two minutes is killed and fails the test.
   */
  Result run(Map<String, String> env, Path launcher, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", launcher.toString()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(temp, "out", ".txt");
    Path err = Files.createTempFile(temp, "err", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().putAll(env);
    Process p = builder.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      fail("the launcher ran over two minutes: " + String.join(" ", command) + "\n" + Files.readString(err));
    }
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void runsTheCliOnAJdk21OrNewer() throws Exception {
    Result version = run(HOME.resolve("bin/quarry"), "--version");
    assertEquals(0, version.code(), version.err());
    assertTrue(version.out().startsWith("quarry "), version.out());
    int major = Integer.parseInt(version.out().lines().skip(1).findFirst().orElseThrow().replaceAll("^Java (\\d+).*", "$1"));
    assertTrue(major >= 21, version.out());

    Result usage = run(HOME.resolve("bin/quarry"), "search");
    assertEquals(2, usage.code(), usage.err());
    assertTrue(usage.err().contains("Missing required option"), usage.err());
  }

  /**
   * ONNX Runtime 1.29.0 crashed the JVM when its command line exceeded ~4 KB; the launcher must start ORT with the
   * full classpath and encode. Indexes three texts with a real embedded model and searches them.
   */
  @Test
  void encodesThroughTheRealLauncher() throws Exception {
    Path corpus = temp.resolve("corpus.tsv");
    Files.writeString(corpus, "a\tThe cat sat on the mat.\nb\tStock markets fell sharply.\nc\tA kitten naps.\n");
    Path queries = temp.resolve("queries.tsv");
    Files.writeString(queries, "1\tsleeping cats\n");
    Path index = temp.resolve("index");
    Result built = run(HOME.resolve("bin/quarry"), "index", "--corpus", corpus.toString(), "--index", index.toString(),
        "--kind", "dense", "--model", "all-MiniLM-L6-v2-int8");
    assertEquals(0, built.code(), built.err());
    Path runFile = temp.resolve("run.trec");
    Result searched = run(HOME.resolve("bin/quarry"), "search", "--index", index.toString(), "--queries",
        queries.toString(), "--run", runFile.toString(), "--k", "3");
    assertEquals(0, searched.code(), searched.err());
    assertTrue(Files.readAllLines(runFile).get(2).startsWith("1 Q0 b 3 "), "the finance text ranks last");
  }

  /**
   * Reranking is inference: {@code quarry rerank} with a BM25 and a dense member loads no class of DJL's PyTorch
   * engine (the JVM logs every class it loads), so it runs where no PyTorch is installed.
   */
  @Test
  void rerankLoadsNoPyTorch() throws Exception {
    Path data = TrainCommandTest.animals(temp);
    Files.copy(data.resolve("qrels/train.tsv"), data.resolve("qrels/test.tsv"));
    Path first = temp.resolve("bm25.trec");
    Path cache = temp.resolve("cache");
    assertEquals(0, run(HOME.resolve("bin/quarry"), "evaluate", "--dataset", data.toString(), "--run",
        first.toString(), "--cache", cache.toString()).code());
    Path classes = temp.resolve("classes.log");
    Result reranked = run(Map.of("QUARRY_JAVA_OPTS", "-Xlog:class+load=info:file=" + classes), HOME.resolve(
        "bin/quarry"), "rerank", "--run", first.toString(), "--out", temp.resolve("reranked.trec").toString(),
        "--dataset", data.toString(), "--split", "test", "--reranker", "bm25", "--reranker", "all-MiniLM-L6-v2",
        "--depth", "5", "--cache", cache.toString());
    assertEquals(0, reranked.code(), reranked.err());
    String loaded = Files.readString(classes);
    assertTrue(loaded.contains("dev.quarry.rerank.RunReranker"), "the class log records what rerank loads");
    assertTrue(loaded.contains("ai.onnxruntime.OrtSession"), "the dense member ran on ONNX Runtime");
    assertFalse(loaded.contains("ai.djl.pytorch"), "no class of the PyTorch engine is loaded");
  }

  /** The launcher finds its checkout through a symbolic link, as when it is linked onto PATH. */
  @Test
  void runsThroughASymbolicLink() throws Exception {
    Path link = Files.createSymbolicLink(temp.resolve("quarry"), HOME.resolve("bin/quarry"));
    Result version = run(link, "--version");
    assertEquals(0, version.code(), version.err());
    assertTrue(version.out().startsWith("quarry "), version.out());
    assertFalse(version.err().contains("WARNING: Using incubator modules"), "the JVM's expected notice is dropped");
  }

  /**
   * Ctrl-C in the middle of an index build: the command says it was interrupted, exits 130, and leaves no partial
   * folder beside its target.
   */
  @Test
  void anInterruptedBuildSaysSoAndLeavesNothingBehind() throws Exception {
    Path corpus = temp.resolve("corpus.tsv");
    StringBuilder lines = new StringBuilder();
    // far more than a build gets through before the signal (6,000 once finished first on a fast moment of a busy
    // machine: 640 passages/s); the interrupt ends it early, so the size costs nothing when the test passes
    for (int i = 0; i < 60_000; i++) {
      lines.append("d").append(i).append("\tdocument ").append(i).append(" about the topic of number ")
          .append(i % 97).append(" and some more words to encode\n");
    }
    Files.writeString(corpus, lines);
    Path index = temp.resolve("index");
    Path err = temp.resolve("interrupted.err");
    // env restores SIGINT's default action: a build run as a background job of a non-interactive shell (a CI script
    // started with '&') inherits SIGINT ignored, and the JVM then never sees the signal (it finished the build instead)
    Process p = new ProcessBuilder("env", "--default-signal=INT", "bash", HOME.resolve("bin/quarry").toString(),
        "index", "--corpus", corpus.toString(), "--index", index.toString(), "--kind", "dense", "--model",
        "all-MiniLM-L6-v2-int8")
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (partials().isEmpty() && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertFalse(partials().isEmpty(), "the build started writing: " + Files.readString(err));
    Thread.sleep(1000);
    new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("no exit after SIGINT");
    }
    // the launcher's stderr filter may write its last lines a moment after the JVM has gone
    String said = Files.readString(err);
    for (int i = 0; i < 50 && !said.contains("interrupted"); i++) {
      Thread.sleep(100);
      said = Files.readString(err);
    }
    assertEquals(130, p.exitValue(), said);
    assertTrue(said.contains("quarry: interrupted (SIGINT)"), said);
    assertEquals(List.of(), partials(), "the partial folder is removed on the way out");
    assertFalse(Files.exists(index), "and nothing half-built is in place");
  }

  /**
   * A training run killed outright (SIGKILL: no shutdown hook, no cleanup, perhaps in the middle of a step or of a
   * checkpoint's writing) resumes from its newest complete checkpoint and ends with the losses and the weights of a
   * run never interrupted, bit for bit.
   */
  @Test
  void aTrainingRunKilledOutrightResumesBitForBit() throws Exception {
    Path config = temp.resolve("tiny.yaml");
    Files.writeString(config, """
        dataset: %s
        model: random:2:64
        negatives: bm25
        windowFrom: 0
        windowTo: 5
        batchSize: 4
        epochs: 4
        threads: 1
        learningRate: 0.001
        queryLength: 16
        passageLength: 48
        devQueries: 0
        checkpointEvery: 2
        testSplit: ""
        """.formatted(TrainCommandTest.animals(temp)));
    String cache = temp.resolve("cache").toString();
    Path straight = temp.resolve("straight");
    Result uninterrupted = run(HOME.resolve("bin/quarry"), "train", "--config", config.toString(), "--out",
        straight.toString(), "--cache", cache);
    assertEquals(0, uninterrupted.code(), uninterrupted.err());

    Path killed = temp.resolve("killed");
    Process p = new ProcessBuilder("bash", HOME.resolve("bin/quarry").toString(), "train", "--config",
        config.toString(), "--out", killed.toString(), "--cache", cache)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    Path checkpoints = killed.resolve("checkpoints");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (p.isAlive() && System.nanoTime() < deadline && !(Files.isDirectory(checkpoints)
        && Files.list(checkpoints).count() >= 2)) {
      Thread.sleep(5);
    }
    assertTrue(p.isAlive(), "the run was still under way when it was killed");
    p.destroyForcibly().waitFor(); // the launcher exec's the JVM: this is SIGKILL to the JVM itself
    assertEquals(137, p.exitValue());

    Result resumed = run(HOME.resolve("bin/quarry"), "train", "--out", killed.toString(), "--resume", "--cache", cache);
    assertEquals(0, resumed.code(), resumed.err());
    assertTrue(resumed.err().contains("resuming from"), resumed.err());
    assertEquals(losses(straight), losses(killed));
    assertArrayEquals(Files.readAllBytes(straight.resolve("model/model.safetensors")),
        Files.readAllBytes(killed.resolve("model/model.safetensors")), "the same weights");
  }

  /** Each step's loss, in order, from a run's log. */
  private static List<String> losses(Path run) throws IOException {
    return Files.readAllLines(run.resolve("log.jsonl")).stream().filter(l -> l.contains("\"loss\""))
        .map(l -> l.replaceAll(".*\"step\":(\\d+).*\"loss\":([-0-9.eE]+).*", "$1 $2")).toList();
  }

  private List<Path> partials() throws IOException {
    try (var files = Files.list(temp)) {
      return files.filter(f -> f.getFileName().toString().startsWith(".index.partial-")).toList();
    }
  }

  @Test
  void saysHowToBuildWhenTheJarsAreMissing() throws Exception {
    Path bin = Files.createDirectories(temp.resolve("bin"));
    Files.copy(HOME.resolve("bin/quarry"), bin.resolve("quarry"));
    Files.copy(HOME.resolve("bin/jdk.sh"), bin.resolve("jdk.sh"));
    Result r = run(bin.resolve("quarry"), "--version");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("not built yet") && r.err().contains("bin/mvn -q package -DskipTests"), r.err());
  }
}
