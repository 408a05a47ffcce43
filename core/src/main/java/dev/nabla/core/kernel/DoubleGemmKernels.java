package dev.nabla.core.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The micro-kernels of {@link DoubleVectorGemm} (FLOAT32 twin generated), one per register tile height MR
 * (6 for 16 vector registers, 8 for 32; {@link DoubleVectorGemm#MR} picks one) and A panel layout (p-major or
 * rows): each streams an MR-row A micro-panel against a kc×NR B micro-panel (NR = 2 vectors) with the MR×2
 * accumulators in registers. They are written out unrolled, because C2 keeps vectors in registers only as named
 * locals, and with no calls: a call that C2 declines to inline (it stops inlining past a node count, which a
 * 12-row kernel reached with a {@code store} helper) boxes the vectors, and the kernel ran 100× slower.
 *
 * <p>Each tile has two kernels, and neither has a branch: {@code kernelN} starts its accumulators at zero,
 * {@code kernelNAcc} starts them at C's tile (2·MR loads before the depth loop); both run
 * {@code acc = fma(a, b, acc)} over p in order and store. One kernel with an add flag (C + acc at the end)
 * grew past that node budget in the profiles where both branches were live, its stores were not inlined and its
 * vectors boxed (W8 at 1 thread: 3× slower); a scratch tile added by the caller instead cost W1 ~20 % at
 * n = 2048, where 7 of 8 depth blocks accumulate (float, 1 thread, thread CPU time per product, 3 alternated
 * rounds on Zen 4: scratch tile 108–119 ms, kernelNAcc 97–102 ms; no vector allocations in JFR, W1 or W8).
 */
final class DoubleGemmKernels {
  private static final VectorSpecies<Double> S = DoubleVectorGemm.S;
  private static final int L = S.length(), NR = 2 * L, AS = DoubleVectorGemm.AS;

  private DoubleGemmKernels() {}

  /** MR = {@code mr} tile, p-major ({@code rows} false) or row-layout A panel; mr is a constant at every call site. */
  static void kernel(int mr, boolean rows, int kc, double[] ap, int ao, double[] bp, int bo, double[] c, int co, int ldc) {
    switch (mr) {
      case 6:
        if (rows) kernelRows6(kc, ap, ao, bp, bo, c, co, ldc);
        else kernel6(kc, ap, ao, bp, bo, c, co, ldc);
        break;
      case 8:
        if (rows) kernelRows8(kc, ap, ao, bp, bo, c, co, ldc);
        else kernel8(kc, ap, ao, bp, bo, c, co, ldc);
        break;
      default:
        throw new IllegalArgumentException("no " + mr + "-row kernel");
    }
  }

  /** {@link #kernel} accumulating: C's tile is loaded into the accumulators first (C += Apanel·Bpanel). */
  static void kernelAcc(int mr, boolean rows, int kc, double[] ap, int ao, double[] bp, int bo, double[] c, int co, int ldc) {
    switch (mr) {
      case 6:
        if (rows) kernelRows6Acc(kc, ap, ao, bp, bo, c, co, ldc);
        else kernel6Acc(kc, ap, ao, bp, bo, c, co, ldc);
        break;
      case 8:
        if (rows) kernelRows8Acc(kc, ap, ao, bp, bo, c, co, ldc);
        else kernel8Acc(kc, ap, ao, bp, bo, c, co, ldc);
        break;
      default:
        throw new IllegalArgumentException("no " + mr + "-row kernel");
    }
  }

  /** C[6 rows × 2 vectors] = Apanel·Bpanel over kc (p-major A panel), accumulating in registers. */
  static void kernel6(int kc, double[] ap, int ao, double[] bp, int bo, double[] c, int co, int ldc) {
    DoubleVector c00 = DoubleVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
    DoubleVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
    for (int ai = ao, bi = bo, end = ao + kc * 6; ai < end; ai += 6, bi += NR) {
      DoubleVector b0 = DoubleVector.fromArray(S, bp, bi), b1 = DoubleVector.fromArray(S, bp, bi + L);
      DoubleVector x = DoubleVector.broadcast(S, ap[ai]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = DoubleVector.broadcast(S, ap[ai + 1]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = DoubleVector.broadcast(S, ap[ai + 2]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = DoubleVector.broadcast(S, ap[ai + 3]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = DoubleVector.broadcast(S, ap[ai + 4]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      x = DoubleVector.broadcast(S, ap[ai + 5]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
    }
    c00.intoArray(c, co);
    c01.intoArray(c, co + L);
    c10.intoArray(c, co + ldc);
    c11.intoArray(c, co + ldc + L);
    c20.intoArray(c, co + 2 * ldc);
    c21.intoArray(c, co + 2 * ldc + L);
    c30.intoArray(c, co + 3 * ldc);
    c31.intoArray(c, co + 3 * ldc + L);
    c40.intoArray(c, co + 4 * ldc);
    c41.intoArray(c, co + 4 * ldc + L);
    c50.intoArray(c, co + 5 * ldc);
    c51.intoArray(c, co + 5 * ldc + L);
  }

  /** {@link #kernel6} for a row-layout A panel: row r at the constant offset r·AS from one running index. */
  static void kernelRows6(int kc, double[] ap, int ao, double[] bp, int bo, double[] c, int co, int ldc) {
    DoubleVector c00 = DoubleVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
    DoubleVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
    for (int ai = ao, bi = bo, end = ao + kc; ai < end; ai++, bi += NR) {
      DoubleVector b0 = DoubleVector.fromArray(S, bp, bi), b1 = DoubleVector.fromArray(S, bp, bi + L);
      DoubleVector x = DoubleVector.broadcast(S, ap[ai]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = DoubleVector.broadcast(S, ap[ai + AS]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = DoubleVector.broadcast(S, ap[ai + 2 * AS]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = DoubleVector.broadcast(S, ap[ai + 3 * AS]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = DoubleVector.broadcast(S, ap[ai + 4 * AS]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      x = DoubleVector.broadcast(S, ap[ai + 5 * AS]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
    }
    c00.intoArray(c, co);
    c01.intoArray(c, co + L);
    c10.intoArray(c, co + ldc);
    c11.intoArray(c, co + ldc + L);
    c20.intoArray(c, co + 2 * ldc);
    c21.intoArray(c, co + 2 * ldc + L);
    c30.intoArray(c, co + 3 * ldc);
    c31.intoArray(c, co + 3 * ldc + L);
    c40.intoArray(c, co + 4 * ldc);
    c41.intoArray(c, co + 4 * ldc + L);
    c50.intoArray(c, co + 5 * ldc);
    c51.intoArray(c, co + 5 * ldc + L);
  }

  /** C[8 rows × 2 vectors] = Apanel·Bpanel over kc (p-major A panel), accumulating in registers. */
  static void kernel8(int kc, double[] ap, int ao, double[] bp, int bo, double[] c, int co, int ldc) {
    DoubleVector c00 = DoubleVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
    DoubleVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
    DoubleVector c60 = c00, c61 = c00, c70 = c00, c71 = c00;
    for (int ai = ao, bi = bo, end = ao + kc * 8; ai < end; ai += 8, bi += NR) {
      DoubleVector b0 = DoubleVector.fromArray(S, bp, bi), b1 = DoubleVector.fromArray(S, bp, bi + L);
      DoubleVector x = DoubleVector.broadcast(S, ap[ai]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = DoubleVector.broadcast(S, ap[ai + 1]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = DoubleVector.broadcast(S, ap[ai + 2]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = DoubleVector.broadcast(S, ap[ai + 3]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = DoubleVector.broadcast(S, ap[ai + 4]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      x = DoubleVector.broadcast(S, ap[ai + 5]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
      x = DoubleVector.broadcast(S, ap[ai + 6]);
      c60 = x.fma(b0, c60);
      c61 = x.fma(b1, c61);
      x = DoubleVector.broadcast(S, ap[ai + 7]);
      c70 = x.fma(b0, c70);
      c71 = x.fma(b1, c71);
    }
    c00.intoArray(c, co);
    c01.intoArray(c, co + L);
    c10.intoArray(c, co + ldc);
    c11.intoArray(c, co + ldc + L);
    c20.intoArray(c, co + 2 * ldc);
    c21.intoArray(c, co + 2 * ldc + L);
    c30.intoArray(c, co + 3 * ldc);
    c31.intoArray(c, co + 3 * ldc + L);
    c40.intoArray(c, co + 4 * ldc);
    c41.intoArray(c, co + 4 * ldc + L);
    c50.intoArray(c, co + 5 * ldc);
    c51.intoArray(c, co + 5 * ldc + L);
    c60.intoArray(c, co + 6 * ldc);
    c61.intoArray(c, co + 6 * ldc + L);
    c70.intoArray(c, co + 7 * ldc);
    c71.intoArray(c, co + 7 * ldc + L);
  }

  /** {@link #kernel8} for a row-layout A panel: row r at the constant offset r·AS from one running index. */
  static void kernelRows8(int kc, double[] ap, int ao, double[] bp, int bo, double[] c, int co, int ldc) {
    DoubleVector c00 = DoubleVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
    DoubleVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
    DoubleVector c60 = c00, c61 = c00, c70 = c00, c71 = c00;
    for (int ai = ao, bi = bo, end = ao + kc; ai < end; ai++, bi += NR) {
      DoubleVector b0 = DoubleVector.fromArray(S, bp, bi), b1 = DoubleVector.fromArray(S, bp, bi + L);
      DoubleVector x = DoubleVector.broadcast(S, ap[ai]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = DoubleVector.broadcast(S, ap[ai + AS]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = DoubleVector.broadcast(S, ap[ai + 2 * AS]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = DoubleVector.broadcast(S, ap[ai + 3 * AS]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = DoubleVector.broadcast(S, ap[ai + 4 * AS]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      x = DoubleVector.broadcast(S, ap[ai + 5 * AS]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
      x = DoubleVector.broadcast(S, ap[ai + 6 * AS]);
      c60 = x.fma(b0, c60);
      c61 = x.fma(b1, c61);
      x = DoubleVector.broadcast(S, ap[ai + 7 * AS]);
      c70 = x.fma(b0, c70);
      c71 = x.fma(b1, c71);
    }
    c00.intoArray(c, co);
    c01.intoArray(c, co + L);
    c10.intoArray(c, co + ldc);
    c11.intoArray(c, co + ldc + L);
    c20.intoArray(c, co + 2 * ldc);
    c21.intoArray(c, co + 2 * ldc + L);
    c30.intoArray(c, co + 3 * ldc);
    c31.intoArray(c, co + 3 * ldc + L);
    c40.intoArray(c, co + 4 * ldc);
    c41.intoArray(c, co + 4 * ldc + L);
    c50.intoArray(c, co + 5 * ldc);
    c51.intoArray(c, co + 5 * ldc + L);
    c60.intoArray(c, co + 6 * ldc);
    c61.intoArray(c, co + 6 * ldc + L);
    c70.intoArray(c, co + 7 * ldc);
    c71.intoArray(c, co + 7 * ldc + L);
  }

  /** {@link #kernel6} accumulating: the accumulators start at C's tile (loaded once), so C = C + Apanel·Bpanel in one fma chain. */
  static void kernel6Acc(int kc, double[] ap, int ao, double[] bp, int bo, double[] c, int co, int ldc) {
    DoubleVector c00 = DoubleVector.fromArray(S, c, co), c01 = DoubleVector.fromArray(S, c, co + L);
    DoubleVector c10 = DoubleVector.fromArray(S, c, co + ldc), c11 = DoubleVector.fromArray(S, c, co + ldc + L);
    DoubleVector c20 = DoubleVector.fromArray(S, c, co + 2 * ldc), c21 = DoubleVector.fromArray(S, c, co + 2 * ldc + L);
    DoubleVector c30 = DoubleVector.fromArray(S, c, co + 3 * ldc), c31 = DoubleVector.fromArray(S, c, co + 3 * ldc + L);
    DoubleVector c40 = DoubleVector.fromArray(S, c, co + 4 * ldc), c41 = DoubleVector.fromArray(S, c, co + 4 * ldc + L);
    DoubleVector c50 = DoubleVector.fromArray(S, c, co + 5 * ldc), c51 = DoubleVector.fromArray(S, c, co + 5 * ldc + L);
    for (int ai = ao, bi = bo, end = ao + kc * 6; ai < end; ai += 6, bi += NR) {
      DoubleVector b0 = DoubleVector.fromArray(S, bp, bi), b1 = DoubleVector.fromArray(S, bp, bi + L);
      DoubleVector x = DoubleVector.broadcast(S, ap[ai]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = DoubleVector.broadcast(S, ap[ai + 1]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = DoubleVector.broadcast(S, ap[ai + 2]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = DoubleVector.broadcast(S, ap[ai + 3]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = DoubleVector.broadcast(S, ap[ai + 4]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      x = DoubleVector.broadcast(S, ap[ai + 5]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
    }
    c00.intoArray(c, co);
    c01.intoArray(c, co + L);
    c10.intoArray(c, co + ldc);
    c11.intoArray(c, co + ldc + L);
    c20.intoArray(c, co + 2 * ldc);
    c21.intoArray(c, co + 2 * ldc + L);
    c30.intoArray(c, co + 3 * ldc);
    c31.intoArray(c, co + 3 * ldc + L);
    c40.intoArray(c, co + 4 * ldc);
    c41.intoArray(c, co + 4 * ldc + L);
    c50.intoArray(c, co + 5 * ldc);
    c51.intoArray(c, co + 5 * ldc + L);
  }

  /** {@link #kernelRows6} accumulating: the accumulators start at C's tile. */
  static void kernelRows6Acc(int kc, double[] ap, int ao, double[] bp, int bo, double[] c, int co, int ldc) {
    DoubleVector c00 = DoubleVector.fromArray(S, c, co), c01 = DoubleVector.fromArray(S, c, co + L);
    DoubleVector c10 = DoubleVector.fromArray(S, c, co + ldc), c11 = DoubleVector.fromArray(S, c, co + ldc + L);
    DoubleVector c20 = DoubleVector.fromArray(S, c, co + 2 * ldc), c21 = DoubleVector.fromArray(S, c, co + 2 * ldc + L);
    DoubleVector c30 = DoubleVector.fromArray(S, c, co + 3 * ldc), c31 = DoubleVector.fromArray(S, c, co + 3 * ldc + L);
    DoubleVector c40 = DoubleVector.fromArray(S, c, co + 4 * ldc), c41 = DoubleVector.fromArray(S, c, co + 4 * ldc + L);
    DoubleVector c50 = DoubleVector.fromArray(S, c, co + 5 * ldc), c51 = DoubleVector.fromArray(S, c, co + 5 * ldc + L);
    for (int ai = ao, bi = bo, end = ao + kc; ai < end; ai++, bi += NR) {
      DoubleVector b0 = DoubleVector.fromArray(S, bp, bi), b1 = DoubleVector.fromArray(S, bp, bi + L);
      DoubleVector x = DoubleVector.broadcast(S, ap[ai]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = DoubleVector.broadcast(S, ap[ai + AS]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = DoubleVector.broadcast(S, ap[ai + 2 * AS]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = DoubleVector.broadcast(S, ap[ai + 3 * AS]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = DoubleVector.broadcast(S, ap[ai + 4 * AS]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      x = DoubleVector.broadcast(S, ap[ai + 5 * AS]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
    }
    c00.intoArray(c, co);
    c01.intoArray(c, co + L);
    c10.intoArray(c, co + ldc);
    c11.intoArray(c, co + ldc + L);
    c20.intoArray(c, co + 2 * ldc);
    c21.intoArray(c, co + 2 * ldc + L);
    c30.intoArray(c, co + 3 * ldc);
    c31.intoArray(c, co + 3 * ldc + L);
    c40.intoArray(c, co + 4 * ldc);
    c41.intoArray(c, co + 4 * ldc + L);
    c50.intoArray(c, co + 5 * ldc);
    c51.intoArray(c, co + 5 * ldc + L);
  }

  /** {@link #kernel8} accumulating: the accumulators start at C's tile (loaded once), so C = C + Apanel·Bpanel in one fma chain. */
  static void kernel8Acc(int kc, double[] ap, int ao, double[] bp, int bo, double[] c, int co, int ldc) {
    DoubleVector c00 = DoubleVector.fromArray(S, c, co), c01 = DoubleVector.fromArray(S, c, co + L);
    DoubleVector c10 = DoubleVector.fromArray(S, c, co + ldc), c11 = DoubleVector.fromArray(S, c, co + ldc + L);
    DoubleVector c20 = DoubleVector.fromArray(S, c, co + 2 * ldc), c21 = DoubleVector.fromArray(S, c, co + 2 * ldc + L);
    DoubleVector c30 = DoubleVector.fromArray(S, c, co + 3 * ldc), c31 = DoubleVector.fromArray(S, c, co + 3 * ldc + L);
    DoubleVector c40 = DoubleVector.fromArray(S, c, co + 4 * ldc), c41 = DoubleVector.fromArray(S, c, co + 4 * ldc + L);
    DoubleVector c50 = DoubleVector.fromArray(S, c, co + 5 * ldc), c51 = DoubleVector.fromArray(S, c, co + 5 * ldc + L);
    DoubleVector c60 = DoubleVector.fromArray(S, c, co + 6 * ldc), c61 = DoubleVector.fromArray(S, c, co + 6 * ldc + L);
    DoubleVector c70 = DoubleVector.fromArray(S, c, co + 7 * ldc), c71 = DoubleVector.fromArray(S, c, co + 7 * ldc + L);
    for (int ai = ao, bi = bo, end = ao + kc * 8; ai < end; ai += 8, bi += NR) {
      DoubleVector b0 = DoubleVector.fromArray(S, bp, bi), b1 = DoubleVector.fromArray(S, bp, bi + L);
      DoubleVector x = DoubleVector.broadcast(S, ap[ai]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = DoubleVector.broadcast(S, ap[ai + 1]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = DoubleVector.broadcast(S, ap[ai + 2]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = DoubleVector.broadcast(S, ap[ai + 3]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = DoubleVector.broadcast(S, ap[ai + 4]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      x = DoubleVector.broadcast(S, ap[ai + 5]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
      x = DoubleVector.broadcast(S, ap[ai + 6]);
      c60 = x.fma(b0, c60);
      c61 = x.fma(b1, c61);
      x = DoubleVector.broadcast(S, ap[ai + 7]);
      c70 = x.fma(b0, c70);
      c71 = x.fma(b1, c71);
    }
    c00.intoArray(c, co);
    c01.intoArray(c, co + L);
    c10.intoArray(c, co + ldc);
    c11.intoArray(c, co + ldc + L);
    c20.intoArray(c, co + 2 * ldc);
    c21.intoArray(c, co + 2 * ldc + L);
    c30.intoArray(c, co + 3 * ldc);
    c31.intoArray(c, co + 3 * ldc + L);
    c40.intoArray(c, co + 4 * ldc);
    c41.intoArray(c, co + 4 * ldc + L);
    c50.intoArray(c, co + 5 * ldc);
    c51.intoArray(c, co + 5 * ldc + L);
    c60.intoArray(c, co + 6 * ldc);
    c61.intoArray(c, co + 6 * ldc + L);
    c70.intoArray(c, co + 7 * ldc);
    c71.intoArray(c, co + 7 * ldc + L);
  }

  /** {@link #kernelRows8} accumulating: the accumulators start at C's tile. */
  static void kernelRows8Acc(int kc, double[] ap, int ao, double[] bp, int bo, double[] c, int co, int ldc) {
    DoubleVector c00 = DoubleVector.fromArray(S, c, co), c01 = DoubleVector.fromArray(S, c, co + L);
    DoubleVector c10 = DoubleVector.fromArray(S, c, co + ldc), c11 = DoubleVector.fromArray(S, c, co + ldc + L);
    DoubleVector c20 = DoubleVector.fromArray(S, c, co + 2 * ldc), c21 = DoubleVector.fromArray(S, c, co + 2 * ldc + L);
    DoubleVector c30 = DoubleVector.fromArray(S, c, co + 3 * ldc), c31 = DoubleVector.fromArray(S, c, co + 3 * ldc + L);
    DoubleVector c40 = DoubleVector.fromArray(S, c, co + 4 * ldc), c41 = DoubleVector.fromArray(S, c, co + 4 * ldc + L);
    DoubleVector c50 = DoubleVector.fromArray(S, c, co + 5 * ldc), c51 = DoubleVector.fromArray(S, c, co + 5 * ldc + L);
    DoubleVector c60 = DoubleVector.fromArray(S, c, co + 6 * ldc), c61 = DoubleVector.fromArray(S, c, co + 6 * ldc + L);
    DoubleVector c70 = DoubleVector.fromArray(S, c, co + 7 * ldc), c71 = DoubleVector.fromArray(S, c, co + 7 * ldc + L);
    for (int ai = ao, bi = bo, end = ao + kc; ai < end; ai++, bi += NR) {
      DoubleVector b0 = DoubleVector.fromArray(S, bp, bi), b1 = DoubleVector.fromArray(S, bp, bi + L);
      DoubleVector x = DoubleVector.broadcast(S, ap[ai]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = DoubleVector.broadcast(S, ap[ai + AS]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = DoubleVector.broadcast(S, ap[ai + 2 * AS]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = DoubleVector.broadcast(S, ap[ai + 3 * AS]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = DoubleVector.broadcast(S, ap[ai + 4 * AS]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      x = DoubleVector.broadcast(S, ap[ai + 5 * AS]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
      x = DoubleVector.broadcast(S, ap[ai + 6 * AS]);
      c60 = x.fma(b0, c60);
      c61 = x.fma(b1, c61);
      x = DoubleVector.broadcast(S, ap[ai + 7 * AS]);
      c70 = x.fma(b0, c70);
      c71 = x.fma(b1, c71);
    }
    c00.intoArray(c, co);
    c01.intoArray(c, co + L);
    c10.intoArray(c, co + ldc);
    c11.intoArray(c, co + ldc + L);
    c20.intoArray(c, co + 2 * ldc);
    c21.intoArray(c, co + 2 * ldc + L);
    c30.intoArray(c, co + 3 * ldc);
    c31.intoArray(c, co + 3 * ldc + L);
    c40.intoArray(c, co + 4 * ldc);
    c41.intoArray(c, co + 4 * ldc + L);
    c50.intoArray(c, co + 5 * ldc);
    c51.intoArray(c, co + 5 * ldc + L);
    c60.intoArray(c, co + 6 * ldc);
    c61.intoArray(c, co + 6 * ldc + L);
    c70.intoArray(c, co + 7 * ldc);
    c71.intoArray(c, co + 7 * ldc + L);
  }
}
