package dev.nabla.core.kernel;

import java.util.Arrays;

/**
 * Runs every {@link UnaryOp}, {@code y[i] = op(x[i])}: the FLOAT64 source, from which the build writes the
 * FLOAT32 twin {@code FloatUnary} by token rewrite (see core/pom.xml). The loops themselves are generated
 * from UnaryOp's element formulas into {@code DoubleUnaryLoops} (and its twin {@code FloatUnaryLoops}).
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

  /**
   * The plain loop of op, {@code y[i] = EXPR} with EXPR the constant's element formula in {@link UnaryOp}: generated
   * at build time into {@code DoubleUnaryLoops} (an exhaustive switch, one lambda per op) and its FLOAT32 twin.
   */
  static Loop loop(UnaryOp op) {
    return DoubleUnaryLoops.loop(op);
  }

  /** {@code y[i] = op(x[i])} for {@code i < n}, split across threads when large. */
  static void apply(UnaryOp op, double[] x, double[] y, int n) {
    long cost = DTypeMath.cost(op, x); // per element, lower where a vector loop runs
    if (n * cost < THRESHOLD) run(op, x, y, 0, n); // small: no lambda, no threads
    else Parallel.forRange(n, cost, THRESHOLD, Parallel.SPLIT, (lo, hi) -> run(op, x, y, lo, hi));
  }

  /** One thread's range: the Vector API loop where op has one, else the plain loop. */
  static void run(UnaryOp op, double[] x, double[] y, int lo, int hi) {
    if (!DTypeMath.vector(op, x, y, lo, hi)) LOOPS[op.ordinal()].run(x, y, lo, hi);
  }
}
