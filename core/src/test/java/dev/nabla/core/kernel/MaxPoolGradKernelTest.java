package dev.nabla.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link DoubleConv#maxPoolGrad} and its FLOAT32 twin: the scatter of gy to the indices {@link DoubleConv#maxPool}
 * recorded, against a scatter written out here (the first maximum of each window, the last NaN), in both dtypes, on
 * ties, NaN and infinities in windows, padding, strides other than the kernel (overlapping windows, where one input
 * element takes several outputs' gradients) and sizes above the parallel threshold (1 thread vs the pool's).
 */
class MaxPoolGradKernelTest {
  private static final double[] SPECIALS = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0,
    3, 3};

  /** Runs r on one thread: a loop nested in a parallel body runs on the thread that runs the body. */
  private static void serially(Runnable r) {
    Parallel.forRange(2, 1 << 30, 1, (lo, hi) -> {
      if (lo == 0) r.run();
    });
  }

  /** The flat index of the first largest element (a NaN wins, the last one) of an output's window in plane p. */
  private static int firstMax(double[] x, ConvGeometry g, int p, int oy, int ox) {
    double max = Double.NEGATIVE_INFINITY;
    int best = -1;
    for (int i = 0; i < g.kh(); i++)
      for (int j = 0; j < g.kw(); j++) {
        int iy = oy * g.sh() - g.ph() + i, ix = ox * g.sw() - g.pw() + j;
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

  private static double[] input(ConvGeometry g, SplittableRandom rng) {
    double[] x = new double[g.n() * g.c() * g.h() * g.w()];
    for (int k = 0; k < x.length; k++) {
      int pick = rng.nextInt(10);
      x[k] = pick < SPECIALS.length && rng.nextInt(3) == 0 ? SPECIALS[pick] : rng.nextInt(5); // ties, specials
    }
    return x;
  }

  private static float[] floats(double[] a) {
    float[] f = new float[a.length];
    for (int i = 0; i < a.length; i++) f[i] = (float) a[i];
    return f;
  }

  /** Both dtypes against the written-out scatter, bit for bit (each element adds its outputs in output order). */
  private static void check(ConvGeometry g, SplittableRandom rng) {
    double[] x = input(g, rng);
    int size = g.n() * g.c() * g.oh() * g.ow();
    double[] gy = new double[size], gx = new double[x.length], want = new double[x.length];
    for (int i = 0; i < size; i++) gy[i] = rng.nextDouble(-1, 1);
    for (int i = 0; i < x.length; i++) gx[i] = want[i] = rng.nextInt(3) == 0 ? rng.nextDouble(-1, 1) : 0; // gx +=
    float[] gyF = floats(gy), gxF = floats(gx), wantF = floats(want);
    for (int p = 0, o = 0; p < g.n() * g.c(); p++)
      for (int oy = 0; oy < g.oh(); oy++)
        for (int ox = 0; ox < g.ow(); ox++, o++) {
          int k = firstMax(x, g, p, oy, ox);
          want[k] += gy[o];
          wantF[k] += gyF[o];
        }
    int[] argmax = new int[size], argmaxF = new int[size];
    DoubleConv.maxPool(x, new double[size], argmax, g);
    FloatConv.maxPool(floats(x), new float[size], argmaxF, g);
    DoubleConv.maxPoolGrad(gy, argmax, gx, g);
    FloatConv.maxPoolGrad(gyF, argmaxF, gxF, g);
    assertArrayEquals(want, gx, 0, "maxPoolGrad " + g);
    assertArrayEquals(wantF, gxF, 0, "float maxPoolGrad " + g);
  }

  @Test
  void scattersToTheFirstMaximumOfEachWindow() {
    SplittableRandom rng = new SplittableRandom(44);
    for (int trial = 0; trial < 400; trial++) {
      int kh = 1 + rng.nextInt(4), kw = 1 + rng.nextInt(4);
      int ph = rng.nextInt(kh / 2 + 1), pw = rng.nextInt(kw / 2 + 1), n = 1 + rng.nextInt(2), c = 1 + rng.nextInt(3);
      int h = Math.max(1, kh - 2 * ph + rng.nextInt(7)), w = Math.max(1, kw - 2 * pw + rng.nextInt(7));
      check(new ConvGeometry(n, c, h, w, c, c, kh, kw, 1 + rng.nextInt(3), 1 + rng.nextInt(3), ph, pw, 1, 1), rng);
    }
  }

  @Test
  void twoByTwoStrideTwoAndOverlappingWindows() { // MaxPool2d(2)'s own forward loop; kernel 3 stride 1: overlaps
    SplittableRandom rng = new SplittableRandom(45);
    for (int trial = 0; trial < 200; trial++) {
      int n = 1 + rng.nextInt(2), c = 1 + rng.nextInt(3), h = 3 + rng.nextInt(8), w = 3 + rng.nextInt(8);
      check(new ConvGeometry(n, c, h, w, c, c, 2, 2, 2, 2, 0, 0, 1, 1), rng);
      check(new ConvGeometry(n, c, h, w, c, c, 3, 3, 1, 1, 1, 1, 1, 1), rng);
    }
  }

  @Test
  void sameBitsOnOneThreadAndOnThePool() {
    SplittableRandom rng = new SplittableRandom(46);
    ConvGeometry[] big = { // above the parallel threshold: W7's first pooling, and overlapping windows
      new ConvGeometry(64, 16, 16, 16, 16, 16, 2, 2, 2, 2, 0, 0, 1, 1),
      new ConvGeometry(24, 16, 17, 15, 16, 16, 3, 3, 1, 2, 1, 0, 1, 1)};
    for (ConvGeometry g : big) {
      assertTrue((long) g.n() * g.c() * g.oh() * g.ow() > 1 << 15, "big enough to split");
      check(g, rng);
      double[] x = input(g, rng);
      int size = g.n() * g.c() * g.oh() * g.ow();
      double[] gy = new double[size];
      for (int i = 0; i < size; i++) gy[i] = rng.nextDouble(-1, 1);
      int[] argmax = new int[size];
      DoubleConv.maxPool(x, new double[size], argmax, g);
      double[] pool = new double[x.length], one = new double[x.length];
      float[] poolF = new float[x.length], oneF = new float[x.length], gyF = floats(gy);
      DoubleConv.maxPoolGrad(gy, argmax, pool, g);
      FloatConv.maxPoolGrad(gyF, argmax, poolF, g);
      serially(() -> {
        DoubleConv.maxPoolGrad(gy, argmax, one, g);
        FloatConv.maxPoolGrad(gyF, argmax, oneF, g);
      });
      assertArrayEquals(one, pool, 0, "1 thread vs " + Parallel.threads() + ", " + g);
      assertArrayEquals(oneF, poolF, 0, "float, 1 thread vs " + Parallel.threads() + ", " + g);
    }
  }
}
