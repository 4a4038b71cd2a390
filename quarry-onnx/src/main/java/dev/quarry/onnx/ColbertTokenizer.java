/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * ColBERT's inputs (Khattab and Zaharia, SIGIR 2020; ColBERTv2, Santhanam et al., NAACL 2022), shared by ONNX
 * inference and training so that both read text the same way: a query is {@code [CLS] [Q] q... [SEP]} padded with
 * {@code [MASK]} to the query length (query augmentation: the masks are not attended to, but their output vectors are
 * scored); a passage is {@code [CLS] [D] p... [SEP]}, cut at the passage length, and its punctuation tokens are left
 * out of its vectors (ColBERT's skip list). The markers are BERT's {@code [unused0]} and {@code [unused1]}, as in
 * ColBERT, looked up in the model's WordPiece vocabulary. Counts what it cuts. Thread-safe.
 */
public final class ColbertTokenizer implements AutoCloseable {
  public static final String QUERY_MARKER = "[unused0]";
  public static final String DOCUMENT_MARKER = "[unused1]";
  /** Python's {@code string.punctuation}, ColBERT's skip list. */
  static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

  private final TextTokenizer queryTokenizer;
  private final TextTokenizer passageTokenizer;
  private final int queryLength;
  private final int passageLength;
  private final long cls;
  private final long sep;
  private final long mask;
  private final long queryMarker;
  private final long documentMarker;
  private final Set<Long> skipList = new HashSet<>();

  /**
   * @param queryLength tokens every query is padded or cut to, special tokens included (ColBERT's 32)
   * @param passageLength the most tokens a passage keeps, special tokens included
   */
  public ColbertTokenizer(ModelSource model, int queryLength, int passageLength) {
    if (queryLength < 4 || passageLength < 4) {
      throw new IllegalArgumentException("query and passage lengths must be at least 4 (three special tokens and a"
          + " word); got " + queryLength + " and " + passageLength);
    }
    this.queryLength = queryLength;
    this.passageLength = passageLength;
    JsonNode vocabulary = vocabulary(model);
    this.cls = id(model, vocabulary, "[CLS]");
    this.sep = id(model, vocabulary, "[SEP]");
    this.mask = id(model, vocabulary, "[MASK]");
    this.queryMarker = id(model, vocabulary, QUERY_MARKER);
    this.documentMarker = id(model, vocabulary, DOCUMENT_MARKER);
    this.queryTokenizer = new TextTokenizer(model, queryLength);
    this.passageTokenizer = new TextTokenizer(model, passageLength);
    for (long[] ids : passageTokenizer.encodeRaw(PUNCTUATION.chars().mapToObj(c -> String.valueOf((char) c))
        .toList())) {
      if (ids.length > 0) {
        skipList.add(ids[0]);
      }
    }
  }

  private static JsonNode vocabulary(ModelSource model) {
    try (InputStream in = model.openTokenizer()) {
      return new ObjectMapper().readTree(in).path("model").path("vocab");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the tokenizer of " + model.id() + ": " + e.getMessage(), e);
    }
  }

  private static long id(ModelSource model, JsonNode vocabulary, String token) {
    JsonNode id = vocabulary.get(token);
    if (id == null || !id.canConvertToLong()) {
      throw new IllegalArgumentException("model " + model.id() + ": its vocabulary has no " + token + "; ColBERT's"
          + " markers and query augmentation need a BERT WordPiece vocabulary");
    }
    return id.asLong();
  }

  public int queryLength() {
    return queryLength;
  }

  public int passageLength() {
    return passageLength;
  }

  /** Queries as ColBERT encodes them: exactly {@link #queryLength()} tokens, [MASK]-padded, masks not attended. */
  public TextTokenizer.Tokens[] queries(List<String> queries) {
    return marked(queryTokenizer, queries, queryMarker, queryLength, true);
  }

  /** Passages as ColBERT encodes them: up to {@link #passageLength()} tokens, unpadded. */
  public TextTokenizer.Tokens[] passages(List<String> passages) {
    return marked(passageTokenizer, passages, documentMarker, passageLength, false);
  }

  private TextTokenizer.Tokens[] marked(TextTokenizer tokenizer, List<String> texts, long marker, int length,
      boolean augment) {
    long[][] raw = tokenizer.encodeRaw(texts);
    TextTokenizer.Tokens[] out = new TextTokenizer.Tokens[raw.length];
    int cut = 0;
    for (int i = 0; i < raw.length; i++) {
      int kept = Math.min(raw[i].length, length - 3);
      cut += kept < raw[i].length ? 1 : 0;
      int attended = kept + 3;
      long[] ids = new long[augment ? length : attended];
      ids[0] = cls;
      ids[1] = marker;
      System.arraycopy(raw[i], 0, ids, 2, kept);
      ids[kept + 2] = sep;
      Arrays.fill(ids, attended, ids.length, mask);
      out[i] = new TextTokenizer.Tokens(ids, new long[ids.length], kept < raw[i].length, attended);
    }
    tokenizer.countTruncated(raw.length, cut);
    return out;
  }

  /**
   * Which of a text's tokens give a vector: every token of a query (the masks too); a passage's tokens but its
   * punctuation (the skip list).
   */
  public boolean[] scored(TextTokenizer.Tokens tokens, boolean passage) {
    boolean[] scored = new boolean[tokens.length()];
    for (int t = 0; t < scored.length; t++) {
      scored[t] = !passage || !skipList.contains(tokens.ids()[t]);
    }
    return scored;
  }

  public long truncatedQueries() {
    return queryTokenizer.truncatedCount();
  }

  public long truncatedPassages() {
    return passageTokenizer.truncatedCount();
  }

  @Override
  public void close() {
    queryTokenizer.close();
    passageTokenizer.close();
  }
}
