/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.onnx;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The short passages and queries of {@code fixture-texts.tsv}: tests that need a few texts need no shared data. */
record FixtureTexts(List<String> passages, List<String> queries) {
  static FixtureTexts load() {
    List<String> passages = new ArrayList<>();
    List<String> queries = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        FixtureTexts.class.getResourceAsStream("fixture-texts.tsv"), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.startsWith("#")) {
          continue;
        }
        String[] kindAndText = line.split("\t", 2);
        (kindAndText[0].equals("query") ? queries : passages).add(kindAndText[1]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new FixtureTexts(List.copyOf(passages), List.copyOf(queries));
  }
}
