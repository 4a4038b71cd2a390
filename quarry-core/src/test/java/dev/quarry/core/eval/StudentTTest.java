/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The special functions behind the t-test, against values computed by hand. */
class StudentTTest {
  @Test
  void logGammaOfKnownValues() {
    assertEquals(0, StudentT.logGamma(1), 1e-14);
    assertEquals(0, StudentT.logGamma(2), 1e-14);
    assertEquals(Math.log(24), StudentT.logGamma(5), 1e-13);
    assertEquals(0.5 * Math.log(Math.PI), StudentT.logGamma(0.5), 1e-14);
    // Γ(0.25) = 3.6256099082219083 (reflection branch, x < 0.5)
    assertEquals(Math.log(3.6256099082219083), StudentT.logGamma(0.25), 1e-13);
  }

  @Test
  void regularizedBetaOfKnownValues() {
    assertEquals(0, StudentT.regularizedBeta(0, 2, 3));
    assertEquals(1, StudentT.regularizedBeta(1, 2, 3));
    // I_x(2, 2) = 3x^2 - 2x^3 on both sides of the continued fraction's switch at x = 0.5
    assertEquals(3 * 0.04 - 2 * 0.008, StudentT.regularizedBeta(0.2, 2, 2), 1e-12);
    assertEquals(3 * 0.81 - 2 * 0.729, StudentT.regularizedBeta(0.9, 2, 2), 1e-12);
    // I_0.5(2, 3) = (C(4,2) + C(4,3) + C(4,4)) / 16
    assertEquals(11.0 / 16, StudentT.regularizedBeta(0.5, 2, 3), 1e-12);
    // I_x(1, 1) = x
    assertEquals(0.3, StudentT.regularizedBeta(0.3, 1, 1), 1e-12);
  }
}
