/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.pretrain;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quarry.core.data.DatasetLocator;
import dev.quarry.core.data.WikiPageReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A small real slice of the shared {@code wiki_uoi} collection, in its own layout: of its first {@code scan} pages,
 * the {@code keep} most linked from the others, with the redirects file. Skipped with a message when the shared data
 * is absent, failed under CI ({@code CI=true}), as {@code SharedData} does for BEIR datasets.
 */
final class WikiSlice {
  private WikiSlice() {}

  static Path write(Path dir, int scan, int keep) throws IOException {
    Path source = null;
    for (Path folder : DatasetLocator.dataFolders()) {
      if (WikiPageReader.isCollection(folder.resolve("wiki_uoi"))) {
        source = folder.resolve("wiki_uoi");
        break;
      }
    }
    if (source == null) {
      String where = "the page collection 'wiki_uoi' not found in " + DatasetLocator.dataFolders();
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError(where + ", and CI=true: a test that needs the shared data fails without it");
      }
      System.err.println("SKIPPED: " + where + " (set QUARRY_DATA to the shared data folder)");
      assumeTrue(false, where);
    }
    List<String> lines = new ArrayList<>();
    List<String> titles = new ArrayList<>();
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
        Files.newInputStream(source.resolve(WikiPageReader.PAGES))), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null && lines.size() < scan; line = in.readLine()) {
        lines.add(line);
        titles.add(json.readTree(line).get("title").asText());
      }
    }
    Map<String, String> redirects = new HashMap<>();
    List<String> redirectLines = Files.readAllLines(source.resolve("redirects.tsv"));
    for (String r : redirectLines.subList(1, redirectLines.size())) {
      String[] parts = r.split("\t");
      redirects.put(parts[0], parts[1]);
    }
    Set<String> scanned = new HashSet<>(titles);
    Map<String, Integer> inLinks = new HashMap<>();
    for (String line : lines) {
      var page = json.readTree(line);
      for (var section : page.get("sections")) {
        for (var paragraph : section.get("paragraphs")) {
          for (var link : paragraph.get("links")) {
            String target = redirects.getOrDefault(link.get("target").asText(), link.get("target").asText());
            if (scanned.contains(target) && !target.equals(page.get("title").asText())) {
              inLinks.merge(target, 1, Integer::sum);
            }
          }
        }
      }
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      order.add(i);
    }
    order.sort((a, b) -> Integer.compare(inLinks.getOrDefault(titles.get(b), 0), inLinks.getOrDefault(titles.get(a),
        0)));
    Set<Integer> kept = new HashSet<>(order.subList(0, Math.min(keep, order.size())));
    Files.createDirectories(dir);
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve(WikiPageReader.PAGES)))) {
      for (int i = 0; i < lines.size(); i++) {
        if (kept.contains(i)) {
          out.write((lines.get(i) + "\n").getBytes(StandardCharsets.UTF_8));
        }
      }
    }
    Files.write(dir.resolve("redirects.tsv"), redirectLines);
    return dir;
  }
}
