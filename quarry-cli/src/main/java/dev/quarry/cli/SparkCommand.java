/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.cli;

import dev.quarry.core.data.BeirDataset;
import dev.quarry.core.data.CorpusReader;
import dev.quarry.core.data.DatasetLocator;
import dev.quarry.core.data.Run;
import dev.quarry.core.io.AtomicDirectory;
import dev.quarry.core.io.IndexManifest;
import dev.quarry.core.training.NegativeMiner;
import dev.quarry.core.training.TrainingData;
import dev.quarry.core.training.TrainingExample;
import dev.quarry.onnx.ModelKind;
import dev.quarry.onnx.ModelRegistry;
import dev.quarry.onnx.ModelSource;
import dev.quarry.rerank.PointwiseTeacher;
import dev.quarry.rerank.TeacherScoreCache;
import dev.quarry.search.IndexCache;
import dev.quarry.spark.SparkEncode;
import dev.quarry.spark.SparkMine;
import dev.quarry.spark.SparkTeach;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code quarry spark encode}: the heavy steps as Spark jobs (docs/SCALE.md). */
@Command(name = "spark", mixinStandardHelpOptions = true,
    description = "Runs Quarry's heavy, parallel steps as Apache Spark jobs: in local[N] on this machine, or on a "
        + "cluster (--master, or spark-submit of the same jar; docs/SCALE.md).",
    subcommands = {SparkCommand.Encode.class, SparkCommand.Mine.class, SparkCommand.Teach.class})
final class SparkCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "give a job: encode, mine or teach");
  }

  /** {@code quarry spark encode}. */
  @Command(name = "encode", mixinStandardHelpOptions = true, sortOptions = false,
      description = "Encodes a corpus with a dense model into Parquet (ordinal, id, vector, model fingerprint), "
          + "partition by partition, one encoder per executor; the vectors equal 'quarry index --kind dense' ones. "
          + "'quarry index --kind dense --from-vectors OUT' turns them into an index.")
  static final class Encode implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--corpus", required = true, paramLabel = "DIR|FILE|NAME",
        description = "A BEIR folder (its corpus.jsonl), a corpus.jsonl or TSV file, or a dataset's name in "
            + "$QUARRY_DATA; every executor must be able to read it.")
    String corpusName;

    @Option(names = "--model", defaultValue = ModelRegistry.DEFAULT_MODEL, paramLabel = "NAME|DIR",
        description = "An embedded model or a dense model folder every executor can read (default: "
            + "${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the Parquet folder goes.")
    Path out;

    @Mixin SparkOptions sparkOptions;


    @Option(names = "--overwrite",
        description = "Replace an existing output (refused otherwise; only a folder 'spark encode' wrote).")
    boolean overwrite;

    @Override
    public Integer call() {
      Console console = new Console(spec.commandLine().getErr());
      Path corpus = CommandChecks.option("--corpus", () -> DatasetLocator.corpus(corpusName));
      ModelSource source = CommandChecks.option("--model", () -> {
        ModelSource m = ModelRegistry.resolve(model);
        m.requireKind(ModelKind.DENSE, "spark encode takes a dense model");
        return m;
      });
      CommandChecks.option("--out", () -> {
        AtomicDirectory.checkTarget(out, overwrite, SparkEncode.MARKER);
        return out;
      });
      Map<String, Object> config = new LinkedHashMap<>();
      config.put("corpus", corpus.toAbsolutePath().normalize());
      config.put("model", source);
      config.put("out", out.toAbsolutePath().normalize());
      sparkOptions.describe(config);
      console.configuration("spark encode", config);
      long documents = CorpusReader.countDocuments(corpus);
      long start = System.nanoTime();
      SparkSession spark = sparkOptions.open();
      try {
        SparkEncode.Result result = SparkEncode.encode(spark, corpus, model, out, sparkOptions.partitions, overwrite);
        console.throughput("encoded", result.documents(), "passages", System.nanoTime() - start);
        console.info(result.documents() + " of " + documents + " passages, " + result.dimension()
            + " dimensions, in " + out);
      } finally {
        spark.stop();
      }
      return 0;
    }
  }

  /** {@code quarry spark teach}. */
  @Command(name = "teach", mixinStandardHelpOptions = true, sortOptions = false,
      description = "Scores a run's candidates with pointwise teachers, and every ordered pair of its top "
          + "--pairwise-depth with a pairwise teacher, on Spark into the teacher caches that 'quarry rerank' and "
          + "'quarry distill' read (the same files, the same scores), so that they compute none; scores already cached "
          + "are not computed again. For --pairwise, give the run in the pointwise teacher's order (what 'rerank' "
          + "writes without --pairwise): its top N are the pairs 'rerank --pairwise' asks for.")
  static final class Teach implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--run", required = true, paramLabel = "FILE", description = "The run whose candidates to score.")
    Path run;

    @Option(names = "--dataset", required = true, paramLabel = "DIR|NAME",
        description = "The BEIR dataset of the run; its corpus must be readable by every executor.")
    String dataset;

    @Option(names = "--reranker", paramLabel = "DIR|NAME[=W]",
        description = "A teacher as 'rerank --reranker' takes it (a cross-encoder folder, a dense or ColBERT model); "
            + "repeat it for an ensemble's members (bm25 members need no scoring and are skipped).")
    List<String> rerankers = new ArrayList<>();

    @Option(names = "--pairwise", paramLabel = "DIR",
        description = "A pairwise reranker folder, as 'rerank --pairwise' takes it.")
    Path pairwise;

    @Option(names = "--pairwise-depth", defaultValue = "10", paramLabel = "N",
        description = "--pairwise: documents per query whose ordered pairs are scored, N(N-1) (default: "
            + "${DEFAULT-VALUE}, as rerank's).")
    int pairwiseDepth;

    @Option(names = "--depth", defaultValue = "100", paramLabel = "N",
        description = "Candidates scored per query, from the top (default: ${DEFAULT-VALUE}, as rerank's).")
    int depth;

    @Option(names = "--cache", paramLabel = "DIR",
        description = "The cache folder (default: $QUARRY_CACHE, else ~/.cache/quarry), as rerank's.")
    Path cache;

    @Mixin SparkOptions sparkOptions;


    @Override
    public Integer call() {
      Console console = new Console(spec.commandLine().getErr());
      CommandChecks.positive("--depth", depth);
      if (rerankers.isEmpty() && pairwise == null) {
        throw new UsageException("give a teacher: --reranker (pointwise, repeatable) and/or --pairwise");
      }
      if (pairwise != null && pairwiseDepth < 2) {
        throw new UsageException("--pairwise-depth must be at least 2 to form a pair; got " + pairwiseDepth);
      }
      BeirDataset data = CommandChecks.option("--dataset", () -> DatasetLocator.locate(dataset));
      Run candidates = Run.read(run);
      IndexCache indexCache = IndexCache.at(cache);
      Path folder = indexCache.teachers(data.corpusFile());
      List<String> models = rerankers.stream().map(r -> r.lastIndexOf('=') > 0 ? r.substring(0, r.lastIndexOf('='))
          : r).filter(m -> !PointwiseTeacher.BM25.equals(m)).toList();
      Map<String, Object> config = new LinkedHashMap<>();
      config.put("run", run.toAbsolutePath().normalize() + " (" + candidates.size() + " queries), top " + depth);
      config.put("dataset", data.folder());
      config.put("teachers", models.isEmpty() ? "none" : String.join(", ", models));
      if (pairwise != null) {
        config.put("pairwise teacher", pairwise.toAbsolutePath().normalize() + ", every ordered pair of the top "
            + pairwiseDepth);
      }
      config.put("cache", folder);
      sparkOptions.describe(config);
      console.configuration("spark teach", config);
      SparkSession spark = sparkOptions.open();
      try {
        for (String model : models) {
          long start = System.nanoTime();
          try (TeacherScoreCache scores = new TeacherScoreCache(CommandChecks.option("--reranker",
              () -> TeacherScoreCache.fileFor(folder, model)))) {
            SparkTeach.Result result = SparkTeach.teach(spark, data.corpusFile(), data.queries(), candidates, depth,
                model, scores, sparkOptions.partitions);
            console.throughput("scored", result.scored(), "pairs", System.nanoTime() - start);
            console.info(model + ": " + result.scored() + " pairs scored, " + result.cached()
                + " already in " + scores.file());
          }
        }
        if (pairwise != null) {
          String model = pairwise.toString();
          long start = System.nanoTime();
          try (TeacherScoreCache scores = new TeacherScoreCache(CommandChecks.option("--pairwise",
              () -> TeacherScoreCache.fileFor(folder, model)))) {
            SparkTeach.Result result = SparkTeach.teachPairwise(spark, data.corpusFile(), data.queries(), candidates,
                pairwiseDepth, model, scores, sparkOptions.partitions);
            console.throughput("scored", result.scored(), "ordered pairs", System.nanoTime() - start);
            console.info(model + ": " + result.scored() + " ordered pairs scored, " + result.cached()
                + " already in " + scores.file());
          }
        }
      } finally {
        spark.stop();
      }
      return 0;
    }
  }

  /** {@code quarry spark mine}. */
  @Command(name = "mine", mixinStandardHelpOptions = true, sortOptions = false,
      description = "Mines hard negatives on Spark: the split's judged queries searched on an index of the dataset's "
          + "corpus (BM25 for DPR's negatives, dense for ANCE's), negatives taken from the ranks of --window as "
          + "'quarry train' takes them; writes the training file 'quarry train --train-file' reads.")
  static final class Mine implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--dataset", required = true, paramLabel = "DIR|NAME", description = "The BEIR dataset.")
    String dataset;

    @Option(names = "--split", defaultValue = "train", paramLabel = "SPLIT",
        description = "The judgments whose queries get examples (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--index", required = true, paramLabel = "DIR",
        description = "A BM25 or dense index of the dataset's corpus that every executor can read.")
    Path index;

    @Option(names = "--window", defaultValue = "10:100", paramLabel = "FROM:TO",
        description = "Ranks negatives are taken from, 0-based, judged-relevant ones skipped (default: "
            + "${DEFAULT-VALUE}, as train's).")
    String window;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The training file (JSONL).")
    Path out;

    @Option(names = "--overwrite", description = "Replace --out if it exists (refused otherwise).")
    boolean overwrite;

    @Mixin SparkOptions sparkOptions;


    @Override
    public Integer call() {
      Console console = new Console(spec.commandLine().getErr());
      NegativeMiner miner = CommandChecks.option("--window", () -> {
        String[] parts = window.split(":");
        if (parts.length != 2) {
          throw new IllegalArgumentException("expected FROM:TO, such as 10:100; got '" + window + "'");
        }
        return new NegativeMiner(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
      });
      CommandChecks.writable("--out", out, overwrite);
      BeirDataset data = CommandChecks.option("--dataset", () -> DatasetLocator.locate(dataset));
      CommandChecks.option("--split", () -> data.qrels(split));
      IndexManifest manifest = CommandChecks.option("--index", () -> IndexManifest.read(index));
      Map<String, Object> config = new LinkedHashMap<>();
      config.put("dataset", data.folder() + ", " + split);
      config.put("index", index.toAbsolutePath().normalize() + " (" + manifest.kind() + ")");
      config.put("negatives", miner);
      config.put("out", out.toAbsolutePath().normalize());
      sparkOptions.describe(config);
      console.configuration("spark mine", config);
      long start = System.nanoTime();
      SparkSession spark = sparkOptions.open();
      List<TrainingExample> examples;
      try {
        examples = SparkMine.mine(spark, data, split, index, miner, sparkOptions.partitions);
      } finally {
        spark.stop();
      }
      TrainingData.write(out, examples, false);
      console.throughput("mined", examples.size(), "queries", System.nanoTime() - start);
      console.info(examples.size() + " examples, " + examples.stream().mapToInt(e -> e.negatives().size()).sum()
          + " negatives, in " + out);
      return 0;
    }
  }
}
