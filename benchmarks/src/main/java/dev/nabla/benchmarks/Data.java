package dev.nabla.benchmarks;

import java.util.SplittableRandom;

/**
 * The deterministic data of {@code WORKLOADS.md}, bit for bit what {@code benchmarks/pytorch/common.py}
 * generates: SplitMix64 ({@link SplittableRandom#nextDouble()}), values computed in float64, then
 * cast to float32 (round to nearest, as NumPy's {@code astype(np.float32)}).
 */
public final class Data {
  private Data() {}

  /** u(seed, n): the first n values of {@code new SplittableRandom(seed).nextDouble()}. */
  public static double[] u(long seed, int n) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) x[i] = r.nextDouble();
    return x;
  }

  /** lo + (hi − lo)·u(seed, n), in float64, cast to float32. */
  public static float[] uniform(long seed, int n, double lo, double hi) {
    double[] u = u(seed, n);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) x[i] = (float) (lo + (hi - lo) * u[i]);
    return x;
  }

  /** normal(seed, n): Box–Muller on consecutive pairs (u1, u2) of u(seed, 2n), one normal per pair, cast to float32. */
  public static float[] normal(long seed, int n) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      double u1 = r.nextDouble(), u2 = r.nextDouble();
      x[i] = (float) (Math.sqrt(-2.0 * Math.log1p(-u1)) * Math.cos(2.0 * Math.PI * u2));
    }
    return x;
  }

  /** labels(seed, n, k): floor(u·k). */
  public static int[] labels(long seed, int n, int k) {
    double[] u = u(seed, n);
    int[] y = new int[n];
    for (int i = 0; i < n; i++) y[i] = (int) Math.floor(u[i] * k);
    return y;
  }
}
