/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.api;

import dev.quarry.onnx.ModelRegistry;
import dev.quarry.onnx.ModelSource;
import dev.quarry.onnx.OnnxEncoder;
import java.util.List;

/**
 * A dual encoder on ONNX Runtime: an embedded model (an ONNX file inside a Maven artifact; nothing is downloaded) or
 * a model folder, such as one {@code quarry train} wrote. Queries and passages are encoded each with the model's own
 * recipe (query instruction or prefixes, pooling, normalisation, maximum length). Holds a native session: close it.
 * Thread-safe.
 *
 * <pre>{@code
 * try (Model model = Model.load("bge-small-en-v1.5")) {
 *   float[] query = model.encodeQuery("do statins reduce mortality");
 *   float[][] passages = model.encodePassages(List.of("Statins lower LDL ...", "Aspirin ..."));
 * }
 * }</pre>
 */
public final class Model implements AutoCloseable {
  private final OnnxEncoder encoder;

  private Model(OnnxEncoder encoder) {
    this.encoder = encoder;
  }

  /**
   * Loads a model.
   *
   * @param nameOrFolder an embedded model's name ({@link #embedded()}) or a model folder
   * @return the loaded model; close it
   * @throws IllegalArgumentException naming the models there are when the name is none of them, or when the folder
   *     holds a model that is not a dual encoder
   */
  public static Model load(String nameOrFolder) {
    return new Model(new OnnxEncoder(ModelRegistry.resolve(nameOrFolder)));
  }

  /**
   * The embedded models' names, the first the default.
   *
   * @return the names {@link #load} takes without a folder
   */
  public static List<String> embedded() {
    return ModelRegistry.embedded().stream().map(ModelSource::id).toList();
  }

  /**
   * The model's id: an embedded model's name or the folder.
   *
   * @return the id
   */
  public String id() {
    return encoder.modelId();
  }

  /**
   * The length of every vector.
   *
   * @return the dimension
   */
  public int dimension() {
    return encoder.dimension();
  }

  /**
   * One query's vector.
   *
   * @param query the query's text
   * @return its vector (unit length for a model that normalises)
   */
  public float[] encodeQuery(String query) {
    return encodeQueries(List.of(query))[0];
  }

  /**
   * Queries' vectors, encoded in batches.
   *
   * @param queries the texts
   * @return one vector per text, in order
   */
  public float[][] encodeQueries(List<String> queries) {
    return encoder.encodeQueries(queries);
  }

  /**
   * Passages' vectors, encoded in batches; a passage longer than the model's maximum length is truncated.
   *
   * @param passages the texts (a title and text joined by a space, as indexes encode them)
   * @return one vector per text, in order
   */
  public float[][] encodePassages(List<String> passages) {
    return encoder.encodePassages(passages);
  }

  /** Releases the native session. */
  @Override
  public void close() {
    encoder.close();
  }

  @Override
  public String toString() {
    return "Model[" + encoder + "]";
  }
}
