/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.llm;

import dev.quarry.core.data.ScoredDocument;
import dev.quarry.core.search.Retriever;
import dev.quarry.lucene.Bm25Searcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;

/**
 * LameR (Shen et al., "Large Language Models are Strong Zero-Shot Retriever", arXiv:2304.14233, 2023): BM25 finds a
 * query's top {@code candidates} (the paper's M = 10) in the collection itself; a language model reads the query and
 * those passages, enumerated, and writes {@code answers} (the paper's N = 5) answering passages, sampled; BM25 then
 * searches with the query expanded by its answers, the query repeated before each ({@code q a1 q a2 ... q aN}) so that
 * its own terms keep their weight against the longer answers. The prompt is the paper's ({@code lamer}: see
 * docs/LLM.md for where its wording comes from) unless another is given; it fills {@code {query}} and
 * {@code {passages}} ("1. text", "2. text", ... one a line, each a document's title and text).
 *
 * <p>A batch's queries ask the model concurrently; the endpoint bounds how many requests are in flight. Each query's
 * prompt, answers, expanded query and cost go to the {@link Trace}. Thread-safe; owns the BM25 searcher.
 */
public final class LameRRetriever implements Retriever {
  /** The slots a LameR prompt fills. */
  public static final Set<String> SLOTS = Set.of("query", "passages");

  private final Bm25Searcher bm25;
  private final Map<String, String> texts;
  private final Completions llm;
  private final PromptTemplate prompt;
  private final int candidates;
  private final int answers;
  private final Sampling sampling;
  private final Trace trace;

  /**
   * @param texts document id to the text a candidate shows the model (title and text)
   * @param candidates BM25's top passages shown in the prompt (M)
   * @param answers answers sampled per query (N)
   */
  public LameRRetriever(Bm25Searcher bm25, Map<String, String> texts, Completions llm, PromptTemplate prompt,
      int candidates, int answers, Sampling sampling, Trace trace) {
    if (candidates < 1) {
      throw new IllegalArgumentException("LameR needs at least one candidate in its prompt; got " + candidates);
    }
    if (answers < 1) {
      throw new IllegalArgumentException("LameR needs at least one answer per query; got " + answers);
    }
    this.bm25 = bm25;
    this.texts = texts;
    this.llm = llm;
    this.prompt = prompt;
    this.candidates = candidates;
    this.answers = answers;
    this.sampling = sampling;
    this.trace = trace;
  }

  /** The prompt for {@code query} with these candidate passages, best first. */
  public String prompt(String query, List<String> passages) {
    StringBuilder list = new StringBuilder();
    for (int i = 0; i < passages.size(); i++) {
      list.append(i == 0 ? "" : "\n").append(i + 1).append(". ").append(passages.get(i));
    }
    return prompt.render(Map.of("query", query, "passages", list.toString()));
  }

  /** {@code q a1 q a2 ... q aN}: the query before each answer. */
  public static String expandedQuery(String query, List<String> answers) {
    StringBuilder expanded = new StringBuilder();
    for (String answer : answers) {
      expanded.append(expanded.isEmpty() ? "" : " ").append(query).append(' ').append(answer.strip());
    }
    return expanded.toString();
  }

  /** The query expanded by the model's answers (asked once; later runs read them from the cache). */
  public String expand(String query) {
    try {
      List<String> ids = new ArrayList<>();
      List<String> passages = new ArrayList<>();
      for (ScoredDocument d : bm25.search(query, candidates)) {
        String text = texts.get(d.docId());
        if (text == null) {
          throw new IllegalStateException("document '" + d.docId() + "' of the index is not in the corpus");
        }
        ids.add(d.docId());
        passages.add(text);
      }
      String text = prompt(query, passages);
      Completions.Samples samples = llm.sample(text, sampling, answers);
      String expanded = expandedQuery(query, samples.texts());
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("candidates", ids);
      fields.put("prompt", text);
      fields.put("answers", samples.texts());
      fields.put("expanded", expanded);
      trace.write("lamer", query, fields, samples.usage(), samples.cached());
      return expanded;
    } catch (RuntimeException e) {
      throw QueryFailure.of("LameR", query, e);
    }
  }

  @Override
  public List<ScoredDocument> search(String query, int k) {
    String expanded = expand(query);
    allowClauses(((BooleanQuery) bm25.query(expanded)).clauses().size());
    return bm25.search(expanded, k);
  }

  /** Each query expanded concurrently, then searched. */
  @Override
  public List<List<ScoredDocument>> searchBatch(List<String> queries, int k) {
    return QueryFailure.each(queries, q -> search(q, k));
  }

  /** An expanded query has a clause per distinct term, often more than Lucene's default limit of 1,024. */
  private static synchronized void allowClauses(int clauses) {
    if (clauses > IndexSearcher.getMaxClauseCount()) {
      IndexSearcher.setMaxClauseCount(clauses);
    }
  }

  @Override
  public boolean containsDocument(String docId) {
    return bm25.containsDocument(docId);
  }

  @Override
  public long documentCount() {
    return bm25.documentCount();
  }

  @Override
  public void close() {
    bm25.close();
  }

  @Override
  public String toString() {
    return "LameRRetriever[" + llm.modelName() + ", " + candidates + " candidates, " + answers + " answers, "
        + sampling + ", prompt " + prompt + "]";
  }
}
