package dev.quarry.cli;

import dev.quarry.core.data.BeirDataset;
import dev.quarry.core.data.DatasetLocator;
import dev.quarry.core.data.Qrels;
import dev.quarry.core.data.Queries;
import dev.quarry.core.data.Run;
import dev.quarry.core.data.ScoredDocument;
import dev.quarry.core.eval.Metric;
import dev.quarry.onnx.OnnxPairwiseReranker;
import dev.quarry.train.TrainingRun;
import dev.quarry.train.distill.CachedTeachers;
import dev.quarry.train.distill.PointwiseTeacher;
import dev.quarry.train.distill.TeacherScoreCache;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code quarry rerank}: reranks a first-stage run with a cross-encoder, and optionally a pairwise reranker. */
@Command(name = "rerank", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Reranks the top --depth of a run with a pointwise cross-encoder, then (with --pairwise) the top " +
        "--pairwise-depth again with a pairwise reranker, aggregating every ordered pair (sym-sum: d_i gets p, d_j " +
        "gets 1 - p). Teacher scores are cached on disk and never computed twice. The first --run is read, the " +
        "second written.")
final class RerankCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--run", required = true, arity = "1", paramLabel = "FILE",
      description = "Twice: the run to rerank, then where to write the reranked run.")
  List<Path> runs;

  @Option(names = "--dataset", required = true, paramLabel = "DIR|NAME", description = "The BEIR dataset of the run.")
  String dataset;

  @Option(names = "--split", paramLabel = "SPLIT", description = "Evaluate the reranked run on this split's qrels.")
  String split;

  @Option(names = "--reranker", required = true, paramLabel = "DIR|NAME[=W]",
      description = "A cross-encoder folder; give several (cross-encoders, dense models, or bm25 for BM25 with the "
          + "dataset's statistics) to fuse them, each min-max normalised per query and weighted by W (default 1), as "
          + "distill's ensemble teacher does.")
  List<String> rerankers;

  @Option(names = "--pairwise", paramLabel = "DIR", description = "A pairwise reranker folder.")
  Path pairwise;

  @Option(names = "--depth", defaultValue = "100", paramLabel = "N",
      description = "Documents per query the cross-encoder scores (default: ${DEFAULT-VALUE}).")
  int depth;

  @Option(names = "--pairwise-depth", defaultValue = "10", paramLabel = "N",
      description = "Documents per query the pairwise reranker orders, N(N-1) pairs (default: ${DEFAULT-VALUE}).")
  int pairwiseDepth;

  @Option(names = "--cache", paramLabel = "DIR",
      description = "Where teacher scores are kept (default: $QUARRY_CACHE/teachers, else ~/.cache/quarry/teachers).")
  Path cache;

  @Option(names = "--threads", paramLabel = "N", description = "ONNX Runtime threads (default: the number of cores).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(names = "--metrics", defaultValue = "ndcg@10,recall@100,mrr@10", paramLabel = "LIST",
      description = "Metrics printed with --split (default: ${DEFAULT-VALUE}).")
  String metrics;

  @Override
  public Integer call() {
    if (runs.size() != 2) {
      throw new IllegalArgumentException("give --run twice: the run to rerank, then the run to write; got "
          + runs.size());
    }
    CommandChecks.positive("--depth", depth);
    CommandChecks.positive("--pairwise-depth", pairwiseDepth);
    List<Metric> metricList = Metric.parseList(metrics);
    Console console = new Console(spec.commandLine().getErr());
    BeirDataset data = DatasetLocator.locate(dataset);
    Run first = Run.read(runs.get(0));
    Queries queries = data.queries().filter(first.queryIds()::contains);
    Path cacheRoot = IndexCache.teachers(cache).resolve(data.name());
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("run", runs.get(0).toAbsolutePath().normalize() + " (" + first.size() + " queries)");
    config.put("dataset", data.folder());
    config.put("reranker", String.join(" + ", rerankers) + ", top " + depth);
    config.put("pairwise", pairwise == null ? "none" : pairwise.toAbsolutePath().normalize() + ", top " + pairwiseDepth
        + " (" + pairwiseDepth * (pairwiseDepth - 1) + " ordered pairs a query)");
    config.put("cache", cacheRoot);
    config.put("out", runs.get(1).toAbsolutePath().normalize());
    console.configuration("rerank", config);
    Map<String, String> corpus = TrainingRun.readCorpus(data);
    Run reranked = new Run();
    long start = System.nanoTime();
    try (PointwiseTeacher pointwise = PointwiseTeacher.open(rerankers, cacheRoot, data.corpusFile(), threads);
        OnnxPairwiseReranker duo = pairwise == null ? null : new OnnxPairwiseReranker(pairwise, 8, threads);
        TeacherScoreCache pairCache = pairwise == null ? null
            : new TeacherScoreCache(TeacherScoreCache.fileFor(cacheRoot, pairwise.toString()));
        ProgressBars progress = new ProgressBars("Reranking", queries.size(), "queries", spec.commandLine().getErr())) {
      for (Map.Entry<String, String> q : queries.asMap().entrySet()) {
        List<ScoredDocument> top = first.results(q.getKey()).stream().limit(depth).toList();
        List<String> ids = top.stream().map(ScoredDocument::docId).toList();
        float[] scores = pointwise.score(q.getKey(), q.getValue(), ids, corpus);
        List<ScoredDocument> rescored = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
          rescored.add(new ScoredDocument(ids.get(i), scores[i]));
        }
        rescored.sort(ScoredDocument.TREC_EVAL_ORDER);
        if (duo != null) {
          rescored = pairwiseOrder(duo, pairCache, q.getKey(), q.getValue(), rescored, corpus);
        }
        reranked.put(q.getKey(), rescored);
        progress.advance(1);
      }
      console.info(String.format(java.util.Locale.ROOT, "teacher scores: %d computed, %d from the cache",
          pointwise.computed() + (pairCache == null ? 0 : pairCache.misses()),
          pointwise.cached() + (pairCache == null ? 0 : pairCache.hits())));
    }
    console.throughput("reranked", queries.size(), "queries", System.nanoTime() - start);
    RunSteps.write(reranked, runs.get(1), "reranked", console);
    if (split != null) {
      Qrels qrels = data.qrels(split);
      RunSteps.evaluate(reranked, qrels, metricList, false, spec.commandLine().getOut());
    }
    return 0;
  }

  /**
   * The top {@code pairwiseDepth} ordered by sym-sum over every ordered pair: d_i gets P(i &gt; j) and d_j gets
   * 1 - P(i &gt; j); the rest keep their cross-encoder order below them.
   */
  private List<ScoredDocument> pairwiseOrder(OnnxPairwiseReranker duo, TeacherScoreCache cache, String queryId,
      String query, List<ScoredDocument> ranked, Map<String, String> corpus) {
    int n = Math.min(pairwiseDepth, ranked.size());
    List<String[]> pairs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (i != j) {
          pairs.add(new String[] {ranked.get(i).docId(), ranked.get(j).docId()});
        }
      }
    }
    float[] p = CachedTeachers.preferences(duo, cache, queryId, query, pairs, corpus);
    double[] sums = new double[n];
    int k = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (i != j) {
          sums[i] += p[k];
          sums[j] += 1 - p[k];
          k++;
        }
      }
    }
    List<ScoredDocument> out = new ArrayList<>();
    double offset = ranked.size() > n ? ranked.get(n).score() : 0;
    for (int i = 0; i < n; i++) {
      // above every document below the pairwise depth, ordered by the sym-sum
      out.add(new ScoredDocument(ranked.get(i).docId(), offset + 1 + sums[i]));
    }
    out.addAll(ranked.subList(n, ranked.size()));
    out.sort(ScoredDocument.TREC_EVAL_ORDER);
    return out;
  }
}
