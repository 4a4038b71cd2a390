/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.cli;

import dev.quarry.onnx.ModelRegistry;
import dev.quarry.onnx.ModelSource;
import dev.quarry.onnx.OnnxColbertEncoder;
import dev.quarry.onnx.OnnxEncoder;
import java.util.Map;
import picocli.CommandLine.Option;

/** Which model encodes texts, and how it runs on ONNX Runtime. */
final class EncoderOptions {
  @Option(names = "--model", paramLabel = "NAME|DIR",
      description = "An embedded model (see 'quarry models') or a folder with tokenizer.json and model.onnx; index "
          + "and evaluate default to " + ModelRegistry.DEFAULT_MODEL + ", search uses the index's own model (a model "
          + "given must be it).")
  String model;

  @Option(names = "--batch-size", defaultValue = "" + OnnxEncoder.DEFAULT_BATCH, paramLabel = "N",
      description = "Texts per ONNX Runtime call (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--onnx-threads", paramLabel = "N",
      description = "Batches encoded at once, one ONNX Runtime thread each (default: the number of cores).")
  int onnxThreads = Runtime.getRuntime().availableProcessors();

  @Option(names = "--onnx-intra-threads", defaultValue = "1", paramLabel = "N",
      description = "ONNX Runtime intra-op threads inside each call (default: ${DEFAULT-VALUE}: on a few cores,"
          + " concurrent single-threaded calls are faster).")
  int intraOpThreads;

  @Option(names = "--max-length", defaultValue = "0", paramLabel = "TOKENS",
      description = "Tokens kept per text, longer ones are truncated and counted (default: the model's own, 512 for"
          + " most).")
  int maxLength;

  /** The model named, or {@code fallback} when none was. */
  ModelSource source(String fallback) {
    return ModelRegistry.resolve(model != null ? model : fallback);
  }

  OnnxColbertEncoder openColbert(ModelSource source) {
    return new OnnxColbertEncoder(source, batchSize, onnxThreads, intraOpThreads, maxLength);
  }

  OnnxEncoder open(ModelSource source) {
    return new OnnxEncoder(source, batchSize, onnxThreads, intraOpThreads, maxLength);
  }

  void describe(Map<String, Object> config, ModelSource source) {
    var recipe = maxLength > 0 ? source.recipe().withMaxLength(maxLength) : source.recipe();
    config.put("model", source.id() + " (" + recipe + ")");
    config.put("encoder", "ONNX Runtime, batches of " + batchSize + ", " + onnxThreads + " at once, " + intraOpThreads
        + " intra-op thread" + (intraOpThreads == 1 ? "" : "s") + " each");
  }
}
