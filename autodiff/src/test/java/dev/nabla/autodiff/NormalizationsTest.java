package dev.nabla.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Normalizations}' values against naive reference loops, and batch norm's running statistics. */
class NormalizationsTest {
  private static final DType F64 = DType.FLOAT64;

  /** Naive per-row layer/RMS norm of x [rows, m] with w, b (may be null). */
  private static double[] reference(double[] x, int rows, int m, double[] w, double[] b, boolean centered, double eps) {
    double[] y = new double[x.length];
    for (int r = 0; r < rows; r++) {
      double mu = 0, q = 0;
      if (centered) {
        for (int i = 0; i < m; i++) mu += x[r * m + i];
        mu /= m;
      }
      for (int i = 0; i < m; i++) q += (x[r * m + i] - mu) * (x[r * m + i] - mu);
      double s = 1 / Math.sqrt(q / m + eps);
      for (int i = 0; i < m; i++)
        y[r * m + i] = (x[r * m + i] - mu) * s * (w == null ? 1 : w[i]) + (b == null ? 0 : b[i]);
    }
    return y;
  }

  @Test
  void layerNormAndRmsNormMatchTheReference() {
    SplittableRandom rng = new SplittableRandom(5);
    Tensor x = Tensor.randn(F64, rng, 2, 3, 4, 5), w = Tensor.randn(F64, rng, 4, 5), b = Tensor.randn(F64, rng, 4, 5);
    Variable y = Normalizations.layerNorm(Variable.constant(x), new int[] {4, 5}, Variable.constant(w),
        Variable.constant(b), 1e-5);
    assertArrayEquals(reference(x.toDoubleArray(), 6, 20, w.toDoubleArray(), b.toDoubleArray(), true, 1e-5),
        y.value().toDoubleArray(), 1e-12);
    Variable r = Normalizations.rmsNorm(Variable.constant(x), new int[] {5}, Variable.constant(w.slice(0, 0, 1)
        .reshape(5)), 1e-6);
    assertArrayEquals(reference(x.toDoubleArray(), 24, 5, w.slice(0, 0, 1).toDoubleArray(), null, false, 1e-6),
        r.value().toDoubleArray(), 1e-12);
    Variable f = Normalizations.layerNorm(Variable.constant(x.toType(DType.FLOAT32)), 5, null, null);
    assertEquals(DType.FLOAT32, f.dtype());
    assertArrayEquals(reference(x.toDoubleArray(), 24, 5, null, null, true, 1e-5), f.value().toDoubleArray(), 1e-5);
  }

  @Test
  void rmsNormDefaultEpsIsTheMachineEpsilonOfTheDtype() {
    assertEquals(Math.pow(2, -52), Normalizations.machineEpsilon(F64));
    assertEquals(Math.pow(2, -23), Normalizations.machineEpsilon(DType.FLOAT32));
    Tensor x = Tensor.of(new double[] {0, 0, 0}, 1, 3); // mean square 0: y = 0·/√eps, not NaN
    assertArrayEquals(new double[] {0, 0, 0},
        Normalizations.rmsNorm(Variable.constant(x), 3, null).value().toDoubleArray());
  }

  @Test
  void batchNormTrainingUpdatesTheRunningStatisticsInPlaceLikePyTorch() {
    SplittableRandom rng = new SplittableRandom(9);
    int n = 4, c = 3, l = 5, m = n * l;
    Tensor x = Tensor.randn(F64, rng, n, c, l);
    Tensor rm = Tensor.of(new double[] {0.5, -1, 2}), rv = Tensor.of(new double[] {1, 2, 0.5});
    long vm = rm.version(), vv = rv.version();
    Variable w = Variable.parameter(Tensor.of(new double[] {1.5, 0.5, -1}));
    Variable y = Normalizations.batchNorm(Variable.parameter(x), rm, rv, w, null, true, 0.1, 1e-5);
    double[] xs = x.toDoubleArray(), want = new double[xs.length];
    for (int ch = 0; ch < c; ch++) {
      double mu = 0, q = 0;
      for (int i = 0; i < n; i++) for (int j = 0; j < l; j++) mu += xs[(i * c + ch) * l + j];
      mu /= m;
      for (int i = 0; i < n; i++)
        for (int j = 0; j < l; j++) q += Math.pow(xs[(i * c + ch) * l + j] - mu, 2);
      double s = 1 / Math.sqrt(q / m + 1e-5);
      for (int i = 0; i < n; i++)
        for (int j = 0; j < l; j++)
          want[(i * c + ch) * l + j] = (xs[(i * c + ch) * l + j] - mu) * s * w.value().toDoubleArray()[ch];
      double[] before = {0.5, -1, 2}, beforeVar = {1, 2, 0.5};
      assertEquals(0.9 * before[ch] + 0.1 * mu, rm.toDoubleArray()[ch], 1e-14, "running mean " + ch);
      assertEquals(0.9 * beforeVar[ch] + 0.1 * q / (m - 1), rv.toDoubleArray()[ch], 1e-14, "running var " + ch);
    }
    assertArrayEquals(want, y.value().toDoubleArray(), 1e-12);
    assertTrue(rm.version() > vm && rv.version() > vv, "running statistics' versions bumped");
    y.sum().backward();
    assertTrue(w.grad() != null);
    // eval: the running statistics, unchanged by the call
    double[] rmBefore = rm.toDoubleArray();
    Variable e = Normalizations.batchNorm(Variable.constant(x), rm, rv, null, null, false, 0.1, 1e-5);
    assertArrayEquals(rmBefore, rm.toDoubleArray());
    for (int i = 0; i < xs.length; i++) {
      int ch = (i / l) % c;
      assertEquals((xs[i] - rm.toDoubleArray()[ch]) / Math.sqrt(rv.toDoubleArray()[ch] + 1e-5),
          e.value().toDoubleArray()[i], 1e-12);
    }
  }

  @Test
  void batchNormUnderGradDisabledStillUpdatesRunningStatisticsAndRecordsNothing() {
    Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 3, 2), rm = Tensor.zeros(F64, 2), rv = Tensor.ones(F64, 2);
    try (Grad.Scope off = Grad.disabled()) {
      Variable y = Normalizations.batchNorm(Variable.parameter(x), rm, rv, null, null, true, 0.1, 1e-5);
      assertNull(y.opName());
    }
    assertArrayEquals(new double[] {0.3, 0.4}, rm.toDoubleArray(), 1e-14);
    assertArrayEquals(new double[] {0.9 + 0.4, 0.9 + 0.4}, rv.toDoubleArray(), 1e-14); // unbiased var 4
  }
}
