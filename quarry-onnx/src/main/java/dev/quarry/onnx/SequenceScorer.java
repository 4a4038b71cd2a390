/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.quarry.core.NativeCalls;
import dev.quarry.onnx.weights.Safetensors;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores token sequences with a BERT cross-encoder on ONNX Runtime: one score per sequence. Reads a reranker folder:
 * {@code tokenizer.json}, {@code model.onnx}, {@code quarry.json} ({@code kind}: cross-encoder or pairwise,
 * {@code max_length}); the graph either outputs {@code logits} ([batch, 1]: the score; [batch, 2]: the second logit
 * less the first), as Hugging Face exports of cross-encoders do, or {@code last_hidden_state}, with the linear head in
 * {@code head.safetensors} ({@code classifier.weight} [1, hidden], {@code classifier.bias} [1]) applied to the
 * [CLS] vector, as Quarry saves the rerankers it trains. Batches run on the caller's thread. Thread-safe.
 */
final class SequenceScorer implements AutoCloseable {
  private final Path folder;
  private final int maxLength;
  private final int batchSize;
  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession session;
  private final TextTokenizer tokenizer;
  private final String output;
  private final float[] headWeight;
  private final float headBias;
  private final boolean takesTokenTypes;

  SequenceScorer(Path folder, ModelKind expectedKind, int batchSize, int threads) {
    List<String> missing = new ArrayList<>();
    for (String f : List.of("tokenizer.json", "model.onnx")) {
      if (!Files.isRegularFile(folder.resolve(f))) {
        missing.add(f);
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("reranker folder " + folder + " has no " + String.join(" and no ", missing));
    }
    this.folder = folder.toAbsolutePath().normalize();
    // a folder without quarry.json is a Hugging Face cross-encoder export, read at 512 tokens
    ModelManifest manifest = ModelManifest.read(folder, ModelKind.CROSS_ENCODER,
        new EncoderRecipe(Pooling.CLS, false, "", "", 512)).orElse(null);
    ModelKind kind = manifest == null ? ModelKind.CROSS_ENCODER : manifest.kind();
    this.maxLength = manifest == null ? 512 : manifest.recipe().maxLength();
    if (kind != expectedKind) {
      throw new IllegalArgumentException(folder + " is a " + kind + " model, not a " + expectedKind + " reranker");
    }
    this.batchSize = batchSize;
    ModelSource source = new ModelSource(this.folder.toString(), "folder " + this.folder,
        new EncoderRecipe(Pooling.CLS, false, "", "", maxLength), this.folder, null, null, Map.of());
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(threads);
      options.setInterOpNumThreads(1);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      this.session = source.openSession(env, options);
      Set<String> outputs = session.getOutputNames();
      this.output = outputs.contains("logits") ? "logits" : outputs.contains("last_hidden_state")
          ? "last_hidden_state" : null;
      if (output == null) {
        throw new IllegalArgumentException(folder + ": the ONNX graph outputs neither 'logits' nor"
            + " 'last_hidden_state' but " + outputs);
      }
      this.takesTokenTypes = session.getInputNames().contains("token_type_ids");
      if (output.equals("last_hidden_state")) {
        Path head = folder.resolve("head.safetensors");
        if (!Files.isRegularFile(head)) {
          throw new IllegalArgumentException(folder + ": the graph gives token vectors and there is no"
              + " head.safetensors to score them");
        }
        Map<String, Safetensors.Tensor> tensors = Safetensors.read(head);
        long hidden = ((TensorInfo) session.getOutputInfo().get(output).getInfo()).getShape()[2];
        this.headWeight = tensors.get("classifier.weight").values();
        this.headBias = tensors.get("classifier.bias").values()[0];
        if (headWeight.length != hidden) {
          throw new IllegalArgumentException(head + ": classifier.weight has " + headWeight.length
              + " values; the model's hidden size is " + hidden);
        }
      } else {
        this.headWeight = null;
        this.headBias = 0;
      }
    } catch (OrtException e) {
      throw new IllegalArgumentException("cannot load reranker " + folder + ": " + e.getMessage(), e);
    }
    this.tokenizer = new TextTokenizer(source, maxLength);
  }

  String id() {
    return folder.toString();
  }

  TextTokenizer tokenizer() {
    return tokenizer;
  }

  int maxLength() {
    return maxLength;
  }

  /** One score per sequence, in order (sorted by length internally to pad little). */
  float[] score(List<TextTokenizer.Tokens> sequences) {
    Integer[] order = new Integer[sequences.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Integer.compare(sequences.get(b).length(), sequences.get(a).length()));
    float[] scores = new float[sequences.size()];
    for (int start = 0; start < order.length; start += batchSize) {
      int end = Math.min(order.length, start + batchSize);
      List<TextTokenizer.Tokens> batch = new ArrayList<>();
      for (int i = start; i < end; i++) {
        batch.add(sequences.get(order[i]));
      }
      float[] batchScores = run(batch);
      for (int i = start; i < end; i++) {
        scores[order[i]] = batchScores[i - start];
      }
    }
    return scores;
  }

  private float[] run(List<TextTokenizer.Tokens> batch) {
    PaddedBatch padded = PaddedBatch.of(batch);
    int rows = padded.rows();
    int width = padded.width();
    Map<String, OnnxTensor> inputs = Map.of();
    try {
      inputs = padded.tensors(env, takesTokenTypes);
      Map<String, OnnxTensor> feed = inputs;
      return NativeCalls.call(() -> runSession(feed, rows, width));
    } catch (OrtException e) {
      throw new IllegalStateException("reranker " + folder + " failed on a batch of " + rows + ": " + e.getMessage(), e);
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  /** One session run on a batch's inputs: a score per row. */
  private float[] runSession(Map<String, OnnxTensor> inputs, int rows, int width) throws OrtException {
    try (OrtSession.Result result = session.run(inputs, Set.of(output))) {
      OnnxTensor tensor = (OnnxTensor) result.get(0);
      FloatBuffer values = tensor.getFloatBuffer();
      float[] scores = new float[rows];
      if (headWeight == null) {
        int labels = (int) tensor.getInfo().getShape()[1];
        for (int r = 0; r < rows; r++) {
          scores[r] = labels == 1 ? values.get(r) : values.get(r * labels + 1) - values.get(r * labels);
        }
      } else {
        int hidden = headWeight.length;
        for (int r = 0; r < rows; r++) {
          double s = headBias;
          int base = r * width * hidden;
          for (int d = 0; d < hidden; d++) {
            s += values.get(base + d) * headWeight[d];
          }
          scores[r] = (float) s;
        }
      }
      return scores;
    }
  }

  @Override
  public void close() {
    tokenizer.close();
    try {
      NativeCalls.call(() -> {
        session.close();
        return null;
      });
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }
}
