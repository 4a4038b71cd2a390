/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.train.config.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped configurations (configs/ at the repository root) read and validate, each with the figures it produced:
 * a typo fails here, not an hour in; and configurations are validated in one place with messages that name the
 * setting as it is written.
 */
class ConfigsTest {
  @TempDir Path temp;

  @Test
  void everyShippedConfigurationReadsAndValidatesAndCarriesItsFigures() throws IOException {
    Path configs = Path.of("..", "configs");
    assertTrue(Files.isDirectory(configs), "run from a module folder of the repository: " + configs.toAbsolutePath());
    List<Path> files;
    try (Stream<Path> s = Files.list(configs)) {
      files = s.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
    assertFalse(files.isEmpty());
    for (Path f : files) {
      Reproduction r = Reproduction.read(f);
      assertFalse(r.expected().isEmpty(), f + " names the figures it produced");
      assertFalse(r.hardware().equals("null") || r.took().equals("null"), f + " says what it took and on what");
    }
  }

  /**
   * Configurations not yet run to the end (configs/pending) still read and validate, each for its command ({@code
   * pretrain-*} for pretrain, {@code *distill*} and {@code *-kd*} for distill).
   */
  @Test
  void everyPendingConfigurationReadsAndValidates() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(Path.of("..", "configs", "pending"))) {
      files = s.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
    assertFalse(files.isEmpty());
    for (Path f : files) {
      String name = f.getFileName().toString();
      TrainingConfig.read(f, name.startsWith("pretrain-") ? TrainingConfig.Use.PRETRAIN
          : name.contains("distill") || name.contains("-kd") ? TrainingConfig.Use.DISTILL : TrainingConfig.Use.TRAIN,
          Map.of());
    }
  }

  private Path yaml(String text) throws IOException {
    Path file = temp.resolve("c.yaml");
    Files.writeString(file, text);
    return file;
  }

  @Test
  void aSettingIsNamedAsItIsWrittenInYamlAndOnTheCommandLine() throws IOException {
    IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
        () -> TrainingConfig.read(yaml("batchSize: 0\n"), TrainingConfig.Use.TRAIN, Map.of()));
    assertTrue(zero.getMessage().endsWith("batchSize (--batch-size) must be positive; got 0"), zero.getMessage());
    IllegalArgumentException temperature = assertThrows(IllegalArgumentException.class,
        () -> TrainingConfig.read(yaml("rerankers: [bm25]\nteacherTemperature: 0\npairwiseWeight: 0\n"),
            TrainingConfig.Use.DISTILL, Map.of()));
    assertTrue(temperature.getMessage().contains("teacherTemperature (--teacher-temperature) must be a positive"),
        temperature.getMessage());
    IllegalArgumentException typo = assertThrows(IllegalArgumentException.class,
        () -> TrainingConfig.read(yaml("epochz: 3\n"), TrainingConfig.Use.TRAIN, Map.of()));
    assertTrue(typo.getMessage().contains("unknown setting 'epochz' (did you mean 'epochs'?)"), typo.getMessage());
    IllegalArgumentException otherKind = assertThrows(IllegalArgumentException.class,
        () -> TrainingConfig.read(yaml("rounds: 3\n"), TrainingConfig.Use.TRAIN, Map.of()));
    assertTrue(otherKind.getMessage().contains("'rounds' is a distill setting; train does not read it"),
        otherKind.getMessage());
    IllegalArgumentException window = assertThrows(IllegalArgumentException.class,
        () -> TrainingConfig.of(Map.of("windowFrom", 50, "windowTo", 40), TrainingConfig.Use.TRAIN, Map.of()));
    assertTrue(window.getMessage().contains("windowTo (--window) must be above windowFrom (50); got 40"),
        window.getMessage());
  }

  @Test
  void overridesWinOverTheFileAndTheKindIsReadInEitherSpelling() throws IOException {
    TrainingConfig c = TrainingConfig.read(yaml("kind: cross_encoder\nepochs: 3\nhardNegatives: 2\n"),
        TrainingConfig.Use.TRAIN, Map.of("epochs", 5));
    assertEquals(5, c.loop.epochs);
    assertEquals(2, c.mining.hardNegatives);
    assertEquals("cross-encoder", c.kind.label());
    assertEquals("cross-encoder", c.asMap(TrainingConfig.Use.TRAIN).get("kind").toString());
    assertFalse(c.asMap(TrainingConfig.Use.TRAIN).containsKey("rounds"), "train's config.json holds train's settings");
  }
}
