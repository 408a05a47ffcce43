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

  /** Whether this implementation takes packers for A or B ({@link FloatPanels}: the packer methods below). */
  default boolean panels() {
    return false;
  }

  /** C = A·B (A row-major, not transposed) with B's panels written by {@code b}; only when {@link #panels()}. */
  default void gemm(int m, int n, int k, float[] a, int aOff, int lda, FloatPanels b, float[] c, int cOff, int ldc,
      boolean accumulate) {
    throw new UnsupportedOperationException(name() + " GEMM takes no panel packer");
  }

  /** The double-precision {@link #gemm(int, int, int, float[], int, int, FloatPanels, float[], int, int, boolean)}. */
  default void gemm(int m, int n, int k, double[] a, int aOff, int lda, DoublePanels b, double[] c, int cOff,
      int ldc, boolean accumulate) {
    throw new UnsupportedOperationException(name() + " GEMM takes no panel packer");
  }

  /** C = A·op(B) with A's rows written by {@code a} and B a matrix; only when {@link #panels()}. */
  default void gemm(boolean transB, int m, int n, int k, FloatPanels a, float[] b, int bOff, int ldb, float[] c,
      int cOff, int ldc, boolean accumulate) {
    throw new UnsupportedOperationException(name() + " GEMM takes no panel packer");
  }

  /** The double-precision {@link #gemm(boolean, int, int, int, FloatPanels, float[], int, int, float[], int, int, boolean)}. */
  default void gemm(boolean transB, int m, int n, int k, DoublePanels a, double[] b, int bOff, int ldb, double[] c,
      int cOff, int ldc, boolean accumulate) {
    throw new UnsupportedOperationException(name() + " GEMM takes no panel packer");
  }

  /** {@code "vector"} or {@code "plain"}. */
  String name();
}
