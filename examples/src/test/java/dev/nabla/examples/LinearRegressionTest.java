package dev.nabla.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The example against the same regression computed here in plain double loops, without Nabla: the
 * data (same seeds), θ*, ∇J(0) by hand, and gradient descent, whose error after k steps is exactly
 * (1 − lr·a)ᵏ·(0 − θ*) for J's curvature a = 2/n·Σx² + λ.
 */
class LinearRegressionTest {
  private static final int N = 100;
  private static final double LAMBDA = 0.1, LR = 0.01;

  @Test
  void autodiffMatchesTheCorrectFormulaAndConvergesToTheClosedForm() {
    SplittableRandom xs = new SplittableRandom(61), noise = new SplittableRandom(62);
    double sxx = 0, sxy = 0;
    for (int i = 0; i < N; i++) {
      double x = xs.nextDouble(), y = 3 * x + noise.nextDouble();
      sxx += x * x;
      sxy += x * y;
    }
    double a = 2 * sxx / N + LAMBDA, thetaStar = (2 * sxy / N) / a;
    double gradAtZero = -2 * sxy / N; // (2/n)·Σ x(x·0 − y) + λ·0
    double theta = 0;
    for (int k = 0; k < 1000; k++) theta -= LR * (2 * (sxx * theta - sxy) / N + LAMBDA * theta);
    double gap = Math.pow(1 - LR * a, 1000) * thetaStar; // θ* − θ₁₀₀₀, in closed form

    LinearRegression.Result r = LinearRegression.run(N, false);
    assertEquals(thetaStar, r.thetaStar(), 1e-12, r.toString());
    assertEquals(gradAtZero, r.gradByHand(), 1e-12, r.toString());
    assertEquals(gradAtZero, r.gradAutodiff(), 1e-12, r.toString());
    assertEquals(theta, r.thetaAfter1000(), 1e-12, "θ after 1000 steps: " + r);
    assertEquals(gap, r.thetaStar() - r.thetaAfter1000(), 1e-12, r.toString());
    assertTrue(gap > 2.7e-3 && gap < 2.9e-3, "after 1000 steps the gap is 2.8e-3: " + gap);
    assertEquals(thetaStar, r.thetaConverged(), 1e-10, r.toString());
    assertTrue(thetaStar > 3.0 && thetaStar < 3.5, "θ* for y = 3x + U(0,1) noise: " + thetaStar);
  }
}
