package dev.nabla.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The FLOAT32 kernels generated from the FLOAT64 sources agree with them on random data: FLOAT32 runs on
 * inputs rounded to float, FLOAT64 on the same values, and the results differ by float rounding only
 * (a relative 1e-5 here, where a wrong loop or a dropped wide accumulator is off by far more). Data-movement
 * kernels (the strided copy, in FLOAT32, FLOAT64 and INT32) must agree exactly.
 */
class DtypeTwinsTest {
  private static final SplittableRandom RNG = new SplittableRandom(12);

  private static float[] floats(int n, double scale) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) x[i] = (float) RNG.nextDouble(-scale, scale);
    return x;
  }

  private static double[] widen(float[] x) {
    double[] d = new double[x.length];
    for (int i = 0; i < x.length; i++) d[i] = x[i];
    return d;
  }

  private static void assertClose(double[] expected, float[] actual, double rel, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      double e = expected[i], tol = rel * Math.max(1, Math.abs(e));
      assertEquals(e, actual[i], tol, what + " at " + i);
    }
  }

  @Test
  void rowReductionsAgree() {
    for (int[] s : new int[][] {{1, 1}, {3, 7}, {64, 100}, {600, 129}}) {
      int rows = s[0], len = s[1];
      float[] xf = floats(rows * len, 4);
      double[] xd = widen(xf);
      for (Reduce.Kind kind : Reduce.Kind.values()) {
        float[] yf = new float[rows];
        double[] yd = new double[rows];
        Reduce.rows(kind, xf, yf, rows, len);
        Reduce.rows(kind, xd, yd, rows, len);
        assertClose(yd, yf, kind == Reduce.Kind.LOG_SUM_EXP ? 1e-5 : 1e-6, kind + " rows " + rows + "x" + len);
      }
    }
  }

  @Test
  void middleAxisReductionsAgree() {
    for (int[] s : new int[][] {{1, 1, 1}, {2, 3, 4}, {3, 300, 70}, {1, 50, 2000}}) {
      int outer = s[0], len = s[1], inner = s[2];
      float[] xf = floats(outer * len * inner, 4);
      double[] xd = widen(xf);
      for (Reduce.Kind kind : new Reduce.Kind[] {Reduce.Kind.SUM, Reduce.Kind.MAX, Reduce.Kind.MIN}) {
        float[] yf = new float[outer * inner];
        double[] yd = new double[outer * inner];
        Reduce.middleAxis(kind, xf, yf, outer, len, inner);
        Reduce.middleAxis(kind, xd, yd, outer, len, inner);
        assertClose(yd, yf, 1e-6, kind + " middle axis");
      }
    }
  }

  @Test
  void softmaxAndCrossEntropyAgree() {
    int rows = 300, len = 37;
    float[] xf = floats(rows * len, 8);
    double[] xd = widen(xf);
    for (boolean log : new boolean[] {false, true}) {
      float[] yf = new float[rows * len];
      double[] yd = new double[rows * len];
      Reduce.softmaxRows(log, xf, yf, rows, len);
      Reduce.softmaxRows(log, xd, yd, rows, len);
      assertClose(yd, yf, 1e-5, log ? "logSoftmax" : "softmax");
    }
    int[] labels = RNG.ints(rows, 0, len).toArray();
    float[] gf = floats(rows, 1), lf = new float[rows], lsef = new float[rows];
    double[] gd = widen(gf), ld = new double[rows], lsed = new double[rows];
    Reduce.crossEntropyRows(xf, labels, lf, null, null, null, rows, len);
    Reduce.crossEntropyRows(xd, labels, ld, null, null, null, rows, len);
    assertClose(ld, lf, 1e-5, "cross-entropy loss");
    Reduce.rows(Reduce.Kind.LOG_SUM_EXP, xf, lsef, rows, len);
    Reduce.rows(Reduce.Kind.LOG_SUM_EXP, xd, lsed, rows, len);
    for (boolean known : new boolean[] {false, true}) {
      float[] df = new float[rows * len];
      double[] dd = new double[rows * len];
      Reduce.crossEntropyRows(xf, labels, null, gf, known ? lsef : null, df, rows, len);
      Reduce.crossEntropyRows(xd, labels, null, gd, known ? lsed : null, dd, rows, len);
      assertClose(dd, df, 1e-5, "cross-entropy gradient, log-sum-exp " + (known ? "given" : "computed"));
    }
  }

  @Test
  void updatesAgree() {
    int n = 5000;
    float[] yf = floats(n, 1), xf = floats(n, 1), zf = floats(n, 1);
    double[] yd = widen(yf);
    Update.scaleAdd(yf, 0.9f, xf, -0.5f, zf, 0.25f, n);
    Update.scaleAdd(yd, 0.9f, widen(xf), -0.5f, widen(zf), 0.25f, n);
    assertClose(yd, yf, 1e-6, "scaleAdd");
    Update.scale(yf, 3f, n);
    Update.scale(yd, 3f, n);
    assertClose(yd, yf, 1e-6, "scale");
  }

  @Test
  void stridedCopiesAgreeExactlyInEveryDtype() {
    int[] dims = {3, 4, 5}, strides = {1, 15, 3}; // a permuted view of a [4, 5, 3] array at offset 2
    int n = 60;
    float[] sf = floats(n + 2, 100);
    double[] sd = widen(sf);
    int[] si = new int[n + 2];
    for (int i = 0; i < si.length; i++) si[i] = (int) sf[i];
    float[] df = new float[n];
    double[] dd = new double[n];
    int[] di = new int[n];
    Strided.copy(sf, 2, dims, strides, df);
    Strided.copy(sd, 2, dims, strides, dd);
    Strided.copy(si, 2, dims, strides, di);
    int o = 0;
    for (int a = 0; a < 3; a++) {
      for (int b = 0; b < 4; b++) {
        for (int c = 0; c < 5; c++, o++) {
          int src = 2 + a + 15 * b + 3 * c;
          assertEquals(sd[src], dd[o]);
          assertEquals(si[src], di[o]);
        }
      }
    }
    assertArrayEquals(dd, widen(df));
  }
}
