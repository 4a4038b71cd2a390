package dev.quarry.core.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds datasets by folder or by name. A name is looked up in the data folder: {@code $QUARRY_DATA}, else the
 * {@code quarry.data} system property, else {@code ../shared/data} beside the Quarry checkout (the launcher passes
 * {@code quarry.home}). Datasets are read in place, never copied.
 */
public final class DatasetLocator {
  private DatasetLocator() {}

  /** The folders where a dataset name is looked up, in order. */
  public static List<Path> dataFolders() {
    List<Path> folders = new ArrayList<>();
    String env = System.getenv("QUARRY_DATA");
    if (env != null && !env.isBlank()) {
      folders.add(Path.of(env));
    }
    String prop = System.getProperty("quarry.data");
    if (prop != null && !prop.isBlank()) {
      folders.add(Path.of(prop));
    }
    String home = System.getProperty("quarry.home");
    if (home != null && !home.isBlank()) {
      folders.add(Path.of(home).resolve("../shared/data").normalize());
    }
    String testDefault = System.getProperty("quarry.data.default");
    if (testDefault != null && !testDefault.isBlank()) {
      folders.add(Path.of(testDefault).normalize());
    }
    folders.add(Path.of("../shared/data").toAbsolutePath().normalize());
    return folders.stream().distinct().toList();
  }

  /**
   * Resolves an existing folder as itself, and a bare name (like {@code scifact}) in the data folders.
   *
   * @throws IllegalArgumentException naming every place it looked and how to get the data
   */
  public static BeirDataset locate(String folderOrName) {
    Path direct = Path.of(folderOrName);
    if (Files.isDirectory(direct)) {
      return new BeirDataset(direct);
    }
    List<Path> looked = new ArrayList<>();
    looked.add(direct.toAbsolutePath().normalize());
    if (direct.getNameCount() == 1) {
      for (Path folder : dataFolders()) {
        Path candidate = folder.resolve(folderOrName);
        if (Files.isDirectory(candidate)) {
          return new BeirDataset(candidate);
        }
        looked.add(candidate);
      }
    }
    throw new IllegalArgumentException("dataset '" + folderOrName + "' not found; looked in "
        + String.join(", ", looked.stream().map(Path::toString).toList())
        + ". Set QUARRY_DATA to the folder holding BEIR datasets or pass the dataset's folder;"
        + " BEIR datasets are at https://github.com/beir-cellar/beir");
  }
}
