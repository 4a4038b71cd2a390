package dev.quarry.onnx;

import dev.quarry.core.data.BeirDataset;
import dev.quarry.core.data.CorpusReader;
import dev.quarry.core.data.Document;
import dev.quarry.core.data.Qrels;
import dev.quarry.core.data.Queries;
import dev.quarry.core.data.Run;
import dev.quarry.core.data.ScoredDocument;
import dev.quarry.core.testing.SharedData;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A slice of real SciFact for CI: all 300 test queries, every document judged relevant for them, and the first
 * other documents in corpus order up to {@code size}. Since the slice keeps every relevant document and only drops
 * non-relevant ones, no relevant document can rank lower on the slice than on the full corpus: a model's nDCG@10
 * on the slice is at least its full-corpus figure.
 */
record SciFactSlice(Queries queries, Qrels qrels, List<Document> documents) {
  static SciFactSlice load(int size) {
    BeirDataset scifact = SharedData.require("scifact");
    Qrels qrels = scifact.qrels("test");
    Queries queries = scifact.queries().filter(qrels::contains);
    Set<String> relevant = new HashSet<>();
    qrels.queryIds().forEach(q -> relevant.addAll(qrels.judgments(q).keySet()));
    List<Document> kept = new ArrayList<>();
    List<Document> others = new ArrayList<>();
    try (CorpusReader reader = scifact.openCorpus()) {
      for (Document d : reader) {
        if (relevant.contains(d.id())) {
          kept.add(d);
        } else if (others.size() < size) {
          others.add(d);
        }
      }
    }
    kept.addAll(others.subList(0, Math.max(0, Math.min(others.size(), size - kept.size()))));
    return new SciFactSlice(queries, qrels, kept);
  }

  List<String> texts() {
    return documents.stream().map(Document::contents).toList();
  }

  /** The exact top-100 run of query vectors against document vectors. */
  Run run(float[][] queryVectors, float[][] docVectors) {
    Run run = new Run();
    List<String> ids = new ArrayList<>(queries.ids());
    for (int q = 0; q < ids.size(); q++) {
      List<ScoredDocument> scored = new ArrayList<>();
      for (int d = 0; d < docVectors.length; d++) {
        double s = 0;
        for (int i = 0; i < docVectors[d].length; i++) {
          s += queryVectors[q][i] * docVectors[d][i];
        }
        scored.add(new ScoredDocument(documents.get(d).id(), (float) s));
      }
      scored.sort(ScoredDocument.TREC_EVAL_ORDER);
      run.put(ids.get(q), scored.subList(0, Math.min(100, scored.size())));
    }
    return run;
  }
}
