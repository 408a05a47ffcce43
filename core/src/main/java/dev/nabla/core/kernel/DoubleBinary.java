package dev.nabla.core.kernel;

import java.util.Arrays;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * The loops of every {@link BinaryOp}, {@code y = a op b}, in the forms {@link Binary} offers: the FLOAT64
 * source, from which the build writes the FLOAT32 twin {@code FloatBinary} by token rewrite (see
 * core/pom.xml and {@link DoubleUnary}).
 *
 * <p>An op has one plain loop per form, each an exhaustive switch (a new BinaryOp does not compile until
 * it has its cases): equal shapes, a scalar on the right, a scalar on the left, and a row against a
 * repeating operand (on either side). Each is a same-index loop or a row loop, chosen once per call (no
 * call per element), so the JIT vectorizes it; a loop indexing three arrays at three different offsets
 * does not vectorize on JDK 17 (measured: 3x slower), hence the separate forms. Large arrays split across
 * threads on fixed boundaries; results do not depend on the thread count.
 */
final class DoubleBinary {
  /** {@code y[i] = a[i] op b[i]} for {@code lo <= i < hi}, on one thread; y may be a or b. */
  @FunctionalInterface
  interface Loop {
    void run(double[] a, double[] b, double[] y, int lo, int hi);
  }

  /** {@code y[i] = a[i] op s} (or {@code s op a[i]}) for {@code lo <= i < hi}, on one thread. */
  @FunctionalInterface
  interface ScalarLoop {
    void run(double[] a, double s, double[] y, int lo, int hi);
  }

  /** {@code y[o + j] = a[o + j] op b[j]} (or {@code b[j] op a[o + j]}) for {@code j < p}: one row. */
  @FunctionalInterface
  interface RowLoop {
    void run(double[] a, int o, double[] b, double[] y, int p);
  }

  private static final long THRESHOLD = 1 << 16;
  private static final Loop[] LOOPS = table(DoubleBinary::loop, Loop[]::new);
  private static final ScalarLoop[] RIGHT = table(DoubleBinary::scalarRight, ScalarLoop[]::new);
  private static final ScalarLoop[] LEFT = table(DoubleBinary::scalarLeft, ScalarLoop[]::new);
  private static final RowLoop[] ROW_RIGHT = table(DoubleBinary::rowRight, RowLoop[]::new);
  private static final RowLoop[] ROW_LEFT = table(DoubleBinary::rowLeft, RowLoop[]::new);

  private DoubleBinary() {}

  private static <L> L[] table(Function<BinaryOp, L> loop, IntFunction<L[]> array) {
    return Arrays.stream(BinaryOp.values()).map(loop).toArray(array);
  }

  /** {@code y[i] = a[i] op b[i]}; the Vector API runs the FLOAT32 relu backward. */
  static Loop loop(BinaryOp op) {
    return switch (op) {
      case ADD -> (a, b, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = a[i] + b[i]; };
      case SUB -> (a, b, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = a[i] - b[i]; };
      case MUL -> (a, b, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = a[i] * b[i]; };
      case DIV -> (a, b, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = a[i] / b[i]; };
      case POW -> (a, b, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = (double) Math.pow(a[i], b[i]); };
      case MAXIMUM -> (a, b, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = Math.max(a[i], b[i]); };
      case MINIMUM -> (a, b, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = Math.min(a[i], b[i]); };
      case EQ -> (a, b, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = a[i] == b[i] ? 1 : 0; };
      case NE -> (a, b, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = a[i] != b[i] ? 1 : 0; };
      case LT -> (a, b, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = a[i] < b[i] ? 1 : 0; };
      case LE -> (a, b, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = a[i] <= b[i] ? 1 : 0; };
      case GT -> (a, b, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = a[i] > b[i] ? 1 : 0; };
      case GE -> (a, b, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = a[i] >= b[i] ? 1 : 0; };
      case TANH_GRAD -> (a, b, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = a[i] * (1 - b[i] * b[i]); };
      case SIGMOID_GRAD -> (a, b, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = a[i] * b[i] * (1 - b[i]); };
      case RELU_GRAD -> (a, b, y, lo, hi) -> {
        if (!DTypeMath.vectorReluGrad(a, b, y, lo, hi)) for (int i = lo; i < hi; i++) y[i] = b[i] <= 0 ? 0 : a[i];
      };
    };
  }

  /**
   * {@code a op b} for one pair of values: the element formula of every loop above (same bits), for
   * one-element operands (a scalar tape), called without a loop, a lambda or a thread decision.
   */
  static double one(BinaryOp op, double a, double b) {
    return switch (op) {
      case ADD -> a + b;
      case SUB -> a - b;
      case MUL -> a * b;
      case DIV -> a / b;
      case POW -> (double) Math.pow(a, b);
      case MAXIMUM -> Math.max(a, b);
      case MINIMUM -> Math.min(a, b);
      case EQ -> a == b ? 1 : 0;
      case NE -> a != b ? 1 : 0;
      case LT -> a < b ? 1 : 0;
      case LE -> a <= b ? 1 : 0;
      case GT -> a > b ? 1 : 0;
      case GE -> a >= b ? 1 : 0;
      case TANH_GRAD -> a * (1 - b * b);
      case SIGMOID_GRAD -> a * b * (1 - b);
      case RELU_GRAD -> b <= 0 ? 0 : a;
    };
  }

  /** {@code y[i] = a[i] op s}. */
  static ScalarLoop scalarRight(BinaryOp op) {
    return switch (op) {
      case ADD -> (a, s, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = a[i] + s; };
      case SUB -> (a, s, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = a[i] - s; };
      case MUL -> (a, s, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = a[i] * s; };
      case DIV -> (a, s, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = a[i] / s; };
      case POW -> (a, s, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = (double) Math.pow(a[i], s); };
      case MAXIMUM -> (a, s, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = Math.max(a[i], s); };
      case MINIMUM -> (a, s, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = Math.min(a[i], s); };
      case EQ -> (a, s, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = a[i] == s ? 1 : 0; };
      case NE -> (a, s, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = a[i] != s ? 1 : 0; };
      case LT -> (a, s, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = a[i] < s ? 1 : 0; };
      case LE -> (a, s, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = a[i] <= s ? 1 : 0; };
      case GT -> (a, s, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = a[i] > s ? 1 : 0; };
      case GE -> (a, s, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = a[i] >= s ? 1 : 0; };
      case TANH_GRAD -> (a, s, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = a[i] * (1 - s * s); };
      case SIGMOID_GRAD -> (a, s, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = a[i] * s * (1 - s); };
      case RELU_GRAD -> (a, s, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = s <= 0 ? 0 : a[i]; };
    };
  }

  /** {@code y[i] = s op b[i]}. */
  static ScalarLoop scalarLeft(BinaryOp op) {
    return switch (op) {
      case ADD -> (b, s, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = s + b[i]; };
      case SUB -> (b, s, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = s - b[i]; };
      case MUL -> (b, s, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = s * b[i]; };
      case DIV -> (b, s, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = s / b[i]; };
      case POW -> (b, s, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = (double) Math.pow(s, b[i]); };
      case MAXIMUM -> (b, s, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = Math.max(s, b[i]); };
      case MINIMUM -> (b, s, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = Math.min(s, b[i]); };
      case EQ -> (b, s, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = s == b[i] ? 1 : 0; };
      case NE -> (b, s, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = s != b[i] ? 1 : 0; };
      case LT -> (b, s, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = s < b[i] ? 1 : 0; };
      case LE -> (b, s, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = s <= b[i] ? 1 : 0; };
      case GT -> (b, s, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = s > b[i] ? 1 : 0; };
      case GE -> (b, s, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = s >= b[i] ? 1 : 0; };
      case TANH_GRAD -> (b, s, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = s * (1 - b[i] * b[i]); };
      case SIGMOID_GRAD -> (b, s, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = s * b[i] * (1 - b[i]); };
      case RELU_GRAD -> (b, s, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = b[i] <= 0 ? 0 : s; };
    };
  }

  /** {@code y[o + j] = a[o + j] op b[j]}. */
  static RowLoop rowRight(BinaryOp op) {
    return switch (op) {
      case ADD -> (a, o, b, y, p) -> { for (int j = 0; j < p; j++) y[o + j] = a[o + j] + b[j]; };
      case SUB -> (a, o, b, y, p) -> { for (int j = 0; j < p; j++) y[o + j] = a[o + j] - b[j]; };
      case MUL -> (a, o, b, y, p) -> { for (int j = 0; j < p; j++) y[o + j] = a[o + j] * b[j]; };
      case DIV -> (a, o, b, y, p) -> { for (int j = 0; j < p; j++) y[o + j] = a[o + j] / b[j]; };
      case POW -> (a, o, b, y, p) -> { for (int j = 0; j < p; j++) y[o + j] = (double) Math.pow(a[o + j], b[j]); };
      case MAXIMUM -> (a, o, b, y, p) -> { for (int j = 0; j < p; j++) y[o + j] = Math.max(a[o + j], b[j]); };
      case MINIMUM -> (a, o, b, y, p) -> { for (int j = 0; j < p; j++) y[o + j] = Math.min(a[o + j], b[j]); };
      case EQ -> (a, o, b, y, p) -> { for (int j = 0; j < p; j++) y[o + j] = a[o + j] == b[j] ? 1 : 0; };
      case NE -> (a, o, b, y, p) -> { for (int j = 0; j < p; j++) y[o + j] = a[o + j] != b[j] ? 1 : 0; };
      case LT -> (a, o, b, y, p) -> { for (int j = 0; j < p; j++) y[o + j] = a[o + j] < b[j] ? 1 : 0; };
      case LE -> (a, o, b, y, p) -> { for (int j = 0; j < p; j++) y[o + j] = a[o + j] <= b[j] ? 1 : 0; };
      case GT -> (a, o, b, y, p) -> { for (int j = 0; j < p; j++) y[o + j] = a[o + j] > b[j] ? 1 : 0; };
      case GE -> (a, o, b, y, p) -> { for (int j = 0; j < p; j++) y[o + j] = a[o + j] >= b[j] ? 1 : 0; };
      case TANH_GRAD -> (a, o, b, y, p) -> { for (int j = 0; j < p; j++) y[o + j] = a[o + j] * (1 - b[j] * b[j]); };
      case SIGMOID_GRAD -> (a, o, b, y, p) -> { for (int j = 0; j < p; j++) y[o + j] = a[o + j] * b[j] * (1 - b[j]); };
      case RELU_GRAD -> (a, o, b, y, p) -> { for (int j = 0; j < p; j++) y[o + j] = b[j] <= 0 ? 0 : a[o + j]; };
    };
  }

  /** {@code y[o + j] = b[j] op a[o + j]}. */
  static RowLoop rowLeft(BinaryOp op) {
    return switch (op) {
      case ADD -> (a, o, b, y, p) -> { for (int j = 0; j < p; j++) y[o + j] = b[j] + a[o + j]; };
      case SUB -> (a, o, b, y, p) -> { for (int j = 0; j < p; j++) y[o + j] = b[j] - a[o + j]; };
      case MUL -> (a, o, b, y, p) -> { for (int j = 0; j < p; j++) y[o + j] = b[j] * a[o + j]; };
      case DIV -> (a, o, b, y, p) -> { for (int j = 0; j < p; j++) y[o + j] = b[j] / a[o + j]; };
      case POW -> (a, o, b, y, p) -> { for (int j = 0; j < p; j++) y[o + j] = (double) Math.pow(b[j], a[o + j]); };
      case MAXIMUM -> (a, o, b, y, p) -> { for (int j = 0; j < p; j++) y[o + j] = Math.max(b[j], a[o + j]); };
      case MINIMUM -> (a, o, b, y, p) -> { for (int j = 0; j < p; j++) y[o + j] = Math.min(b[j], a[o + j]); };
      case EQ -> (a, o, b, y, p) -> { for (int j = 0; j < p; j++) y[o + j] = b[j] == a[o + j] ? 1 : 0; };
      case NE -> (a, o, b, y, p) -> { for (int j = 0; j < p; j++) y[o + j] = b[j] != a[o + j] ? 1 : 0; };
      case LT -> (a, o, b, y, p) -> { for (int j = 0; j < p; j++) y[o + j] = b[j] < a[o + j] ? 1 : 0; };
      case LE -> (a, o, b, y, p) -> { for (int j = 0; j < p; j++) y[o + j] = b[j] <= a[o + j] ? 1 : 0; };
      case GT -> (a, o, b, y, p) -> { for (int j = 0; j < p; j++) y[o + j] = b[j] > a[o + j] ? 1 : 0; };
      case GE -> (a, o, b, y, p) -> { for (int j = 0; j < p; j++) y[o + j] = b[j] >= a[o + j] ? 1 : 0; };
      case TANH_GRAD -> (a, o, b, y, p) -> { for (int j = 0; j < p; j++) y[o + j] = b[j] * (1 - a[o + j] * a[o + j]); };
      case SIGMOID_GRAD -> (a, o, b, y, p) -> {
        for (int j = 0; j < p; j++) y[o + j] = b[j] * a[o + j] * (1 - a[o + j]);
      };
      case RELU_GRAD -> (a, o, b, y, p) -> { for (int j = 0; j < p; j++) y[o + j] = a[o + j] <= 0 ? 0 : b[j]; };
    };
  }

  /** {@code y[i] = a[i] op b[i]} for {@code i < n}. */
  static void apply(BinaryOp op, double[] a, double[] b, double[] y, int n) {
    Loop f = LOOPS[op.ordinal()];
    if ((long) n * op.cost < THRESHOLD) f.run(a, b, y, 0, n); // small: no lambda, no threads
    else Parallel.forRange(n, op.cost, THRESHOLD, Parallel.SPLIT, (lo, hi) -> f.run(a, b, y, lo, hi));
  }

  /** {@code y[i] = a[i] op s}, or {@code s op a[i]} when {@code sLeft}, for {@code i < n}. */
  static void applyScalar(BinaryOp op, double[] a, double s, boolean sLeft, double[] y, int n) {
    ScalarLoop f = (sLeft ? LEFT : RIGHT)[op.ordinal()];
    if ((long) n * op.cost < THRESHOLD) f.run(a, s, y, 0, n); // small: no lambda, no threads
    else Parallel.forRange(n, op.cost, THRESHOLD, Parallel.SPLIT, (lo, hi) -> f.run(a, s, y, lo, hi));
  }

  /**
   * {@code y[r·p + j] = a[r·p + j] op b[j]}: b repeats every p elements (a trailing-dimension broadcast
   * such as [B, N] + [N]); with {@code bLeft}, {@code y = b[j] op a[r·p + j]}.
   */
  static void applyRepeat(BinaryOp op, double[] a, double[] b, double[] y, int rows, int p, boolean bLeft) {
    RowLoop f = (bLeft ? ROW_LEFT : ROW_RIGHT)[op.ordinal()];
    Parallel.forRange(rows, (long) p * op.cost, THRESHOLD, Parallel.SPLIT, (lo, hi) -> {
      for (int r = lo; r < hi; r++) f.run(a, r * p, b, y, p);
    });
  }

  /**
   * {@code y[r·q + j] = a[r·q + j] op b[r]}: each b covers q consecutive elements (a leading-dimension
   * broadcast such as [B, C] · [B, 1]); with {@code bLeft}, {@code y = b[r] op a[r·q + j]}.
   */
  static void applyRuns(BinaryOp op, double[] a, double[] b, double[] y, int runs, int q, boolean bLeft) {
    ScalarLoop f = (bLeft ? LEFT : RIGHT)[op.ordinal()];
    Parallel.forRange(runs, (long) q * op.cost, THRESHOLD, Parallel.SPLIT, (lo, hi) -> {
      for (int r = lo; r < hi; r++) f.run(a, b[r], y, r * q, r * q + q);
    });
  }

  /** {@code y[i] = m[i] != 0 ? a[i] : b[i]} for {@code i < n}. */
  static void select(double[] m, double[] a, double[] b, double[] y, int n) {
    for (int i = 0; i < n; i++) y[i] = m[i] != 0 ? a[i] : b[i];
  }
}
