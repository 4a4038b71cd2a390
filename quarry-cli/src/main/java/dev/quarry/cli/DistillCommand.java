package dev.quarry.cli;

import dev.quarry.core.PeakMemory;
import dev.quarry.core.data.DatasetLocator;
import dev.quarry.train.TrainingConfig;
import dev.quarry.train.TrainingRun;
import dev.quarry.train.distill.DistillationRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code quarry distill}: PairDistill, rounds of retrieve, rerank, pair-rerank and train. */
@Command(name = "distill", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Distills rerankers into a dual encoder, PairDistill's way (Huang and Chen, EMNLP 2024): each " +
        "round retrieves the top --depth for every training query with the current student, scores them with the " +
        "pointwise teacher, asks the pairwise teacher about --pairs-per-query pairs of the top --top-k (window " +
        "--pair-window), and trains the student on pointwise KL + --pairwise-weight x pairwise KL + in-batch loss. " +
        "Each round's model is evaluated on the test split. Settings also come from --config (docs/DISTILLATION.md).")
final class DistillCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "The run's folder.")
  Path out;
  @Option(names = "--config", paramLabel = "FILE", description = "A YAML or JSON file of settings.")
  Path configFile;
  @Option(names = "--resume", description = "Continue in --out: completed rounds are kept.")
  boolean resume;
  @Option(names = "--overwrite", description = "Start again, deleting --out.")
  boolean overwrite;
  @Option(names = "--dataset", paramLabel = "DIR|NAME", description = "BEIR dataset (default: scifact).")
  String dataset;
  @Option(names = "--split", paramLabel = "SPLIT", description = "Training split (default: train).")
  String split;
  @Option(names = "--max-queries", paramLabel = "N",
      description = "Train on a seeded sample of N of the split's queries (default: 0, all).")
  Integer maxQueries;
  @Option(names = "--student", paramLabel = "NAME|DIR", description = "The dual encoder to start from.")
  String student;
  @Option(names = "--reranker", paramLabel = "DIR|NAME[=W]",
      description = "Pointwise teacher: a cross-encoder, a dense model or bm25; several are fused with weights W.")
  List<String> rerankers;
  @Option(names = "--pairwise", paramLabel = "DIR", description = "Pairwise teacher.")
  String pairwise;
  @Option(names = "--rounds", paramLabel = "N", description = "Rounds (default: 2).")
  Integer rounds;
  @Option(names = "--depth", paramLabel = "N", description = "Documents retrieved per query (default: 100).")
  Integer depth;
  @Option(names = "--top-k", paramLabel = "N", description = "Pointwise top documents pairs come from (default: 20).")
  Integer topK;
  @Option(names = "--pair-window", paramLabel = "N", description = "Pairs (i, j) with j <= i + N (default: 5).")
  Integer pairWindow;
  @Option(names = "--pairs-per-query", paramLabel = "N", description = "Pairs sampled per query (default: 16).")
  Integer pairsPerQuery;
  @Option(names = "--group-size", paramLabel = "N", description = "Documents per query in training (default: 64).")
  Integer groupSize;
  @Option(names = "--pointwise-weight", paramLabel = "W", description = "Weight of the pointwise KL (default: 1).")
  Double pointwiseWeight;
  @Option(names = "--pairwise-weight", paramLabel = "W", description = "Weight of the pairwise KL (default: 3).")
  Double pairwiseWeight;
  @Option(names = "--in-batch-weight", paramLabel = "W", description = "Weight of the in-batch loss (default: 1).")
  Double inBatchWeight;
  @Option(names = "--in-batch-kd-weight", paramLabel = "W", description = "Weight of in-batch KD (default: 0).")
  Double inBatchKdWeight;
  @Option(names = "--margin-mse-weight", paramLabel = "W", description = "Weight of Margin-MSE (default: 0).")
  Double marginMseWeight;
  @Option(names = "--in-batch-teacher", paramLabel = "NAME|DIR", description = "Dense teacher for in-batch KD.")
  String inBatchTeacher;
  @Option(names = "--epochs", paramLabel = "N", description = "Epochs per round (default: 2).")
  Integer epochs;
  @Option(names = "--batch-size", paramLabel = "N", description = "Queries per step (default: 32).")
  Integer batchSize;
  @Option(names = "--learning-rate", paramLabel = "LR", description = "Peak learning rate (default: 2e-5).")
  Double learningRate;
  @Option(names = "--temperature", paramLabel = "T", description = "Student score temperature (default: 0.05).")
  Double temperature;
  @Option(names = "--teacher-temperature", paramLabel = "T",
      description = "Pointwise teacher temperature in the pointwise KL (default: 1, PairDistill's; lower for a fused "
          + "teacher, whose scores lie in [0, sum of weights]).")
  Double teacherTemperature;
  @Option(names = "--passage-length", paramLabel = "TOKENS", description = "Tokens kept per passage (default: 256).")
  Integer passageLength;
  @Option(names = "--seed", paramLabel = "N", description = "Random seed (default: 42).")
  Long seed;
  @Option(names = "--threads", paramLabel = "N", description = "Threads (default: the number of cores).")
  Integer threads;
  @Option(names = "--cache", paramLabel = "DIR",
      description = "Where teacher scores are kept (default: $QUARRY_CACHE/teachers, else ~/.cache/quarry/teachers).")
  Path cache;
  @Option(names = "--test-split", paramLabel = "SPLIT", description = "Split evaluated after each round (default: test).")
  String testSplit;

  @Override
  public Integer call() throws Exception {
    Console console = new Console(spec.commandLine().getErr());
    TrainingConfig requested = configFile != null ? TrainingConfig.read(configFile) : new TrainingConfig();
    if (student != null) {
      requested.model = student;
    }
    if (rerankers != null) {
      requested.rerankers = rerankers;
    }
    Overrides.apply(this, requested, List.of("student", "rerankers"));
    TrainingConfig config = TrainingRun.prepare(requested, out, resume, overwrite);
    Map<String, Object> shown = new LinkedHashMap<>();
    shown.put("out", out.toAbsolutePath().normalize() + (resume ? " (resuming)" : ""));
    shown.putAll(config.asMap());
    Path teacherCache = IndexCache.teachers(cache);
    shown.put("teacher cache", teacherCache.toAbsolutePath().normalize());
    console.configuration("distill", shown);
    long start = System.nanoTime();
    List<DistillationRun.Round> rounds = new DistillationRun(config, out, teacherCache, ProgressSinks.factory(spec)).run();
    for (DistillationRun.Round round : rounds) {
      console.info(String.format(java.util.Locale.ROOT, "round %d: %s (%.0f s, of which teachers %.0f s, %d queries)",
          round.number(), round.model(), round.seconds(), round.teacherSeconds(), round.queries()));
      console.info("round " + round.number() + ": " + round.agreement().describe());
      if (config.testSplit != null && !config.testSplit.isEmpty()) {
        Path run = out.resolve("round-" + round.number()).resolve(config.testSplit + ".trec");
        // a round kept by --resume whose run is written is scored again from that run, not encoded again
        List<String> args = round.kept() && Files.isRegularFile(run)
            ? List.of("eval", "--qrels", DatasetLocator.locate(config.dataset).qrelsFile(config.testSplit).toString(),
                "--run", run.toString())
            : List.of("evaluate", "--dataset", config.dataset, "--split", config.testSplit, "--retriever", "dense",
                "--model", round.model().toString(), "--run", run.toString(), "--tag", "round" + round.number());
        int code = spec.commandLine().getParent().execute(args.toArray(String[]::new));
        if (code != 0) {
          return code;
        }
      }
    }
    console.throughput("distilled", rounds.size(), "rounds", System.nanoTime() - start);
    console.info("peak memory: " + PeakMemory.describe());
    return 0;
  }
}
