package dev.nabla.core.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Checks the vector GEMM's tile in this JVM's species ({@code -Dnabla.gemm.bits}) against the plain GEMM, run by
 * {@link GemmShapesTest} in a child JVM per species and thread count (both are read once per JVM). Prints the
 * tile ("tile BITS MRxNR KC"), the thread count ("threads N") and one hash of every result's bits ("hash HEX");
 * exits 1 naming the first product that differs from the plain GEMM by more than rounding, that wrote outside C, or
 * whose result is not the bits of one {@code Math.fma} chain over p from C (accumulating) or 0, the vector GEMM's
 * contract whatever the tile, thread, depth block or path (Cᵀ).
 *
 * <p>Sizes: m, n, k each around one and two tiles (1, tile − 1, tile, tile + 1, 2·tile + 1; KC for k), all four
 * transpose cases, random offsets and odd leading dimensions, overwrite and accumulate; then products big enough to
 * cross the MC and NC blocks and to be split across threads by rows and by columns. Then the implicit-GEMM
 * convolution ({@link ConvImplicitTest}'s checks against the definitions) and the small-image panel route
 * ({@link SmallConvKernelTest#checkPanelRoute}), whose packers fill panels of this width.
 */
public final class GemmShapesMain {
  private GemmShapesMain() {}

  public static void main(String[] args) {
    int mr = DoubleVectorGemm.MR, nr = DoubleVectorGemm.NR, kc = DoubleVectorGemm.KC;
    int fmr = FloatVectorGemm.MR, fnr = FloatVectorGemm.NR, fkc = FloatVectorGemm.KC;
    System.out.println("tile " + DoubleVectorGemm.S.vectorBitSize() + " " + mr + "x" + nr + " " + kc
        + " float " + fmr + "x" + fnr + " " + fkc);
    System.out.println("threads " + Parallel.threads());
    List<int[]> sizes = new ArrayList<>();
    int tm = Math.max(mr, fmr), tn = Math.max(nr, fnr), tk = Math.max(kc, fkc);
    int[] ms = edges(Math.min(mr, fmr), tm), ns = edges(Math.min(nr, fnr), tn), ks = edges(Math.min(kc, fkc), tk);
    for (int m : ms) for (int n : ns) for (int k : ks) sizes.add(new int[] {m, n, k});
    sizes.add(new int[] {2 * 288 + tm + 1, 2 * tn + 3, 2 * tk + 1}); // several MC blocks, split by rows
    sizes.add(new int[] {7, 4096 + tn + 1, 40}); // across NC, split by columns
    sizes.add(new int[] {33, 600, 300}); // x·Wᵀ with fewer rows than columns (Cᵀ path for float)
    SplittableRandom r = new SplittableRandom(2026);
    long hash = 1125899906842597L;
    for (int[] s : sizes) {
      for (int t = 0; t < 4; t++) hash = 31 * hash + check(r, s[0], s[1], s[2], (t & 1) != 0, (t & 2) != 0, r.nextBoolean());
    }
    System.out.println("hash " + Long.toHexString(hash));
    // the convolution's packers (patches as B panels and as A rows) in this width: ConvImplicitTest's checks
    SplittableRandom cr = new SplittableRandom(2027);
    for (int t = 0; t < 40; t++) ConvImplicitTest.check(ConvImplicitTest.random(cr, t % 2 == 0), cr);
    ConvImplicitTest.check(new ConvGeometry(3, 40, 12, 32, 24, 1, 3, 3, 1, 1, 1, 1, 1, 1), cr);
    // the small-image packer (DoubleSmallConv.Patches: vector gathers, scalar tail) in this width
    for (int t = 0; t < 30; t++) SmallConvKernelTest.checkPanelRoute(SmallConvKernelTest.randomSmall(cr), new VectorGemm(), cr);
  }

  /** 1, tile − 1, tile, tile + 1 and 2·tile + 1 of both dtypes' tiles (small and big), without repeats. */
  private static int[] edges(int small, int big) {
    return Arrays.stream(new int[] {1, small - 1, small, small + 1, 2 * small + 1, big - 1, big, big + 1, 2 * big + 1})
        .filter(x -> x > 0).distinct().sorted().toArray();
  }

  /** One product in both dtypes, vector against plain; returns a hash of the vector results' bits. */
  private static long check(SplittableRandom r, int m, int n, int k, boolean tA, boolean tB, boolean acc) {
    int aRows = tA ? k : m, aCols = tA ? m : k, bRows = tB ? n : k, bCols = tB ? k : n;
    int lda = aCols + r.nextInt(3), ldb = bCols + r.nextInt(3), ldc = n + r.nextInt(3);
    int aOff = r.nextInt(5), bOff = r.nextInt(5), cOff = r.nextInt(5);
    double[] a = matrix(r, aOff, aRows, aCols, lda), b = matrix(r, bOff, bRows, bCols, ldb), c0 = matrix(r, cOff, m, n, ldc);
    float[] af = toFloat(a), bf = toFloat(b), cf0 = toFloat(c0);
    double[] c = c0.clone(), plain = c0.clone();
    float[] cf = cf0.clone(), plainF = cf0.clone();
    DoubleVectorGemm.gemm(tA, tB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, acc);
    DoublePlainGemm.gemm(tA, tB, m, n, k, a, aOff, lda, b, bOff, ldb, plain, cOff, ldc, acc);
    FloatVectorGemm.gemm(tA, tB, m, n, k, af, aOff, lda, bf, bOff, ldb, cf, cOff, ldc, acc);
    FloatPlainGemm.gemm(tA, tB, m, n, k, af, aOff, lda, bf, bOff, ldb, plainF, cOff, ldc, acc);
    String what = m + "x" + n + "x" + k + " tA=" + tA + " tB=" + tB + " acc=" + acc;
    long h = 17;
    for (int i = 0; i < c.length; i++) {
      boolean inC = i >= cOff && (i - cOff) % ldc < n && (i - cOff) / ldc < m;
      // Inputs are in [-1, 1], so |C| ≤ k (+1 accumulating): each result is within about k²/2 ulps of the exact one.
      double tol = inC ? (k + 2.0) * (k + 1) : 0;
      same(what + " double at " + i, plain[i], c[i], tol * Math.ulp(1.0));
      same(what + " float at " + i, plainF[i], cf[i], tol * Math.ulp(1f));
      if (inC) { // the bit contract: one fma chain over p = 0..k-1, from C when accumulating, else from 0
        int row = (i - cOff) / ldc, col = (i - cOff) % ldc;
        double e = acc ? c0[i] : 0;
        float ef = acc ? cf0[i] : 0;
        for (int p = 0; p < k; p++) {
          int ai = aOff + (tA ? p * lda + row : row * lda + p), bi = bOff + (tB ? col * ldb + p : p * ldb + col);
          e = Math.fma(a[ai], b[bi], e);
          ef = Math.fma(af[ai], bf[bi], ef);
        }
        bits(what + " double at " + i, Double.doubleToRawLongBits(e), Double.doubleToRawLongBits(c[i]));
        bits(what + " float at " + i, Float.floatToRawIntBits(ef), Float.floatToRawIntBits(cf[i]));
      }
      h = 31 * (31 * h + Double.doubleToRawLongBits(c[i])) + Float.floatToRawIntBits(cf[i]);
    }
    return h;
  }

  private static void same(String what, double expected, double actual, double tol) {
    boolean ok = Double.isNaN(expected) ? Double.isNaN(actual) : Math.abs(expected - actual) <= tol;
    if (!ok) {
      System.out.println("FAIL " + what + ": plain " + expected + ", vector " + actual);
      System.exit(1);
    }
  }

  private static void bits(String what, long expected, long actual) {
    if (expected != actual) {
      System.out.println("FAIL " + what + ": not the fma chain's bits (" + Long.toHexString(expected) + " vs "
          + Long.toHexString(actual) + ")");
      System.exit(1);
    }
  }

  /** A random matrix stored with the given leading dimension and offset; padding is NaN to catch stray reads and writes. */
  private static double[] matrix(SplittableRandom r, int off, int rows, int cols, int ld) {
    double[] x = new double[off + rows * ld + r.nextInt(3)];
    Arrays.fill(x, Double.NaN);
    for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) x[off + i * ld + j] = r.nextDouble(-1, 1);
    return x;
  }

  private static float[] toFloat(double[] x) {
    float[] f = new float[x.length];
    for (int i = 0; i < x.length; i++) f[i] = (float) x[i];
    return f;
  }
}
