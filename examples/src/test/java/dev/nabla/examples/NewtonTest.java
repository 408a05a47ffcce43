package dev.nabla.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NewtonTest {
  @Test
  void newtonConvergesInAHandfulOfStepsToTheSameOptimumAsGradientDescent() {
    Newton.Result r = Newton.run(60, false);
    assertTrue(r.newtonSteps() <= 10, "Newton steps: " + r.newtonSteps());
    assertTrue(r.gradientDescentSteps() > 5 * r.newtonSteps(), "GD steps: " + r.gradientDescentSteps());
    assertEquals(r.gdLoss(), r.newtonLoss(), 1e-9);
    double[] g = r.newtonGradNorms();
    // quadratic convergence: the last steps shrink the gradient norm by far more than a constant factor
    assertTrue(g[g.length - 1] < 1e-10 && g[g.length - 2] < 1e-3, java.util.Arrays.toString(g));
  }

  @Test
  void linalgSolveInvertsASmallSystemThatNeedsPivoting() {
    double[] x = dev.nabla.autodiff.Linalg.solve(dev.nabla.core.Tensor.of(new double[] {0, 2, 1, 1, 1, 1, 4, 0, 1}, 3, 3),
        dev.nabla.core.Tensor.of(new double[] {5, 4, 5}, 3)).toDoubleArray();
    assertEquals(1, x[0], 1e-12);
    assertEquals(2, x[1], 1e-12);
    assertEquals(1, x[2], 1e-12);
  }
}
