package dev.nabla.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link AttentionRows}' kernels against naive loops in double, in both dtypes (FLOAT32 on the same values,
 * rounded to float, within a relative 1e-5), below and above the parallel threshold: the softmax with scale,
 * an additive mask read through batch offsets and row/column strides (0 where it broadcasts), the causal cut,
 * rows whose keys are all masked (zeros); and its backward.
 */
class AttentionRowsTest {
  private static final SplittableRandom RNG = new SplittableRandom(21);

  /** softmax(scale·s + mask) per row with the causal cut; zeros for a row with nothing left. */
  private static double[] reference(double[] s, int rows, int tq, int tk, double scale, double[] mask, int[] mb,
      int rs, int cs, boolean causal) {
    double[] out = new double[s.length];
    for (int r = 0; r < rows; r++) {
      int i = r % tq;
      double max = Double.NEGATIVE_INFINITY;
      double[] z = new double[tk];
      for (int j = 0; j < tk; j++) {
        z[j] = causal && j > i ? Double.NEGATIVE_INFINITY
            : scale * s[r * tk + j] + (mask == null ? 0 : mask[mb[r / tq] + i * rs + j * cs]);
        max = Math.max(max, z[j]);
      }
      if (max == Double.NEGATIVE_INFINITY) continue;
      double sum = 0;
      for (int j = 0; j < tk; j++) sum += Math.exp(z[j] - max);
      for (int j = 0; j < tk; j++) out[r * tk + j] = Math.exp(z[j] - max) / sum;
    }
    return out;
  }

  private static double[] randoms(int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) x[i] = (float) RNG.nextDouble(-3, 3); // float-representable: both dtypes see them
    return x;
  }

  private static float[] narrow(double[] x) {
    float[] f = new float[x.length];
    for (int i = 0; i < x.length; i++) f[i] = (float) x[i];
    return f;
  }

  private static void assertClose(double[] expected, double[] actual, double rel, String what) {
    for (int i = 0; i < expected.length; i++)
      assertEquals(expected[i], actual[i], rel * Math.max(1, Math.abs(expected[i])), what + " at " + i);
  }

  private static double[] widen(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) d[i] = f[i];
    return d;
  }

  @Test
  void softmaxMatchesANaiveLoop() {
    // {batches, tq, tk}: small, and above the threshold (rows·12·tk ≥ 2^15) so rows split across threads
    for (int[] c : new int[][] {{1, 1, 1}, {2, 3, 5}, {3, 6, 4}, {8, 40, 48}}) {
      int nb = c[0], tq = c[1], tk = c[2], rows = nb * tq;
      double[] s = randoms(rows * tk);
      // mask [nb, 1, tk] (one row per batch: row stride 0), batch stride tk; and a full [tq, tk] mask shared by batches
      double[] keyMask = randoms(nb * tk), fullMask = randoms(tq * tk);
      for (int j = 0; j < tk; j += 3) keyMask[j] = Double.NEGATIVE_INFINITY; // batch 0 loses keys 0, 3, 6, ...
      if (tq > 1) for (int j = 0; j < tk; j++) fullMask[tk + j] = Double.NEGATIVE_INFINITY; // query 1: no key
      int[] perBatch = new int[nb], shared = new int[nb];
      for (int b = 0; b < nb; b++) perBatch[b] = b * tk;
      Object[][] masks = {{null, null, 0, 0}, {keyMask, perBatch, 0, 1}, {fullMask, shared, tk, 1}};
      for (Object[] m : masks) {
        for (boolean causal : new boolean[] {false, true}) {
          double[] mask = (double[]) m[0];
          int[] mb = (int[]) m[1];
          int rs = (int) m[2], cs = (int) m[3];
          String what = java.util.Arrays.toString(c) + " mask " + (mask == null ? "none" : rs == 0 ? "keys" : "full")
              + " causal " + causal;
          double[] expected = reference(s, rows, tq, tk, 0.7, mask, mb, rs, cs, causal);
          double[] d = s.clone();
          AttentionRows.softmax(d, rows, tq, tk, 0.7, mask, mb, rs, cs, causal);
          assertClose(expected, d, 1e-14, what + " FLOAT64");
          float[] f = narrow(s);
          AttentionRows.softmax(f, rows, tq, tk, 0.7, mask == null ? null : narrow(mask), mb, rs, cs, causal);
          assertClose(expected, widen(f), 1e-5, what + " FLOAT32");
        }
      }
    }
  }

  @Test
  void backwardMatchesANaiveLoop() {
    for (int[] c : new int[][] {{1, 1}, {3, 5}, {700, 64}}) {
      int rows = c[0], len = c[1];
      double[] p = randoms(rows * len), g = randoms(rows * len), expected = new double[rows * len];
      for (int r = 0; r < rows; r++) {
        double dot = 0;
        for (int j = 0; j < len; j++) dot += g[r * len + j] * p[r * len + j];
        for (int j = 0; j < len; j++) expected[r * len + j] = 1.3 * p[r * len + j] * (g[r * len + j] - dot);
      }
      double[] out = new double[rows * len];
      AttentionRows.softmaxBackward(p, g, out, rows, len, 1.3);
      assertClose(expected, out, 1e-13, rows + "x" + len + " FLOAT64");
      float[] fo = new float[rows * len];
      AttentionRows.softmaxBackward(narrow(p), narrow(g), fo, rows, len, 1.3);
      assertClose(expected, widen(fo), 1e-4, rows + "x" + len + " FLOAT32");
    }
  }
}
