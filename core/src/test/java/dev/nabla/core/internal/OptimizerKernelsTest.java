package dev.nabla.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.core.DType;
import dev.nabla.core.ShapeMismatchException;
import dev.nabla.core.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The optimizer kernels: flushSubnormalsInPlace and scaleAddInPlace (moved from Tensor), sgdMomentumInPlace. */
class OptimizerKernelsTest {
  @Test
  void flushSubnormalsZeroesExactlyTheSubnormalsKeepingTheSign() {
    float sub = Float.MIN_NORMAL / 2;
    Tensor f = Tensor.of(new float[] {sub, -sub, Float.MIN_VALUE, Float.MIN_NORMAL, -1, 0, Float.NaN, Float.POSITIVE_INFINITY});
    int v = f.version();
    OptimizerKernels.flushSubnormalsInPlace(f);
    assertArrayEquals(new float[] {0f, -0f, 0f, Float.MIN_NORMAL, -1, 0, Float.NaN, Float.POSITIVE_INFINITY},
        f.toFloatArray());
    assertEquals(v + 1, f.version());
    Tensor d = Tensor.of(new double[] {Double.MIN_NORMAL / 4, 1e-300, -Double.MIN_VALUE});
    assertArrayEquals(new double[] {0, 1e-300, -0.0}, OptimizerKernels.flushSubnormalsInPlace(d).toDoubleArray());
    assertThrows(IllegalStateException.class,
        () -> OptimizerKernels.flushSubnormalsInPlace(Tensor.zeros(DType.FLOAT32, 4).narrow(0, 1, 2)));
  }

  @Test
  void scaleAddWritesOnlyTheTargetAndChecksItsOperands() {
    for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) { // the floating dtypes
      Tensor t = Tensor.of(new double[] {1, 2}, 2).toType(dt), x = Tensor.of(new double[] {10, 20}, 2).toType(dt);
      Tensor y = Tensor.of(new double[] {100, 200, 0, 0}, 2, 2).toType(dt).slice(0, 0, 1).reshape(2); // a view
      int v = t.version(), vx = x.version();
      OptimizerKernels.scaleAddInPlace(t, 2, x, 3, y, 0.5); // 2·t + 3·x + ½·y, y only read
      assertArrayEquals(new double[] {82, 164}, t.toDoubleArray(), dt.toString());
      assertEquals(v + 1, t.version());
      assertEquals(vx, x.version());
      OptimizerKernels.scaleAddInPlace(t, 1, x, -1, null, 7); // no y
      assertArrayEquals(new double[] {72, 144}, t.toDoubleArray(), dt.toString());
    }
    Tensor t = Tensor.ones(DType.FLOAT64, 2);
    assertEquals("scaleAddInPlace: shape [3] does not match [2]", assertThrows(ShapeMismatchException.class,
        () -> OptimizerKernels.scaleAddInPlace(t, 1, Tensor.ones(DType.FLOAT64, 3), 1, null, 0)).getMessage());
    assertEquals("scaleAddInPlace: shape [1, 2] does not match [2]", assertThrows(ShapeMismatchException.class,
        () -> OptimizerKernels.scaleAddInPlace(t, 1, t, 1, Tensor.ones(DType.FLOAT64, 1, 2), 1)).getMessage());
    assertEquals("scaleAddInPlace: dtype mismatch: FLOAT64 [2] vs FLOAT32 [2]; convert one with toType",
        assertThrows(IllegalArgumentException.class,
            () -> OptimizerKernels.scaleAddInPlace(t, 1, Tensor.ones(DType.FLOAT32, 2), 1, null, 0)).getMessage());
    assertEquals("scaleAddInPlace: only a dense tensor that owns its storage can be written in place, not a view of"
        + " shape [1]", assertThrows(IllegalStateException.class,
            () -> OptimizerKernels.scaleAddInPlace(t.narrow(0, 0, 1), 1, t.narrow(0, 1, 1), 1, null, 0)).getMessage());
  }

  /**
   * The fused SGD-momentum step gives the bits of its two passes (scaleAddInPlace into the buffer, then
   * addScaledInPlace into θ): both dtypes, with and without weight decay and dampening, sizes 0, 1, tails and
   * thousands, a gradient that is a strided view, and values with subnormals, zeros of both signs, NaN and ∞.
   */
  @Test
  void sgdMomentumHasTheBitsOfItsTwoPasses() {
    SplittableRandom r = new SplittableRandom(7);
    double[][] hyper = {{0.9, 1, 1e-4, 0.01}, {0.9, 1, 0, 0.01}, {0.5, 0.75, 3e-2, 0.3}, {0, 1, 0, 1}, {1.5, -2, 1, -0.1}};
    for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      for (int n : new int[] {0, 1, 2, 15, 16, 17, 33, 1000, 4099}) {
        for (double[] h : hyper) {
          double mu = h[0], keep = h[1], wd = h[2], lr = h[3];
          for (boolean strided : new boolean[] {false, true}) {
            double[] t = values(r, n), b = values(r, n), g = values(r, 2 * n);
            Tensor theta1 = Tensor.of(t, n).toType(dt), b1 = Tensor.of(b, n).toType(dt);
            Tensor theta2 = Tensor.of(t, n).toType(dt), b2 = Tensor.of(b, n).toType(dt);
            Tensor grad = Tensor.of(g, 2 * n).toType(dt);
            grad = strided ? grad.slice(0, 0, 2 * n, 2) : grad.narrow(0, 0, n).contiguous();
            OptimizerKernels.scaleAddInPlace(b1, mu, grad, keep, wd != 0 ? theta1 : null, keep * wd);
            theta1.addScaledInPlace(b1, -lr);
            int vt = theta2.version(), vb = b2.version(), vg = grad.version();
            OptimizerKernels.sgdMomentumInPlace(theta2, b2, grad, mu, keep, wd, lr);
            String what = dt + " n=" + n + " mu=" + mu + " keep=" + keep + " wd=" + wd + " lr=" + lr + " strided=" + strided;
            assertBits(b1, b2, "buffer " + what);
            assertBits(theta1, theta2, "theta " + what);
            assertEquals(vt + 1, theta2.version(), what);
            assertEquals(vb + 1, b2.version(), what);
            assertEquals(vg, grad.version(), what);
          }
        }
      }
    }
  }

  @Test
  void sgdMomentumChecksItsOperands() {
    Tensor t = Tensor.ones(DType.FLOAT64, 2), b = Tensor.ones(DType.FLOAT64, 2);
    assertEquals("sgdMomentumInPlace: shape [3] does not match [2]", assertThrows(ShapeMismatchException.class,
        () -> OptimizerKernels.sgdMomentumInPlace(t, b, Tensor.ones(DType.FLOAT64, 3), 0.9, 1, 0, 0.1)).getMessage());
    assertEquals("sgdMomentumInPlace: shape [3] does not match [2]", assertThrows(ShapeMismatchException.class,
        () -> OptimizerKernels.sgdMomentumInPlace(t, Tensor.ones(DType.FLOAT64, 3), b, 0.9, 1, 0, 0.1)).getMessage());
    assertEquals("sgdMomentumInPlace: dtype mismatch: FLOAT64 [2] vs FLOAT32 [2]; convert one with toType",
        assertThrows(IllegalArgumentException.class, () -> OptimizerKernels.sgdMomentumInPlace(t, b,
            Tensor.ones(DType.FLOAT32, 2), 0.9, 1, 0, 0.1)).getMessage());
    assertThrows(IllegalStateException.class, () -> OptimizerKernels.sgdMomentumInPlace(t, Tensor.ones(DType.FLOAT64, 4)
        .slice(0, 0, 4, 2), b, 0.9, 1, 0, 0.1));
    assertEquals("g", assertThrows(NullPointerException.class,
        () -> OptimizerKernels.sgdMomentumInPlace(t, b, null, 0.9, 1, 0, 0.1)).getMessage());
    assertArrayEquals(new double[] {1, 1}, t.toDoubleArray()); // nothing written by a refused call
    assertArrayEquals(new double[] {1, 1}, b.toDoubleArray());
  }

  /** Random values of mixed scales, with zeros of both signs, subnormals, NaN and infinities among them. */
  private static double[] values(SplittableRandom r, int n) {
    double[] special = {0.0, -0.0, Float.MIN_VALUE, -Float.MIN_NORMAL / 3, Double.MIN_VALUE, Double.NaN,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e30, -1e-30};
    double[] v = new double[n];
    for (int i = 0; i < n; i++)
      v[i] = r.nextInt(8) == 0 ? special[r.nextInt(special.length)] : r.nextGaussian() * Math.pow(10, r.nextInt(-3, 4));
    return v;
  }

  /** Bit for bit, every NaN as one (a NaN's payload depends on the operand order the JIT picks). */
  private static void assertBits(Tensor expected, Tensor actual, String what) {
    double[] e = expected.toDoubleArray(), a = actual.toDoubleArray();
    assertEquals(e.length, a.length, what);
    for (int i = 0; i < e.length; i++)
      assertEquals(Double.doubleToLongBits(e[i]), Double.doubleToLongBits(a[i]), what + " at " + i + ": " + e[i]
          + " vs " + a[i]);
  }
}
