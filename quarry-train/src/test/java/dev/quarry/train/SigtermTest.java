/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.quarry.onnx.EncoderRecipe;
import dev.quarry.onnx.ModelKind;
import dev.quarry.onnx.ModelRegistry;
import dev.quarry.onnx.ModelSource;
import dev.quarry.onnx.Pooling;
import dev.quarry.train.rerank.CrossEncoderHead;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SIGTERM that lands in native work ends the process as a SIGTERM should (status 143), not in a SIGSEGV. Before
 * {@link dev.quarry.core.NativeCalls}, exit destroyed libtorch's static state under a running backward pass
 * ({@code at::accelerator::getAccelerator}, the crash of a cross-encoder's training) and ONNX Runtime's environment
 * under a session being created ({@code logging::Capture} logging to a freed logger, the crash of
 * {@code quarry rerank}). Each test runs {@link SigtermChild} in a JVM of its own, as the crashes were seen:
 * serial GC on one processor.
 */
class SigtermTest {
  @TempDir Path temp;

  @Test
  void aSigtermDuringABackwardPassExitsCleanly() throws IOException, InterruptedException {
    Path slice = TinySlice.write(temp.resolve("slice"), 48, 100);
    assertExitsOnSigterm("train", slice);
  }

  @Test
  void aSigtermWhileASessionIsCreatedExitsCleanly() throws IOException, InterruptedException {
    ModelSource base = ModelRegistry.resolve("all-MiniLM-L6-v2");
    Path folder = temp.resolve("cross-encoder");
    try (CrossEncoderHead model = new CrossEncoderHead(new BertEncoder(base, new EncoderRecipe(Pooling.CLS, false, "",
        "", 128), BertWeights.load(base), 32, 128, 8), ModelKind.CROSS_ENCODER, null, 3)) {
      model.export(folder);
    }
    assertExitsOnSigterm("sessions", folder);
  }

  private void assertExitsOnSigterm(String mode, Path input) throws IOException, InterruptedException {
    Path work = Files.createDirectories(temp.resolve("work"));
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process child = new ProcessBuilder(java, "-XX:ActiveProcessorCount=1", "-XX:ErrorFile=" + work.resolve(
        "hs_err_pid%p.log"), "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1",
        "-Dai.djl.pytorch.num_interop_threads=1", "-cp", System.getProperty("java.class.path"),
        SigtermChild.class.getName(), mode, input.toString())
        .directory(work.toFile()).redirectErrorStream(true).redirectOutput(work.resolve("output.txt").toFile())
        .start();
    if (!child.waitFor(3, TimeUnit.MINUTES)) {
      child.destroyForcibly().waitFor();
      fail("the child did not end: " + Files.readString(work.resolve("output.txt")));
    }
    String output = Files.readString(work.resolve("output.txt"));
    List<Path> crashes;
    try (Stream<Path> files = Files.list(work)) {
      crashes = files.filter(f -> f.getFileName().toString().startsWith("hs_err")).toList();
    }
    StringBuilder frames = new StringBuilder();
    for (Path crash : crashes) {
      Files.readAllLines(crash).stream().filter(line -> line.startsWith("# C ")).forEach(frames::append);
    }
    assertTrue(crashes.isEmpty() && !output.contains("A fatal error has been detected"),
        "the JVM crashed in " + frames + ": " + crashes + "\n" + output);
    assertTrue(output.contains("signalled"), output);
    assertTrue(output.contains("quarry: exiting once the native call under way ends"),
        "the signal lands in a native call, and exit waits for it: " + output);
    assertEquals(143, child.exitValue(), output);
  }
}
