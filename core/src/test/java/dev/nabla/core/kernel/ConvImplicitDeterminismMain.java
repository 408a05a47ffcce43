package dev.nabla.core.kernel;

import dev.nabla.core.DeterminismRuns;
import java.util.SplittableRandom;

/**
 * Runs the implicit-GEMM convolution kernels (forward, input gradient, weight gradient over several blocks of
 * images; both dtypes; Vector API GEMM passed in, since core's tests set {@code -Dnabla.simd=false}) on random
 * non-integer data above the threading thresholds and prints one hash of the result bits per kernel;
 * {@link ConvImplicitDeterminismTest} runs it under different {@code nabla.threads}.
 */
public final class ConvImplicitDeterminismMain {
  private ConvImplicitDeterminismMain() {}

  private static void print(String name, double[] v) {
    long h = 1125899906842597L;
    for (double d : v) h = 31 * h + Double.doubleToRawLongBits(d);
    System.out.println("hash " + name + " " + Long.toHexString(h));
  }

  private static void print(String name, float[] v) {
    long h = 1125899906842597L;
    for (float f : v) h = 31 * h + Float.floatToRawIntBits(f);
    System.out.println("hash " + name + " " + Long.toHexString(h));
  }

  private static double[] random(SplittableRandom rng, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) v[i] = rng.nextDouble(-1, 1);
    return v;
  }

  private static float[] floats(double[] v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
    return f;
  }

  public static void main(String[] args) {
    DeterminismRuns.printThreads();
    Gemm vector = new VectorGemm();
    SplittableRandom rng = new SplittableRandom(2026);
    for (ConvGeometry g : new ConvGeometry[] {new ConvGeometry(12, 24, 20, 33, 40, 1, 3, 3, 1, 1, 1, 1, 1, 1),
        new ConvGeometry(13, 2, 150, 150, 3, 1, 3, 3, 1, 1, 1, 1, 1, 1), // weight gradient: two blocks of images
        new ConvGeometry(6, 16, 17, 19, 24, 2, 3, 3, 1, 1, 2, 0, 1, 1),
        new ConvGeometry(3, 6, 20, 36, 150, 1, 3, 3, 1, 2, 1, 1, 1, 1)}) { // more rows than an A block; stride 2
      double[] x = random(rng, g.n() * g.c() * g.h() * g.w()), wt = random(rng, g.o() * g.patch());
      double[] b = random(rng, g.o()), gy = random(rng, g.n() * g.o() * g.oh() * g.ow());
      double[] y = new double[gy.length], gx = new double[x.length], gw = new double[wt.length];
      DoubleConv.conv(x, wt, b, y, g, false, vector);
      DoubleConv.inputGrad(gy, wt, gx, g, vector);
      DoubleConv.weightGrad(x, gy, gw, g, vector);
      print("FLOAT64 forward " + g, y);
      print("FLOAT64 inputGrad " + g, gx);
      print("FLOAT64 weightGrad " + g, gw);
      float[] yf = new float[gy.length], gxf = new float[x.length], gwf = new float[wt.length];
      FloatConv.conv(floats(x), floats(wt), floats(b), yf, g, false, vector);
      FloatConv.inputGrad(floats(gy), floats(wt), gxf, g, vector);
      FloatConv.weightGrad(floats(x), floats(gy), gwf, g, vector);
      print("FLOAT32 forward " + g, yf);
      print("FLOAT32 inputGrad " + g, gxf);
      print("FLOAT32 weightGrad " + g, gwf);
    }
  }
}
