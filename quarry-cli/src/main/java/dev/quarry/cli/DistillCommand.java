/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.cli;

import dev.quarry.core.PeakMemory;
import dev.quarry.core.data.DatasetLocator;
import dev.quarry.core.data.Qrels;
import dev.quarry.core.data.Run;
import dev.quarry.core.eval.Evaluator;
import dev.quarry.llm.LlmEndpoint;
import dev.quarry.search.DatasetEvaluation;
import dev.quarry.search.IndexCache;
import dev.quarry.train.config.TrainingConfig;
import dev.quarry.train.distill.DistillationRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code quarry distill}: PairDistill, rounds of retrieve, rerank, pair-rerank and train. */
@Command(name = "distill", mixinStandardHelpOptions = true, sortOptions = false,
    defaultValueProvider = ConfigDefaults.class,
    description = "Distills rerankers into a dual encoder, PairDistill's way (Huang and Chen, EMNLP 2024): each "
        + "round retrieves the top --depth for every training query with the current student, scores them with the "
        + "pointwise teacher, asks the pairwise teacher about --pairs-per-query pairs of the top --top-k (window "
        + "--pair-window), and trains the student on pointwise KL + --pairwise-weight x pairwise KL + in-batch loss. "
        + "Each round's model is evaluated on the test split. Settings also come from --config (docs/DISTILLATION.md).")
final class DistillCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin RunFolderOptions folder;
  @Option(names = "--resume", description = "Continue in --out: completed rounds are kept, a round cut short resumes"
      + " from its checkpoint; --rounds, --threads, --test-split and --checkpoint-every may change.")
  boolean resume;
  @Option(names = "--cache", paramLabel = "DIR",
      description = "Where teacher scores and encoded corpora are kept (default: $QUARRY_CACHE, else ~/.cache/quarry).")
  Path cache;

  @Option(names = "--student", paramLabel = "NAME|DIR", description = "The dual encoder to start from (default: "
      + "${DEFAULT-VALUE}).")
  String student;
  @Option(names = "--reranker", paramLabel = "DIR|NAME[=W]",
      description = "Pointwise teacher: a cross-encoder, a dense model or bm25; several are fused with weights W.")
  List<String> rerankers;
  @Option(names = "--pairwise", paramLabel = "DIR|llm:MODEL",
      description = "Pairwise teacher: a pairwise reranker folder, or llm:MODEL at --llm-url (PRP, docs/LLM.md).")
  String pairwise;
  @Option(names = "--rounds", paramLabel = "N", description = "Rounds (default: ${DEFAULT-VALUE}).")
  Integer rounds;
  @Option(names = "--depth", paramLabel = "N", description = "Documents retrieved per query (default: ${DEFAULT-VALUE}).")
  Integer depth;
  @Option(names = "--top-k", paramLabel = "N",
      description = "Pointwise top documents pairs come from (default: ${DEFAULT-VALUE}).")
  Integer topK;
  @Option(names = "--pair-window", paramLabel = "N", description = "Pairs (i, j) with j <= i + N (default: ${DEFAULT-VALUE}).")
  Integer pairWindow;
  @Option(names = "--pairs-per-query", paramLabel = "N", description = "Pairs sampled per query (default: ${DEFAULT-VALUE}).")
  Integer pairsPerQuery;
  @Option(names = "--group-size", paramLabel = "N",
      description = "Documents per query in training (default: ${DEFAULT-VALUE}).")
  Integer groupSize;
  @Option(names = "--pointwise-weight", paramLabel = "W",
      description = "Weight of the pointwise KL (default: ${DEFAULT-VALUE}).")
  Double pointwiseWeight;
  @Option(names = "--pairwise-weight", paramLabel = "W",
      description = "Weight of the pairwise KL (default: ${DEFAULT-VALUE}).")
  Double pairwiseWeight;
  @Option(names = "--in-batch-weight", paramLabel = "W",
      description = "Weight of the in-batch loss (default: ${DEFAULT-VALUE}).")
  Double inBatchWeight;
  @Option(names = "--in-batch-kd-weight", paramLabel = "W", description = "Weight of in-batch KD (default: ${DEFAULT-VALUE}).")
  Double inBatchKdWeight;
  @Option(names = "--margin-mse-weight", paramLabel = "W",
      description = "Weight of Margin-MSE (default: ${DEFAULT-VALUE}).")
  Double marginMseWeight;
  @Option(names = "--in-batch-teacher", paramLabel = "NAME|DIR", description = "Dense teacher for in-batch KD.")
  String inBatchTeacher;
  @Option(names = "--teacher-temperature", paramLabel = "T",
      description = "Pointwise teacher temperature in the pointwise KL (default: ${DEFAULT-VALUE}, PairDistill's; lower"
          + " for a fused teacher, whose scores lie in [0, sum of weights]).")
  Double teacherTemperature;

  @Mixin TrainingOptions options;
  @Mixin LlmOptions llmOptions;

  @Override
  public Integer call() {
    Console console = new Console(spec.commandLine().getErr());
    TrainingConfig config = folder.prepare(ConfigDefaults.overrides(spec, TrainingConfig.Use.DISTILL),
        TrainingConfig.Use.DISTILL, resume);
    IndexCache indexCache = IndexCache.at(cache);
    Map<String, Object> shown = folder.shown(resume);
    shown.put("cache", indexCache.root());
    shown.putAll(config.asMap(TrainingConfig.Use.DISTILL));
    LlmEndpoint llm = llmOptions.endpoint(indexCache);
    if (llm != null) {
      llmOptions.describe(shown, llm);
    }
    console.configuration("distill", shown);
    long start = System.nanoTime();
    List<DistillationRun.Round> rounds = new DistillationRun(config, folder.out, indexCache, llm,
        ProgressBars.factory(spec.commandLine().getErr())).run();
    for (DistillationRun.Round round : rounds) {
      console.info(String.format(Locale.ROOT, "round %d: %s (%.0f s, of which teachers %.0f s, %,d teacher scores"
          + " computed; %d queries)", round.number(), round.model(), round.seconds(), round.teacherSeconds(),
          round.teacherScores(), round.queries()));
      console.info("round " + round.number() + ": " + round.agreement().describe());
      if (!config.testSplit.isEmpty()) {
        Path roundFolder = folder.out.resolve("round-" + round.number());
        Path run = roundFolder.resolve(config.testSplit + ".trec");
        if (round.kept() && Files.isRegularFile(run)) {
          // a round kept by --resume is scored from its run, not encoded again
          Qrels qrels = DatasetLocator.locate(config.dataset).qrels(config.testSplit);
          spec.commandLine().getOut().print(new Evaluator(qrels, DatasetEvaluation.METRICS).evaluate(Run.read(run))
              .format(false));
          spec.commandLine().getOut().flush();
        } else {
          TestEvaluation.run(spec, console, config, indexCache, round.model(), roundFolder, "round" + round.number());
        }
      }
    }
    console.throughput("distilled", rounds.size(), "rounds", System.nanoTime() - start);
    console.info("peak memory: " + PeakMemory.describe());
    return 0;
  }
}
