package dev.quarry.lucene;

import dev.quarry.core.io.IndexManifest;
import dev.quarry.core.rerank.Reranker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.CollectionStatistics;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.search.similarities.Similarity.SimScorer;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.SmallFloat;

/**
 * BM25 as a reranker: scores given passages for a query with the corpus statistics of a {@link Bm25IndexBuilder}
 * index (document count, document frequencies, average length), so that BM25 can be a member of an ensemble teacher
 * beside cross-encoders and dense models. A passage that is a document of the index gets the score
 * {@link Bm25Searcher} gives it: the same analyzer, Lucene's own BM25 scorer, the same bag-of-words query and the
 * same lossy length encoding; a passage that shares no term with the query scores 0. Thread-safe.
 */
public final class Bm25Reranker implements Reranker {
  private final Path indexDir;
  private final Bm25Settings settings;
  private final FSDirectory directory;
  private final DirectoryReader reader;
  private final IndexSearcher searcher;
  private final Analyzer analyzer;
  private final BM25Similarity similarity;

  public Bm25Reranker(Path indexDir, Bm25Settings settings) {
    IndexManifest manifest = IndexManifest.read(indexDir);
    if (!Bm25IndexBuilder.KIND.equals(manifest.kind())) {
      throw new IllegalArgumentException(indexDir + " is a " + manifest.kind() + " index, not a bm25 index");
    }
    this.indexDir = indexDir;
    this.settings = settings;
    this.analyzer = Analyzers.forName(manifest.settings().getOrDefault("analyzer", Analyzers.ENGLISH));
    this.similarity = new BM25Similarity(settings.k1(), settings.b());
    try {
      this.directory = FSDirectory.open(indexDir);
      this.reader = DirectoryReader.open(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open index " + indexDir + ": " + e.getMessage(), e);
    }
    this.searcher = new IndexSearcher(reader);
  }

  @Override
  public String modelId() {
    return "bm25(" + settings + ")";
  }

  @Override
  public float[] score(String query, List<String> passages) {
    List<TermScorer> terms = termScorers(query);
    float[] scores = new float[passages.size()];
    if (terms.isEmpty()) {
      return scores;
    }
    for (int i = 0; i < scores.length; i++) {
      List<String> tokens = Analyzers.tokens(analyzer, Bm25IndexBuilder.CONTENTS, passages.get(i));
      Map<String, Integer> freqs = new HashMap<>();
      tokens.forEach(t -> freqs.merge(t, 1, Integer::sum));
      // the norm Lucene stores: the field's length (its token count) in one lossy byte
      long norm = SmallFloat.intToByte4(tokens.size()) & 0xFF;
      double score = 0;
      for (TermScorer t : terms) {
        Integer freq = freqs.get(t.term);
        if (freq != null) {
          score += t.scorer.score(freq, norm);
        }
      }
      scores[i] = (float) score;
    }
    return scores;
  }

  private record TermScorer(String term, SimScorer scorer) {}

  /** One scorer per distinct query term the corpus has, boosted by its count as {@link Bm25Searcher#query} does. */
  private List<TermScorer> termScorers(String query) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String token : Analyzers.tokens(analyzer, Bm25IndexBuilder.CONTENTS, query)) {
      counts.merge(token, 1, Integer::sum);
    }
    List<TermScorer> scorers = new ArrayList<>();
    try {
      CollectionStatistics collection = searcher.collectionStatistics(Bm25IndexBuilder.CONTENTS);
      if (collection == null) {
        return scorers;
      }
      for (Map.Entry<String, Integer> c : counts.entrySet()) {
        Term term = new Term(Bm25IndexBuilder.CONTENTS, c.getKey());
        int docFreq = reader.docFreq(term);
        if (docFreq > 0) {
          scorers.add(new TermScorer(c.getKey(), similarity.scorer(c.getValue(), collection,
              searcher.termStatistics(term, docFreq, reader.totalTermFreq(term)))));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read statistics of " + indexDir + ": " + e.getMessage(), e);
    }
    return scorers;
  }

  @Override
  public void close() {
    try {
      reader.close();
      directory.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return "Bm25Reranker[" + indexDir + ", " + settings + "]";
  }
}
