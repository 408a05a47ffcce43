package dev.nabla.core.kernel;

import java.util.Arrays;

/**
 * The loop of every {@link BinaryOp}, {@code y[yo + j] = a[ao + j] op b[bo + j]}, and the broadcast forms
 * built from it: the FLOAT64 source, from which the build writes the FLOAT32 twin {@code FloatBinary} by
 * token rewrite (see core/pom.xml and {@link DoubleUnary}).
 *
 * <p>Each op has one same-index loop, chosen once per call, so the JIT vectorizes it; every form runs it:
 * equal shapes over the whole array, a repeating operand once per row ({@link #applyRepeat}), and a scalar
 * operand against a short block filled with the scalar ({@link #applyScalarRight}, {@link #applyRuns}).
 * Large arrays split across threads on fixed boundaries; results do not depend on the thread count.
 */
final class DoubleBinary {
  /** {@code y[yo + j] = a[ao + j] op b[bo + j]} for {@code j < n}, on one thread; y may be a or b. */
  @FunctionalInterface
  interface Loop {
    void run(double[] a, int ao, double[] b, int bo, double[] y, int yo, int n);
  }

  private static final long THRESHOLD = 1 << 16;
  /** Length of the block a scalar operand is spread into (it stays in the L1 cache). */
  private static final int BLOCK = 512;
  private static final Loop[] LOOPS = Arrays.stream(BinaryOp.values()).map(DoubleBinary::loop).toArray(Loop[]::new);

  private DoubleBinary() {}

  /** The loop of op. An exhaustive switch: a new BinaryOp does not compile until it has its case. */
  static Loop loop(BinaryOp op) {
    return switch (op) {
      case ADD -> (a, ao, b, bo, y, yo, n) -> { for (int j = 0; j < n; j++) y[yo + j] = a[ao + j] + b[bo + j]; };
      case SUB -> (a, ao, b, bo, y, yo, n) -> { for (int j = 0; j < n; j++) y[yo + j] = a[ao + j] - b[bo + j]; };
      case MUL -> (a, ao, b, bo, y, yo, n) -> { for (int j = 0; j < n; j++) y[yo + j] = a[ao + j] * b[bo + j]; };
      case DIV -> (a, ao, b, bo, y, yo, n) -> { for (int j = 0; j < n; j++) y[yo + j] = a[ao + j] / b[bo + j]; };
      case POW -> (a, ao, b, bo, y, yo, n) -> {
        for (int j = 0; j < n; j++) y[yo + j] = (double) Math.pow(a[ao + j], b[bo + j]);
      };
      case MAXIMUM -> (a, ao, b, bo, y, yo, n) -> {
        for (int j = 0; j < n; j++) y[yo + j] = Math.max(a[ao + j], b[bo + j]);
      };
      case MINIMUM -> (a, ao, b, bo, y, yo, n) -> {
        for (int j = 0; j < n; j++) y[yo + j] = Math.min(a[ao + j], b[bo + j]);
      };
      case EQ -> (a, ao, b, bo, y, yo, n) -> { for (int j = 0; j < n; j++) y[yo + j] = a[ao + j] == b[bo + j] ? 1 : 0; };
      case NE -> (a, ao, b, bo, y, yo, n) -> { for (int j = 0; j < n; j++) y[yo + j] = a[ao + j] != b[bo + j] ? 1 : 0; };
      case LT -> (a, ao, b, bo, y, yo, n) -> { for (int j = 0; j < n; j++) y[yo + j] = a[ao + j] < b[bo + j] ? 1 : 0; };
      case LE -> (a, ao, b, bo, y, yo, n) -> { for (int j = 0; j < n; j++) y[yo + j] = a[ao + j] <= b[bo + j] ? 1 : 0; };
      case GT -> (a, ao, b, bo, y, yo, n) -> { for (int j = 0; j < n; j++) y[yo + j] = a[ao + j] > b[bo + j] ? 1 : 0; };
      case GE -> (a, ao, b, bo, y, yo, n) -> { for (int j = 0; j < n; j++) y[yo + j] = a[ao + j] >= b[bo + j] ? 1 : 0; };
      case TANH_GRAD -> (g, go, t, to, y, yo, n) -> {
        for (int j = 0; j < n; j++) y[yo + j] = g[go + j] * (1 - t[to + j] * t[to + j]);
      };
      case SIGMOID_GRAD -> (g, go, s, so, y, yo, n) -> {
        for (int j = 0; j < n; j++) y[yo + j] = g[go + j] * s[so + j] * (1 - s[so + j]);
      };
      case RELU_GRAD -> (g, go, x, xo, y, yo, n) -> {
        if (!DTypeMath.vectorReluGrad(g, go, x, xo, y, yo, n)) {
          for (int j = 0; j < n; j++) y[yo + j] = x[xo + j] <= 0 ? 0 : g[go + j];
        }
      };
    };
  }

  /** {@code y[i] = a[i] op b[i]} for {@code i < n}. */
  static void apply(BinaryOp op, double[] a, double[] b, double[] y, int n) {
    Loop f = LOOPS[op.ordinal()];
    if ((long) n * op.cost < THRESHOLD) f.run(a, 0, b, 0, y, 0, n); // small: no lambda, no threads
    else Parallel.forRange(n, op.cost, THRESHOLD, (lo, hi) -> f.run(a, lo, b, lo, y, lo, hi - lo));
  }

  /** {@code y[i] = a[i] op s}, or {@code s op a[i]} when {@code sLeft}, for {@code i < n}. */
  static void applyScalar(BinaryOp op, double[] a, double s, boolean sLeft, double[] y, int n) {
    Loop f = LOOPS[op.ordinal()];
    if ((long) n * op.cost < THRESHOLD) withScalar(f, a, spread(s, n), sLeft, y, 0, n); // small: no threads
    else Parallel.forRange(n, op.cost, THRESHOLD, (lo, hi) -> withScalar(f, a, spread(s, hi - lo), sLeft, y, lo, hi));
  }

  /**
   * {@code y[r·p + j] = a[r·p + j] op b[j]}: b repeats every p elements (a trailing-dimension broadcast
   * such as [B, N] + [N]); with {@code bLeft}, {@code y = b[j] op a[r·p + j]}.
   */
  static void applyRepeat(BinaryOp op, double[] a, double[] b, double[] y, int rows, int p, boolean bLeft) {
    Loop f = LOOPS[op.ordinal()];
    Parallel.forRange(rows, (long) p * op.cost, THRESHOLD, (lo, hi) -> {
      for (int o = lo * p; o < hi * p; o += p) {
        if (bLeft) f.run(b, 0, a, o, y, o, p);
        else f.run(a, o, b, 0, y, o, p);
      }
    });
  }

  /**
   * {@code y[r·q + j] = a[r·q + j] op b[r]}: each b covers q consecutive elements (a leading-dimension
   * broadcast such as [B, C] · [B, 1]); with {@code bLeft}, {@code y = b[r] op a[r·q + j]}.
   */
  static void applyRuns(BinaryOp op, double[] a, double[] b, double[] y, int runs, int q, boolean bLeft) {
    Loop f = LOOPS[op.ordinal()];
    Parallel.forRange(runs, (long) q * op.cost, THRESHOLD, (lo, hi) -> {
      double[] c = new double[Math.min(q, BLOCK)];
      for (int r = lo; r < hi; r++) {
        Arrays.fill(c, b[r]);
        withScalar(f, a, c, bLeft, y, r * q, r * q + q);
      }
    });
  }

  /** {@code y[i] = m[i] != 0 ? a[i] : b[i]} for {@code i < n}. */
  static void select(double[] m, double[] a, double[] b, double[] y, int n) {
    for (int i = 0; i < n; i++) y[i] = m[i] != 0 ? a[i] : b[i];
  }

  /** A block of {@code min(n, BLOCK)} copies of s. */
  private static double[] spread(double s, int n) {
    double[] c = new double[Math.min(n, BLOCK)];
    Arrays.fill(c, s);
    return c;
  }

  /** {@code y[i] = a[i] op s} (or {@code s op a[i]}) for {@code lo <= i < hi}, c being a block of copies of s. */
  private static void withScalar(Loop f, double[] a, double[] c, boolean sLeft, double[] y, int lo, int hi) {
    for (int i = lo; i < hi; i += c.length) {
      int n = Math.min(c.length, hi - i);
      if (sLeft) f.run(c, 0, a, i, y, i, n);
      else f.run(a, i, c, 0, y, i, n);
    }
  }
}
