/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.cli;

import dev.quarry.onnx.ModelRegistry;
import dev.quarry.onnx.ModelSource;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code quarry models}: the embedded models, their recipes and where they come from. */
@Command(name = "models", mixinStandardHelpOptions = true,
    description = "Lists the embedded models (ONNX files from Maven artifacts, nothing is downloaded), each with " +
        "its recipe and origin. Any folder with tokenizer.json and model.onnx works as --model too.")
final class ModelsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    for (ModelSource model : ModelRegistry.embedded()) {
      boolean present = ModelsCommand.class.getClassLoader().getResource(model.onnxResource()) != null;
      out.printf("%-24s %s%s%n", model.id(), model.recipe(),
          model.id().equals(ModelRegistry.DEFAULT_MODEL) ? "  [default]" : "");
      out.printf("%-24s from %s%s%n", "", model.origin(), present ? "" : "  (NOT on the classpath)");
    }
    out.println();
    out.println("A model folder: tokenizer.json and model.onnx, with its recipe in quarry.json (pooling cls|mean,");
    out.println("normalize, query_prefix, passage_prefix, max_length) or a Sentence Transformers layout.");
    out.flush();
    return 0;
  }
}
