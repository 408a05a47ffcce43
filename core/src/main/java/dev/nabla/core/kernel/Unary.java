package dev.nabla.core.kernel;

/**
 * Elementwise unary kernels over dense arrays: {@code y[i] = op(x[i])} for {@code i < n} (x and y may be
 * the same array). The loops are in {@link DoubleUnary} and its generated FLOAT32 twin; large arrays are
 * split across threads, with the same result on any thread count. Example:
 * {@code Unary.apply(UnaryOp.EXP, x, y, x.length)}.
 */
public final class Unary {
  private Unary() {}

  /** {@code y[i] = op(x[i])} for {@code i < n}, FLOAT64. */
  public static void apply(UnaryOp op, double[] x, double[] y, int n) {
    DoubleUnary.apply(op, x, y, n);
  }

  /** {@code y[i] = op(x[i])} for {@code i < n}, FLOAT32 (on the Vector API for exp, tanh and sigmoid when on). */
  public static void apply(UnaryOp op, float[] x, float[] y, int n) {
    FloatUnary.apply(op, x, y, n);
  }
}
