package dev.nabla.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link DoubleSmallConv}'s im2col and col2im (and their FLOAT32 twins) give {@link DoubleConv}'s own copies'
 * bits: the same patch matrix, and col2im adding into a non-zero gradient in the same order, on random small
 * geometries (stride, padding, dilation, groups, kernels as large as the padded input); and the {@code cnn}
 * example's two convolutions, which take them, give the same bits on 1 thread and on the pool.
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

  /** Both copies of image 1 of g (an offset into x), both dtypes, against DoubleConv's. */
  private static void checkCopies(ConvGeometry g, SplittableRandom rng) {
    int[] map = DoubleSmallConv.map(g);
    assertNotNull(map, "fits " + g);
    int chw = g.c() * g.h() * g.w(), ohw = g.oh() * g.ow(), rows = g.c() * g.kh() * g.kw(), ld = ohw + 3;
    double[] x = random(rng, 2 * chw), col = random(rng, rows * ld), gx = random(rng, 2 * chw);
    float[] xF = floats(x), colF = floats(col), gxF = floats(gx);
    double[] patches = new double[rows * ld], patches2 = new double[rows * ld], gx2 = gx.clone();
    float[] patchesF = new float[rows * ld], patchesF2 = new float[rows * ld], gxF2 = gxF.clone();
    DoubleConv.im2col(x, chw, g, patches, 1, ld);
    DoubleSmallConv.im2col(x, chw, g, map, DoubleSmallConv.plane(g), patches2, 1, ld);
    FloatConv.im2col(xF, chw, g, patchesF, 1, ld);
    FloatSmallConv.im2col(xF, chw, g, FloatSmallConv.map(g), FloatSmallConv.plane(g), patchesF2, 1, ld);
    DoubleConv.col2im(col, 1, ld, g, gx, chw);
    DoubleSmallConv.col2im(col, 1, ld, g, map, DoubleSmallConv.plane(g), gx2, chw);
    FloatConv.col2im(colF, 1, ld, g, gxF, chw);
    FloatSmallConv.col2im(colF, 1, ld, g, FloatSmallConv.map(g), FloatSmallConv.plane(g), gxF2, chw);
    assertArrayEquals(patches, patches2, 0, "im2col " + g);
    assertArrayEquals(patchesF, patchesF2, 0, "float im2col " + g);
    assertArrayEquals(gx, gx2, 0, "col2im " + g);
    assertArrayEquals(gxF, gxF2, 0, "float col2im " + g);
  }

  @Test
  void smallGeometriesGiveDoubleConvsCopies() {
    SplittableRandom rng = new SplittableRandom(47);
    for (int trial = 0; trial < 300; trial++) {
      int groups = 1 + rng.nextInt(2), c = groups * (1 + rng.nextInt(2)), o = groups * (1 + rng.nextInt(3));
      int kh = 1 + rng.nextInt(3), kw = 1 + rng.nextInt(3), dh = 1 + rng.nextInt(2), dw = 1 + rng.nextInt(2);
      int ph = rng.nextInt(3), pw = rng.nextInt(3);
      int h = Math.max(1, dh * (kh - 1) + 1 - 2 * ph + rng.nextInt(7));
      int w = Math.max(1, dw * (kw - 1) + 1 - 2 * pw + rng.nextInt(7));
      checkCopies(new ConvGeometry(2, c, h, w, o, groups, kh, kw, 1 + rng.nextInt(3), 1 + rng.nextInt(3), ph, pw,
          dh, dw), rng);
    }
  }

  @Test
  void theCnnExamplesConvolutionsGiveTheSameBitsOnOneThreadAndOnThePool() {
    SplittableRandom rng = new SplittableRandom(48);
    ConvGeometry[] cnn = {
      new ConvGeometry(64, 1, 8, 8, 16, 1, 3, 3, 1, 1, 1, 1, 1, 1),
      new ConvGeometry(64, 16, 4, 4, 32, 1, 3, 3, 1, 1, 1, 1, 1, 1)};
    for (ConvGeometry g : cnn) {
      assertTrue(DoubleSmallConv.fits(g), "fits " + g);
      assertTrue((long) g.n() * g.c() * 9 * g.oh() * g.ow() >= 1 << 15, "big enough to split");
      checkCopies(g, rng);
      int xs = g.n() * g.c() * g.h() * g.w(), ys = g.n() * g.o() * g.oh() * g.ow(), ws = g.o() * g.cg() * 9;
      double[] x = random(rng, xs), wt = random(rng, ws), b = random(rng, g.o()), gy = random(rng, ys);
      double[][] pool = {new double[ys], new double[xs], new double[ws]}, one = {new double[ys], new double[xs],
          new double[ws]};
      for (double[][] out : new double[][][] {pool, one}) {
        Runnable r = () -> {
          DoubleConv.forward(x, wt, b, out[0], g);
          DoubleConv.inputGrad(gy, wt, out[1], g);
          DoubleConv.weightGrad(x, gy, out[2], g);
        };
        if (out == one) serially(r);
        else r.run();
      }
      for (int k = 0; k < 3; k++) assertArrayEquals(one[k], pool[k], 0, "output " + k + " of " + g);
    }
  }

  /** x[img, cc, iy, ix], or 0 outside the input. */
  private static double at(double[] x, ConvGeometry g, int img, int cc, int iy, int ix) {
    if (iy < 0 || iy >= g.h() || ix < 0 || ix >= g.w()) return 0;
    return x[((img * g.c() + cc) * g.h() + iy) * g.w() + ix];
  }

  /** The convolution's forward (bias added last, into y) and weight gradient (into gw) by their definitions. */
  private static void naive(double[] x, double[] wt, double[] b, double[] gy, ConvGeometry g, double[] y,
      double[] gw) {
    int cg = g.cg(), og = g.og(), oh = g.oh(), ow = g.ow(), kh = g.kh(), kw = g.kw();
    for (int img = 0; img < g.n(); img++)
      for (int oc = 0; oc < g.o(); oc++)
        for (int oy = 0; oy < oh; oy++)
          for (int ox = 0; ox < ow; ox++) {
            int out = ((img * g.o() + oc) * oh + oy) * ow + ox;
            double s = 0;
            for (int ci = 0; ci < cg; ci++)
              for (int i = 0; i < kh; i++)
                for (int j = 0; j < kw; j++) {
                  int k = ((oc * cg + ci) * kh + i) * kw + j;
                  double v = at(x, g, img, oc / og * cg + ci, oy * g.sh() - g.ph() + i * g.dh(),
                      ox * g.sw() - g.pw() + j * g.dw());
                  s += wt[k] * v;
                  gw[k] += gy[out] * v;
                }
            y[out] = s + b[oc];
          }
  }

  /** Small integers: every sum order gives the same bits, in both dtypes. */
  private static double[] integers(SplittableRandom rng, int size) {
    double[] a = new double[size];
    for (int i = 0; i < a.length; i++) a[i] = rng.nextInt(41) - 20;
    return a;
  }

  /**
   * The panel route of g (patches packed from zero-bordered copies into the Vector API GEMM's panels, passed in
   * explicitly so that the {@code -Dnabla.simd=false} run checks it too): forward and weight gradient, both dtypes,
   * exact against the definitions on integers; and on random data the im2col route's bits when that route's
   * {@link MatMul#gemm} is the Vector API one too.
   */
  static void checkPanelRoute(ConvGeometry g, Gemm vector, SplittableRandom rng) {
    int xs = g.n() * g.c() * g.h() * g.w(), ys = g.n() * g.o() * g.oh() * g.ow(), ws = g.o() * g.patch();
    for (boolean exact : new boolean[] {true, false}) {
      double[] x = exact ? integers(rng, xs) : random(rng, xs), wt = exact ? integers(rng, ws) : random(rng, ws);
      double[] b = exact ? integers(rng, g.o()) : random(rng, g.o()), gy = exact ? integers(rng, ys) : random(rng, ys);
      double[] y = new double[ys], gw = new double[ws], y2 = new double[ys], gw2 = new double[ws];
      float[] yF = new float[ys], gwF = new float[ws], yF2 = new float[ys], gwF2 = new float[ws];
      DoubleConv.conv(x, wt, b, y, g, false, null, vector);
      DoubleConv.weightGrad(x, gy, gw, g, null, vector);
      FloatConv.conv(floats(x), floats(wt), floats(b), yF, g, false, null, vector);
      FloatConv.weightGrad(floats(x), floats(gy), gwF, g, null, vector);
      if (exact) {
        naive(x, wt, b, gy, g, y2, gw2);
        yF2 = floats(y2);
        gwF2 = floats(gw2);
      } else {
        if (!MatMul.implementation().equals("vector")) continue;
        DoubleConv.conv(x, wt, b, y2, g, false, null, null);
        DoubleConv.weightGrad(x, gy, gw2, g, null, null);
        FloatConv.conv(floats(x), floats(wt), floats(b), yF2, g, false, null, null);
        FloatConv.weightGrad(floats(x), floats(gy), gwF2, g, null, null);
      }
      String what = (exact ? "definition, " : "im2col route, ") + g;
      assertArrayEquals(y2, y, 0, "forward against the " + what);
      assertArrayEquals(gw2, gw, 0, "weight gradient against the " + what);
      assertArrayEquals(yF2, yF, 0, "FLOAT32 forward against the " + what);
      assertArrayEquals(gwF2, gwF, 0, "FLOAT32 weight gradient against the " + what);
    }
  }

  /** A random geometry that {@link DoubleSmallConv#fits}: groups, strides, padding, dilation, 1–6 images. */
  static ConvGeometry randomSmall(SplittableRandom rng) {
    while (true) {
      int groups = 1 + rng.nextInt(2), c = groups * (1 + rng.nextInt(3)), o = groups * (1 + rng.nextInt(6));
      int kh = 1 + rng.nextInt(3), kw = 1 + rng.nextInt(3), dh = 1 + rng.nextInt(2), dw = 1 + rng.nextInt(2);
      int ph = rng.nextInt(3), pw = rng.nextInt(3);
      int h = Math.max(1, dh * (kh - 1) + 1 - 2 * ph + rng.nextInt(9));
      int w = Math.max(1, dw * (kw - 1) + 1 - 2 * pw + rng.nextInt(9));
      ConvGeometry g = new ConvGeometry(1 + rng.nextInt(6), c, h, w, o, groups, kh, kw, 1 + rng.nextInt(2),
          1 + rng.nextInt(2), ph, pw, dh, dw);
      if (DoubleSmallConv.fits(g)) return g;
    }
  }

  @Test
  void thePanelRouteGivesTheDefinitionAndTheIm2colRoutesBits() {
    Gemm vector = new VectorGemm();
    SplittableRandom rng = new SplittableRandom(49);
    for (int trial = 0; trial < 200; trial++) checkPanelRoute(randomSmall(rng), vector, rng);
    ConvGeometry[] cnn = {
      new ConvGeometry(64, 1, 8, 8, 16, 1, 3, 3, 1, 1, 1, 1, 1, 1),
      new ConvGeometry(64, 16, 4, 4, 32, 1, 3, 3, 1, 1, 1, 1, 1, 1)};
    for (ConvGeometry g : cnn) {
      checkPanelRoute(g, vector, rng);
      int xs = g.n() * g.c() * g.h() * g.w(), ys = g.n() * g.o() * g.oh() * g.ow(), ws = g.o() * g.patch();
      double[] x = random(rng, xs), wt = random(rng, ws), b = random(rng, g.o()), gy = random(rng, ys);
      double[] y = new double[ys], gw = new double[ws], y1 = new double[ys], gw1 = new double[ws];
      DoubleConv.conv(x, wt, b, y, g, false, null, vector);
      DoubleConv.weightGrad(x, gy, gw, g, null, vector);
      serially(() -> {
        DoubleConv.conv(x, wt, b, y1, g, false, null, vector);
        DoubleConv.weightGrad(x, gy, gw1, g, null, vector);
      });
      assertArrayEquals(y1, y, 0, "forward on 1 thread and on the pool, " + g);
      assertArrayEquals(gw1, gw, 0, "weight gradient on 1 thread and on the pool, " + g);
    }
  }

  @Test
  void largeImagesStayWithDoubleConv() {
    assertNull(DoubleSmallConv.map(new ConvGeometry(1, 3, 32, 32, 8, 1, 3, 3, 1, 1, 1, 1, 1, 1)));
    assertTrue(DoubleSmallConv.fits(new ConvGeometry(1, 3, 15, 15, 8, 1, 3, 3, 1, 1, 1, 1, 1, 1)));
    assertFalse(DoubleSmallConv.fits(new ConvGeometry(1, 3, 16, 16, 8, 1, 3, 3, 1, 1, 1, 1, 1, 1)),
        "256 output pixels: DoubleConv's implicit GEMM, not this class");
  }
}
