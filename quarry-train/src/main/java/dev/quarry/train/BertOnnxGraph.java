/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train;

import dev.quarry.onnx.weights.Safetensors;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes an ONNX graph (opset 17) of a BERT encoder of any shape with its weights, for a model no base graph fits (a
 * small BERT trained from random weights): inputs {@code input_ids}, {@code attention_mask}, {@code token_type_ids}
 * ([batch, sequence], int64), output {@code last_hidden_state} ([batch, sequence, hidden]); pooling is the recipe's,
 * done by the encoder that runs the graph. The computation is {@link BertEncoder}'s (Hugging Face's BERT: embeddings
 * and LayerNorm, then per layer self-attention with the padding mask as a -1e9 bias, residual and LayerNorm, an exact
 * erf GELU feed-forward, residual and LayerNorm).
 *
 * <p>The graph follows the layout of Hugging Face's ONNX exports, so that {@link BertWeights#fromOnnx} reads it and
 * {@link BertWeights#toOnnx} patches it like an embedded model's: embeddings, biases and LayerNorm parameters are
 * initializers under their Hugging Face names; each linear weight is an initializer {@code onnx::MatMul_N} stored
 * [in, out] and consumed by one MatMul node named after its layer ({@code /encoder/layer.0/attention/self/query/MatMul}).
 * Written with a protocol-buffer writer of its own (the fields of onnx.proto it needs).
 */
public final class BertOnnxGraph {
  private static final int OPSET = 17;
  private static final int IR_VERSION = 8;
  private static final int FLOAT = 1;
  private static final int INT64 = 7;

  private final List<byte[]> nodes = new ArrayList<>();
  private final List<byte[]> initializers = new ArrayList<>();
  private int matmuls;
  private int names;

  private BertOnnxGraph() {}

  /** Writes {@code weights} as an ONNX model to {@code file}. */
  public static void write(BertWeights weights, Path file) {
    byte[] model = new BertOnnxGraph().build(weights);
    try {
      Files.write(file, model);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private byte[] build(BertWeights weights) {
    BertConfig c = weights.config();
    int hidden = c.hidden();
    int heads = c.heads();
    int d = c.headSize();
    // embeddings
    String words = node("Gather", "/embeddings/word_embeddings/Gather",
        List.of(tensor(weights, "embeddings.word_embeddings.weight"), "input_ids"), List.of(attrInt("axis", 0)));
    String types = node("Gather", "/embeddings/token_type_embeddings/Gather",
        List.of(tensor(weights, "embeddings.token_type_embeddings.weight"), "token_type_ids"),
        List.of(attrInt("axis", 0)));
    String length = node("Shape", "/embeddings/Shape", List.of("input_ids"),
        List.of(attrInt("start", 1), attrInt("end", 2)));
    String positions = node("Slice", "/embeddings/position_embeddings/Slice",
        List.of(tensor(weights, "embeddings.position_embeddings.weight"), longs("zero", 0), length, longs("axis0", 0)),
        List.of());
    String sum = node("Add", "/embeddings/Add", List.of(words, positions), List.of());
    sum = node("Add", "/embeddings/Add_1", List.of(sum, types), List.of());
    String x = layerNorm(weights, sum, "embeddings.LayerNorm", "/embeddings/LayerNorm");
    // the padding mask as an additive bias, [batch, 1, 1, sequence]
    String mask = node("Cast", "/mask/Cast", List.of("attention_mask"), List.of(attrInt("to", FLOAT)));
    String inverse = node("Sub", "/mask/Sub", List.of(scalar("one", 1f), mask), List.of());
    String bias = node("Mul", "/mask/Mul", List.of(inverse, scalar("minus_big", -1e9f)), List.of());
    bias = node("Unsqueeze", "/mask/Unsqueeze", List.of(bias, longs("axes12", 1, 2)), List.of());
    String headShape = longs("head_shape", 0, 0, heads, d);
    String mergedShape = longs("merged_shape", 0, 0, hidden);
    String scale = scalar("sqrt_head", (float) Math.sqrt(d));
    for (int l = 0; l < c.layers(); l++) {
      String p = "/encoder/layer." + l + "/";
      String hf = "encoder.layer." + l + ".";
      String q = split(linear(weights, x, hf + "attention.self.query", p + "attention/self/query"), headShape,
          p + "attention/self/q", 0, 2, 1, 3);
      String k = split(linear(weights, x, hf + "attention.self.key", p + "attention/self/key"), headShape,
          p + "attention/self/k", 0, 2, 3, 1);
      String v = split(linear(weights, x, hf + "attention.self.value", p + "attention/self/value"), headShape,
          p + "attention/self/v", 0, 2, 1, 3);
      String scores = node("MatMul", p + "attention/self/scores/MatMul", List.of(q, k), List.of());
      scores = node("Div", p + "attention/self/Div", List.of(scores, scale), List.of());
      scores = node("Add", p + "attention/self/Add", List.of(scores, bias), List.of());
      String probabilities = node("Softmax", p + "attention/self/Softmax", List.of(scores),
          List.of(attrInt("axis", -1)));
      String context = node("MatMul", p + "attention/self/context/MatMul", List.of(probabilities, v), List.of());
      context = node("Transpose", p + "attention/self/Transpose_out", List.of(context),
          List.of(attrInts("perm", 0, 2, 1, 3)));
      context = node("Reshape", p + "attention/self/Reshape_out", List.of(context, mergedShape), List.of());
      String attended = linear(weights, context, hf + "attention.output.dense", p + "attention/output/dense");
      attended = node("Add", p + "attention/output/Add", List.of(attended, x), List.of());
      attended = layerNorm(weights, attended, hf + "attention.output.LayerNorm", p + "attention/output/LayerNorm");
      String inner = linear(weights, attended, hf + "intermediate.dense", p + "intermediate/dense");
      inner = gelu(inner, p + "intermediate/gelu");
      String out = linear(weights, inner, hf + "output.dense", p + "output/dense");
      out = node("Add", p + "output/Add", List.of(out, attended), List.of());
      x = layerNorm(weights, out, hf + "output.LayerNorm", p + "output/LayerNorm");
    }
    nodes.add(nodeBytes("Identity", "/output/Identity", List.of(x), List.of("last_hidden_state"), List.of()));

    Proto graph = new Proto();
    nodes.forEach(n -> graph.bytes(1, n));
    graph.string(2, "bert");
    initializers.forEach(t -> graph.bytes(5, t));
    for (String input : List.of("input_ids", "attention_mask", "token_type_ids")) {
      graph.bytes(11, valueInfo(input, INT64, "batch", "sequence"));
    }
    graph.bytes(12, valueInfo("last_hidden_state", FLOAT, "batch", "sequence", Integer.toString(hidden)));
    Proto opset = new Proto();
    opset.string(1, "");
    opset.varint(2, OPSET);
    Proto model = new Proto();
    model.varint(1, IR_VERSION);
    model.string(2, "quarry");
    model.bytes(7, graph.toByteArray());
    model.bytes(8, opset.toByteArray());
    return model.toByteArray();
  }

  /** {@code x W + b}: the weight an {@code onnx::MatMul_N} initializer [in, out] read by a MatMul named for it. */
  private String linear(BertWeights weights, String x, String hfName, String nodePrefix) {
    Safetensors.Tensor w = BertWeights.transpose(weights.tensors().get(hfName + ".weight"));
    String weight = "onnx::MatMul_" + (++matmuls);
    initializers.add(floatTensor(weight, w.shape(), w.values()));
    String product = node("MatMul", nodePrefix + "/MatMul", List.of(x, weight), List.of());
    return node("Add", nodePrefix + "/Add", List.of(product, tensor(weights, hfName + ".bias")), List.of());
  }

  /** [batch, sequence, hidden] to heads [batch, heads, sequence, d], transposed by {@code perm}. */
  private String split(String projected, String headShape, String prefix, int... perm) {
    String reshaped = node("Reshape", prefix + "/Reshape", List.of(projected, headShape), List.of());
    return node("Transpose", prefix + "/Transpose", List.of(reshaped), List.of(attrInts("perm", perm)));
  }

  private String layerNorm(BertWeights weights, String x, String hfName, String nodeName) {
    return node("LayerNormalization", nodeName, List.of(x, tensor(weights, hfName + ".weight"),
        tensor(weights, hfName + ".bias")), List.of(attrInt("axis", -1),
        attrFloat("epsilon", (float) weights.config().layerNormEps())));
  }

  /** The exact GELU, {@code x * (1 + erf(x / sqrt 2)) / 2}. */
  private String gelu(String x, String prefix) {
    String scaled = node("Div", prefix + "/Div", List.of(x, scalar("sqrt_two", (float) Math.sqrt(2))), List.of());
    String erf = node("Erf", prefix + "/Erf", List.of(scaled), List.of());
    String shifted = node("Add", prefix + "/Add", List.of(erf, scalar("one", 1f)), List.of());
    String product = node("Mul", prefix + "/Mul", List.of(x, shifted), List.of());
    return node("Mul", prefix + "/Mul_1", List.of(product, scalar("half", 0.5f)), List.of());
  }

  /** A Hugging Face-named weight as an initializer (once), by name. */
  private String tensor(BertWeights weights, String name) {
    if (!registered.add(name)) {
      return name;
    }
    Safetensors.Tensor t = weights.tensors().get(name);
    initializers.add(floatTensor(name, t.shape(), t.values()));
    return name;
  }

  private final java.util.Set<String> registered = new java.util.HashSet<>();

  private String scalar(String name, float value) {
    if (registered.add(name)) {
      initializers.add(floatTensor(name, new long[0], new float[] {value}));
    }
    return name;
  }

  private String longs(String name, long... values) {
    if (registered.add(name)) {
      ByteBuffer raw = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
      for (long v : values) {
        raw.putLong(v);
      }
      Proto t = new Proto();
      t.varint(1, values.length);
      t.varint(2, INT64);
      t.string(8, name);
      t.bytes(9, raw.array());
      initializers.add(t.toByteArray());
    }
    return name;
  }

  private static byte[] floatTensor(String name, long[] shape, float[] values) {
    ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    raw.asFloatBuffer().put(values);
    Proto t = new Proto();
    for (long dim : shape) {
      t.varint(1, dim);
    }
    t.varint(2, FLOAT);
    t.string(8, name);
    t.bytes(9, raw.array());
    return t.toByteArray();
  }

  /** Adds a node with one output named after it; returns the output's name. */
  private String node(String op, String name, List<String> inputs, List<byte[]> attributes) {
    String output = name + "_output_" + (names++);
    nodes.add(nodeBytes(op, name, inputs, List.of(output), attributes));
    return output;
  }

  private static byte[] nodeBytes(String op, String name, List<String> inputs, List<String> outputs,
      List<byte[]> attributes) {
    Proto n = new Proto();
    inputs.forEach(i -> n.string(1, i));
    outputs.forEach(o -> n.string(2, o));
    n.string(3, name);
    n.string(4, op);
    attributes.forEach(a -> n.bytes(5, a));
    return n.toByteArray();
  }

  private static byte[] attrInt(String name, long value) {
    Proto a = new Proto();
    a.string(1, name);
    a.varint(3, value);
    a.varint(20, 2);
    return a.toByteArray();
  }

  private static byte[] attrFloat(String name, float value) {
    Proto a = new Proto();
    a.string(1, name);
    a.fixed32(2, Float.floatToRawIntBits(value));
    a.varint(20, 1);
    return a.toByteArray();
  }

  private static byte[] attrInts(String name, int... values) {
    Proto a = new Proto();
    a.string(1, name);
    for (int v : values) {
      a.varint(8, v);
    }
    a.varint(20, 7);
    return a.toByteArray();
  }

  /** A value's name, element type and shape (each dimension a name, or a number written as digits). */
  private static byte[] valueInfo(String name, int elementType, String... dims) {
    Proto shape = new Proto();
    for (String dim : dims) {
      Proto dimension = new Proto();
      if (dim.chars().allMatch(Character::isDigit)) {
        dimension.varint(1, Long.parseLong(dim));
      } else {
        dimension.string(2, dim);
      }
      shape.bytes(1, dimension.toByteArray());
    }
    Proto tensorType = new Proto();
    tensorType.varint(1, elementType);
    tensorType.bytes(2, shape.toByteArray());
    Proto type = new Proto();
    type.bytes(1, tensorType.toByteArray());
    Proto info = new Proto();
    info.string(1, name);
    info.bytes(2, type.toByteArray());
    return info.toByteArray();
  }

  /** The protocol-buffer wire format: varints, fixed 32-bit values and length-delimited fields. */
  private static final class Proto {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    void varint(int field, long value) {
      raw((long) field << 3);
      raw(value);
    }

    void fixed32(int field, int bits) {
      raw(((long) field << 3) | 5);
      for (int i = 0; i < 4; i++) {
        out.write((bits >>> (8 * i)) & 0xff);
      }
    }

    void bytes(int field, byte[] value) {
      raw(((long) field << 3) | 2);
      raw(value.length);
      out.writeBytes(value);
    }

    void string(int field, String value) {
      bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    private void raw(long value) {
      while ((value & ~0x7FL) != 0) {
        out.write((int) ((value & 0x7F) | 0x80));
        value >>>= 7;
      }
      out.write((int) value);
    }

    byte[] toByteArray() {
      return out.toByteArray();
    }
  }
}
