/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;

/**
 * OpenAI's embeddings API ({@code POST /v1/embeddings}, {@code GET /v1/models}) over Quarry's models, so that any
 * OpenAI-compatible client can use them. {@code input} is a string or a list of strings (OpenAI's token-id arrays
 * are refused); {@code encoding_format} is {@code float} or {@code base64} (little-endian float32, as OpenAI's);
 * {@code dimensions}, if given, must be the model's. Texts are encoded as passages (with the model's passage
 * prefix); Quarry's extension {@code input_type: "query"} encodes them as queries (with bge's instruction, e5's
 * {@code query: }), which is what a retrieval model wants for a search text and OpenAI's API cannot say.
 */
final class EmbeddingEndpoints {
  private final Catalog catalog;
  private final Requests requests;

  EmbeddingEndpoints(Catalog catalog, Requests requests) {
    this.catalog = catalog;
    this.requests = requests;
  }

  void embeddings(Context ctx) {
    JsonNode body = requests.jsonBody(ctx);
    EmbeddingModel model = Requests.named(catalog.models(), Requests.optionalText(body, "model"), "model", "model");
    List<String> input = requests.strings(body.get("input"), "input", true);
    for (int i = 0; i < input.size(); i++) {
      if (input.get(i).isEmpty()) {
        throw ApiException.badRequest("input", "input " + i + " is an empty string");
      }
    }
    String format = Requests.optionalText(body, "encoding_format");
    boolean base64 = "base64".equals(format);
    if (format != null && !base64 && !"float".equals(format)) {
      throw ApiException.badRequest("encoding_format", "encoding_format must be 'float' or 'base64'; got '"
          + Requests.abbreviate(format) + "'");
    }
    JsonNode dimensions = body.get("dimensions");
    if (dimensions != null && !dimensions.isNull()
        && !(dimensions.isIntegralNumber() && dimensions.asLong() == model.encoder().dimension())) {
      throw ApiException.badRequest("dimensions", "model " + model.name() + " gives " + model.encoder().dimension()
          + " dimensions and cannot shorten them; got " + Requests.abbreviate(dimensions.toString()));
    }
    String type = Requests.optionalText(body, "input_type");
    boolean queries = "query".equals(type);
    if (type != null && !queries && !"passage".equals(type)) {
      throw ApiException.badRequest("input_type", "input_type must be 'passage' (the default) or 'query'; got '"
          + Requests.abbreviate(type) + "'");
    }
    float[][] vectors = queries ? model.encoder().encodeQueries(input) : model.encoder().encodePassages(input);
    String prefix = queries ? model.encoder().recipe().queryPrefix() : model.encoder().recipe().passagePrefix();
    long tokens = model.tokens(prefix.isEmpty() ? input : input.stream().map(t -> prefix + t).toList());

    ObjectNode out = Requests.JSON.createObjectNode();
    out.put("object", "list");
    ArrayNode data = out.putArray("data");
    for (int i = 0; i < vectors.length; i++) {
      ObjectNode item = data.addObject();
      item.put("object", "embedding");
      item.put("index", i);
      if (base64) {
        ByteBuffer bytes = ByteBuffer.allocate(vectors[i].length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(vectors[i]);
        item.put("embedding", Base64.getEncoder().encodeToString(bytes.array()));
      } else {
        ArrayNode values = item.putArray("embedding");
        for (float v : vectors[i]) {
          values.add(v);
        }
      }
    }
    out.put("model", model.name());
    ObjectNode usage = out.putObject("usage");
    usage.put("prompt_tokens", tokens);
    usage.put("total_tokens", tokens);
    ServerMetrics.json(ctx, out);
  }

  void models(Context ctx) {
    ObjectNode out = Requests.JSON.createObjectNode();
    out.put("object", "list");
    ArrayNode data = out.putArray("data");
    for (EmbeddingModel m : catalog.models().values()) {
      ObjectNode item = data.addObject();
      item.put("id", m.name());
      item.put("object", "model");
      item.put("created", 0);
      item.put("owned_by", "quarry");
      item.put("dimensions", m.encoder().dimension());
    }
    ServerMetrics.json(ctx, out);
  }
}
