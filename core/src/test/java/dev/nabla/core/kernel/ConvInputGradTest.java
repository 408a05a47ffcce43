package dev.nabla.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link DoubleConv#inputGrad} (Wᵀ·G and col2im) and its FLOAT32 twin against the definition (each gy element
 * times each weight added into the input element it was read from), at random sizes, groups, strides,
 * paddings and dilations, several images (one block). Integer data, so every sum order gives the same bits.
 */
class ConvInputGradTest {

  private static ConvGeometry randomGeometry(SplittableRandom rng, boolean strideOne) {
    while (true) {
      int groups = 1 + rng.nextInt(3), n = 1 + rng.nextInt(3), c = groups * (1 + rng.nextInt(3)),
          o = groups * (1 + rng.nextInt(3)), h = 1 + rng.nextInt(9), w = 1 + rng.nextInt(11),
          kh = 1 + rng.nextInt(4), kw = 1 + rng.nextInt(4), sh = strideOne ? 1 : 1 + rng.nextInt(3),
          sw = strideOne ? 1 : 1 + rng.nextInt(3), ph = rng.nextInt(4), pw = rng.nextInt(4), dh = 1 + rng.nextInt(3),
          dw = 1 + rng.nextInt(3);
      ConvGeometry g = new ConvGeometry(n, c, h, w, o, groups, kh, kw, sh, sw, ph, pw, dh, dw);
      if (h + 2 * ph >= dh * (kh - 1) + 1 && w + 2 * pw >= dw * (kw - 1) + 1) return g;
    }
  }

  /** gx by the definition of the convolution's adjoint (also {@link ConvImplicitTest}'s reference). */
  static double[] naive(double[] gy, double[] wt, ConvGeometry g) {
    int cg = g.cg(), og = g.og(), oh = g.oh(), ow = g.ow();
    double[] gx = new double[g.n() * g.c() * g.h() * g.w()];
    for (int in = 0; in < g.n(); in++)
      for (int oc = 0; oc < g.o(); oc++)
        for (int oy = 0; oy < oh; oy++)
          for (int ox = 0; ox < ow; ox++)
            for (int ci = 0; ci < cg; ci++)
              for (int i = 0; i < g.kh(); i++)
                for (int j = 0; j < g.kw(); j++) {
                  int iy = oy * g.sh() - g.ph() + i * g.dh(), ix = ox * g.sw() - g.pw() + j * g.dw();
                  if (iy < 0 || iy >= g.h() || ix < 0 || ix >= g.w()) continue;
                  int cc = oc / og * cg + ci;
                  gx[((in * g.c() + cc) * g.h() + iy) * g.w() + ix] += wt[((oc * cg + ci) * g.kh() + i) * g.kw() + j]
                      * gy[((in * g.o() + oc) * oh + oy) * ow + ox];
                }
    return gx;
  }

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

  private static void check(ConvGeometry g, SplittableRandom rng) {
    double[] gy = randomValues(rng, g.n() * g.o() * g.oh() * g.ow());
    double[] wt = randomValues(rng, g.o() * g.cg() * g.kh() * g.kw());
    double[] expected = naive(gy, wt, g), gx = new double[expected.length];
    DoubleConv.inputGrad(gy, wt, gx, g);
    assertArrayEquals(expected, gx, g.toString());
    float[] gxf = new float[expected.length];
    FloatConv.inputGrad(floats(gy), floats(wt), gxf, g);
    assertArrayEquals(floats(expected), gxf, "FLOAT32 " + g);
  }

  @Test
  void strideOneMatchesTheDefinition() {
    SplittableRandom rng = new SplittableRandom(7);
    for (int trial = 0; trial < 300; trial++) check(randomGeometry(rng, true), rng);
  }

  @Test
  void samePaddingMatchesTheDefinition() { // col2im's centre column runs over whole rows at once
    SplittableRandom rng = new SplittableRandom(10);
    for (int h = 1; h <= 6; h++)
      for (int w = 1; w <= 6; w++)
        for (int d = 1; d <= 2; d++) check(new ConvGeometry(2, 3, h, w, 4, 1, 3, 3, 1, 1, d, d, d, d), rng);
  }

  @Test
  void anyStrideMatchesTheDefinition() {
    SplittableRandom rng = new SplittableRandom(8);
    for (int trial = 0; trial < 300; trial++) check(randomGeometry(rng, false), rng);
  }

  @Test
  void gradientIsAddedToWhatGxHolds() {
    ConvGeometry g = new ConvGeometry(2, 3, 5, 5, 4, 1, 3, 3, 1, 1, 1, 1, 1, 1);
    SplittableRandom rng = new SplittableRandom(9);
    double[] gy = randomValues(rng, g.n() * g.o() * g.oh() * g.ow()), wt = randomValues(rng, 4 * 3 * 9);
    double[] expected = naive(gy, wt, g), gx = new double[expected.length];
    java.util.Arrays.fill(gx, 1);
    for (int i = 0; i < expected.length; i++) expected[i] += 1;
    DoubleConv.inputGrad(gy, wt, gx, g);
    assertArrayEquals(expected, gx);
  }
}
