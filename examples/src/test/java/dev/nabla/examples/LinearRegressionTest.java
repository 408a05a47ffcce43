package dev.nabla.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LinearRegressionTest {
  @Test
  void autodiffMatchesTheCorrectFormulaAndConvergesToTheClosedForm() {
    LinearRegression.Result r = LinearRegression.run(100, false);
    assertEquals(r.gradByHand(), r.gradAutodiff(), 1e-12);
    assertTrue(Math.abs(r.thetaAfter1000() - r.thetaStar()) < 0.05, "after 1000 steps: " + r);
    assertEquals(r.thetaStar(), r.thetaConverged(), 1e-6, r.toString());
    assertTrue(r.thetaStar() > 3.0 && r.thetaStar() < 3.5, "θ* for y = 3x + U(0,1) noise: " + r.thetaStar());
  }
}
