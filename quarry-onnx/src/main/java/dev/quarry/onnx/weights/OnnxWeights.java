/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.onnx.weights;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The float32 initializers (weights) of an ONNX model, with where each lies in the file, read with a small protobuf
 * reader (ModelProto.graph = 7; GraphProto.node = 1, initializer = 5; NodeProto.input = 1, output = 2, name = 3,
 * op_type = 4; TensorProto.dims = 1, data_type = 2, float_data = 4, name = 8, raw_data = 9).
 *
 * <p>Exporters give many weights generated names ({@code onnx::MatMul_1525}); {@link #consumers()} maps each
 * initializer to the nodes that read it, so that a weight can be named after its node
 * ({@code /encoder/layer.0/attention/self/query/MatMul}). Because every tensor's bytes are located, a model with
 * new weights of the same shapes is written by copying the file and overwriting those bytes
 * ({@link #writeWithWeights}), leaving the graph untouched.
 */
public final class OnnxWeights {
  /** One float32 initializer. */
  public record Tensor(String name, long[] shape, int dataOffset, int dataBytes) {
    public int size() {
      return dataBytes / 4;
    }
  }

  /** One graph node: its name, operator and tensor names. */
  public record Node(String name, String opType, List<String> inputs, List<String> outputs) {}

  private static final int FLOAT = 1;

  private final Path file;
  private final ByteBuffer bytes;
  private final Map<String, Tensor> tensors;
  private final List<Node> nodes;

  private OnnxWeights(Path file, ByteBuffer bytes) {
    this.file = file;
    this.bytes = bytes;
    Map<String, Tensor> found = new LinkedHashMap<>();
    List<Node> graphNodes = new ArrayList<>();
    ProtobufReader model = new ProtobufReader(bytes, 0, bytes.limit());
    while (model.hasMore()) {
      int tag = model.readTag();
      if (tag >>> 3 == 7 && (tag & 7) == ProtobufReader.LENGTH_DELIMITED) {
        int start = model.readLengthDelimited();
        readGraph(model.sub(start, model.position()), found, graphNodes);
      } else {
        model.skip(tag & 7);
      }
    }
    this.tensors = Collections.unmodifiableMap(found);
    this.nodes = List.copyOf(graphNodes);
  }

  public static OnnxWeights read(Path onnxFile) {
    try (FileChannel channel = FileChannel.open(onnxFile, StandardOpenOption.READ)) {
      if (channel.size() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(onnxFile + ": ONNX files over 2 GB keep weights outside; not supported");
      }
      ByteBuffer buffer = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
      return new OnnxWeights(onnxFile, buffer);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + onnxFile + ": " + e.getMessage(), e);
    }
  }

  /** Reads an ONNX model held in memory (an embedded model's classpath resource). */
  public static OnnxWeights read(byte[] onnx) {
    return new OnnxWeights(null, ByteBuffer.wrap(onnx));
  }

  private static void readGraph(ProtobufReader graph, Map<String, Tensor> tensors, List<Node> nodes) {
    while (graph.hasMore()) {
      int tag = graph.readTag();
      int field = tag >>> 3;
      if ((tag & 7) != ProtobufReader.LENGTH_DELIMITED) {
        graph.skip(tag & 7);
        continue;
      }
      int start = graph.readLengthDelimited();
      if (field == 1) {
        nodes.add(readNode(graph.sub(start, graph.position())));
      } else if (field == 5) {
        Tensor t = readTensor(graph.sub(start, graph.position()));
        if (t != null) {
          tensors.put(t.name(), t);
        }
      }
    }
  }

  private static Node readNode(ProtobufReader node) {
    List<String> inputs = new ArrayList<>();
    List<String> outputs = new ArrayList<>();
    String name = "";
    String op = "";
    while (node.hasMore()) {
      int tag = node.readTag();
      switch (tag >>> 3) {
        case 1 -> inputs.add(node.readString());
        case 2 -> outputs.add(node.readString());
        case 3 -> name = node.readString();
        case 4 -> op = node.readString();
        default -> node.skip(tag & 7);
      }
    }
    return new Node(name, op, inputs, outputs);
  }

  /** A float32 tensor with its data located, or null for other types. */
  private static Tensor readTensor(ProtobufReader tensor) {
    List<Long> dims = new ArrayList<>();
    int type = 0;
    String name = "";
    int dataOffset = -1;
    int dataBytes = 0;
    while (tensor.hasMore()) {
      int tag = tensor.readTag();
      int field = tag >>> 3;
      int wire = tag & 7;
      if (field == 1 && wire == ProtobufReader.VARINT) {
        dims.add(tensor.readVarint());
      } else if (field == 1 && wire == ProtobufReader.LENGTH_DELIMITED) {
        int start = tensor.readLengthDelimited();
        ProtobufReader packed = tensor.sub(start, tensor.position());
        while (packed.hasMore()) {
          dims.add(packed.readVarint());
        }
      } else if (field == 2 && wire == ProtobufReader.VARINT) {
        type = (int) tensor.readVarint();
      } else if (field == 8 && wire == ProtobufReader.LENGTH_DELIMITED) {
        name = tensor.readString();
      } else if ((field == 9 || field == 4) && wire == ProtobufReader.LENGTH_DELIMITED) {
        dataOffset = tensor.readLengthDelimited();
        dataBytes = tensor.lengthSince(dataOffset);
      } else {
        tensor.skip(wire);
      }
    }
    if (type != FLOAT || dataOffset < 0) {
      return null;
    }
    return new Tensor(name, dims.stream().mapToLong(Long::longValue).toArray(), dataOffset, dataBytes);
  }

  public Path file() {
    return file;
  }

  /** The float32 initializers by name, in file order. */
  public Map<String, Tensor> tensors() {
    return tensors;
  }

  public List<Node> nodes() {
    return nodes;
  }

  /** For each initializer, the nodes that take it as an input. */
  public Map<String, List<Node>> consumers() {
    Map<String, List<Node>> consumers = new HashMap<>();
    for (Node node : nodes) {
      for (String input : node.inputs()) {
        if (tensors.containsKey(input)) {
          consumers.computeIfAbsent(input, k -> new ArrayList<>()).add(node);
        }
      }
    }
    return consumers;
  }

  /** The values of one initializer. */
  public float[] values(String name) {
    Tensor t = tensors.get(name);
    if (t == null) {
      throw new IllegalArgumentException("no float32 initializer '" + name + "' in " + (file == null ? "the model" : file));
    }
    float[] values = new float[t.size()];
    bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN).position(t.dataOffset()).slice()
        .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
    return values;
  }

  /**
   * Writes a copy of this model with some initializers' values replaced; every replacement must have the
   * initializer's exact size. The graph, names and every other byte stay as they were.
   */
  public void writeWithWeights(Path target, Map<String, float[]> replacements) {
    byte[] copy = new byte[bytes.limit()];
    bytes.duplicate().position(0).get(copy);
    ByteBuffer out = ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN);
    for (Map.Entry<String, float[]> e : replacements.entrySet()) {
      Tensor t = tensors.get(e.getKey());
      if (t == null) {
        throw new IllegalArgumentException("no float32 initializer '" + e.getKey() + "' to replace");
      }
      if (e.getValue().length != t.size()) {
        throw new IllegalArgumentException("initializer '" + e.getKey() + "' has " + t.size() + " values; got "
            + e.getValue().length);
      }
      out.position(t.dataOffset());
      out.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(e.getValue());
    }
    try {
      Files.write(target, copy);
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot write " + target + ": " + ex.getMessage(), ex);
    }
  }
}
