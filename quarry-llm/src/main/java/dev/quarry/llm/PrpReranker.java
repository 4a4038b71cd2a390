/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.llm;

import dev.quarry.core.rerank.PairwiseReranker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PRP, pairwise ranking prompting (Qin et al., "Large Language Models are Effective Text Rankers with Pairwise
 * Ranking Prompting", NAACL Findings 2024, arXiv:2306.17563), as a pairwise teacher: a language model is asked which
 * of two passages is more relevant to the query, in the paper's words ({@code prp}), in both orders, since models
 * favour a position. Each order gives the probability that the model names the first-given passage: from the
 * answer's token log-probabilities where the server returns them (at the first token that reads A or B, the
 * probability of A against B among that position's top alternatives, PRP's scoring mode), else from the answer's
 * text (a vote: 1 or 0; an answer that names neither is a tie, 0.5). P(first &gt; second) is the mean of the two
 * orders: the first's probability when shown first, and one minus the second's when shown first. With votes this is
 * PRP's rule for generation mode: 1 or 0 when both orders agree, 0.5 when they disagree. Decoding is greedy
 * ({@link #SAMPLING}), so the judgement is the model's one answer and is cached like any completion.
 *
 * <p>A call's distinct prompts are asked concurrently (the two orders of a pair are two prompts; a pair asked in
 * both orders shares them). Thread-safe.
 */
public final class PrpReranker implements PairwiseReranker {
  /** The slots a PRP prompt fills. */
  public static final Set<String> SLOTS = Set.of("query", "passage_a", "passage_b");
  /** Greedy, enough tokens for "Passage A" with some markup, five alternatives at each position. */
  public static final Sampling SAMPLING = new Sampling(0, 1, 16, 5);

  private static final Pattern NAMED = Pattern.compile("(?i)passage\\W{0,3}([AB])\\b");

  /** How an order was judged. */
  enum Source { LOGPROBS, TEXT, UNDECIDED }

  /** The probability that the model names passage A, and how it was read. */
  record Choice(double probabilityOfA, Source source) {}

  private final Completions llm;
  private final PromptTemplate prompt;
  private final Map<Source, LongAdder> counts = new LinkedHashMap<>();

  public PrpReranker(Completions llm, PromptTemplate prompt) {
    this.llm = llm;
    this.prompt = prompt;
    for (Source s : Source.values()) {
      counts.put(s, new LongAdder());
    }
  }

  @Override
  public String modelId() {
    return "prp:" + llm.modelName();
  }

  @Override
  public float[] preferences(String query, List<String[]> pairs) {
    Map<String, Integer> distinct = new LinkedHashMap<>();
    int[][] orders = new int[pairs.size()][2];
    for (int k = 0; k < pairs.size(); k++) {
      String[] p = pairs.get(k);
      orders[k][0] = distinct.computeIfAbsent(prompt(query, p[0], p[1]), x -> distinct.size());
      orders[k][1] = distinct.computeIfAbsent(prompt(query, p[1], p[0]), x -> distinct.size());
    }
    List<Choice> choices;
    try {
      choices = QueryFailure.each(new ArrayList<>(distinct.keySet()),
          text -> choice(llm.sample(text, SAMPLING, 1).completions().get(0)));
    } catch (RuntimeException e) {
      throw QueryFailure.of("PRP", query, e);
    }
    choices.forEach(c -> counts.get(c.source()).increment());
    float[] p = new float[pairs.size()];
    for (int k = 0; k < p.length; k++) {
      p[k] = (float) ((choices.get(orders[k][0]).probabilityOfA() + 1 - choices.get(orders[k][1]).probabilityOfA())
          / 2);
    }
    return p;
  }

  private String prompt(String query, String a, String b) {
    return prompt.render(Map.of("query", query, "passage_a", a, "passage_b", b));
  }

  /** How likely the answer names passage A: from log-probabilities if it has them, else from its text. */
  static Choice choice(Completion answer) {
    for (Completion.Token token : answer.tokens()) {
      String label = label(token.text());
      if (label == null) {
        continue;
      }
      Map<String, Double> alternatives = new LinkedHashMap<>(token.alternatives());
      alternatives.putIfAbsent(token.text(), token.logprob());
      double a = 0;
      double b = 0;
      for (Map.Entry<String, Double> e : alternatives.entrySet()) {
        String l = label(e.getKey());
        if ("A".equals(l)) {
          a += Math.exp(e.getValue());
        } else if ("B".equals(l)) {
          b += Math.exp(e.getValue());
        }
      }
      if (a > 0 && b > 0) {
        return new Choice(a / (a + b), Source.LOGPROBS);
      }
      double chosen = Math.exp(token.logprob());
      return new Choice(label.equals("A") ? chosen : 1 - chosen, Source.LOGPROBS);
    }
    Matcher named = NAMED.matcher(answer.text());
    String label = named.find() ? named.group(1).toUpperCase(Locale.ROOT) : label(answer.text());
    return label == null ? new Choice(0.5, Source.UNDECIDED) : new Choice(label.equals("A") ? 1 : 0, Source.TEXT);
  }

  /** "A" or "B" when the text is that letter alone, bar white space, quotes, markup and punctuation. */
  private static String label(String text) {
    String core = text.replaceAll("^[\\s\"'*_:.()\\[\\]]+|[\\s\"'*_:.()\\[\\]]+$", "");
    return core.equals("A") || core.equals("B") ? core : null;
  }

  /** E.g. {@code PRP: 240 answers, 236 read from log-probabilities, 3 from their text, 1 undecided (a tie)}. */
  public String describe() {
    long total = counts.values().stream().mapToLong(LongAdder::sum).sum();
    return String.format(Locale.ROOT, "PRP: %,d answers, %,d read from log-probabilities, %,d from their text, %,d"
        + " undecided (a tie)", total, counts.get(Source.LOGPROBS).sum(), counts.get(Source.TEXT).sum(),
        counts.get(Source.UNDECIDED).sum());
  }

  @Override
  public void close() {
    llm.close();
  }

  @Override
  public String toString() {
    return "PrpReranker[" + llm.modelName() + ", prompt " + prompt + "]";
  }
}
