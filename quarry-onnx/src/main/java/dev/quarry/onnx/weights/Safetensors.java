/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.onnx.weights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads and writes Hugging Face's safetensors format (https://github.com/huggingface/safetensors): an 8-byte
 * little-endian header length, a JSON header ({@code name: {dtype, shape, data_offsets}} and an optional
 * {@code __metadata__} map of strings), then the tensors' bytes. Written here because the format is a page long and
 * no maintained Java library for it is on Maven Central. Reads F32, F16 and BF16 (widened to float); writes F32.
 */
public final class Safetensors {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A tensor: its shape and values (row-major). */
  public record Tensor(long[] shape, float[] values) {
    public Tensor {
      long size = 1;
      for (long d : shape) {
        size *= d;
      }
      if (size != values.length) {
        throw new IllegalArgumentException("shape " + java.util.Arrays.toString(shape) + " holds " + size
            + " values; got " + values.length);
      }
    }
  }

  private Safetensors() {}

  /** Every tensor of a file, by name, in file order. */
  public static Map<String, Tensor> read(Path file) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer all = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size()).order(ByteOrder.LITTLE_ENDIAN);
      long headerLength = all.getLong(0);
      if (headerLength <= 0 || 8 + headerLength > all.limit()) {
        throw new IllegalArgumentException(file + ": not a safetensors file (header length " + headerLength + ")");
      }
      byte[] header = new byte[(int) headerLength];
      all.get(8, header);
      JsonNode root = JSON.readTree(header);
      int dataStart = (int) (8 + headerLength);
      Map<String, Tensor> tensors = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getKey().equals("__metadata__")) {
          continue;
        }
        JsonNode info = e.getValue();
        JsonNode shapeNode = info.get("shape");
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
          shape[i] = shapeNode.get(i).asLong();
        }
        int begin = dataStart + info.get("data_offsets").get(0).asInt();
        int end = dataStart + info.get("data_offsets").get(1).asInt();
        tensors.put(e.getKey(), new Tensor(shape, decode(file, e.getKey(), info.get("dtype").asText(),
            all.slice(begin, end - begin).order(ByteOrder.LITTLE_ENDIAN))));
      }
      return tensors;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static float[] decode(Path file, String name, String dtype, ByteBuffer data) {
    switch (dtype) {
      case "F32" -> {
        float[] v = new float[data.remaining() / 4];
        data.asFloatBuffer().get(v);
        return v;
      }
      case "F16" -> {
        float[] v = new float[data.remaining() / 2];
        for (int i = 0; i < v.length; i++) {
          v[i] = Float.float16ToFloat(data.getShort(i * 2));
        }
        return v;
      }
      case "BF16" -> {
        float[] v = new float[data.remaining() / 2];
        for (int i = 0; i < v.length; i++) {
          v[i] = Float.intBitsToFloat((data.getShort(i * 2) & 0xFFFF) << 16);
        }
        return v;
      }
      default -> throw new IllegalArgumentException(file + ": tensor '" + name + "' has dtype " + dtype
          + "; only F32, F16 and BF16 are read");
    }
  }

  /**
   * Writes tensors as F32 in name order, with optional string metadata: the same tensors always give the same bytes,
   * whatever the order of the map (a resumed run's export equals an uninterrupted one's, bit for bit).
   */
  public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
    Map<String, Object> header = new LinkedHashMap<>();
    if (metadata != null && !metadata.isEmpty()) {
      header.put("__metadata__", new TreeMap<>(metadata));
    }
    SortedMap<String, Tensor> sorted = new TreeMap<>(tensors);
    long offset = 0;
    for (Map.Entry<String, Tensor> e : sorted.entrySet()) {
      long bytes = 4L * e.getValue().values().length;
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("dtype", "F32");
      entry.put("shape", e.getValue().shape());
      entry.put("data_offsets", new long[] {offset, offset + bytes});
      header.put(e.getKey(), entry);
      offset += bytes;
    }
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      byte[] json = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
      int padded = (json.length + 7) / 8 * 8;
      ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
      out.write(length.array());
      out.write(json);
      for (int i = json.length; i < padded; i++) {
        out.write(' ');
      }
      for (Tensor t : sorted.values()) {
        ByteBuffer data = ByteBuffer.allocate(4 * t.values().length).order(ByteOrder.LITTLE_ENDIAN);
        data.asFloatBuffer().put(t.values());
        out.write(data.array());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
