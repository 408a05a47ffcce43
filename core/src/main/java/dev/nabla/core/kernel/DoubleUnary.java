package dev.nabla.core.kernel;

import java.util.Arrays;

/**
 * The loop of every {@link UnaryOp}, {@code y[i] = op(x[i])}: the FLOAT64 source, from which the build
 * writes the FLOAT32 twin {@code FloatUnary} by token rewrite (see core/pom.xml). Where the dtypes differ
 * a loop calls a {@link DTypeMath} overload, and a cast such as {@code (double) Math.log(x[i])} marks a
 * result computed in double that the FLOAT32 twin rounds.
 *
 * <p>One plain same-index loop per op, chosen once per call (no call per element), so the JIT compiles
 * each on its own and vectorizes it where the op allows. Large arrays split across threads on fixed
 * boundaries; every element is computed the same way on any thread count.
 */
final class DoubleUnary {
  /** {@code y[i] = op(x[i])} for {@code lo <= i < hi}, on one thread; x and y may be the same array. */
  @FunctionalInterface
  interface Loop {
    void run(double[] x, double[] y, int lo, int hi);
  }

  private static final long THRESHOLD = 1 << 16;
  private static final Loop[] LOOPS = Arrays.stream(UnaryOp.values()).map(DoubleUnary::loop).toArray(Loop[]::new);

  private DoubleUnary() {}

  /** The plain loop of op. An exhaustive switch: a new UnaryOp does not compile until it has its case. */
  static Loop loop(UnaryOp op) {
    return switch (op) {
      case NEG -> (x, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = -x[i]; };
      case ABS -> (x, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = Math.abs(x[i]); };
      case SIGN -> (x, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = Math.signum(x[i]); };
      case EXP -> (x, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = DTypeMath.exp(x[i]); };
      case LOG -> (x, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = (double) Math.log(x[i]); };
      case LOG1P -> (x, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = (double) Math.log1p(x[i]); };
      case SQRT -> (x, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = (double) Math.sqrt(x[i]); };
      case SQUARE -> (x, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = x[i] * x[i]; };
      case RECIPROCAL -> (x, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = 1.0 / x[i]; };
      case TANH -> (x, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = DTypeMath.tanh(x[i]); };
      case SIGMOID -> (x, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = DTypeMath.sigmoid(x[i]); };
      case RELU -> (x, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = Math.max(x[i], 0.0); };
      case SOFTPLUS -> (x, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = (double) DTypeMath.softplus(x[i]); };
      case SIN -> (x, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = (double) Math.sin(x[i]); };
      case COS -> (x, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = (double) Math.cos(x[i]); };
      case ERF -> (x, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = (double) DTypeMath.erf(x[i]); };
      case SILU -> (x, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = (double) DTypeMath.silu(x[i]); };
      case LOG_SIGMOID -> (x, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = (double) -DTypeMath.softplus(-x[i]); };
    };
  }

  /** {@code y[i] = op(x[i])} for {@code i < n}, split across threads when large. */
  static void apply(UnaryOp op, double[] x, double[] y, int n) {
    if ((long) n * op.cost < THRESHOLD) run(op, x, y, 0, n); // small: no lambda, no threads
    else Parallel.forRange(n, op.cost, THRESHOLD, (lo, hi) -> run(op, x, y, lo, hi));
  }

  /** One thread's range: the Vector API loop where op has one, else the plain loop. */
  static void run(UnaryOp op, double[] x, double[] y, int lo, int hi) {
    if (!DTypeMath.vector(op, x, y, lo, hi)) LOOPS[op.ordinal()].run(x, y, lo, hi);
  }
}
