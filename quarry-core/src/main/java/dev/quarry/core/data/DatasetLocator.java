/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
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
    List<String> known = known();
    String close = known.stream().filter(k -> similar(k, folderOrName)).findFirst()
        .map(k -> " Did you mean '" + k + "'?").orElse("");
    throw new IllegalArgumentException("dataset '" + folderOrName + "' not found; looked in "
        + String.join(", ", looked.stream().map(Path::toString).toList()) + "." + close
        + (known.isEmpty() ? "" : " Datasets there: " + String.join(", ", known) + ".")
        + " Set QUARRY_DATA to the folder holding BEIR datasets or pass the dataset's folder;"
        + " BEIR datasets are at https://github.com/beir-cellar/beir");
  }

  /**
   * A corpus given as a file ({@code corpus.jsonl}, a TSV file), a BEIR folder, or a dataset's name (as
   * {@link #locate} finds it): the corpus file.
   */
  public static Path corpus(String fileFolderOrName) {
    Path direct = Path.of(fileFolderOrName);
    if (Files.isRegularFile(direct)) {
      return direct;
    }
    return locate(fileFolderOrName).corpusFile();
  }

  /** The names of the datasets in the data folders (folders with a corpus.jsonl), sorted. */
  public static List<String> known() {
    java.util.TreeSet<String> names = new java.util.TreeSet<>();
    for (Path folder : dataFolders()) {
      try (java.util.stream.Stream<Path> entries = Files.isDirectory(folder) ? Files.list(folder)
          : java.util.stream.Stream.empty()) {
        entries.filter(p -> Files.isRegularFile(p.resolve("corpus.jsonl")))
            .forEach(p -> names.add(p.getFileName().toString()));
      } catch (java.io.IOException e) {
        // an unreadable data folder offers no names
      }
    }
    return List.copyOf(names);
  }

  /** Names a typo away: one contains the other, or two edits apart at most. */
  static boolean similar(String a, String b) {
    String x = a.toLowerCase(java.util.Locale.ROOT);
    String y = b.toLowerCase(java.util.Locale.ROOT);
    if (x.contains(y) || y.contains(x)) {
      return true;
    }
    int[] previous = new int[y.length() + 1];
    for (int j = 0; j <= y.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= x.length(); i++) {
      int[] current = new int[y.length() + 1];
      current[0] = i;
      for (int j = 1; j <= y.length(); j++) {
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1),
            previous[j - 1] + (x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1));
      }
      previous = current;
    }
    return previous[y.length()] <= 2;
  }
}
