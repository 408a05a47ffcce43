package dev.nabla.core.kernel;

/**
 * GEMM with {@code jdk.incubator.vector} micro-kernels, blocked GotoBLAS/BLIS style: see
 * {@code DoubleVectorGemm}, the one source for both dtypes (FLOAT32 twin generated). Loaded reflectively
 * by {@link MatMul}, so no Vector API class is linked when the module is absent.
 */
final class VectorGemm implements Gemm {
  @Override
  public String name() {
    return "vector";
  }

  @Override
  public void gemm(boolean tA, boolean tB, int m, int n, int k, float[] a, int aOff, int lda,
      float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
    FloatVectorGemm.gemm(tA, tB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
  }

  @Override
  public void gemm(boolean tA, boolean tB, int m, int n, int k, double[] a, int aOff, int lda,
      double[] b, int bOff, int ldb, double[] c, int cOff, int ldc, boolean accumulate) {
    DoubleVectorGemm.gemm(tA, tB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
  }

  @Override
  public boolean panels() {
    return true;
  }

  @Override
  public void gemm(int m, int n, int k, float[] a, int aOff, int lda, FloatPanels b, float[] c, int cOff, int ldc,
      boolean accumulate) {
    FloatVectorGemm.gemm(m, n, k, a, aOff, lda, b, c, cOff, ldc, accumulate);
  }

  @Override
  public void gemm(int m, int n, int k, double[] a, int aOff, int lda, DoublePanels b, double[] c, int cOff, int ldc,
      boolean accumulate) {
    DoubleVectorGemm.gemm(m, n, k, a, aOff, lda, b, c, cOff, ldc, accumulate);
  }

  @Override
  public void gemm(boolean tB, int m, int n, int k, FloatPanels a, float[] b, int bOff, int ldb, float[] c, int cOff,
      int ldc, boolean accumulate) {
    FloatVectorGemm.gemm(tB, m, n, k, a, b, bOff, ldb, c, cOff, ldc, accumulate);
  }

  @Override
  public void gemm(boolean tB, int m, int n, int k, DoublePanels a, double[] b, int bOff, int ldb, double[] c,
      int cOff, int ldc, boolean accumulate) {
    DoubleVectorGemm.gemm(tB, m, n, k, a, b, bOff, ldb, c, cOff, ldc, accumulate);
  }
}
