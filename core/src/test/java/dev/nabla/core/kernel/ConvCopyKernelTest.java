package dev.nabla.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The copies and selections of {@link DoubleConv} and its FLOAT32 twin, bit for bit against naive loops: im2col
 * and col2im with padding borders at odd sizes, strides and dilations (including kernels wider than the input),
 * and max pooling with ties, infinities and NaNs (the first largest wins, a window holding NaNs gives its last).
 */
class ConvCopyKernelTest {

  /** A geometry with c channels and one image, random kernel, stride, padding and dilation. */
  private static ConvGeometry randomGeometry(SplittableRandom rng) {
    if (rng.nextInt(4) == 0) { // "same" width at stride 1 (im2col's one-run path), padding up to wider than h
      int c = 1 + rng.nextInt(3), h = 1 + rng.nextInt(5), w = 1 + rng.nextInt(5), d = 1 + rng.nextInt(2);
      return new ConvGeometry(1, c, h, w, c, 1, 3, 3, 1, 1, d, d, d, d);
    }
    while (true) {
      int c = 1 + rng.nextInt(3), h = 1 + rng.nextInt(9), w = 1 + rng.nextInt(11), kh = 1 + rng.nextInt(4),
          kw = 1 + rng.nextInt(4), sh = 1 + rng.nextInt(3), sw = 1 + rng.nextInt(3), ph = rng.nextInt(4),
          pw = rng.nextInt(4), dh = 1 + rng.nextInt(3), dw = 1 + rng.nextInt(3);
      ConvGeometry g = new ConvGeometry(1, c, h, w, c, 1, kh, kw, sh, sw, ph, pw, dh, dw);
      if (h + 2 * ph >= dh * (kh - 1) + 1 && w + 2 * pw >= dw * (kw - 1) + 1) return g;
    }
  }

  /** x[ci, iy, ix] for each (row, column) of the patch matrix [c·kh·kw, oh·ow], 0 outside the input. */
  private static double[] naiveIm2col(double[] x, ConvGeometry g) {
    int oh = g.oh(), ow = g.ow();
    double[] col = new double[g.c() * g.kh() * g.kw() * oh * ow];
    for (int ci = 0; ci < g.c(); ci++)
      for (int i = 0; i < g.kh(); i++)
        for (int j = 0; j < g.kw(); j++)
          for (int oy = 0; oy < oh; oy++)
            for (int ox = 0; ox < ow; ox++) {
              int iy = oy * g.sh() - g.ph() + i * g.dh(), ix = ox * g.sw() - g.pw() + j * g.dw();
              int r = (ci * g.kh() + i) * g.kw() + j;
              boolean inside = iy >= 0 && iy < g.h() && ix >= 0 && ix < g.w();
              col[r * oh * ow + oy * ow + ox] = inside ? x[(ci * g.h() + iy) * g.w() + ix] : 0;
            }
    return col;
  }

  private static double[] randomValues(SplittableRandom rng, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) v[i] = rng.nextInt(2000) - 1000; // integers: exact in float and in any sum order
    return v;
  }

  private static float[] floats(double[] v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
    return f;
  }

  @Test
  void im2colAndCol2imMatchTheNaiveLoopsAtEveryBorder() {
    SplittableRandom rng = new SplittableRandom(41);
    for (int trial = 0; trial < 400; trial++) {
      ConvGeometry g = randomGeometry(rng);
      int chw = g.c() * g.h() * g.w(), ohw = g.oh() * g.ow(), rows = g.c() * g.kh() * g.kw();
      double[] x = randomValues(rng, chw), expected = naiveIm2col(x, g);
      // written at column offset 3 of a wider matrix (ld = ohw + 5) filled with a marker, as for a block of images
      int ld = ohw + 5;
      double[] col = new double[rows * ld];
      float[] colF = new float[rows * ld];
      java.util.Arrays.fill(col, 7.5);
      java.util.Arrays.fill(colF, 7.5f);
      DoubleConv.im2col(x, 0, g, col, 3, ld);
      FloatConv.im2col(floats(x), 0, g, colF, 3, ld);
      for (int r = 0; r < rows; r++) {
        for (int k = 0; k < ld; k++) {
          double want = k >= 3 && k < 3 + ohw ? expected[r * ohw + k - 3] : 7.5;
          assertEquals(want, col[r * ld + k], "im2col " + g + " row " + r + " column " + k);
          assertEquals((float) want, colF[r * ld + k], "float im2col " + g + " row " + r + " column " + k);
        }
      }
      // col2im is the adjoint: <im2col(x), c> = <x, col2im(c)>, checked element by element against the naive sum
      double[] c = randomValues(rng, rows * ohw), gx = new double[chw], want = new double[chw];
      float[] gxF = new float[chw];
      for (int k = 0; k < chw; k++) {
        double[] unit = new double[chw];
        unit[k] = 1;
        double[] u = naiveIm2col(unit, g);
        for (int q = 0; q < u.length; q++) want[k] += u[q] * c[q];
      }
      DoubleConv.col2im(c, 0, ohw, g, gx, 0);
      FloatConv.col2im(floats(c), 0, ohw, g, gxF, 0);
      assertArrayEquals(want, gx, 0, "col2im " + g);
      for (int k = 0; k < chw; k++) assertEquals((float) want[k], gxF[k], "float col2im " + g + " at " + k);
    }
  }

  /** The reference rule: "v > max || isNaN(v)" over the window in row-major order, padding −∞. */
  private static int naiveArgmax(double[] x, ConvGeometry g, int p, int oy, int ox) {
    double max = Double.NEGATIVE_INFINITY;
    int best = -1;
    for (int i = 0; i < g.kh(); i++)
      for (int j = 0; j < g.kw(); j++) {
        int iy = oy * g.sh() - g.ph() + i * g.dh(), ix = ox * g.sw() - g.pw() + j * g.dw();
        if (iy < 0 || iy >= g.h() || ix < 0 || ix >= g.w()) continue;
        int k = (p * g.h() + iy) * g.w() + ix;
        if (best < 0) best = k;
        if (x[k] > max || Double.isNaN(x[k])) {
          max = x[k];
          best = k;
        }
      }
    return best;
  }

  @Test
  void maxPoolPicksTheFirstMaximumAndTheLastNaN() {
    SplittableRandom rng = new SplittableRandom(42);
    double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, 3, 3};
    for (int trial = 0; trial < 400; trial++) {
      int kh = 1 + rng.nextInt(4), kw = 1 + rng.nextInt(4), dh = 1, dw = 1; // pooling has no dilation
      int ph = rng.nextInt(kh / 2 + 1), pw = rng.nextInt(kw / 2 + 1), n = 1 + rng.nextInt(2), c = 1 + rng.nextInt(3);
      int h = Math.max(1, dh * (kh - 1) + 1 - 2 * ph + rng.nextInt(7));
      int w = Math.max(1, dw * (kw - 1) + 1 - 2 * pw + rng.nextInt(7));
      ConvGeometry g = new ConvGeometry(n, c, h, w, c, 1, kh, kw, 1 + rng.nextInt(3), 1 + rng.nextInt(3), ph, pw,
          dh, dw);
      checkMaxPool(g, rng, specials);
    }
  }

  @Test
  void maxPoolTwoByTwoStrideTwoPicksTheFirstMaximumAndTheLastNaN() { // MaxPool2d(2)'s own loop
    SplittableRandom rng = new SplittableRandom(43);
    double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, 3, 3};
    for (int trial = 0; trial < 300; trial++) {
      int n = 1 + rng.nextInt(2), c = 1 + rng.nextInt(3), h = 2 + rng.nextInt(8), w = 2 + rng.nextInt(8);
      checkMaxPool(new ConvGeometry(n, c, h, w, c, c, 2, 2, 2, 2, 0, 0, 1, 1), rng, specials);
    }
  }

  /** maxPool of both dtypes on random small integers and specials against {@link #naiveArgmax}. */
  private static void checkMaxPool(ConvGeometry g, SplittableRandom rng, double[] specials) {
    int n = g.n(), c = g.c(), h = g.h(), w = g.w();
    {
      double[] x = new double[n * c * h * w];
      for (int k = 0; k < x.length; k++) {
        int pick = rng.nextInt(10);
        x[k] = pick < specials.length && rng.nextInt(3) == 0 ? specials[pick] : rng.nextInt(5);
      }
      int size = n * c * g.oh() * g.ow();
      double[] y = new double[size];
      float[] yF = new float[size];
      int[] argmax = new int[size], argmaxF = new int[size];
      DoubleConv.maxPool(x, y, argmax, g);
      FloatConv.maxPool(floats(x), yF, argmaxF, g);
      for (int p = 0; p < n * c; p++)
        for (int oy = 0; oy < g.oh(); oy++)
          for (int ox = 0; ox < g.ow(); ox++) {
            int o = (p * g.oh() + oy) * g.ow() + ox, best = naiveArgmax(x, g, p, oy, ox);
            assertEquals(best, argmax[o], "argmax " + g + " at " + o);
            assertEquals(best, argmaxF[o], "float argmax " + g + " at " + o);
            assertEquals(Double.doubleToRawLongBits(x[best]), Double.doubleToRawLongBits(y[o]), "max " + g);
            assertEquals(Float.floatToRawIntBits((float) x[best]), Float.floatToRawIntBits(yF[o]), "float max " + g);
          }
    }
  }
}
