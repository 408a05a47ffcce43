package dev.nabla.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MatMulKernelTest {
  private static final int[][] SIZES = {
    {0, 3, 4}, {3, 0, 4}, {3, 4, 0}, {0, 0, 0}, {1, 1, 1}, {1, 7, 1}, {7, 1, 5}, {5, 9, 1},
    {2, 3, 4}, {6, 16, 8}, {13, 17, 19}, {32, 64, 33}, {7, 300, 9}, {300, 5, 40}, {64, 64, 64},
    {1, 257, 300}, {257, 129, 65}, {150, 40, 600}, {37, 1100, 21}
  };

  /** A random matrix stored with the given leading dimension and offset; padding is NaN to catch stray reads. */
  private static double[] matrix(SplittableRandom r, int off, int rows, int cols, int ld) {
    double[] x = new double[off + Math.max(0, rows * ld)];
    java.util.Arrays.fill(x, Double.NaN);
    for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) x[off + i * ld + j] = r.nextDouble(-1, 1);
    return x;
  }

  private static float[] toFloat(double[] x) {
    float[] f = new float[x.length];
    for (int i = 0; i < x.length; i++) f[i] = (float) x[i];
    return f;
  }

  private static double[] toDouble(float[] x) {
    double[] d = new double[x.length];
    for (int i = 0; i < x.length; i++) d[i] = x[i];
    return d;
  }

  /** Runs every size and trans combination, comparing float and double gemm with a naive double loop. */
  @Test
  void matchesNaiveProduct() {
    SplittableRandom r = new SplittableRandom(42);
    for (int[] s : SIZES) {
      for (int t = 0; t < 4; t++) {
        for (boolean acc : new boolean[] {false, true}) {
          check(r, s[0], s[1], s[2], (t & 1) != 0, (t & 2) != 0, acc);
        }
      }
    }
  }

  private static void check(SplittableRandom r, int m, int n, int k, boolean tA, boolean tB, boolean acc) {
    int aRows = tA ? k : m, aCols = tA ? m : k, bRows = tB ? n : k, bCols = tB ? k : n;
    int lda = aCols + r.nextInt(3), ldb = bCols + r.nextInt(3), ldc = n + r.nextInt(3);
    int aOff = r.nextInt(5), bOff = r.nextInt(5), cOff = r.nextInt(5);
    double[] a = matrix(r, aOff, aRows, aCols, lda), b = matrix(r, bOff, bRows, bCols, ldb);
    double[] c0 = matrix(r, cOff, m, n, ldc);
    float[] af = toFloat(a), bf = toFloat(b);
    // The float inputs rounded, so the float result is compared with the exact product of those.
    double[] ar = toDouble(af), br = toDouble(bf);

    double[] expect = c0.clone(), expectF = c0.clone(), scale = new double[c0.length];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0, sf = 0, mag = 0;
        for (int p = 0; p < k; p++) {
          int ai = tA ? aOff + p * lda + i : aOff + i * lda + p, bi = tB ? bOff + j * ldb + p : bOff + p * ldb + j;
          s += a[ai] * b[bi];
          sf += ar[ai] * br[bi];
          mag += Math.abs(ar[ai] * br[bi]);
        }
        int ci = cOff + i * ldc + j;
        scale[ci] = mag + (acc ? Math.abs(c0[ci]) : 0);
        expect[ci] = acc ? c0[ci] + s : s;
        expectF[ci] = acc ? (float) c0[ci] + sf : sf;
      }
    }
    String what = m + "x" + n + "x" + k + " tA=" + tA + " tB=" + tB + " acc=" + acc;

    double[] c = c0.clone();
    MatMul.gemm(tA, tB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, acc);
    float[] cf = toFloat(c0);
    MatMul.gemm(tA, tB, m, n, k, af, aOff, lda, bf, bOff, ldb, cf, cOff, ldc, acc);

    for (int i = 0; i < c.length; i++) {
      boolean inC = i >= cOff && (i - cOff) % ldc < n && (i - cOff) / ldc < m;
      if (!inC) {
        // Padding and elements outside C are untouched (NaN padding stays NaN).
        assertEquals(c0[i], c[i], 0, what + " wrote outside C at " + i);
        assertEquals((float) c0[i], cf[i], 0, what + " wrote outside C at " + i);
        continue;
      }
      double tolD = 4 * (k + 2) * Math.ulp(1.0) * scale[i];
      double tolF = 4 * (k + 2) * Math.ulp(1f) * scale[i];
      assertEquals(expect[i], c[i], tolD, what + " double at " + i);
      assertEquals(expectF[i], cf[i], tolF, what + " float at " + i);
    }
  }

  /** C = 0 for k = 0, and unchanged when accumulating. */
  @Test
  void emptyInnerDimension() {
    float[] c = {1, 2, 3, 4, 5, 6};
    MatMul.gemm(false, false, 2, 3, 0, new float[0], 0, 0, new float[0], 0, 3, c, 0, 3, true);
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, c);
    MatMul.gemm(false, false, 2, 3, 0, new float[0], 0, 0, new float[0], 0, 3, c, 0, 3, false);
    assertArrayEquals(new float[6], c);
    double[] d = {1, 2, 3};
    MatMul.gemm(true, true, 1, 2, 0, new double[0], 0, 1, new double[0], 0, 0, d, 1, 2, false);
    assertArrayEquals(new double[] {1, 0, 0}, d);
  }

  /** A big product equals the same product computed as separate row and column blocks, bit for bit. */
  @Test
  void blockSplitsAreBitIdentical() {
    SplittableRandom r = new SplittableRandom(7);
    int m = 203, n = 171, k = 700;
    for (int t = 0; t < 4; t++) {
      boolean tA = (t & 1) != 0, tB = (t & 2) != 0;
      float[] a = toFloat(matrix(r, 0, m * k, 1, 1)), b = toFloat(matrix(r, 0, k * n, 1, 1));
      double[] ad = toDouble(a), bd = toDouble(b);
      int lda = tA ? m : k, ldb = tB ? k : n;
      float[] whole = new float[m * n], parts = new float[m * n];
      double[] wholeD = new double[m * n], partsD = new double[m * n];
      MatMul.gemm(tA, tB, m, n, k, a, 0, lda, b, 0, ldb, whole, 0, n, false);
      MatMul.gemm(tA, tB, m, n, k, ad, 0, lda, bd, 0, ldb, wholeD, 0, n, false);
      // Rows [0, 97) × all columns, then rows [97, m) in column blocks [0, 75) and [75, n).
      int i0 = 97, j0 = 75;
      gemmBlock(tA, tB, 0, i0, 0, n, k, a, lda, b, ldb, parts, n);
      gemmBlock(tA, tB, i0, m, 0, j0, k, a, lda, b, ldb, parts, n);
      gemmBlock(tA, tB, i0, m, j0, n, k, a, lda, b, ldb, parts, n);
      gemmBlock(tA, tB, 0, i0, 0, n, k, ad, lda, bd, ldb, partsD, n);
      gemmBlock(tA, tB, i0, m, 0, j0, k, ad, lda, bd, ldb, partsD, n);
      gemmBlock(tA, tB, i0, m, j0, n, k, ad, lda, bd, ldb, partsD, n);
      assertArrayEquals(whole, parts, "float tA=" + tA + " tB=" + tB);
      assertArrayEquals(wholeD, partsD, "double tA=" + tA + " tB=" + tB);
    }
  }

  private static void gemmBlock(boolean tA, boolean tB, int i0, int i1, int j0, int j1, int k,
      float[] a, int lda, float[] b, int ldb, float[] c, int ldc) {
    MatMul.gemm(tA, tB, i1 - i0, j1 - j0, k, a, tA ? i0 : i0 * lda, lda, b, tB ? j0 * ldb : j0, ldb,
        c, i0 * ldc + j0, ldc, false);
  }

  private static void gemmBlock(boolean tA, boolean tB, int i0, int i1, int j0, int j1, int k,
      double[] a, int lda, double[] b, int ldb, double[] c, int ldc) {
    MatMul.gemm(tA, tB, i1 - i0, j1 - j0, k, a, tA ? i0 : i0 * lda, lda, b, tB ? j0 * ldb : j0, ldb,
        c, i0 * ldc + j0, ldc, false);
  }

  @Test
  void reportsSelectedImplementation() {
    String expected = "false".equals(System.getProperty("nabla.simd")) ? "plain" : "vector";
    assertEquals(expected, MatMul.implementation());
    assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
        "tests run with --add-modules jdk.incubator.vector");
  }
}
