package dev.nabla.core.kernel;

/**
 * Elementwise unary kernels over dense arrays: {@code y[i] = f(x[i])} for {@code i < n}.
 *
 * <p>One dedicated loop per op and dtype, selected once per call, so the JIT sees a plain
 * same-index loop (which it vectorizes where the op allows). Large arrays are split across
 * threads on fixed boundaries; every element is computed the same way on any thread count.
 */
public final class Unary {
  private static final long THRESHOLD = 1 << 16;
  /** FLOAT32 exp/tanh/sigmoid on the Vector API when it is on (same bits as the loops below); else null. */
  private static final FloatMath FLOAT_MATH = FloatMath.VECTOR;

  private Unary() {}

  /** Logistic function 1/(1+e^-x), evaluated without overflow for large |x|. */
  static double sigmoid(double x) {
    if (x >= 0) return 1.0 / (1.0 + Math.exp(-x));
    double e = Math.exp(x);
    return e / (1.0 + e);
  }

  /** softplus(x) = log(1+e^x) = max(x,0) + log1p(e^-|x|), stable for any x. */
  static double softplus(double x) {
    return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
  }

  private static long cost(UnaryOp op) {
    return switch (op) {
      case NEG, ABS, SIGN, SQUARE, RELU -> 1;
      case SQRT, RECIPROCAL -> 4;
      default -> 20;
    };
  }

  public static void apply(UnaryOp op, double[] x, double[] y, int n) {
    if ((long) n * cost(op) < THRESHOLD) run(op, x, y, 0, n); // small: no lambda, no threads
    else Parallel.forRange(n, cost(op), THRESHOLD, (lo, hi) -> run(op, x, y, lo, hi));
  }

  public static void apply(UnaryOp op, float[] x, float[] y, int n) {
    if ((long) n * cost(op) < THRESHOLD) run(op, x, y, 0, n); // small: no lambda, no threads
    else Parallel.forRange(n, cost(op), THRESHOLD, (lo, hi) -> run(op, x, y, lo, hi));
  }

  private static void run(UnaryOp op, double[] x, double[] y, int lo, int hi) {
    switch (op) {
      case NEG -> { for (int i = lo; i < hi; i++) y[i] = -x[i]; }
      case ABS -> { for (int i = lo; i < hi; i++) y[i] = Math.abs(x[i]); }
      case SIGN -> { for (int i = lo; i < hi; i++) y[i] = Math.signum(x[i]); }
      case EXP -> { for (int i = lo; i < hi; i++) y[i] = Math.exp(x[i]); }
      case LOG -> { for (int i = lo; i < hi; i++) y[i] = Math.log(x[i]); }
      case LOG1P -> { for (int i = lo; i < hi; i++) y[i] = Math.log1p(x[i]); }
      case SQRT -> { for (int i = lo; i < hi; i++) y[i] = Math.sqrt(x[i]); }
      case SQUARE -> { for (int i = lo; i < hi; i++) y[i] = x[i] * x[i]; }
      case RECIPROCAL -> { for (int i = lo; i < hi; i++) y[i] = 1.0 / x[i]; }
      case TANH -> { for (int i = lo; i < hi; i++) y[i] = Math.tanh(x[i]); }
      case SIGMOID -> { for (int i = lo; i < hi; i++) y[i] = sigmoid(x[i]); }
      case RELU -> { for (int i = lo; i < hi; i++) y[i] = Math.max(x[i], 0.0); }
      case SOFTPLUS -> { for (int i = lo; i < hi; i++) y[i] = softplus(x[i]); }
      case SIN -> { for (int i = lo; i < hi; i++) y[i] = Math.sin(x[i]); }
      case COS -> { for (int i = lo; i < hi; i++) y[i] = Math.cos(x[i]); }
    }
  }

  /** {@code y[i] = e^{x[i]}} for {@code lo <= i < hi} on one thread (x and y may be the same array). */
  static void exp(float[] x, float[] y, int lo, int hi) {
    run(UnaryOp.EXP, x, y, lo, hi);
  }

  private static void run(UnaryOp op, float[] x, float[] y, int lo, int hi) {
    if (FLOAT_MATH != null && FLOAT_MATH.apply(op, x, y, lo, hi)) return;
    switch (op) {
      case NEG -> { for (int i = lo; i < hi; i++) y[i] = -x[i]; }
      case ABS -> { for (int i = lo; i < hi; i++) y[i] = Math.abs(x[i]); }
      case SIGN -> { for (int i = lo; i < hi; i++) y[i] = Math.signum(x[i]); }
      case EXP -> { for (int i = lo; i < hi; i++) y[i] = FloatFunctions.exp(x[i]); }
      case LOG -> { for (int i = lo; i < hi; i++) y[i] = (float) Math.log(x[i]); }
      case LOG1P -> { for (int i = lo; i < hi; i++) y[i] = (float) Math.log1p(x[i]); }
      case SQRT -> { for (int i = lo; i < hi; i++) y[i] = (float) Math.sqrt(x[i]); }
      case SQUARE -> { for (int i = lo; i < hi; i++) y[i] = x[i] * x[i]; }
      case RECIPROCAL -> { for (int i = lo; i < hi; i++) y[i] = 1.0f / x[i]; }
      case TANH -> { for (int i = lo; i < hi; i++) y[i] = FloatFunctions.tanh(x[i]); }
      case SIGMOID -> { for (int i = lo; i < hi; i++) y[i] = FloatFunctions.sigmoid(x[i]); }
      case RELU -> { for (int i = lo; i < hi; i++) y[i] = Math.max(x[i], 0.0f); }
      case SOFTPLUS -> { for (int i = lo; i < hi; i++) y[i] = (float) softplus(x[i]); }
      case SIN -> { for (int i = lo; i < hi; i++) y[i] = (float) Math.sin(x[i]); }
      case COS -> { for (int i = lo; i < hi; i++) y[i] = (float) Math.cos(x[i]); }
    }
  }
}
