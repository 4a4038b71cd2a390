/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Scalar operands for arithmetic on arrays that carry gradients. DJL's {@code Number} overloads
 * ({@code x.div(2f)}, {@code x.maximum(1e-12f)}) wrap the number in a tensor over a Java direct buffer and close it
 * at once; autograd keeps that tensor for the backward pass, and once the garbage collector has freed the buffer the
 * backward pass reads freed memory: NaN or silently wrong gradients, at random. (Found by training under
 * {@code System.gc()} pressure: NaN at the first step; {@code TrainerTest.gradientsSurviveGarbageCollection}.) The
 * scalars made here live in PyTorch's own reference-counted memory. In training code, never pass a {@code Number}
 * to an operation on an array that needs gradients.
 */
public final class Scalars {
  private Scalars() {}

  /** A 0-d array holding {@code value}, of {@code like}'s type and on its manager. */
  public static NDArray of(NDArray like, double value) {
    return like.getManager().full(new Shape(), (float) value, like.getDataType());
  }
}
