/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.cli;

import dev.quarry.core.data.BeirDataset;
import dev.quarry.core.data.DatasetLocator;
import dev.quarry.core.eval.Evaluation;
import dev.quarry.onnx.ModelRegistry;
import dev.quarry.search.DatasetEvaluation;
import dev.quarry.search.IndexCache;
import dev.quarry.train.config.TrainingConfig;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;

/** What {@code train} and {@code distill} do with a trained dual encoder: evaluate it on the test split, print it. */
final class TestEvaluation {
  private TestEvaluation() {}

  /** Evaluates {@code model} on the configuration's test split, writes {@code folder/<split>.trec}, prints metrics. */
  static Evaluation run(CommandSpec spec, Console console, TrainingConfig config, IndexCache cache, Path model,
      Path folder, String tag) {
    BeirDataset data = DatasetLocator.locate(config.dataset);
    long start = System.nanoTime();
    DatasetEvaluation.Result result = DatasetEvaluation.model(data, config.testSplit,
        ModelRegistry.resolve(model.toString()), cache, config.threads, ProgressBars.factory(spec.commandLine().getErr()));
    console.throughput("evaluated on " + config.testSplit + ":", result.run().size(), "queries",
        System.nanoTime() - start);
    RunSteps.write(result.run(), folder.resolve(config.testSplit + ".trec"), tag, console);
    spec.commandLine().getOut().print(result.evaluation().format(false));
    spec.commandLine().getOut().flush();
    return result.evaluation();
  }
}
