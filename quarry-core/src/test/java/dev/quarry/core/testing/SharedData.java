package dev.quarry.core.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quarry.core.data.BeirDataset;
import dev.quarry.core.data.DatasetLocator;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real, human-judged datasets of {@code ../shared/data} (or {@code $QUARRY_DATA}) for tests. A test that needs
 * one is skipped, with a message saying where it looked, when the data is absent, except under CI ({@code CI=true}),
 * where a missing dataset fails the test: a skipped quality test is not a pass.
 */
public final class SharedData {
  private SharedData() {}

  /** The dataset, or a skipped test when it is not on this machine. */
  public static BeirDataset require(String name) {
    for (Path folder : DatasetLocator.dataFolders()) {
      Path candidate = folder.resolve(name);
      if (Files.isRegularFile(candidate.resolve("corpus.jsonl"))) {
        return new BeirDataset(candidate);
      }
    }
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError("dataset '" + name + "' not found in " + DatasetLocator.dataFolders()
          + ", and CI=true: a test that needs the shared data fails without it (set QUARRY_DATA)");
    }
    System.err.println("SKIPPED: dataset '" + name + "' not found in " + DatasetLocator.dataFolders()
        + " (set QUARRY_DATA to the shared data folder)");
    assumeTrue(false, "dataset '" + name + "' not found in " + DatasetLocator.dataFolders()
        + "; set QUARRY_DATA to the shared data folder to run this test");
    throw new AssertionError("unreachable");
  }
}
