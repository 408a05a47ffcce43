package dev.nabla.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link DoubleNorm} against naive loops, and its generated FLOAT32 twin against it, on the [outer, groups,
 * inner] layouts of layer norm (outer 1) and batch norm, small and above the parallel threshold.
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
}
