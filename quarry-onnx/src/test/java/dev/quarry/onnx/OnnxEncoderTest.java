/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The batched pipeline gives what one-text-at-a-time inference gives, with each model's own recipe. */
class OnnxEncoderTest {
  @TempDir Path temp;

  @ParameterizedTest
  @ValueSource(strings = {"bge-small-en-v1.5", "all-MiniLM-L6-v2", "e5-small-v2"})
  void batchingPaddingAndSortingChangeNothing(String name) throws Exception {
    ModelSource model = ModelRegistry.resolve(name);
    FixtureTexts texts = FixtureTexts.load();
    List<String> passages = texts.passages();
    List<String> queries = texts.queries();
    try (OnnxEncoder encoder = new OnnxEncoder(model, 5, 2, 0);
        ReferenceEncoder reference = new ReferenceEncoder(model)) {
      float[][] batched = encoder.encodePassages(passages);
      for (int i = 0; i < passages.size(); i++) {
        assertClose(reference.passage(passages.get(i)), batched[i], name + " passage " + i);
      }
      float[][] batchedQueries = encoder.encodeQueries(queries);
      for (int i = 0; i < queries.size(); i++) {
        assertClose(reference.query(queries.get(i)), batchedQueries[i], name + " query " + i);
      }
      assertEquals(384, encoder.dimension());
    }
  }

  @Test
  void closeWaitsForTheEncodingUnderWay() throws InterruptedException {
    // close() freed the session and the tokenizer under running batches: SIGSEGV in OrtSession.run at once
    List<String> passages = new ArrayList<>(FixtureTexts.load().passages());
    passages.addAll(passages);
    for (int round = 0; round < 6; round++) {
      OnnxEncoder encoder = new OnnxEncoder(ModelRegistry.resolve("all-MiniLM-L6-v2"), 2, 2, 128);
      AtomicReference<Object> outcome = new AtomicReference<>();
      Thread user = Thread.ofPlatform().start(() -> {
        try {
          outcome.set(encoder.encodePassages(passages));
        } catch (IllegalStateException e) {
          outcome.set(e);
        }
      });
      Thread.sleep(10L * round);
      encoder.close();
      user.join();
      if (outcome.get() instanceof float[][] vectors) {
        assertTrue(Arrays.stream(vectors).allMatch(v -> v != null && v.length == 384), "round " + round);
      } else {
        assertTrue(((Exception) outcome.get()).getMessage().contains("is closed"), "round " + round + ": "
            + outcome.get());
      }
    }
  }

  /** Dynamic int8 quantization scales a whole call's activations at once: each text must run alone. */
  @ParameterizedTest
  @ValueSource(strings = {"bge-small-en-v1.5-int8", "all-MiniLM-L6-v2-int8"})
  void anInt8TextsVectorDoesNotDependOnItsBatch(String name) {
    List<String> passages = FixtureTexts.load().passages();
    try (OnnxEncoder encoder = new OnnxEncoder(ModelRegistry.resolve(name), 8, 2, 0)) {
      float[][] together = encoder.encodePassages(passages);
      for (int i = 0; i < passages.size(); i++) {
        assertArrayEquals(encoder.encodePassages(List.of(passages.get(i)))[0], together[i], name + " passage " + i);
      }
      assertEquals(1, encoder.batchSize());
    }
    try (OnnxEncoder fp32 = new OnnxEncoder(ModelRegistry.resolve(name.replace("-int8", "")), 8, 2, 0)) {
      assertEquals(8, fp32.batchSize(), "a float model keeps its batches");
    }
  }

  private static void assertClose(float[] expected, float[] actual, String what) {
    double norm = 0;
    for (int d = 0; d < expected.length; d++) {
      assertEquals(expected[d], actual[d], 2e-4, what + " dimension " + d);
      norm += actual[d] * actual[d];
    }
    assertEquals(1.0, norm, 1e-4, what + " is unit length");
  }

  @Test
  void queriesGetTheModelsInstructionAndPassagesDoNot() {
    ModelSource bge = ModelRegistry.resolve("bge-small-en-v1.5");
    try (OnnxEncoder encoder = new OnnxEncoder(bge)) {
      String q = "what causes myelodysplasia";
      float[] query = encoder.encodeQueries(List.of(q))[0];
      float[] withInstruction = encoder.encodePassages(
          List.of("Represent this sentence for searching relevant passages: " + q))[0];
      float[] plain = encoder.encodePassages(List.of(q))[0];
      assertEquals(1.0, dot(query, withInstruction), 1e-5);
      assertTrue(dot(query, plain) < 0.99, "the instruction changes the query vector");
    }
  }

  @Test
  void truncationIsCountedNeverSilent() {
    try (OnnxEncoder encoder = new OnnxEncoder(ModelRegistry.resolve("all-MiniLM-L6-v2"), 8, 1, 32)) {
      encoder.encodePassages(List.of("short text", "word ".repeat(100), "another short one"));
      assertEquals(1, encoder.truncatedCount());
      assertEquals(32, encoder.recipe().maxLength());
    }
  }

  @Test
  void unknownModelsAndIncompleteFoldersAreRefusedClearly() throws IOException {
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> ModelRegistry.resolve("bert-huge"));
    assertTrue(unknown.getMessage().contains("bge-small-en-v1.5, bge-small-en-v1.5-int8, all-MiniLM-L6-v2"),
        unknown.getMessage());
    Path folder = Files.createDirectories(temp.resolve("model"));
    Files.writeString(folder.resolve("tokenizer.json"), "{}");
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> ModelRegistry.resolve(folder.toString()));
    assertTrue(missing.getMessage().endsWith("has no model.onnx"), missing.getMessage());
  }

  @Test
  void aFolderCarriesItsRecipe() throws IOException {
    Path folder = Files.createDirectories(temp.resolve("st"));
    Files.writeString(folder.resolve("tokenizer.json"), "{}");
    Files.writeString(folder.resolve("model.onnx"), "");
    Files.createDirectories(folder.resolve("1_Pooling"));
    Files.writeString(folder.resolve("1_Pooling/config.json"), "{\"pooling_mode_cls_token\": true}");
    Files.writeString(folder.resolve("modules.json"), "[{\"type\": \"sentence_transformers.models.Transformer\"}]");
    EncoderRecipe st = ModelRegistry.resolve(folder.toString()).recipe();
    assertEquals(Pooling.CLS, st.pooling());
    assertEquals(false, st.normalize());
    new ModelManifest(ModelKind.DENSE, new EncoderRecipe(Pooling.MEAN, true, "q: ", "p: ", 128), null).write(folder);
    assertEquals(new EncoderRecipe(Pooling.MEAN, true, "q: ", "p: ", 128),
        ModelRegistry.resolve(folder.toString()).recipe());
  }

  static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
