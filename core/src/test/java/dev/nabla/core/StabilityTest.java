package dev.nabla.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.internal.GradientKernels;
import dev.nabla.core.check.Domain;
import dev.nabla.core.check.Gens;
import dev.nabla.core.check.Property;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fused softmax, log-softmax, logSumExp and cross-entropy kernels (forward and fused backward,
 * with and without the forward's logSumExp) at logits of ±100 and ±1e4, in FLOAT32 and FLOAT64,
 * against a reference computed here in plain double loops. e^100 overflows a float and e^1e4 a
 * double, so a kernel that forgets its max shift returns inf or NaN here.
 */
class StabilityTest {
  private static final List<DType> DTYPES = List.of(DType.FLOAT32, DType.FLOAT64);
  /** Fixed rows, 3 classes each: one large logit, ties, all large, mixed signs. */
  private static final double[][] ROWS = {
      {100, 0, 0}, {0, 100, -100}, {-100, -100, -99}, {100, 100, 100}, {1e4, 0, -1e4}, {-1e4, -1e4 + 1, -1e4 + 2},
      {1e4, 1e4 + 1, 1e4 - 3}, {-1e4, 1e4, 0}};

  private static double rowMax(double[] x, int o, int len) {
    double m = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < len; i++) m = Math.max(m, x[o + i]);
    return m;
  }

  /** log Σ e^{x_j − m} of one row, m its maximum: in [0, log len], so x − m − this is accurate. */
  private static double logSumExpShifted(double[] x, int o, int len, double m) {
    double s = 0;
    for (int i = 0; i < len; i++) s += Math.exp(x[o + i] - m);
    return Math.log(s);
  }

  /**
   * A few roundings of the result, or (FLOAT64) of the row's largest logit {@code scale}, which the
   * kernels add and subtract again: at 1e4 a double carries 2e-12.
   */
  private static double tol(DType t, double ref, double scale) {
    return t == DType.FLOAT32 ? 1e-6 + 3e-7 * Math.abs(ref) : 1e-14 + 4e-16 * (Math.abs(ref) + scale);
  }

  private static void close(DType t, String what, double ref, double got, double scale) {
    double tol = tol(t, ref, scale);
    assertTrue(Double.isFinite(got) && Math.abs(got - ref) <= tol,
        what + " " + t + ": expected " + ref + ", got " + got + " (tolerance " + tol + ")");
  }

  /** Every fused kernel on logits x [rows, len] (x holds exactly the dtype's values) against the reference. */
  private static void checkAll(Tensor x) {
    DType t = x.dtype();
    int rows = x.shape().dim(0), len = x.shape().dim(1);
    double[] v = x.toDoubleArray();
    int[] labels = new int[rows];
    for (int r = 0; r < rows; r++) labels[r] = (r * 5 + 1) % len;
    double[] g = new double[rows];
    for (int r = 0; r < rows; r++) g[r] = 0.25 + 0.5 * (r % 3);
    Tensor gt = Tensor.of(g, rows).toType(t);
    double[] softmax = x.softmax(1).toDoubleArray(), logSoftmax = x.logSoftmax(1).toDoubleArray();
    double[] lse = x.logSumExp(1).toDoubleArray(), loss = x.crossEntropyRows(labels).toDoubleArray();
    double[] grad = GradientKernels.crossEntropyRowsGrad(x, labels, gt, null).toDoubleArray();
    // the autodiff backward passes the forward's log Σ e^x as loss + x[label], in the same dtype
    Tensor lseFromLoss = x.crossEntropyRows(labels).add(x.gather(1, labels));
    double[] gradLse = GradientKernels.crossEntropyRowsGrad(x, labels, gt, lseFromLoss).toDoubleArray();
    for (int r = 0; r < rows; r++) {
      int o = r * len;
      double m = rowMax(v, o, len), ls = logSumExpShifted(v, o, len, m), l = m + ls, scale = 0;
      for (int j = 0; j < len; j++) scale = Math.max(scale, Math.abs(v[o + j]));
      String row = "row " + r + " of " + x;
      close(t, "logSumExp " + row, l, lse[r], scale);
      close(t, "crossEntropyRows " + row, (m - v[o + labels[r]]) + ls, loss[r], scale);
      for (int j = 0; j < len; j++) {
        double logP = (v[o + j] - m) - ls, p = Math.exp(logP), d = (p - (j == labels[r] ? 1 : 0)) * g[r];
        close(t, "softmax[" + j + "] " + row, p, softmax[o + j], 0);
        close(t, "logSoftmax[" + j + "] " + row, logP, logSoftmax[o + j], scale);
        // an lse rounded to the dtype costs e^{x − lse} its rounding error, relatively: allowed, no more
        // (the FLOAT64 kernel shifts by its own lse; the FLOAT32 one by the row maximum, exactly). The
        // lse rebuilt as loss + x[label] also carries the rounding of the loss: 5e-4 for a FLOAT32 loss of 5000.
        double big = Math.max(Math.abs(l), Math.abs(m - v[o + labels[r]] + ls));
        double lseTol = 2 * (t == DType.FLOAT32 ? Math.ulp((float) big) : Math.ulp(big) + Math.ulp(scale)) * p * g[r];
        assertEquals(d, grad[o + j], tol(t, d, 0) + (t == DType.FLOAT64 ? lseTol : 0),
            "crossEntropyRowsGrad[" + j + "] " + t + " " + row);
        assertEquals(d, gradLse[o + j], tol(t, d, 0) + lseTol, "crossEntropyRowsGrad(lse)[" + j + "] " + t + " " + row);
      }
    }
  }

  @Test
  void fixedLargeLogitsMatchTheReference() {
    double[] flat = new double[ROWS.length * 3];
    for (int r = 0; r < ROWS.length; r++) System.arraycopy(ROWS[r], 0, flat, 3 * r, 3);
    for (DType t : DTYPES) checkAll(Tensor.of(flat, ROWS.length, 3).toType(t));
  }

  @Test
  void crossEntropyOfLogits100And0IsFiniteWithTheRightGradient() {
    for (DType t : DTYPES) {
      Tensor x = Tensor.of(new double[] {100, 0}, 1, 2).toType(t);
      double loss = x.crossEntropyRows(new int[] {1}).item();
      assertEquals(100, loss, 1e-4, t + ": loss of label 1 for logits [100, 0]");
      double[] grad = GradientKernels.crossEntropyRowsGrad(x, new int[] {1}, Tensor.of(new double[] {1}, 1).toType(t), null)
          .toDoubleArray();
      assertEquals(1, grad[0], 1e-6, t + ": gradient");
      assertEquals(-1, grad[1], 1e-6, t + ": gradient");
    }
  }

  /** Rows drawn around ±100 and ±1e4 (O(1) apart), and across [-1e4, 1e4], of 1 to 40 classes. */
  @Test
  void randomLargeLogitsMatchTheReference() {
    List<Domain> domains = List.of(Domain.ANY.shiftedBy(100), Domain.ANY.shiftedBy(-100), Domain.ANY.shiftedBy(1e4),
        Domain.ANY.shiftedBy(-1e4), Domain.range(-1e4, 1e4), Domain.range(-100, 100));
    for (Domain d : domains) {
      for (DType t : DTYPES) {
        Property.forAll(Gens.tensors(t, Gens.shapesNonEmpty(2, 2, 40), d)).named("stability " + d + " " + t).cases(30)
            .check(StabilityTest::checkAll);
      }
    }
  }
}
