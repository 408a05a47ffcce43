package dev.nabla.core.kernel;

import java.util.Arrays;

/**
 * The one source of {@link MatMul#gemm} (FLOAT32 twin generated): empty and tiny products by a direct
 * loop, the rest by the blocked implementation {@link MatMul} chose.
 */
final class DoubleMatMul {
  /** Products with at most this many multiply-adds skip the blocked kernels. */
  static final long SMALL = 2048;

  private DoubleMatMul() {}

  static void gemm(boolean transA, boolean transB, int m, int n, int k,
      double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
      double[] c, int cOff, int ldc, boolean accumulate) {
    if (m == 0 || n == 0) return;
    if (k == 0) {
      if (!accumulate) for (int i = 0; i < m; i++) Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0);
    } else if ((long) m * n * k <= SMALL) {
      int as = transA ? lda : 1, ar = transA ? 1 : lda, bs = transB ? 1 : ldb, bc = transB ? ldb : 1;
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          double s = 0;
          for (int p = 0, ai = aOff + i * ar, bi = bOff + j * bc; p < k; p++, ai += as, bi += bs) s += a[ai] * b[bi];
          int ci = cOff + i * ldc + j;
          c[ci] = accumulate ? c[ci] + s : s;
        }
      }
    } else {
      MatMul.blocked().gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }
  }
}
