/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log is one history across resumes, also after a kill cut its last line. */
class TrainingLogTest {
  @TempDir Path temp;

  @Test
  void resumeKeepsWhatCameUpToTheCheckpointAndDropsACutLastLine() throws IOException {
    Path file = temp.resolve("log.jsonl");
    Files.writeString(file, """
        {"step":1,"loss":0.9}
        {"step":2,"loss":0.8}
        {"event":"refresh","step":2}
        {"step":3,"loss":0.7}
        {"step":4,"lo""");
    try (TrainingLog log = new TrainingLog(file, 3)) {
      Map<String, Object> step = new LinkedHashMap<>();
      step.put("step", 4);
      step.put("loss", 0.6);
      log.write(step);
    }
    assertEquals(List.of("{\"step\":1,\"loss\":0.9}", "{\"step\":2,\"loss\":0.8}", "{\"event\":\"refresh\",\"step\":2}",
        "{\"step\":3,\"loss\":0.7}", "{\"step\":4,\"loss\":0.6}"), Files.readAllLines(file));
    try (TrainingLog log = new TrainingLog(file, 2)) {
      assertEquals(List.of("{\"step\":1,\"loss\":0.9}", "{\"step\":2,\"loss\":0.8}"), Files.readAllLines(file),
          "the refresh after step 2 is done again by a run resumed from the checkpoint at step 2");
    }
  }

  @Test
  void aBrokenLineInTheMiddleNamesFileAndLine() throws IOException {
    Path file = temp.resolve("log.jsonl");
    Files.writeString(file, "{\"step\":1,\"loss\":0.9}\n{\"step\":2,\n{\"step\":3,\"loss\":0.7}\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TrainingLog(file, 3));
    assertTrue(e.getMessage().startsWith(file + ":2: not a JSON object"), e.getMessage());
  }
}
