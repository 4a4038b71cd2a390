package dev.quarry.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The shipped configurations (configs/ at the repository root) read and validate: a typo fails here, not an hour in. */
class ConfigsTest {
  @Test
  void everyShippedConfigurationReadsAndValidates() throws IOException {
    Path configs = Path.of("..", "configs");
    assertTrue(Files.isDirectory(configs), "run from a module folder of the repository: " + configs.toAbsolutePath());
    List<Path> files;
    try (Stream<Path> s = Files.list(configs)) {
      files = s.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
    assertFalse(files.isEmpty());
    for (Path f : files) {
      TrainingConfig.read(f).validate();
    }
  }

  @Test
  void aTeacherTemperatureMustBePositive() {
    TrainingConfig config = new TrainingConfig();
    config.teacherTemperature = 0;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, config::validate);
    assertTrue(e.getMessage().contains("teacherTemperature"), e.getMessage());
    config.teacherTemperature = 0.1;
    config.validate();
  }
}
