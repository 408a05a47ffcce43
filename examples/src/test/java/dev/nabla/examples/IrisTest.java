package dev.nabla.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IrisTest {
  @Test
  void softmaxRegressionClassifiesIris() throws Exception {
    double acc = Iris.run(1000, false);
    assertTrue(acc >= 0.9, "test accuracy " + acc);
  }
}
