/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shape of a BERT encoder (Devlin et al., NAACL 2019), with Hugging Face's {@code config.json} names.
 *
 * @param vocabSize word-piece vocabulary size
 * @param hidden hidden size
 * @param layers transformer layers
 * @param heads attention heads (hidden must divide by it)
 * @param intermediate feed-forward size
 * @param maxPositions position embeddings
 * @param typeVocab token-type embeddings
 * @param layerNormEps LayerNorm epsilon
 */
public record BertConfig(int vocabSize, int hidden, int layers, int heads, int intermediate, int maxPositions,
    int typeVocab, double layerNormEps) {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public BertConfig {
    if (vocabSize < 1 || hidden < 1 || layers < 1 || heads < 1 || intermediate < 1 || maxPositions < 1
        || typeVocab < 1) {
      throw new IllegalArgumentException("every size must be positive: " + this);
    }
    if (hidden % heads != 0) {
      throw new IllegalArgumentException("hidden size " + hidden + " does not divide into " + heads + " heads");
    }
  }

  public int headSize() {
    return hidden / heads;
  }

  /** Reads Hugging Face {@code config.json} keys (missing ones take BERT-base defaults). */
  public static BertConfig fromJson(JsonNode node) {
    return new BertConfig(node.path("vocab_size").asInt(30522), node.path("hidden_size").asInt(768),
        node.path("num_hidden_layers").asInt(12), node.path("num_attention_heads").asInt(12),
        node.path("intermediate_size").asInt(3072), node.path("max_position_embeddings").asInt(512),
        node.path("type_vocab_size").asInt(2), node.path("layer_norm_eps").asDouble(1e-12));
  }

  public static BertConfig read(Path configJson) {
    try {
      return fromJson(JSON.readTree(configJson.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + configJson + ": " + e.getMessage(), e);
    }
  }

  /** Writes a Hugging Face {@code config.json} that transformers' {@code BertModel} reads. */
  public void write(Path configJson) {
    Map<String, Object> node = new LinkedHashMap<>();
    node.put("architectures", new String[] {"BertModel"});
    node.put("model_type", "bert");
    node.put("vocab_size", vocabSize);
    node.put("hidden_size", hidden);
    node.put("num_hidden_layers", layers);
    node.put("num_attention_heads", heads);
    node.put("intermediate_size", intermediate);
    node.put("hidden_act", "gelu");
    node.put("hidden_dropout_prob", 0.1);
    node.put("attention_probs_dropout_prob", 0.1);
    node.put("max_position_embeddings", maxPositions);
    node.put("type_vocab_size", typeVocab);
    node.put("layer_norm_eps", layerNormEps);
    node.put("initializer_range", 0.02);
    node.put("pad_token_id", 0);
    try {
      Files.writeString(configJson, JSON.writeValueAsString(node));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + configJson + ": " + e.getMessage(), e);
    }
  }
}
