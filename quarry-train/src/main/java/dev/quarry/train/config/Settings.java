/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.config;

import java.util.Locale;
import java.util.Map;

/**
 * Checks of configuration values whose messages name the setting as a user writes it, in YAML and on the command
 * line: {@code batchSize (--batch-size) must be positive; got 0}.
 */
public final class Settings {
  /** Settings whose option is not simply the key in kebab case. */
  private static final Map<String, String> OPTIONS = Map.of(
      "rerankers", "--reranker",
      "windowFrom", "--window",
      "windowTo", "--window");

  private Settings() {}

  /** The command-line option of a setting: {@code batchSize} is {@code --batch-size}. */
  public static String option(String key) {
    String special = OPTIONS.get(key);
    if (special != null) {
      return special;
    }
    return "--" + key.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }

  /** The setting's name for messages: {@code batchSize (--batch-size)}. */
  public static String name(String key) {
    return key + " (" + option(key) + ")";
  }

  public static IllegalArgumentException invalid(String key, String rule, Object value) {
    return new IllegalArgumentException(name(key) + " " + rule + "; got " + value);
  }

  static void positive(String key, long value) {
    if (value < 1) {
      throw invalid(key, "must be positive", value);
    }
  }

  static void positive(String key, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw invalid(key, "must be a positive number", value);
    }
  }

  static void notNegative(String key, long value) {
    if (value < 0) {
      throw invalid(key, "must not be negative", value);
    }
  }

  static void notNegative(String key, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw invalid(key, "must be a number not below 0", value);
    }
  }

  /** {@code from <= value < to}. */
  static void within(String key, double value, double from, double to) {
    if (!(value >= from && value < to)) {
      throw invalid(key, "must be at least " + from + " and below " + to, value);
    }
  }
}
