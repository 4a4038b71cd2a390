/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.onnx;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A model's {@code tokenizer.json} (through DJL's binding of Hugging Face tokenizers), truncating at the model's
 * maximum length and counting every text it truncates: text past the limit is never dropped silently.
 * Thread-safe.
 */
public final class TextTokenizer implements AutoCloseable {
  /**
   * One tokenized text: token ids and token-type ids, special tokens included, unpadded.
   *
   * @param attended how many leading tokens attention sees: all of them, except ColBERT's query augmentation, whose
   *     trailing [MASK] tokens are encoded but not attended to
   */
  public record Tokens(long[] ids, long[] typeIds, boolean truncated, int attended) {
    public Tokens {
      if (attended < 1 || attended > ids.length) {
        throw new IllegalArgumentException("attended must be between 1 and " + ids.length + "; got " + attended);
      }
    }

    public Tokens(long[] ids, long[] typeIds, boolean truncated) {
      this(ids, typeIds, truncated, ids.length);
    }

    public int length() {
      return ids.length;
    }
  }

  private final HuggingFaceTokenizer tokenizer;
  private final int maxLength;
  private final AtomicLong texts = new AtomicLong();
  private final AtomicLong truncated = new AtomicLong();

  public TextTokenizer(ModelSource model, int maxLength) {
    this.maxLength = maxLength;
    try (InputStream in = model.openTokenizer()) {
      this.tokenizer = HuggingFaceTokenizer.newInstance(in, Map.of(
          "addSpecialTokens", "true",
          "truncation", "true",
          "padding", "false",
          "maxLength", Integer.toString(maxLength),
          "modelMaxLength", Integer.toString(maxLength)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the tokenizer of " + model.id() + ": " + e.getMessage(), e);
    }
  }

  public int maxLength() {
    return maxLength;
  }

  /** Tokenizes texts (in parallel, natively). */
  public Tokens[] encode(List<String> batch) {
    Encoding[] encodings = tokenizer.batchEncode(batch);
    Tokens[] tokens = new Tokens[encodings.length];
    for (int i = 0; i < encodings.length; i++) {
      tokens[i] = count(encodings[i]);
    }
    return tokens;
  }

  /** Tokenizes a pair as {@code [CLS] a [SEP] b [SEP]}, truncating the longer side first. */
  public Tokens encodePair(String first, String second) {
    return count(tokenizer.encode(first, second));
  }

  /**
   * Tokenizes a query and two passages as {@code [CLS] q [SEP] a [SEP] b [SEP]} (token types 0 for the query, 1 for
   * the passages), the query cut at {@code queryTokens} and the passages sharing the rest equally, so that neither
   * passage is crowded out by the other.
   */
  public Tokens encodeTriple(String query, String first, String second, int queryTokens) {
    long[] specials = tokenizer.encode("", true, false).getIds();
    long cls = specials[0];
    long sep = specials[specials.length - 1];
    long[] q = tokenizer.encode(query, false, false).getIds();
    long[] a = tokenizer.encode(first, false, false).getIds();
    long[] b = tokenizer.encode(second, false, false).getIds();
    int qLength = Math.min(q.length, queryTokens);
    int room = Math.max(2, maxLength - 4 - qLength);
    int aLength = Math.min(a.length, Math.max(room / 2, room - b.length));
    int bLength = Math.min(b.length, room - aLength);
    boolean cut = qLength < q.length || aLength < a.length || bLength < b.length;
    int length = 4 + qLength + aLength + bLength;
    long[] ids = new long[length];
    long[] types = new long[length];
    int i = 0;
    ids[i++] = cls;
    System.arraycopy(q, 0, ids, i, qLength);
    i += qLength;
    ids[i++] = sep;
    int passagesStart = i;
    System.arraycopy(a, 0, ids, i, aLength);
    i += aLength;
    ids[i++] = sep;
    System.arraycopy(b, 0, ids, i, bLength);
    i += bLength;
    ids[i] = sep;
    java.util.Arrays.fill(types, passagesStart, length, 1L);
    texts.incrementAndGet();
    if (cut) {
      truncated.incrementAndGet();
    }
    return new Tokens(ids, types, cut);
  }

  /**
   * Token ids of each text without special tokens, at most {@link #maxLength()} of them (more are cut by the
   * tokenizer: callers that add their own special tokens count what they cut themselves, see
   * {@link #countTruncated}).
   */
  public long[][] encodeRaw(List<String> batch) {
    Encoding[] encodings = tokenizer.batchEncode(batch, false, false);
    long[][] ids = new long[encodings.length][];
    for (int i = 0; i < encodings.length; i++) {
      ids[i] = encodings[i].getIds();
    }
    return ids;
  }

  /** Counts texts put together from {@link #encodeRaw} by a caller, and which of them it cut. */
  public void countTruncated(int total, int cut) {
    texts.addAndGet(total);
    truncated.addAndGet(cut);
  }

  private Tokens count(Encoding encoding) {
    texts.incrementAndGet();
    boolean cut = encoding.exceedMaxLength();
    if (cut) {
      truncated.incrementAndGet();
    }
    return new Tokens(encoding.getIds(), encoding.getTypeIds(), cut);
  }

  /** Texts tokenized so far. */
  public long textCount() {
    return texts.get();
  }

  /** Texts truncated to {@link #maxLength()} so far. */
  public long truncatedCount() {
    return truncated.get();
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
