/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.cli;

import dev.quarry.train.config.TrainingConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The defaults {@code train}, {@code distill} and {@code pretrain} show in their help: a fresh configuration's own
 * values, so the help cannot drift from the code. {@link #overrides} reads back only the options given on the command
 * line.
 */
final class ConfigDefaults implements CommandLine.IDefaultValueProvider {
  /** Options named otherwise than their setting's key. */
  private static final Map<String, String> KEYS = Map.of("--student", "model", "--reranker", "rerankers");

  private static final Map<String, Object> DEFAULTS = defaults();

  private static Map<String, Object> defaults() {
    Map<String, Object> all = new LinkedHashMap<>(new TrainingConfig().asMap(TrainingConfig.Use.TRAIN));
    all.putAll(new TrainingConfig().asMap(TrainingConfig.Use.DISTILL));
    all.putAll(new TrainingConfig().asMap(TrainingConfig.Use.PRETRAIN));
    return all;
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    if (!(arg instanceof OptionSpec option)) {
      return null;
    }
    if (option.longestName().equals("--window")) {
      return DEFAULTS.get("windowFrom") + ":" + DEFAULTS.get("windowTo");
    }
    Object value = DEFAULTS.get(key(option));
    return value == null || value instanceof List ? null : String.valueOf(value);
  }

  /** The setting an option sets: {@code --batch-size} sets {@code batchSize}. */
  static String key(OptionSpec option) {
    String name = option.longestName();
    String special = KEYS.get(name);
    if (special != null) {
      return special;
    }
    StringBuilder key = new StringBuilder();
    boolean upper = false;
    for (char c : name.substring(2).toCharArray()) {
      if (c == '-') {
        upper = true;
      } else {
        key.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return key.toString();
  }

  /** The settings given on the command line, by key (options matched in the parse, not defaulted). */
  static Map<String, Object> overrides(CommandLine.Model.CommandSpec spec, TrainingConfig.Use use) {
    CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
    Map<String, Object> given = new LinkedHashMap<>();
    for (OptionSpec option : spec.options()) {
      String key = key(option);
      if (parsed.hasMatchedOption(option) && TrainingConfig.keys(use).contains(key)) {
        given.put(key, option.getValue());
      }
    }
    return given;
  }
}
