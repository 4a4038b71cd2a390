/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunTest {
  @TempDir Path temp;

  @Test
  void ranksTiesAsTrecEvalDoesAndWritesThatOrder() throws IOException {
    Run run = new Run();
    run.put("q1", List.of(new ScoredDocument("a", 1.0), new ScoredDocument("c", 2.0), new ScoredDocument("b", 1.0)));
    assertEquals(List.of("c", "b", "a"), run.results("q1").stream().map(ScoredDocument::docId).toList());
    Path file = temp.resolve("run.trec");
    run.write(file, "test");
    assertEquals(List.of("q1 Q0 c 1 2.0 test", "q1 Q0 b 2 1.0 test", "q1 Q0 a 3 1.0 test"), Files.readAllLines(file));
    assertEquals(run.results("q1"), Run.read(file).results("q1"));
  }

  @Test
  void writesScoresThatReadBackExactly() {
    float f = 12.345678f;
    double d = 0.1 + 0.2;
    assertEquals(f, Float.parseFloat(RunWriter.formatScore(f)));
    assertEquals(d, Double.parseDouble(RunWriter.formatScore(d)));
    assertEquals("12.345678", RunWriter.formatScore(f));
  }

  @Test
  void aWriterClosedWithoutCommitLeavesNothing() throws IOException {
    Path file = temp.resolve("out.trec");
    Files.writeString(file, "old contents\n");
    try (RunWriter writer = new RunWriter(file, "tag")) {
      writer.write("q1", List.of(new ScoredDocument("d", 1)));
      // no commit: as if the search had failed here
    }
    assertEquals("old contents\n", Files.readString(file));
    try (var files = Files.list(temp)) {
      assertEquals(List.of(file), files.toList(), "no partial file is left behind");
    }
  }

  @Test
  void refusesATagWithSpaces() {
    assertThrows(IllegalArgumentException.class, () -> new RunWriter(temp.resolve("r"), "two words"));
  }

  @Test
  void reportsAnUnwritableTarget() throws IOException {
    Path blocker = temp.resolve("file");
    Files.writeString(blocker, "x");
    assertThrows(UncheckedIOException.class, () -> new RunWriter(blocker.resolve("run.trec"), "t"));
    assertFalse(Files.exists(blocker.resolve("run.trec")));
  }
}
