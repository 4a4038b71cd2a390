/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads and checks what a request sends, against the server's limits: every refusal is an {@link ApiException}
 * naming the parameter. Bodies are read up to their limit and no further, whatever Content-Length says.
 */
final class Requests {
  static final ObjectMapper JSON = new ObjectMapper();

  private final ServerSettings limits;

  Requests(ServerSettings limits) {
    this.limits = limits;
  }

  /** The body as a JSON object, at most {@code maxBodyBytes}. */
  JsonNode jsonBody(Context ctx) {
    byte[] bytes = body(ctx, limits.maxBodyBytes());
    if (bytes.length == 0) {
      throw ApiException.badRequest("body", "the request needs a JSON object as its body");
    }
    JsonNode node;
    try {
      node = JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("body", "malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (node == null || !node.isObject()) {
      throw ApiException.badRequest("body", "the body must be a JSON object");
    }
    return node;
  }

  /** The body as UTF-8 text, at most {@code limit} bytes. */
  String textBody(Context ctx, int limit, String parameter) {
    byte[] bytes = body(ctx, limit);
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw ApiException.badRequest(parameter, "the body is not UTF-8 text");
    }
  }

  /**
   * At most {@code limit} bytes of body. Over the limit, the rest is read and dropped (up to {@link #DRAINED} bytes,
   * never kept) before the 413, so that the client, still sending, reads the answer instead of a reset connection;
   * a body larger still gets the 413 at once and the connection is closed.
   */
  private static byte[] body(Context ctx, int limit) {
    long declared = ctx.req().getContentLengthLong();
    try (InputStream in = ctx.req().getInputStream()) {
      if (declared > limit) {
        throw tooLarge(ctx, in, declared, limit);
      }
      byte[] bytes = in.readNBytes(limit + 1);
      if (bytes.length > limit) {
        throw tooLarge(ctx, in, -1, limit);
      }
      return bytes;
    } catch (IOException e) {
      throw ApiException.badRequest("body", "the body could not be read: " + e.getMessage());
    }
  }

  /** Bytes of an oversized body read and dropped before answering 413. */
  static final long DRAINED = 16L << 20;

  private static ApiException tooLarge(Context ctx, InputStream in, long declared, int limit) throws IOException {
    long left = declared > DRAINED ? 0 : DRAINED;
    byte[] dropped = new byte[8192];
    int n;
    while (left > 0 && (n = in.read(dropped, 0, (int) Math.min(dropped.length, left))) >= 0) {
      left -= n;
    }
    if (left == 0) {
      ctx.header("Connection", "close");
    }
    return new ApiException(413, "body", "the body is larger than the limit of " + limit + " bytes");
  }

  /** A query text: present, not blank, at most {@code maxQueryChars}. */
  String query(String text, String parameter) {
    if (text == null || text.isBlank()) {
      throw ApiException.badRequest(parameter, "the query is empty");
    }
    if (text.length() > limits.maxQueryChars()) {
      throw ApiException.badRequest(parameter, "the query is " + text.length() + " characters long; the limit is "
          + limits.maxQueryChars());
    }
    return text;
  }

  /** k: an integer from 1 to {@code maxK}, {@code fallback} when absent. */
  int k(String text, int fallback) {
    if (text == null || text.isBlank()) {
      return fallback;
    }
    int k;
    try {
      k = Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("k", "k must be an integer; got '" + abbreviate(text) + "'");
    }
    return checkK(k);
  }

  int k(JsonNode node, int fallback) {
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      throw ApiException.badRequest("k", "k must be an integer; got " + abbreviate(node.toString()));
    }
    return checkK(node.intValue());
  }

  private int checkK(int k) {
    if (k < 1 || k > limits.maxK()) {
      throw ApiException.badRequest("k", "k must be between 1 and " + limits.maxK() + "; got " + k);
    }
    return k;
  }

  /** A list of strings of at most {@code maxBatch} items (a single string is a list of one if allowed). */
  List<String> strings(JsonNode node, String parameter, boolean singleAllowed) {
    if (node == null || node.isNull()) {
      throw ApiException.badRequest(parameter, "'" + parameter + "' is required");
    }
    if (singleAllowed && node.isTextual()) {
      return List.of(node.textValue());
    }
    if (!node.isArray()) {
      throw ApiException.badRequest(parameter, "'" + parameter + "' must be " + (singleAllowed
          ? "a string or a list of strings" : "a list of strings"));
    }
    batchSize(node.size(), parameter);
    List<String> values = new ArrayList<>(node.size());
    for (JsonNode item : node) {
      if (!item.isTextual()) {
        throw ApiException.badRequest(parameter, "'" + parameter + "' must hold strings only; item "
            + values.size() + " is " + item.getNodeType().toString().toLowerCase(Locale.ROOT));
      }
      values.add(item.textValue());
    }
    return values;
  }

  /** A batch of 1 to {@code maxBatch} items. */
  void batchSize(int size, String parameter) {
    if (size == 0) {
      throw ApiException.badRequest(parameter, "'" + parameter + "' is empty");
    }
    if (size > limits.maxBatch()) {
      throw ApiException.badRequest(parameter, "'" + parameter + "' has " + size + " items; the limit is "
          + limits.maxBatch());
    }
  }

  /** An optional string field, null when absent; anything but a string is refused. */
  static String optionalText(JsonNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw ApiException.badRequest(field, "'" + field + "' must be a string");
    }
    return node.textValue();
  }

  /** The entry of {@code options} named {@code name}, refusing an unknown name with the known ones. */
  static <T> T named(Map<String, T> options, String name, String parameter, String what) {
    T value = name == null ? null : options.get(name);
    if (value == null) {
      throw ApiException.badRequest(parameter, (name == null ? "no " + what + " given" : "unknown " + what + " '"
          + abbreviate(name) + "'") + "; known: " + String.join(", ", options.keySet()));
    }
    return value;
  }

  /** At most 80 characters of user input in a message. */
  static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }
}
