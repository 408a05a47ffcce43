package dev.nabla.core.kernel;

import java.util.Arrays;

/**
 * GEMM in plain Java loops, for JVMs without the Vector API: blocked i-k-j order that C2
 * auto-vectorises.
 *
 * <p>C2 vectorises a loop only when every array in it is indexed by the same expression, so each
 * kc×nc block of op(B) ({@code KC} deep, {@code NC} wide: 256 KB in float, L2-resident) is packed into
 * kc separate offset-0 row arrays, and each row of C is copied into an offset-0 scratch row (L1) while
 * it accumulates. The inner loop is {@code cr[j] = cr[j] + a0*b0[j] + a1*b1[j] + a2*b2[j] + a3*b3[j]},
 * four depth steps per pass over the row (one load and store of C per four multiply-adds), summed left
 * to right, i.e. in plain p order. op(A) is read element-wise, so both transposes cost only the
 * packing. Threads split the rows of C; each packs its own B blocks, so every C element is computed
 * the same way on any thread count.
 *
 * <p>The one source of {@link PlainGemm} (FLOAT32 twin generated).
 */
final class DoublePlainGemm {
  private static final int KC = 128, NC = 512;
  /** Flops below which a product runs on the calling thread. */
  private static final long PARALLEL_FLOPS = 1L << 21;

  /** A thread's packed kc×nc block of op(B), as kc offset-0 rows, and its scratch row of C. */
  private static final class Buffers {
    final double[][] b = new double[KC][NC];
    final double[] c = new double[NC];
  }

  private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

  private DoublePlainGemm() {}

  static void gemm(boolean tA, boolean tB, int m, int n, int k, double[] a, int aOff, int lda,
      double[] b, int bOff, int ldb, double[] c, int cOff, int ldc, boolean accumulate) {
    Parallel.forRange(m, 2L * n * k, PARALLEL_FLOPS,
        (lo, hi) -> rows(tA, tB, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, lo, hi));
  }

  private static void rows(boolean tA, boolean tB, int n, int k, double[] a, int aOff, int lda, double[] b,
      int bOff, int ldb, double[] c, int cOff, int ldc, boolean accumulate, int i0, int i1) {
    Buffers buf = BUFFERS.get();
    double[][] bp = buf.b;
    double[] cr = buf.c;
    int as = tA ? lda : 1, ar = tA ? 1 : lda;
    for (int jc = 0; jc < n; jc += NC) {
      int nc = Math.min(NC, n - jc);
      for (int pc = 0; pc < k; pc += KC) {
        int kc = Math.min(KC, k - pc);
        if (tB) {
          for (int j = 0; j < nc; j++) {
            int src = bOff + (jc + j) * ldb + pc;
            for (int p = 0; p < kc; p++) bp[p][j] = b[src + p];
          }
        } else {
          for (int p = 0; p < kc; p++) System.arraycopy(b, bOff + (pc + p) * ldb + jc, bp[p], 0, nc);
        }
        for (int i = i0; i < i1; i++) {
          int co = cOff + i * ldc + jc, ai = aOff + i * ar + pc * as;
          if (accumulate || pc > 0) System.arraycopy(c, co, cr, 0, nc);
          else Arrays.fill(cr, 0, nc, 0);
          int p = 0;
          for (; p + 3 < kc; p += 4, ai += 4 * as) {
            double a0 = a[ai], a1 = a[ai + as], a2 = a[ai + 2 * as], a3 = a[ai + 3 * as];
            double[] b0 = bp[p], b1 = bp[p + 1], b2 = bp[p + 2], b3 = bp[p + 3];
            for (int j = 0; j < nc; j++) cr[j] = cr[j] + a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
          }
          for (; p < kc; p++, ai += as) {
            double a0 = a[ai];
            double[] b0 = bp[p];
            for (int j = 0; j < nc; j++) cr[j] = cr[j] + a0 * b0[j];
          }
          System.arraycopy(cr, 0, c, co, nc);
        }
      }
    }
  }
}
