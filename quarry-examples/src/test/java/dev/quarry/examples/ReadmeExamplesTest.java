/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's "Use from Java" section quotes the examples: each {@code <!-- example: Name.java -->} is followed by a
 * Java block equal to the part of that example between {@code // readme:start} and {@code // readme:end} (indentation
 * removed), and every example is quoted. An edit to one side alone fails here.
 */
class ReadmeExamplesTest {
  private static final Path SOURCES = Path.of("src/main/java/dev/quarry/examples");
  private static final Pattern QUOTE = Pattern.compile("<!-- example: (\\w+\\.java) -->\\s*```java\\n(.*?)```",
      Pattern.DOTALL);

  @Test
  void theReadmeQuotesEveryExampleAsItIs() throws IOException {
    Map<String, String> quoted = new TreeMap<>();
    Matcher m = QUOTE.matcher(Files.readString(Path.of("..", "README.md")));
    while (m.find()) {
      quoted.put(m.group(1), m.group(2));
    }
    Map<String, String> sources = new TreeMap<>();
    try (Stream<Path> files = Files.list(SOURCES)) {
      for (Path file : files.sorted().toList()) {
        sources.put(file.getFileName().toString(), snippet(Files.readAllLines(file)));
      }
    }
    assertFalse(sources.isEmpty(), "no examples in " + SOURCES.toAbsolutePath());
    assertEquals(sources.keySet(), quoted.keySet(), "the examples the README quotes");
    sources.forEach((name, code) -> assertEquals(code, quoted.get(name), "README's quote of " + name));
  }

  /** The lines between the markers, less their common indentation, each ending in a newline. */
  static String snippet(List<String> lines) {
    int from = lines.indexOf("  // readme:start");
    int to = lines.indexOf("  // readme:end");
    if (from < 0 || to < from) {
      throw new AssertionError("an example marks what the README quotes with // readme:start and // readme:end");
    }
    StringBuilder code = new StringBuilder();
    for (String line : lines.subList(from + 1, to)) {
      code.append(line.isBlank() ? "" : line.substring(2)).append('\n');
    }
    return code.toString();
  }
}
