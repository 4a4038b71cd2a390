/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.pretrain;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.onnx.ModelSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A BERT word-piece vocabulary, as the model's {@code tokenizer.json} gives it: texts as ids without special tokens
 * or truncation (crops and masks work on ids), the special tokens' ids, and which pieces continue a word ({@code ##}),
 * for whole-word masking. Thread-safe (the native tokenizer is).
 */
public final class WordPieces implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HuggingFaceTokenizer tokenizer;
  private final int vocabularySize;
  private final boolean[] continuation;
  private final long cls;
  private final long sep;
  private final long mask;
  private final long pad;
  private final boolean[] special;

  public WordPieces(ModelSource model) {
    JsonNode vocab;
    try (InputStream in = model.openTokenizer()) {
      vocab = JSON.readTree(in).path("model").path("vocab");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the tokenizer of " + model.id() + ": " + e.getMessage(), e);
    }
    if (!vocab.isObject() || vocab.isEmpty()) {
      throw new IllegalArgumentException("the tokenizer of " + model.id() + " has no word-piece vocabulary"
          + " (model.vocab); pre-training needs a BERT tokenizer");
    }
    int size = 0;
    for (JsonNode id : vocab) {
      size = Math.max(size, id.asInt() + 1);
    }
    this.vocabularySize = size;
    this.continuation = new boolean[size];
    this.special = new boolean[size];
    for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      continuation[e.getValue().asInt()] = e.getKey().startsWith("##");
      special[e.getValue().asInt()] = e.getKey().startsWith("[") && e.getKey().endsWith("]")
          && e.getKey().length() > 2 && e.getKey().substring(1, e.getKey().length() - 1).chars()
              .allMatch(c -> Character.isUpperCase(c) || c == '_');
    }
    this.cls = required(vocab, "[CLS]", model);
    this.sep = required(vocab, "[SEP]", model);
    this.mask = required(vocab, "[MASK]", model);
    this.pad = required(vocab, "[PAD]", model);
    try (InputStream in = model.openTokenizer()) {
      this.tokenizer = HuggingFaceTokenizer.newInstance(in, Map.of("addSpecialTokens", "false", "truncation", "false",
          "padding", "false"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the tokenizer of " + model.id() + ": " + e.getMessage(), e);
    }
  }

  private static long required(JsonNode vocab, String token, ModelSource model) {
    JsonNode id = vocab.get(token);
    if (id == null) {
      throw new IllegalArgumentException("the tokenizer of " + model.id() + " has no " + token + " token");
    }
    return id.asLong();
  }

  /** The ids of {@code text}'s word pieces, without special tokens, not truncated. */
  public long[] ids(String text) {
    return tokenizer.encode(text, false, false).getIds();
  }

  /** The ids of each text's word pieces (natively, in parallel). */
  public long[][] ids(List<String> texts) {
    var encodings = tokenizer.batchEncode(texts, false, false);
    long[][] out = new long[encodings.length][];
    for (int i = 0; i < out.length; i++) {
      out[i] = encodings[i].getIds();
    }
    return out;
  }

  public int vocabularySize() {
    return vocabularySize;
  }

  /** Whether piece {@code id} continues the word before it ({@code ##ing}). */
  public boolean continues(long id) {
    return id >= 0 && id < continuation.length && continuation[(int) id];
  }

  /** Whether {@code id} is a special token ({@code [CLS]}, {@code [SEP]}, {@code [PAD]}, {@code [MASK]}, ...). */
  public boolean isSpecial(long id) {
    return id >= 0 && id < special.length && special[(int) id];
  }

  public long cls() {
    return cls;
  }

  public long sep() {
    return sep;
  }

  public long mask() {
    return mask;
  }

  public long pad() {
    return pad;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
