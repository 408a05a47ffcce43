package dev.nabla.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.DType;
import dev.nabla.core.ShapeMismatchException;
import dev.nabla.core.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fused {@link OptimizerKernels#adamStep} against the same step composed of tensor ops, one op after
 * the other in PyTorch's order (torch.optim.Adam/AdamW, single-tensor). The fused pass does each element's
 * operations in that order, in the parameter's dtype, with the scalars rounded once as the composed ops
 * round them: so the tolerance is zero, FLOAT32 and FLOAT64 alike, over several steps.
 */
class AdamStepTest {
  private static final double LR = 1e-2, B1 = 0.9, B2 = 0.999, EPS = 1e-8;

  /** The composed reference: the update written as separate tensor ops. */
  private static void composed(Tensor theta, Tensor grad, Tensor m, Tensor v, Tensor vmax, long t, double wd,
      boolean decoupled) {
    Tensor g = grad;
    if (wd != 0) {
      if (decoupled) theta.mulInPlace(1 - LR * wd);
      else g = g.add(theta.mul(wd));
    }
    m.mulInPlace(B1).addScaledInPlace(g, 1 - B1);
    v.mulInPlace(B2).addScaledInPlace(g.square(), 1 - B2);
    Tensor second = v;
    if (vmax != null) {
      vmax.copyInPlace(vmax.maximum(v));
      second = vmax;
    }
    Tensor denom = second.sqrt().div(Math.sqrt(1 - Math.pow(B2, t))).add(EPS);
    theta.addScaledInPlace(m.div(denom), -LR / (1 - Math.pow(B1, t)));
  }

  private static Tensor copy(Tensor t) {
    return Tensor.zeros(t.dtype(), t.shape().dims()).copyInPlace(t);
  }

  @Test
  void fusedStepIsTheComposedStepBitForBit() {
    for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      for (int n : new int[] {1, 7, 5000}) { // 5000: split across threads
        for (double wd : new double[] {0, 0.1}) {
          for (boolean decoupled : new boolean[] {false, true}) {
            for (boolean amsgrad : new boolean[] {false, true}) {
              check(dtype, n, wd, decoupled, amsgrad);
            }
          }
        }
      }
    }
  }

  private static void check(DType dtype, int n, double wd, boolean decoupled, boolean amsgrad) {
    SplittableRandom rng = new SplittableRandom(n * 31L + (amsgrad ? 1 : 0));
    Tensor p1 = Tensor.randn(dtype, rng, n), m1 = Tensor.zeros(dtype, n), v1 = Tensor.zeros(dtype, n);
    Tensor x1 = amsgrad ? Tensor.zeros(dtype, n) : null;
    Tensor p2 = copy(p1), m2 = copy(m1), v2 = copy(v1), x2 = amsgrad ? copy(x1) : null;
    String what = dtype + " n=" + n + " wd=" + wd + (decoupled ? " decoupled" : "") + (amsgrad ? " amsgrad" : "");
    for (long t = 1; t <= 4; t++) {
      Tensor g = Tensor.randn(dtype, rng, n).mul(t == 3 ? 1e-3 : 1); // step 3 shrinks v: AMSGrad keeps vmax
      int version = p2.version();
      composed(p1, g, m1, v1, x1, t, wd, decoupled);
      OptimizerKernels.adamStep(p2, g, m2, v2, x2, t, LR, B1, B2, EPS, wd, decoupled);
      assertTrue(p2.version() > version, what + ": version bumped");
      assertArrayEquals(p1.toDoubleArray(), p2.toDoubleArray(), 0, what + " theta, step " + t);
      assertArrayEquals(m1.toDoubleArray(), m2.toDoubleArray(), 0, what + " m, step " + t);
      assertArrayEquals(v1.toDoubleArray(), v2.toDoubleArray(), 0, what + " v, step " + t);
      if (amsgrad) assertArrayEquals(x1.toDoubleArray(), x2.toDoubleArray(), 0, what + " vmax, step " + t);
    }
  }

  @Test
  void firstStepMovesEachParameterByAboutTheLearningRate() {
    // After one step, m/(√v) = g/|g| up to ε: θ moves by -lr·sign(g), the textbook property of Adam.
    Tensor theta = Tensor.of(new double[] {1, 2, 3}, 3), g = Tensor.of(new double[] {0.5, -2, 1e-3}, 3);
    Tensor m = Tensor.zeros(DType.FLOAT64, 3), v = Tensor.zeros(DType.FLOAT64, 3);
    OptimizerKernels.adamStep(theta, g, m, v, null, 1, LR, B1, B2, EPS, 0, false);
    assertArrayEquals(new double[] {1 - LR, 2 + LR, 3 - LR}, theta.toDoubleArray(), 1e-6);
  }

  @Test
  void mismatchedStateIsRejectedNamingTheOpAndShapes() {
    Tensor theta = Tensor.zeros(DType.FLOAT32, 3), bad = Tensor.zeros(DType.FLOAT32, 4);
    var e = assertThrows(ShapeMismatchException.class, () -> OptimizerKernels.adamStep(theta, copy(theta), bad,
        copy(theta), null, 1, LR, B1, B2, EPS, 0, false));
    assertEquals("adamStep: FLOAT32 [4] does not match the parameter's FLOAT32 [3]", e.getMessage());
  }
}
