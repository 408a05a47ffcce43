package dev.nabla.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link DoubleLinalg}'s loops against their definitions (P·A = L·U, A·X = B, A = L·Lᵀ, log |det A|), and
 * the generated FLOAT32 twin against them on the same (float-rounded) inputs, to float rounding.
 */
class LinalgKernelTest {
  private static final SplittableRandom RNG = new SplittableRandom(21);

  /** A random n×n matrix at offset {@code off} of a larger array, diagonally dominant when asked. */
  private static double[] matrix(int off, int n, boolean dominant) {
    double[] a = new double[off + n * n];
    for (int i = 0; i < n * n; i++) a[off + i] = (float) RNG.nextDouble(-1, 1);
    if (dominant) for (int i = 0; i < n; i++) a[off + i * n + i] += n;
    return a;
  }

  private static float[] narrow(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
    return f;
  }

  @Test
  void luFactorsAndSolves() {
    for (int n : new int[] {1, 2, 5, 31}) {
      int off = 3, k = 4;
      double[] a = matrix(off, n, false), lu = a.clone();
      int[] piv = new int[n + 2];
      int sign = DoubleLinalg.luFactor(lu, off, n, piv, 2);
      assertTrue(sign == 1 || sign == -1);
      // P·A = L·U: replay the swaps on a copy of A's rows
      double[] pa = java.util.Arrays.copyOfRange(a, off, off + n * n);
      for (int r = 0; r < n; r++) {
        int p = piv[2 + r];
        for (int j = 0; j < n; j++) {
          double t = pa[r * n + j];
          pa[r * n + j] = pa[p * n + j];
          pa[p * n + j] = t;
        }
      }
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          double s = 0;
          for (int c = 0; c <= Math.min(i, j); c++) s += (c == i ? 1 : lu[off + i * n + c]) * lu[off + c * n + j];
          assertEquals(pa[i * n + j], s, 1e-12, "PA = LU at " + i + "," + j + " (n " + n + ")");
        }
      }
      double[] b = new double[1 + n * k];
      for (int i = 1; i < b.length; i++) b[i] = RNG.nextDouble(-1, 1);
      double[] x = b.clone();
      DoubleLinalg.luSolve(lu, off, n, piv, 2, x, 1, k);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < k; j++) {
          double s = 0;
          for (int c = 0; c < n; c++) s += a[off + i * n + c] * x[1 + c * k + j];
          assertEquals(b[1 + i * k + j], s, 1e-10, "A·X = B (n " + n + ")");
        }
      }
    }
  }

  @Test
  void aZeroPivotIsReportedAsSingular() {
    double[] a = {1, 2, 2, 4};
    assertEquals(0, DoubleLinalg.luFactor(a, 0, 2, new int[2], 0));
    assertEquals(0, FloatLinalg.luFactor(new float[] {0, 0, 0, 1}, 0, 2, new int[2], 0));
  }

  @Test
  void logAbsDetAndSign() {
    double[] a = {0, 2, 3, 0}; // det -6, one swap
    int sign = DoubleLinalg.luFactor(a, 0, 2, new int[2], 0);
    assertEquals(-1, DoubleLinalg.detSign(a, 0, 2, sign));
    assertEquals(Math.log(6), DoubleLinalg.logAbsDet(a, 0, 2), 1e-15);
  }

  @Test
  void choleskyReconstructsAndRefusesIndefinite() {
    int n = 6;
    double[] m = matrix(0, n, false), a = new double[n * n];
    for (int i = 0; i < n; i++)
      for (int j = 0; j < n; j++) {
        double s = i == j ? 1 : 0;
        for (int c = 0; c < n; c++) s += m[i * n + c] * m[j * n + c];
        a[i * n + j] = s;
      }
    double[] l = new double[n * n + 2];
    java.util.Arrays.fill(l, 9); // the upper triangle is written with zeros
    assertEquals(-1, DoubleLinalg.cholesky(a, 0, l, 2, n));
    for (int i = 0; i < n; i++)
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int c = 0; c < n; c++) s += l[2 + i * n + c] * l[2 + j * n + c];
        assertEquals(a[i * n + j], s, 1e-12);
        if (j > i) assertEquals(0.0, l[2 + i * n + j]);
      }
    assertEquals(1, DoubleLinalg.cholesky(new double[] {1, 2, 2, 1}, 0, new double[4], 0, 2));
    assertEquals(0, FloatLinalg.cholesky(new float[] {-1, 0, 0, 1}, 0, new float[4], 0, 2));
  }

  @Test
  void float32TwinAgreesWithFloat64() {
    for (int n : new int[] {1, 3, 8, 40}) {
      double[] a = matrix(0, n, true);
      float[] af = narrow(a);
      double[] lud = a.clone();
      float[] luf = af.clone();
      int[] pd = new int[n], pf = new int[n];
      assertEquals(DoubleLinalg.luFactor(lud, 0, n, pd, 0), FloatLinalg.luFactor(luf, 0, n, pf, 0));
      assertArrayEquals(pd, pf, "pivots");
      double[] bd = new double[n * 2];
      for (int i = 0; i < bd.length; i++) bd[i] = (float) RNG.nextDouble(-1, 1);
      float[] bf = narrow(bd);
      DoubleLinalg.luSolve(lud, 0, n, pd, 0, bd, 0, 2);
      FloatLinalg.luSolve(luf, 0, n, pf, 0, bf, 0, 2);
      for (int i = 0; i < bd.length; i++) assertEquals(bd[i], bf[i], 1e-5 * Math.max(1, Math.abs(bd[i])), "solve n " + n);
      assertEquals(DoubleLinalg.logAbsDet(lud, 0, n), FloatLinalg.logAbsDet(luf, 0, n), 1e-5 * n);
      double[] spd = new double[n * n];
      for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) spd[i * n + j] = (float) (a[i * n + j] + a[j * n + i]);
      double[] ld = new double[n * n];
      float[] lf = new float[n * n];
      assertEquals(-1, DoubleLinalg.cholesky(spd, 0, ld, 0, n));
      assertEquals(-1, FloatLinalg.cholesky(narrow(spd), 0, lf, 0, n));
      for (int i = 0; i < ld.length; i++) assertEquals(ld[i], lf[i], 1e-5 * Math.max(1, Math.abs(ld[i])), "cholesky n " + n);
    }
  }
}
