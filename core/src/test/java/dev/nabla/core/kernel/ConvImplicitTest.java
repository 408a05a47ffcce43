package dev.nabla.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The implicit-GEMM convolution (patches packed straight into the Vector API GEMM's panels, {@link DoublePatches})
 * for the forward, the input gradient (a forward convolution of gy by the flipped weight, or the col2im fallback
 * for strides and dilations) and the weight gradient (col·Gᵀ with col's rows packed from x), both dtypes,
 * against the definitions. The Vector API GEMM is passed in explicitly, so that the core tests' second run
 * ({@code -Dnabla.simd=false}) checks it too; {@link GemmShapesMain} runs these checks in every vector width. Integer data: every sum order gives
 * the same bits. Sizes cover images smaller than a tile, panels that straddle images and output rows, odd channel
 * counts, paddings 0–2, groups, strides and dilations, and products large enough to split across threads.
 */
class ConvImplicitTest {
  private static final Gemm VECTOR = new VectorGemm();

  private static double[] randomValues(SplittableRandom rng, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) v[i] = rng.nextInt(200) - 100;
    return v;
  }

  private static float[] floats(double[] v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
    return f;
  }

  /** x[img, cc, iy, ix], or 0 outside the input. */
  private static double at(double[] x, ConvGeometry g, int img, int cc, int iy, int ix) {
    if (iy < 0 || iy >= g.h() || ix < 0 || ix >= g.w()) return 0;
    return x[((img * g.c() + cc) * g.h() + iy) * g.w() + ix];
  }

  /** y by the definition of the convolution (bias added last). */
  private static double[] naiveForward(double[] x, double[] wt, double[] b, ConvGeometry g) {
    int cg = g.cg(), og = g.og(), oh = g.oh(), ow = g.ow();
    double[] y = new double[g.n() * g.o() * oh * ow];
    for (int img = 0; img < g.n(); img++)
      for (int oc = 0; oc < g.o(); oc++)
        for (int oy = 0; oy < oh; oy++)
          for (int ox = 0; ox < ow; ox++) {
            double s = 0;
            for (int ci = 0; ci < cg; ci++)
              for (int i = 0; i < g.kh(); i++)
                for (int j = 0; j < g.kw(); j++)
                  s += wt[((oc * cg + ci) * g.kh() + i) * g.kw() + j] * at(x, g, img, oc / og * cg + ci,
                      oy * g.sh() - g.ph() + i * g.dh(), ox * g.sw() - g.pw() + j * g.dw());
            y[((img * g.o() + oc) * oh + oy) * ow + ox] = s + (b == null ? 0 : b[oc]);
          }
    return y;
  }

  /** gw by the definition: Σ over images and outputs of gy times the input element its weight read. */
  private static double[] naiveWeightGrad(double[] x, double[] gy, ConvGeometry g) {
    int cg = g.cg(), og = g.og(), oh = g.oh(), ow = g.ow();
    double[] gw = new double[g.o() * g.patch()];
    for (int img = 0; img < g.n(); img++)
      for (int oc = 0; oc < g.o(); oc++)
        for (int oy = 0; oy < oh; oy++)
          for (int ox = 0; ox < ow; ox++)
            for (int ci = 0; ci < cg; ci++)
              for (int i = 0; i < g.kh(); i++)
                for (int j = 0; j < g.kw(); j++)
                  gw[((oc * cg + ci) * g.kh() + i) * g.kw() + j] += gy[((img * g.o() + oc) * oh + oy) * ow + ox]
                      * at(x, g, img, oc / og * cg + ci, oy * g.sh() - g.ph() + i * g.dh(), ox * g.sw() - g.pw() + j * g.dw());
    return gw;
  }

  private static void checkWeightGrad(ConvGeometry g, double[] x, double[] gy) {
    double[] expected = naiveWeightGrad(x, gy, g), gw = new double[expected.length];
    java.util.Arrays.fill(gw, 5); // overwritten
    DoubleConv.weightGrad(x, gy, gw, g, VECTOR);
    assertArrayEquals(expected, gw, "weight gradient " + g);
    float[] gwf = new float[expected.length];
    FloatConv.weightGrad(floats(x), floats(gy), gwf, g, VECTOR);
    assertArrayEquals(floats(expected), gwf, "FLOAT32 weight gradient " + g);
  }

  /** Forward, input and weight gradient of g against the definitions (also run by {@link GemmShapesMain}). */
  static void check(ConvGeometry g, SplittableRandom rng) {
    double[] x = randomValues(rng, g.n() * g.c() * g.h() * g.w()), wt = randomValues(rng, g.o() * g.patch());
    double[] b = rng.nextBoolean() ? randomValues(rng, g.o()) : null;
    double[] expected = naiveForward(x, wt, b, g), y = new double[expected.length];
    DoubleConv.conv(x, wt, b, y, g, false, VECTOR);
    assertArrayEquals(expected, y, "forward " + g);
    float[] yf = new float[expected.length];
    FloatConv.conv(floats(x), floats(wt), b == null ? null : floats(b), yf, g, false, VECTOR);
    assertArrayEquals(floats(expected), yf, "FLOAT32 forward " + g);

    double[] gy = randomValues(rng, expected.length), gx = new double[x.length];
    double[] gxExpected = ConvInputGradTest.naive(gy, wt, g);
    java.util.Arrays.fill(gx, 3); // the gradient is added to what gx holds
    for (int i = 0; i < gx.length; i++) gxExpected[i] += 3;
    DoubleConv.inputGrad(gy, wt, gx, g, VECTOR);
    assertArrayEquals(gxExpected, gx, "input gradient " + g);
    float[] gxf = new float[x.length];
    java.util.Arrays.fill(gxf, 3);
    FloatConv.inputGrad(floats(gy), floats(wt), gxf, g, VECTOR);
    assertArrayEquals(floats(gxExpected), gxf, "FLOAT32 input gradient " + g);
    checkWeightGrad(g, x, gy);
  }

  static ConvGeometry random(SplittableRandom rng, boolean strideOne) {
    while (true) {
      int groups = 1 + rng.nextInt(3), n = 1 + rng.nextInt(4), c = groups * (1 + rng.nextInt(5)),
          o = groups * (1 + rng.nextInt(11)), h = 1 + rng.nextInt(12), w = 1 + rng.nextInt(40),
          kh = 1 + rng.nextInt(4), kw = 1 + rng.nextInt(4), ph = rng.nextInt(3), pw = rng.nextInt(3),
          sh = strideOne ? 1 : 1 + rng.nextInt(3), sw = strideOne ? 1 : 1 + rng.nextInt(3),
          dh = strideOne ? 1 : 1 + rng.nextInt(2), dw = strideOne ? 1 : 1 + rng.nextInt(2);
      ConvGeometry g = new ConvGeometry(n, c, h, w, o, groups, kh, kw, sh, sw, ph, pw, dh, dw);
      if (h + 2 * ph >= dh * (kh - 1) + 1 && w + 2 * pw >= dw * (kw - 1) + 1) return g;
    }
  }

  @Test
  void strideOneMatchesTheDefinitions() {
    SplittableRandom rng = new SplittableRandom(31);
    for (int trial = 0; trial < 300; trial++) check(random(rng, true), rng);
  }

  @Test
  void stridesAndDilationsMatchTheDefinitions() { // the forward packs strided patches; the input gradient falls back
    SplittableRandom rng = new SplittableRandom(32);
    for (int trial = 0; trial < 200; trial++) check(random(rng, false), rng);
  }

  @Test
  void paddingsAndTinyImagesMatchTheDefinitions() { // 3×3, padding 0, 1, 2; images from 1×1 (smaller than any tile)
    SplittableRandom rng = new SplittableRandom(33);
    for (int p = 0; p <= 2; p++)
      for (int h = Math.max(1, 3 - 2 * p); h <= 7; h += 3)
        for (int w = Math.max(1, 3 - 2 * p); w <= 9; w += 4) check(new ConvGeometry(3, 3, h, w, 5, 1, 3, 3, 1, 1, p, p, 1, 1), rng);
  }

  @Test
  void largeProductsMatchTheDefinitions() { // several depth blocks, column blocks and threads; W9's shape scaled down
    SplittableRandom rng = new SplittableRandom(34);
    check(new ConvGeometry(3, 40, 12, 32, 24, 1, 3, 3, 1, 1, 1, 1, 1, 1), rng);
    check(new ConvGeometry(5, 17, 9, 9, 33, 1, 3, 3, 1, 1, 1, 1, 1, 1), rng);
    check(new ConvGeometry(2, 64, 8, 8, 16, 2, 3, 3, 1, 1, 1, 1, 1, 1), rng);
    // 150 output channels: more rows than one A block (MC: 72 double, 144 float rows), so the forward takes the
    // GEMM's slab loop rather than its one-block loop that packs each B micro-panel just before use
    check(new ConvGeometry(2, 5, 16, 17, 150, 1, 3, 3, 1, 1, 1, 1, 1, 1), rng);
  }

  @Test
  void weightGradientSumsOverSeveralBlocksOfImages() { // 2·9·150·150 patch elements per image: blocks of 10 images
    ConvGeometry g = new ConvGeometry(13, 2, 150, 150, 3, 1, 3, 3, 1, 1, 1, 1, 1, 1);
    SplittableRandom rng = new SplittableRandom(35);
    double[] x = new double[g.n() * g.c() * g.h() * g.w()], gy = new double[g.n() * g.o() * g.oh() * g.ow()];
    for (int i = 0; i < x.length; i++) x[i] = rng.nextInt(4); // small: the float sums stay exact
    for (int i = 0; i < gy.length; i++) gy[i] = rng.nextInt(4) - 1;
    checkWeightGrad(g, x, gy);
  }
}
