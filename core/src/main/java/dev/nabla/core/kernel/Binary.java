package dev.nabla.core.kernel;

/**
 * Elementwise binary kernels over dense arrays, in three forms: {@code y[i] = a[i] op b[i]},
 * {@code y[i] = a[i] op s} and {@code y[i] = s op b[i]}. Broadcasting of other shapes is done by
 * the caller (it materializes the expanded operand).
 *
 * <p>The arithmetic ops run dedicated same-index loops (vectorized by the JIT); pow and the
 * comparisons go through {@link BinaryOp#apply}. Large arrays split across threads on fixed
 * boundaries; results do not depend on the thread count.
 */
public final class Binary {
  private static final long THRESHOLD = 1 << 16;

  private Binary() {}

  private static long cost(BinaryOp op) {
    return op == BinaryOp.POW ? 20 : 1;
  }

  public static void apply(BinaryOp op, double[] a, double[] b, double[] y, int n) {
    Parallel.forRange(n, cost(op), THRESHOLD, (lo, hi) -> apply(op, a, b, y, lo, hi));
  }

  private static void apply(BinaryOp op, double[] a, double[] b, double[] y, int lo, int hi) {
    switch (op) {
      case ADD -> { for (int i = lo; i < hi; i++) y[i] = a[i] + b[i]; }
      case SUB -> { for (int i = lo; i < hi; i++) y[i] = a[i] - b[i]; }
      case MUL -> { for (int i = lo; i < hi; i++) y[i] = a[i] * b[i]; }
      case DIV -> { for (int i = lo; i < hi; i++) y[i] = a[i] / b[i]; }
      case MAXIMUM -> { for (int i = lo; i < hi; i++) y[i] = Math.max(a[i], b[i]); }
      case MINIMUM -> { for (int i = lo; i < hi; i++) y[i] = Math.min(a[i], b[i]); }
      default -> { for (int i = lo; i < hi; i++) y[i] = op.apply(a[i], b[i]); }
    }
  }

  public static void applyScalarRight(BinaryOp op, double[] a, double s, double[] y, int n) {
    Parallel.forRange(n, cost(op), THRESHOLD, (lo, hi) -> applyScalarRight(op, a, s, y, lo, hi));
  }

  private static void applyScalarRight(BinaryOp op, double[] a, double s, double[] y, int lo, int hi) {
    switch (op) {
      case ADD -> { for (int i = lo; i < hi; i++) y[i] = a[i] + s; }
      case SUB -> { for (int i = lo; i < hi; i++) y[i] = a[i] - s; }
      case MUL -> { for (int i = lo; i < hi; i++) y[i] = a[i] * s; }
      case DIV -> { for (int i = lo; i < hi; i++) y[i] = a[i] / s; }
      case MAXIMUM -> { for (int i = lo; i < hi; i++) y[i] = Math.max(a[i], s); }
      case MINIMUM -> { for (int i = lo; i < hi; i++) y[i] = Math.min(a[i], s); }
      default -> { for (int i = lo; i < hi; i++) y[i] = op.apply(a[i], s); }
    }
  }

  public static void applyScalarLeft(BinaryOp op, double s, double[] b, double[] y, int n) {
    Parallel.forRange(n, cost(op), THRESHOLD, (lo, hi) -> applyScalarLeft(op, s, b, y, lo, hi));
  }

  private static void applyScalarLeft(BinaryOp op, double s, double[] b, double[] y, int lo, int hi) {
    switch (op) {
      case ADD -> { for (int i = lo; i < hi; i++) y[i] = s + b[i]; }
      case SUB -> { for (int i = lo; i < hi; i++) y[i] = s - b[i]; }
      case MUL -> { for (int i = lo; i < hi; i++) y[i] = s * b[i]; }
      case DIV -> { for (int i = lo; i < hi; i++) y[i] = s / b[i]; }
      case MAXIMUM -> { for (int i = lo; i < hi; i++) y[i] = Math.max(s, b[i]); }
      case MINIMUM -> { for (int i = lo; i < hi; i++) y[i] = Math.min(s, b[i]); }
      default -> { for (int i = lo; i < hi; i++) y[i] = op.apply(s, b[i]); }
    }
  }

  public static void apply(BinaryOp op, float[] a, float[] b, float[] y, int n) {
    Parallel.forRange(n, cost(op), THRESHOLD, (lo, hi) -> apply(op, a, b, y, lo, hi));
  }

  private static void apply(BinaryOp op, float[] a, float[] b, float[] y, int lo, int hi) {
    switch (op) {
      case ADD -> { for (int i = lo; i < hi; i++) y[i] = a[i] + b[i]; }
      case SUB -> { for (int i = lo; i < hi; i++) y[i] = a[i] - b[i]; }
      case MUL -> { for (int i = lo; i < hi; i++) y[i] = a[i] * b[i]; }
      case DIV -> { for (int i = lo; i < hi; i++) y[i] = a[i] / b[i]; }
      case MAXIMUM -> { for (int i = lo; i < hi; i++) y[i] = Math.max(a[i], b[i]); }
      case MINIMUM -> { for (int i = lo; i < hi; i++) y[i] = Math.min(a[i], b[i]); }
      default -> { for (int i = lo; i < hi; i++) y[i] = (float) op.apply(a[i], b[i]); }
    }
  }

  public static void applyScalarRight(BinaryOp op, float[] a, float s, float[] y, int n) {
    Parallel.forRange(n, cost(op), THRESHOLD, (lo, hi) -> applyScalarRight(op, a, s, y, lo, hi));
  }

  private static void applyScalarRight(BinaryOp op, float[] a, float s, float[] y, int lo, int hi) {
    switch (op) {
      case ADD -> { for (int i = lo; i < hi; i++) y[i] = a[i] + s; }
      case SUB -> { for (int i = lo; i < hi; i++) y[i] = a[i] - s; }
      case MUL -> { for (int i = lo; i < hi; i++) y[i] = a[i] * s; }
      case DIV -> { for (int i = lo; i < hi; i++) y[i] = a[i] / s; }
      case MAXIMUM -> { for (int i = lo; i < hi; i++) y[i] = Math.max(a[i], s); }
      case MINIMUM -> { for (int i = lo; i < hi; i++) y[i] = Math.min(a[i], s); }
      default -> { for (int i = lo; i < hi; i++) y[i] = (float) op.apply(a[i], s); }
    }
  }

  public static void applyScalarLeft(BinaryOp op, float s, float[] b, float[] y, int n) {
    Parallel.forRange(n, cost(op), THRESHOLD, (lo, hi) -> applyScalarLeft(op, s, b, y, lo, hi));
  }

  private static void applyScalarLeft(BinaryOp op, float s, float[] b, float[] y, int lo, int hi) {
    switch (op) {
      case ADD -> { for (int i = lo; i < hi; i++) y[i] = s + b[i]; }
      case SUB -> { for (int i = lo; i < hi; i++) y[i] = s - b[i]; }
      case MUL -> { for (int i = lo; i < hi; i++) y[i] = s * b[i]; }
      case DIV -> { for (int i = lo; i < hi; i++) y[i] = s / b[i]; }
      case MAXIMUM -> { for (int i = lo; i < hi; i++) y[i] = Math.max(s, b[i]); }
      case MINIMUM -> { for (int i = lo; i < hi; i++) y[i] = Math.min(s, b[i]); }
      default -> { for (int i = lo; i < hi; i++) y[i] = (float) op.apply(s, b[i]); }
    }
  }

  /** {@code y[i] = m[i] != 0 ? a[i] : b[i]}. */
  public static void select(double[] m, double[] a, double[] b, double[] y, int n) {
    for (int i = 0; i < n; i++) y[i] = m[i] != 0 ? a[i] : b[i];
  }

  /** {@code y[i] = m[i] != 0 ? a[i] : b[i]}. */
  public static void select(float[] m, float[] a, float[] b, float[] y, int n) {
    for (int i = 0; i < n; i++) y[i] = m[i] != 0 ? a[i] : b[i];
  }
}
