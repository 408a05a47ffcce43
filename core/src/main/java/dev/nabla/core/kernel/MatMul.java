package dev.nabla.core.kernel;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Matrix multiply, {@code C = op(A)·op(B)} on row-major arrays with offsets and leading dimensions.
 *
 * <p>The implementation is chosen once, at class initialisation: {@link VectorGemm} (register-blocked
 * {@code jdk.incubator.vector} micro-kernels) when the module is in the boot layer and
 * {@code -Dnabla.simd=false} is not set, otherwise {@link PlainGemm} (plain loops that C2
 * auto-vectorises). VectorGemm is loaded reflectively, so without {@code --add-modules
 * jdk.incubator.vector} no Vector API class is ever linked. Empty and tiny products are handled by a
 * direct loop: they never pay for packing or threading. One source for both dtypes: {@code DoubleMatMul},
 * {@code DoublePlainGemm}, {@code DoubleVectorGemm} (FLOAT32 twins generated).
 */
public final class MatMul {
  private static final Gemm IMPL = select();
  /**
   * Whether to say, once, that a product above SMALL ran on plain loops only because the Vector API
   * module is missing (not when {@code -Dnabla.simd=false} asked for plain loops).
   */
  private static final boolean HINT = IMPL instanceof PlainGemm
      && !"false".equalsIgnoreCase(System.getProperty("nabla.simd"))
      && ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty();
  private static final AtomicBoolean HINTED = new AtomicBoolean();

  private MatMul() {}

  /**
   * C = op(A)·op(B) (accumulate=false overwrites C; true adds into C). Row-major.
   * op(A) is m×k: A(i,p) = transA ? a[aOff + p*lda + i] : a[aOff + i*lda + p]
   * op(B) is k×n: B(p,j) = transB ? b[bOff + j*ldb + p] : b[bOff + p*ldb + j]
   * C(i,j) = c[cOff + i*ldc + j]. Inputs are trusted (shapes checked by the caller).
   */
  public static void gemm(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate) {
    FloatMatMul.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
  }

  /** The double-precision {@link #gemm(boolean, boolean, int, int, int, float[], int, int, float[], int, int, float[], int, int, boolean) gemm}. */
  public static void gemm(boolean transA, boolean transB, int m, int n, int k,
      double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
      double[] c, int cOff, int ldc, boolean accumulate) {
    DoubleMatMul.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
  }

  /** The GEMM when it takes panel packers for A or B (the Vector API one, {@link Gemm#panels()}), else null. */
  static Gemm panelGemm() {
    return IMPL.panels() ? IMPL : null;
  }

  /** The blocked implementation, for products above the small-matrix path (says once when it is the slow one). */
  static Gemm blocked() {
    if (HINT) hint();
    return IMPL;
  }

  /** "vector" or "plain": which implementation was selected at start-up. */
  public static String implementation() {
    return IMPL.name();
  }

  private static void hint() {
    if (HINTED.compareAndSet(false, true))
      System.getLogger("dev.nabla.core").log(System.Logger.Level.INFO, "Nabla: matrix products run on plain loops;"
          + " start the JVM with --add-modules jdk.incubator.vector for the faster Vector API kernels"
          + " (or set -Dnabla.simd=false to choose plain loops and silence this line)");
  }

  private static Gemm select() {
    Gemm vector = Simd.load("dev.nabla.core.kernel.VectorGemm", Gemm.class);
    return vector != null ? vector : new PlainGemm();
  }
}
