package dev.nabla.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fused layer-norm passes of {@link DoubleNorm} (and the generated FLOAT32 twin, float lanes when SIMD is on)
 * against the separate kernels they replace: {@code statsNormalize} and {@code normalizeGrad} with the weight
 * inside give the separate calls' bits; {@code layerNormBackward}'s dx has those bits too and its dw, db are
 * the column sums (the bits of {@code affineGrad} for FLOAT32 with SIMD on); {@code affineGrad}'s bias sums;
 * and every one gives the same bits on one thread as on all. Widths around the vector length, row counts
 * below, at and above a column block and above the parallel thresholds.
 */
class FusedNormKernelTest {
  private static final double EPS = 1e-5;

  private static double[] data(SplittableRandom rng, int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) x[i] = (float) (rng.nextDouble(-3, 3) + 0.5); // float-representable
    return x;
  }

  private static float[] narrow(double[] x) {
    float[] f = new float[x.length];
    for (int i = 0; i < x.length; i++) f[i] = (float) x[i];
    return f;
  }

  /** Runs r with every kernel inside it on the calling thread (a kernel called from a parallel body runs serially). */
  private static void serially(Runnable r) {
    Parallel.forRange(2, 1 << 30, 1, (lo, hi) -> {
      if (lo == 0) r.run();
    });
  }

  /** {rows, width}: a row or two, a block less one, a block plus one, and above the parallel thresholds. */
  private static int[][] sizes() {
    return new int[][] {{1, 7}, {2, 16}, {31, 17}, {33, 5}, {3 + 45_000 / 771, 771}, {3 + 45_000 / 17, 17},
        {3 + 45_000 / 16, 16}, {3 + 45_000 / 1, 1}};
  }

  /** The fused FLOAT64 results of one input: y, mean, var (fused forward), dxw (weight inside), dx, dw, db. */
  private record F64(double[] y, double[] mean, double[] var, double[] dxw, double[] dx, double[] dw, double[] db) {
    static F64 of(double[] x, double[] g, double[] w, double[] b, int rows, int width) {
      int n = x.length;
      F64 r = new F64(new double[n], new double[rows], new double[rows], new double[n], new double[n],
          new double[width], new double[width]);
      DoubleNorm.statsNormalize(x, 1, rows, width, true, EPS, r.mean, r.var, w, b, false, r.y);
      DoubleNorm.normalizeGrad(x, g, w, 1, rows, width, true, EPS, r.mean, r.var, r.dxw);
      DoubleNorm.layerNormBackward(x, g, w, rows, width, true, EPS, r.mean, r.var, r.dx, r.dw, r.db);
      return r;
    }
  }

  /** The same for FLOAT32. */
  private record F32(float[] y, double[] mean, double[] var, float[] dxw, float[] dx, float[] dw, float[] db) {
    static F32 of(float[] x, float[] g, float[] w, float[] b, int rows, int width) {
      int n = x.length;
      F32 r = new F32(new float[n], new double[rows], new double[rows], new float[n], new float[n], new float[width],
          new float[width]);
      FloatNorm.statsNormalize(x, 1, rows, width, true, EPS, r.mean, r.var, w, b, false, r.y);
      FloatNorm.normalizeGrad(x, g, w, 1, rows, width, true, EPS, r.mean, r.var, r.dxw);
      FloatNorm.layerNormBackward(x, g, w, rows, width, true, EPS, r.mean, r.var, r.dx, r.dw, r.db);
      return r;
    }
  }

  @Test
  void fusedLayerNormPassesGiveTheSeparateKernelsBitsInFloat64() {
    SplittableRandom rng = new SplittableRandom(21);
    for (int[] size : sizes()) {
      int rows = size[0], width = size[1], n = rows * width;
      String what = rows + " rows of " + width;
      double[] x = data(rng, n), g = data(rng, n), w = data(rng, width), b = data(rng, width);
      double[] mean = new double[rows], var = new double[rows], y = new double[n], gw = new double[n];
      double[] dx = new double[n], dw = new double[width], dw2 = new double[width], db = new double[width];
      DoubleNorm.stats(x, 1, rows, width, true, mean, var);
      DoubleNorm.normalize(x, 1, rows, width, EPS, mean, var, w, b, false, y);
      for (int k = 0; k < n; k++) gw[k] = g[k] * w[k % width];
      DoubleNorm.normalizeGrad(x, gw, 1, rows, width, true, EPS, mean, var, dx);
      DoubleNorm.affineGrad(x, g, 1, rows, width, EPS, mean, var, false, new double[width], dw);
      DoubleNorm.affineGrad(x, g, 1, rows, width, EPS, mean, var, false, new double[width], dw2, new double[width], db);
      F64 f = F64.of(x, g, w, b, rows, width);
      assertArrayEquals(mean, f.mean, what + " mean");
      assertArrayEquals(var, f.var, what + " var");
      assertArrayEquals(y, f.y, what + " y");
      assertArrayEquals(dx, f.dxw, what + " dx, weight inside");
      assertArrayEquals(dx, f.dx, what + " dx, one pass");
      assertArrayEquals(dw, dw2, what + " dw, with the bias summed too");
      for (int i = 0; i < width; i++) {
        double sum = 0, abs = 0;
        for (int r = 0; r < rows; r++) {
          sum += g[r * width + i];
          abs += Math.abs(g[r * width + i]);
        }
        assertEquals(sum, db[i], 1e-13 * abs, what + " db (column pass) at " + i);
        assertEquals(sum, f.db[i], 1e-13 * abs, what + " db (one pass) at " + i);
        assertEquals(dw[i], f.dw[i], 1e-12 * Math.max(1, Math.abs(dw[i])) * rows, what + " dw (one pass) at " + i);
      }
      F64[] one = new F64[1];
      serially(() -> one[0] = F64.of(x, g, w, b, rows, width));
      assertArrayEquals(one[0].y, f.y, what + " y, 1 thread vs " + Parallel.threads());
      assertArrayEquals(one[0].dx, f.dx, what + " dx, 1 thread vs " + Parallel.threads());
      assertArrayEquals(one[0].dw, f.dw, what + " dw, 1 thread vs " + Parallel.threads());
      assertArrayEquals(one[0].db, f.db, what + " db, 1 thread vs " + Parallel.threads());
    }
  }

  @Test
  void fusedLayerNormPassesGiveTheSeparateKernelsBitsInFloat32() {
    SplittableRandom rng = new SplittableRandom(22);
    for (int[] size : sizes()) {
      int rows = size[0], width = size[1], n = rows * width;
      String what = rows + " rows of " + width;
      float[] x = narrow(data(rng, n)), g = narrow(data(rng, n)), w = narrow(data(rng, width));
      float[] b = narrow(data(rng, width));
      for (int i = 0; i < n; i += 5) x[i] = x[i] * 40 + 100; // a mean far from 0
      double[] mean = new double[rows], var = new double[rows];
      float[] y = new float[n], gw = new float[n], dx = new float[n], dw = new float[width], dw2 = new float[width];
      float[] db = new float[width];
      FloatNorm.stats(x, 1, rows, width, true, mean, var);
      FloatNorm.normalize(x, 1, rows, width, EPS, mean, var, w, b, false, y);
      for (int k = 0; k < n; k++) gw[k] = g[k] * w[k % width]; // the stored product the fused loops replace
      FloatNorm.normalizeGrad(x, gw, 1, rows, width, true, EPS, mean, var, dx);
      FloatNorm.affineGrad(x, g, 1, rows, width, EPS, mean, var, false, new double[width], dw);
      FloatNorm.affineGrad(x, g, 1, rows, width, EPS, mean, var, false, new double[width], dw2, new double[width], db);
      F32 f = F32.of(x, g, w, b, rows, width);
      assertArrayEquals(mean, f.mean, what + " mean");
      assertArrayEquals(var, f.var, what + " var");
      assertArrayEquals(y, f.y, what + " y");
      assertArrayEquals(dx, f.dxw, what + " dx, weight inside");
      assertArrayEquals(dx, f.dx, what + " dx, one pass");
      assertArrayEquals(dw, dw2, what + " dw, with the bias summed too");
      if (Simd.ENABLED) { // float blocks of the same rows in both: the same sums
        assertArrayEquals(dw, f.dw, what + " dw (one pass)");
        assertArrayEquals(db, f.db, what + " db (one pass)");
      }
      for (int i = 0; i < width; i++) {
        double sum = 0, abs = 0, dws = 0, dwa = 0;
        for (int r = 0; r < rows; r++) {
          int k = r * width + i;
          double xh = (x[k] - mean[r]) / Math.sqrt(var[r] + EPS);
          sum += g[k];
          abs += Math.abs(g[k]);
          dws += g[k] * xh;
          dwa += Math.abs(g[k] * xh);
        }
        assertEquals(sum, db[i], 1e-6 * abs, what + " db (column pass) at " + i);
        assertEquals(sum, f.db[i], 1e-6 * abs, what + " db (one pass) at " + i);
        assertEquals(dws, f.dw[i], 1e-5 * dwa, what + " dw (one pass) at " + i);
      }
      F32[] one = new F32[1];
      serially(() -> one[0] = F32.of(x, g, w, b, rows, width));
      assertArrayEquals(one[0].y, f.y, what + " y, 1 thread vs " + Parallel.threads());
      assertArrayEquals(one[0].dx, f.dx, what + " dx, 1 thread vs " + Parallel.threads());
      assertArrayEquals(one[0].dw, f.dw, what + " dw, 1 thread vs " + Parallel.threads());
      assertArrayEquals(one[0].db, f.db, what + " db, 1 thread vs " + Parallel.threads());
      float[] dbOne = new float[width];
      serially(() -> FloatNorm.affineGrad(x, g, 1, rows, width, EPS, mean, var, false, new double[width],
          new float[width], new double[width], dbOne));
      assertArrayEquals(dbOne, db, what + " db (column pass), 1 thread vs " + Parallel.threads());
    }
  }

  @Test
  void fusedForwardAndBiasSumsOnTheBatchNormLayout() {
    SplittableRandom rng = new SplittableRandom(23);
    int outer = 4, groups = 3, inner = 10, n = outer * groups * inner;
    double[] x = data(rng, n), g = data(rng, n), w = data(rng, groups), b = data(rng, groups);
    for (double[] wb : new double[][] {w, null}) {
      double[] mean = new double[groups], var = new double[groups], y = new double[n];
      double[] fm = new double[groups], fv = new double[groups], fy = new double[n];
      DoubleNorm.stats(x, outer, groups, inner, true, mean, var);
      DoubleNorm.normalize(x, outer, groups, inner, EPS, mean, var, wb, wb == null ? null : b, true, y);
      DoubleNorm.statsNormalize(x, outer, groups, inner, true, EPS, fm, fv, wb, wb == null ? null : b, true, fy);
      assertArrayEquals(mean, fm);
      assertArrayEquals(var, fv);
      assertArrayEquals(y, fy);
    }
    double[] mean = new double[groups], var = new double[groups], dw = new double[groups], dw2 = new double[groups];
    double[] db = new double[groups];
    DoubleNorm.stats(x, outer, groups, inner, true, mean, var);
    DoubleNorm.affineGrad(x, g, outer, groups, inner, EPS, mean, var, true, null, dw);
    DoubleNorm.affineGrad(x, g, outer, groups, inner, EPS, mean, var, true, null, dw2, null, db);
    assertArrayEquals(dw, dw2);
    for (int c = 0; c < groups; c++) {
      double sum = 0;
      for (int o = 0; o < outer; o++) for (int i = 0; i < inner; i++) sum += g[(o * groups + c) * inner + i];
      assertEquals(sum, db[c], 1e-12, "db of channel " + c);
    }
  }
}
