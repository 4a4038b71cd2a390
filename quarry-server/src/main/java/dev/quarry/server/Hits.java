/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quarry.core.data.Document;
import dev.quarry.core.data.ScoredDocument;
import java.util.List;
import java.util.Map;
import org.apache.lucene.search.highlight.WeightedTerm;

/**
 * One ranked list as the API answers it: each hit's id, score, title and highlighted snippet (and its rank, and
 * its grade when the query is judged), then the query's nDCG@10 when it is judged. Shared by search and by the runs
 * the evaluation view opens, so both sides of a comparison look alike.
 */
final class Hits {
  private final Snippets snippets;
  private final Judgments judgments;

  Hits(Snippets snippets, Judgments judgments) {
    this.snippets = snippets;
    this.judgments = judgments;
  }

  /**
   * Writes {@code hits}, the top {@code k} of {@code ranked}, into {@code out}; the query's judgments, when
   * {@code queryId} names a judged query, mark the hits and give {@code ndcg@10} over all of {@code ranked}.
   */
  void write(ObjectNode out, String query, String queryId, List<ScoredDocument> ranked, int k, Documents documents) {
    write(out, query, queryId, ranked, k, documents, true);
  }

  /** @param withSnippets false leaves each hit's snippet empty (the highlighter is most of a BM25 search's cost) */
  void write(ObjectNode out, String query, String queryId, List<ScoredDocument> ranked, int k, Documents documents,
      boolean withSnippets) {
    WeightedTerm[] terms = withSnippets ? snippets.query(query) : null;
    boolean judged = judgments != null && queryId != null && judgments.isJudged(queryId);
    Map<String, Integer> grades = judged ? judgments.grades(queryId) : Map.of();
    ArrayNode hits = out.putArray("hits");
    for (int i = 0; i < Math.min(k, ranked.size()); i++) {
      ScoredDocument d = ranked.get(i);
      ObjectNode hit = hits.addObject();
      hit.put("id", d.docId());
      hit.put("score", d.score());
      hit.put("rank", i + 1);
      Document doc = documents.get(d.docId());
      hit.put("title", doc == null ? "" : doc.title());
      hit.put("snippet", doc == null || !withSnippets ? ""
          : snippets.snippet(terms, doc.text().isEmpty() ? doc.title() : doc.text()));
      Integer grade = grades.get(d.docId());
      if (grade != null) {
        hit.put("grade", grade);
      }
    }
    if (judged) {
      ObjectNode judgment = out.putObject("judged");
      judgment.put("query_id", queryId);
      judgment.put("ndcg@10", judgments.ndcg10(queryId, ranked));
      judgment.put("relevant", grades.values().stream().filter(g -> g > 0).count());
    }
  }
}
