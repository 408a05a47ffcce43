package dev.nabla.core.kernel;

/**
 * A GEMM implementation behind {@link MatMul}: same contract as {@link MatMul#gemm}, but called only
 * with {@code m, n, k > 0} and sizes above MatMul's small-matrix path.
 */
interface Gemm {
  void gemm(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate);

  void gemm(boolean transA, boolean transB, int m, int n, int k,
      double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
      double[] c, int cOff, int ldc, boolean accumulate);

  /** {@code "vector"} or {@code "plain"}. */
  String name();
}
