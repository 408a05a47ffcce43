package dev.nabla.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link DoubleSmallConv} and its FLOAT32 twin give {@link DoubleConv}'s bits (the same patch matrix, the same
 * products, col2im adding in the same order) for forward, input and weight gradient, on random small geometries
 * (stride, padding, dilation, groups, kernels as large as the padded input), and on the {@code cnn} example's two
 * convolutions at B = 64, above the parallel threshold, on 1 thread and on the pool.
 */
class SmallConvKernelTest {
  /** Runs r on one thread: a loop nested in a parallel body runs on the thread that runs the body. */
  private static void serially(Runnable r) {
    Parallel.forRange(2, 1 << 30, 1, (lo, hi) -> {
      if (lo == 0) r.run();
    });
  }

  private static double[] random(SplittableRandom rng, int size) {
    double[] a = new double[size];
    for (int i = 0; i < a.length; i++) a[i] = rng.nextDouble(-1, 1);
    return a;
  }

  private static float[] floats(double[] a) {
    float[] f = new float[a.length];
    for (int i = 0; i < a.length; i++) f[i] = (float) a[i];
    return f;
  }

  /** Both classes, both dtypes, all three ops on g; {@code oneThread} runs the small ones serially. */
  private static void check(ConvGeometry g, SplittableRandom rng, boolean oneThread) {
    assertTrue(DoubleSmallConv.fits(g), "fits " + g);
    int xs = g.n() * g.c() * g.h() * g.w(), ys = g.n() * g.o() * g.oh() * g.ow(), ws = g.o() * g.cg() * g.kh() * g.kw();
    double[] x = random(rng, xs), wt = random(rng, ws), b = random(rng, g.o()), gy = random(rng, ys);
    float[] xF = floats(x), wtF = floats(wt), bF = floats(b), gyF = floats(gy);
    double[] y = new double[ys], gx = new double[xs], gw = new double[ws];
    float[] yF = new float[ys], gxF = new float[xs], gwF = new float[ws];
    DoubleConv.forward(x, wt, b, y, g);
    DoubleConv.inputGrad(gy, wt, gx, g);
    DoubleConv.weightGrad(x, gy, gw, g);
    FloatConv.forward(xF, wtF, bF, yF, g);
    FloatConv.inputGrad(gyF, wtF, gxF, g);
    FloatConv.weightGrad(xF, gyF, gwF, g);
    double[] y2 = new double[ys], gx2 = new double[xs], gw2 = new double[ws];
    float[] yF2 = new float[ys], gxF2 = new float[xs], gwF2 = new float[ws];
    Runnable small = () -> {
      DoubleSmallConv.forward(x, wt, b, y2, g);
      DoubleSmallConv.inputGrad(gy, wt, gx2, g);
      DoubleSmallConv.weightGrad(x, gy, gw2, g);
      FloatSmallConv.forward(xF, wtF, bF, yF2, g);
      FloatSmallConv.inputGrad(gyF, wtF, gxF2, g);
      FloatSmallConv.weightGrad(xF, gyF, gwF2, g);
    };
    if (oneThread) serially(small);
    else small.run();
    String what = g + (oneThread ? ", 1 thread" : ", " + Parallel.threads() + " threads");
    assertArrayEquals(y, y2, 0, "forward " + what);
    assertArrayEquals(gx, gx2, 0, "inputGrad " + what);
    assertArrayEquals(gw, gw2, 0, "weightGrad " + what);
    assertArrayEquals(yF, yF2, 0, "float forward " + what);
    assertArrayEquals(gxF, gxF2, 0, "float inputGrad " + what);
    assertArrayEquals(gwF, gwF2, 0, "float weightGrad " + what);
  }

  @Test
  void smallGeometriesGiveDoubleConvsBits() {
    SplittableRandom rng = new SplittableRandom(47);
    for (int trial = 0; trial < 300; trial++) {
      int groups = 1 + rng.nextInt(2), c = groups * (1 + rng.nextInt(2)), o = groups * (1 + rng.nextInt(3));
      int kh = 1 + rng.nextInt(3), kw = 1 + rng.nextInt(3), dh = 1 + rng.nextInt(2), dw = 1 + rng.nextInt(2);
      int ph = rng.nextInt(3), pw = rng.nextInt(3);
      int h = Math.max(1, dh * (kh - 1) + 1 - 2 * ph + rng.nextInt(7));
      int w = Math.max(1, dw * (kw - 1) + 1 - 2 * pw + rng.nextInt(7));
      check(new ConvGeometry(1 + rng.nextInt(3), c, h, w, o, groups, kh, kw, 1 + rng.nextInt(3), 1 + rng.nextInt(3),
          ph, pw, dh, dw), rng, false);
    }
  }

  @Test
  void theCnnExamplesConvolutionsOnOneThreadAndOnThePool() {
    SplittableRandom rng = new SplittableRandom(48);
    ConvGeometry[] cnn = {
      new ConvGeometry(64, 1, 8, 8, 16, 1, 3, 3, 1, 1, 1, 1, 1, 1),
      new ConvGeometry(64, 16, 4, 4, 32, 1, 3, 3, 1, 1, 1, 1, 1, 1)};
    for (ConvGeometry g : cnn) {
      assertTrue((long) g.n() * g.c() * 9 * g.oh() * g.ow() >= 1 << 15, "big enough to split");
      check(g, rng, true);
      check(g, rng, false);
    }
  }

  @Test
  void largeImagesStayWithDoubleConv() {
    assertFalse(DoubleSmallConv.fits(new ConvGeometry(1, 3, 32, 32, 8, 1, 3, 3, 1, 1, 1, 1, 1, 1)));
    assertTrue(DoubleSmallConv.fits(new ConvGeometry(1, 3, 15, 15, 8, 1, 3, 3, 1, 1, 1, 1, 1, 1)));
    assertFalse(DoubleSmallConv.fits(new ConvGeometry(1, 3, 16, 16, 8, 1, 3, 3, 1, 1, 1, 1, 1, 1)),
        "256 output pixels: DoubleConv's implicit GEMM, not this class");
  }
}
