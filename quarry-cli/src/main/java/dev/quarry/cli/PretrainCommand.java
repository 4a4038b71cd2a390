/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.cli;

import dev.quarry.core.PeakMemory;
import dev.quarry.core.io.AtomicDirectory;
import dev.quarry.train.RunFolder;
import dev.quarry.train.config.PretrainSettings;
import dev.quarry.train.config.TrainingConfig;
import dev.quarry.train.pretrain.PageCorpus;
import dev.quarry.train.pretrain.PretrainingRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code quarry pretrain}: pre-trains an encoder without labels (ICT, BFS, WLP, crops with MoCo, SG-OPT, RetroMAE). */
@Command(name = "pretrain", mixinStandardHelpOptions = true, sortOptions = false,
    defaultValueProvider = ConfigDefaults.class,
    description = "Pre-trains a dual encoder without labels on a corpus: ict (inverse cloze), bfs (body-first "
        + "selection), wlp (wiki-link prediction), crop (Contriever's random crops; with --queue-size, MoCo), sgopt "
        + "(self-guided contrastive learning) or retromae (masked auto-encoding), or several mixed with weights. bfs "
        + "and wlp need a page collection with sections and links (wiki_uoi); the others read any BEIR corpus too. "
        + "Settings also come from --config (keys in docs/PRETRAINING.md). Writes the encoder to OUT/model, which "
        + "evaluate --model, train --model and distill --student take.")
final class PretrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin RunFolderOptions folder;
  @Option(names = "--resume", description = "Continue the run in --out from its newest checkpoint (--max-minutes,"
      + " --threads and --checkpoint-every may change).")
  boolean resume;

  @Option(names = "--task", paramLabel = "TASK[=W][,TASK[=W]...]",
      description = "ict, bfs, wlp, crop, sgopt or retromae; several are mixed in each batch by weight W "
          + "(default: ${DEFAULT-VALUE}).")
  String task;
  @Option(names = "--corpus", paramLabel = "DIR|NAME",
      description = "A BEIR corpus, or a page collection with sections and links like wiki_uoi (default: "
          + "${DEFAULT-VALUE}).")
  String corpus;
  @Option(names = "--model", paramLabel = "NAME|DIR|random:L:H",
      description = "Model to start from: an embedded model, a model folder, or a random BERT of L layers and hidden"
          + " size H (default: ${DEFAULT-VALUE}).")
  String model;
  @Option(names = "--max-steps", paramLabel = "N",
      description = "Steps to train, the schedule's length; 0: --epochs over the corpus's pages (default: "
          + "${DEFAULT-VALUE}).")
  Long maxSteps;
  @Option(names = "--max-minutes", paramLabel = "M",
      description = "Stop after M minutes with a checkpoint that --resume continues, 0 for no limit (default: "
          + "${DEFAULT-VALUE}).")
  Double maxMinutes;
  @Option(names = "--pooling", paramLabel = "model|cls|mean",
      description = "Pooling to train and export with: the model's own, or CLS, or mean (default: ${DEFAULT-VALUE}).")
  PretrainSettings.PoolingChoice pooling;
  @Option(names = "--queue-size", paramLabel = "N",
      description = "MoCo: past keys kept as negatives, with a momentum key encoder; 0 for in-batch only (default: "
          + "${DEFAULT-VALUE}).")
  Integer queueSize;
  @Option(names = "--momentum", paramLabel = "M", description = "MoCo: the key encoder's momentum (default: "
      + "${DEFAULT-VALUE}).")
  Double momentum;
  @Option(names = "--min-sentence-words", paramLabel = "N",
      description = "Words a sentence needs to be a query (default: ${DEFAULT-VALUE}).")
  Integer minSentenceWords;
  @Option(names = "--ict-keep", paramLabel = "P",
      description = "ICT: how often the query sentence stays in its passage (default: ${DEFAULT-VALUE}).")
  Double ictKeep;
  @Option(names = "--crop-min", paramLabel = "R", description = "Crops: the smallest share of the chunk (default: "
      + "${DEFAULT-VALUE}).")
  Double cropMin;
  @Option(names = "--crop-max", paramLabel = "R", description = "Crops: the largest share of the chunk (default: "
      + "${DEFAULT-VALUE}).")
  Double cropMax;
  @Option(names = "--crop-deletion", paramLabel = "P",
      description = "Crops: each token deleted with probability P (default: ${DEFAULT-VALUE}).")
  Double cropDeletion;
  @Option(names = "--sgopt-lambda", paramLabel = "L",
      description = "SG-OPT: weight of the distance from the starting weights (default: ${DEFAULT-VALUE}).")
  Double sgoptLambda;
  @Option(names = "--sgopt-temperature", paramLabel = "T",
      description = "SG-OPT: temperature of its contrastive loss (default: ${DEFAULT-VALUE}).")
  Double sgoptTemperature;
  @Option(names = "--sgopt-projection", paramLabel = "N",
      description = "SG-OPT: hidden units of the projection head (default: ${DEFAULT-VALUE}).")
  Integer sgoptProjection;
  @Option(names = "--encoder-mask", paramLabel = "R",
      description = "RetroMAE: share of the encoder's tokens masked (default: ${DEFAULT-VALUE}).")
  Double encoderMask;
  @Option(names = "--decoder-mask", paramLabel = "R",
      description = "RetroMAE: share of tokens hidden from each decoder position (default: ${DEFAULT-VALUE}).")
  Double decoderMask;

  @Mixin LoopOptions loop;

  @Override
  public Integer call() {
    Console console = new Console(spec.commandLine().getErr());
    Map<String, Object> overrides = ConfigDefaults.overrides(spec, TrainingConfig.Use.PRETRAIN);
    Path out = folder.out;
    boolean fresh = !resume && (folder.overwrite || !Files.exists(out));
    TrainingConfig config = folder.prepare(overrides, TrainingConfig.Use.PRETRAIN, resume);
    Map<String, Object> shown = folder.shown(resume);
    shown.putAll(config.asMap(TrainingConfig.Use.PRETRAIN));
    console.configuration("pretrain", shown);
    PretrainingRun run = new PretrainingRun(config, out, ProgressBars.factory(spec.commandLine().getErr()));
    PageCorpus corpus;
    try {
      corpus = CommandChecks.usage(run::corpus);
    } catch (RuntimeException e) {
      if (fresh) {
        removeUnstarted(out);
      }
      throw e;
    }
    PageCorpus.Counts c = corpus.counts();
    console.info(String.format("corpus %s: %,d pages, %,d paragraphs%s", corpus.name(), c.pages(), c.paragraphs(),
        corpus.hasLeads() ? String.format(", %,d without a lead section, %,d of %,d links to no page of the"
            + " collection (counted, left out)", c.pagesWithoutLead(), c.linksToNowhere(), c.links()) : ""));
    long start = System.nanoTime();
    PretrainingRun.Outcome outcome = RunFolderOptions.training(run::run,
        "lower --batch-size or --passage-length, or raise --accumulation");
    outcome.usable().forEach((t, n) -> console.info(String.format("task %s: %,d of %,d pages usable", t, n,
        c.pages())));
    console.throughput("trained", outcome.training().steps(), "steps", System.nanoTime() - start);
    console.info("model written to " + outcome.training().model() + " (see " + out.resolve("curve.html") + ")");
    console.info("peak memory: " + PeakMemory.describe());
    console.info("evaluate it with 'quarry evaluate --retriever dense --model " + outcome.training().model()
        + " --dataset NAME'");
    return 0;
  }

  /** Removes a run folder this command made and nothing was trained in: it holds only its configuration. */
  private static void removeUnstarted(Path out) {
    try (Stream<Path> entries = Files.list(out)) {
      if (entries.allMatch(p -> p.getFileName().toString().equals(RunFolder.CONFIG))) {
        AtomicDirectory.deleteRecursively(out);
      }
    } catch (IOException e) {
      // leave it; the error at hand says more
    }
  }
}
