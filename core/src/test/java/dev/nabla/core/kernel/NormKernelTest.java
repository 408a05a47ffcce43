package dev.nabla.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link DoubleNorm} against naive loops, and its generated FLOAT32 twin against it, on the [outer, groups,
 * inner] layouts of layer norm (outer 1) and batch norm, small and above the parallel threshold; and FLOAT32's
 * layer-norm row loops ({@code FloatNormRows}: float lanes when SIMD is on) at odd widths against FLOAT64, with the
 * same bits whether the rows or columns split across threads or not.
 */
class NormKernelTest {
  private static final int[][] LAYOUTS = {{1, 1, 3}, {1, 7, 5}, {4, 3, 1}, {3, 2, 10}, {1, 300, 257}, {64, 16, 40}};

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

  private static void close(double want, double got, double rel, String what) {
    assertEquals(want, got, rel * Math.max(1, Math.abs(want)), what);
  }

  @Test
  void statisticsNormalizeAndBackwardMatchNaiveLoopsInBothDtypes() {
    SplittableRandom rng = new SplittableRandom(4);
    for (int[] l : LAYOUTS) {
      int outer = l[0], groups = l[1], inner = l[2], n = outer * groups * inner, m = outer * inner;
      for (boolean centered : new boolean[] {true, false}) {
        for (boolean perGroup : new boolean[] {true, false}) {
          String what = java.util.Arrays.toString(l) + (centered ? " centered" : " rms") + (perGroup ? " per group" : "");
          double[] x = data(rng, n), v = data(rng, n), w = data(rng, perGroup ? groups : inner);
          double[] b = data(rng, w.length);
          double[] mean = new double[groups], var = new double[groups];
          DoubleNorm.stats(x, outer, groups, inner, centered, mean, var);
          double[] y = new double[n], dx = new double[n];
          DoubleNorm.normalize(x, outer, groups, inner, 1e-5, mean, var, w, b, perGroup, y);
          DoubleNorm.normalizeGrad(x, v, outer, groups, inner, centered, 1e-5, mean, var, dx);
          float[] yf = new float[n], dxf = new float[n];
          double[] meanF = new double[groups], varF = new double[groups];
          FloatNorm.stats(narrow(x), outer, groups, inner, centered, meanF, varF);
          FloatNorm.normalize(narrow(x), outer, groups, inner, 1e-5, meanF, varF, narrow(w), narrow(b), perGroup, yf);
          FloatNorm.normalizeGrad(narrow(x), narrow(v), outer, groups, inner, centered, 1e-5, meanF, varF, dxf);
          for (int g = 0; g < groups; g++) {
            double mu = 0, q = 0, sv = 0, svx = 0;
            for (int o = 0; o < outer; o++) for (int i = 0; i < inner; i++) mu += centered ? x[(o * groups + g) * inner + i] : 0;
            mu /= m;
            for (int o = 0; o < outer; o++)
              for (int i = 0; i < inner; i++) q += Math.pow(x[(o * groups + g) * inner + i] - mu, 2);
            double s = 1 / Math.sqrt(q / m + 1e-5);
            close(mu, mean[g], 1e-12, what + " mean");
            close(q / m, var[g], 1e-12, what + " var");
            close(mu, meanF[g], 1e-12, what + " FLOAT32 mean (wide sums of float data)");
            for (int o = 0; o < outer; o++)
              for (int i = 0; i < inner; i++) {
                int k = (o * groups + g) * inner + i;
                sv += v[k];
                svx += v[k] * (x[k] - mu) * s;
              }
            for (int o = 0; o < outer; o++)
              for (int i = 0; i < inner; i++) {
                int k = (o * groups + g) * inner + i, a = perGroup ? g : i;
                double xh = (x[k] - mu) * s;
                close(xh * w[a] + b[a], y[k], 1e-12, what + " y");
                close(y[k], yf[k], 1e-5, what + " FLOAT32 y");
                double want = s * (v[k] - (centered ? sv / m : 0) - xh * svx / m);
                close(want, dx[k], 1e-10, what + " dx");
                close(dx[k], dxf[k], 1e-4, what + " FLOAT32 dx");
              }
          }
        }
      }
    }
  }

  /** Runs r with every kernel inside it on the calling thread (a kernel called from a parallel body runs serially). */
  private static void serially(Runnable r) {
    Parallel.forRange(2, 1 << 30, 1, (lo, hi) -> {
      if (lo == 0) r.run();
    });
  }

  /** One FLOAT32 layer norm forward and backward: mean, var, y, dx, dw. */
  private record Float32Run(double[] mean, double[] var, float[] y, float[] dx, float[] dw) {
    static Float32Run of(float[] x, float[] v, float[] w, float[] b, int rows, int width) {
      Float32Run r = new Float32Run(new double[rows], new double[rows], new float[x.length], new float[x.length],
          new float[width]);
      FloatNorm.stats(x, 1, rows, width, true, r.mean, r.var);
      FloatNorm.normalize(x, 1, rows, width, 1e-5, r.mean, r.var, w, b, false, r.y);
      FloatNorm.normalizeGrad(x, v, 1, rows, width, true, 1e-5, r.mean, r.var, r.dx);
      FloatNorm.affineGrad(x, v, 1, rows, width, 1e-5, r.mean, r.var, false, new double[width], r.dw);
      return r;
    }
  }

  @Test
  void float32LayerNormRowsMatchFloat64AtOddWidthsOnAnyThreadCount() {
    SplittableRandom rng = new SplittableRandom(9);
    for (int width : new int[] {1, 7, 15, 16, 17, 768 + 3}) {
      int rows = 3 + 45_000 / width, n = rows * width; // above the parallel thresholds
      String what = rows + " rows of " + width;
      double[] x = data(rng, n), v = data(rng, n), w = data(rng, width), b = data(rng, width);
      for (int i = 0; i < n; i += 5) x[i] = (float) (x[i] * 40 + 100); // a mean far from 0, spread rows
      double[] mean = new double[rows], var = new double[rows], y = new double[n], dx = new double[n];
      double[] dw = new double[width];
      DoubleNorm.stats(x, 1, rows, width, true, mean, var);
      DoubleNorm.normalize(x, 1, rows, width, 1e-5, mean, var, w, b, false, y);
      DoubleNorm.normalizeGrad(x, v, 1, rows, width, true, 1e-5, mean, var, dx);
      DoubleNorm.affineGrad(x, v, 1, rows, width, 1e-5, mean, var, false, new double[width], dw);
      float[] xf = narrow(x), vf = narrow(v), wf = narrow(w), bf = narrow(b);
      Float32Run f = Float32Run.of(xf, vf, wf, bf, rows, width);
      for (int r = 0; r < rows; r++) {
        close(mean[r], f.mean[r], 1e-12, what + " mean");
        close(var[r], f.var[r], 1e-5, what + " var");
      }
      for (int k = 0; k < n; k++) {
        close(y[k], f.y[k], 1e-5, what + " y at " + k);
        close(dx[k], f.dx[k], 1e-4, what + " dx at " + k);
      }
      for (int i = 0; i < width; i++) {
        double scale = 0; // Σ |g·x̂| of the column: what float rounding of its terms is relative to
        for (int r = 0; r < rows; r++) scale += Math.abs(v[r * width + i] * (x[r * width + i] - mean[r]) / Math.sqrt(var[r] + 1e-5));
        assertEquals(dw[i], f.dw[i], 1e-6 * scale, what + " dw at " + i);
      }
      Float32Run[] one = new Float32Run[1];
      serially(() -> one[0] = Float32Run.of(xf, vf, wf, bf, rows, width));
      assertArrayEquals(one[0].mean, f.mean, what + " mean, 1 thread vs " + Parallel.threads());
      assertArrayEquals(one[0].var, f.var, what + " var, 1 thread vs " + Parallel.threads());
      assertArrayEquals(one[0].y, f.y, what + " y, 1 thread vs " + Parallel.threads());
      assertArrayEquals(one[0].dx, f.dx, what + " dx, 1 thread vs " + Parallel.threads());
      assertArrayEquals(one[0].dw, f.dw, what + " dw, 1 thread vs " + Parallel.threads());
    }
  }
}
