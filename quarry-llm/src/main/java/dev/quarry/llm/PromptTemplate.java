/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.llm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A prompt with named slots such as {@code {query}}, shipped with Quarry ({@link #BUILT_IN}: the papers' prompts, in
 * {@code dev/quarry/llm/prompts/}) or written by a user in a file. A template must hold every slot its method fills
 * and no other; trailing white space is dropped. Slots are filled in one pass, so a query that happens to contain
 * {@code {passages}} stays as it is.
 */
public final class PromptTemplate {
  /** The prompts shipped with Quarry, by name. */
  public static final List<String> BUILT_IN = List.of("lamer", "hyde", "hyde-scifact", "prp");

  private static final Pattern SLOT = Pattern.compile("\\{([a-z_]+)}");

  private final String name;
  private final String text;
  private final Set<String> slots;

  PromptTemplate(String name, String text, Set<String> slots) {
    Set<String> found = new LinkedHashSet<>();
    Matcher m = SLOT.matcher(text);
    while (m.find()) {
      found.add(m.group(1));
    }
    for (String slot : found) {
      if (!slots.contains(slot)) {
        throw new IllegalArgumentException("prompt " + name + " has a slot {" + slot + "} this method does not fill;"
            + " it fills " + braces(slots));
      }
    }
    for (String slot : slots) {
      if (!found.contains(slot)) {
        throw new IllegalArgumentException("prompt " + name + " has no {" + slot + "}; this method fills "
            + braces(slots));
      }
    }
    this.name = name;
    this.text = text.stripTrailing();
    this.slots = Set.copyOf(slots);
  }

  private static String braces(Set<String> slots) {
    return String.join(", ", slots.stream().map(s -> "{" + s + "}").toList());
  }

  /** A built-in prompt by name, or the prompt in a file; it must have exactly {@code slots}. */
  public static PromptTemplate load(String nameOrFile, Set<String> slots) {
    if (BUILT_IN.contains(nameOrFile)) {
      try (InputStream in = PromptTemplate.class.getResourceAsStream("prompts/" + nameOrFile + ".txt")) {
        if (in == null) {
          throw new IllegalStateException("the built-in prompt '" + nameOrFile + "' is missing from the jar");
        }
        return new PromptTemplate(nameOrFile + " (built in)", new String(in.readAllBytes(), StandardCharsets.UTF_8),
            slots);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    Path file = Path.of(nameOrFile);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("prompt '" + nameOrFile + "' is neither a file nor a built-in prompt ("
          + String.join(", ", BUILT_IN) + ")");
    }
    try {
      return new PromptTemplate(file.toString(), Files.readString(file, StandardCharsets.UTF_8), slots);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read prompt " + file + ": " + e.getMessage(), e);
    }
  }

  /** The prompt with each slot replaced by its value. */
  public String render(Map<String, String> values) {
    if (!values.keySet().equals(slots)) {
      throw new IllegalArgumentException("prompt " + name + " fills " + braces(slots) + "; got values for "
          + values.keySet());
    }
    Matcher m = SLOT.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(values.get(m.group(1))));
    }
    m.appendTail(out);
    return out.toString();
  }

  public String text() {
    return text;
  }

  @Override
  public String toString() {
    return name;
  }
}
