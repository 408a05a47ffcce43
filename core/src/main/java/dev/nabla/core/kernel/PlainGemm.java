package dev.nabla.core.kernel;

/**
 * GEMM in plain Java loops, for JVMs without the Vector API: blocked i-k-j order that C2
 * auto-vectorises. One source for both dtypes: {@code DoublePlainGemm} (FLOAT32 twin generated).
 */
final class PlainGemm implements Gemm {
  @Override
  public String name() {
    return "plain";
  }

  @Override
  public void gemm(boolean tA, boolean tB, int m, int n, int k, float[] a, int aOff, int lda,
      float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
    FloatPlainGemm.gemm(tA, tB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
  }

  @Override
  public void gemm(boolean tA, boolean tB, int m, int n, int k, double[] a, int aOff, int lda,
      double[] b, int bOff, int ldb, double[] c, int cOff, int ldc, boolean accumulate) {
    DoublePlainGemm.gemm(tA, tB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
  }
}
