package dev.nabla.core.kernel;

/**
 * Elementwise binary kernels over dense arrays, in three forms: {@code y[i] = a[i] op b[i]},
 * {@code y[i] = a[i] op s} and {@code y[i] = s op b[i]}; plus the two common broadcasts, a
 * repeating operand ({@link #applyRepeat}) and one value per run ({@link #applyRuns}). Other
 * broadcasts are materialized by the caller.
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
    if ((long) n * cost(op) < THRESHOLD) apply(op, a, b, y, 0, n); // small: no lambda, no threads
    else Parallel.forRange(n, cost(op), THRESHOLD, (lo, hi) -> apply(op, a, b, y, lo, hi));
  }

  private static void apply(BinaryOp op, double[] a, double[] b, double[] y, int lo, int hi) {
    switch (op) {
      case TANH_GRAD -> { for (int i = lo; i < hi; i++) y[i] = a[i] * (1 - b[i] * b[i]); }
      case SIGMOID_GRAD -> { for (int i = lo; i < hi; i++) y[i] = a[i] * b[i] * (1 - b[i]); }
      case RELU_GRAD -> { for (int i = lo; i < hi; i++) y[i] = b[i] <= 0 ? 0 : a[i]; }
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
    if ((long) n * cost(op) < THRESHOLD) applyScalarRight(op, a, s, y, 0, n); // small: no lambda, no threads
    else Parallel.forRange(n, cost(op), THRESHOLD, (lo, hi) -> applyScalarRight(op, a, s, y, lo, hi));
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
    if ((long) n * cost(op) < THRESHOLD) applyScalarLeft(op, s, b, y, 0, n); // small: no lambda, no threads
    else Parallel.forRange(n, cost(op), THRESHOLD, (lo, hi) -> applyScalarLeft(op, s, b, y, lo, hi));
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
    if ((long) n * cost(op) < THRESHOLD) apply(op, a, b, y, 0, n); // small: no lambda, no threads
    else Parallel.forRange(n, cost(op), THRESHOLD, (lo, hi) -> apply(op, a, b, y, lo, hi));
  }

  private static void apply(BinaryOp op, float[] a, float[] b, float[] y, int lo, int hi) {
    switch (op) {
      case TANH_GRAD -> { for (int i = lo; i < hi; i++) y[i] = a[i] * (1f - b[i] * b[i]); }
      case SIGMOID_GRAD -> { for (int i = lo; i < hi; i++) y[i] = a[i] * b[i] * (1f - b[i]); }
      case RELU_GRAD -> {
        if (FloatMath.VECTOR != null) FloatMath.VECTOR.reluBackward(a, b, y, lo, hi);
        else for (int i = lo; i < hi; i++) y[i] = b[i] <= 0 ? 0f : a[i];
      }
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
    if ((long) n * cost(op) < THRESHOLD) applyScalarRight(op, a, s, y, 0, n); // small: no lambda, no threads
    else Parallel.forRange(n, cost(op), THRESHOLD, (lo, hi) -> applyScalarRight(op, a, s, y, lo, hi));
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
    if ((long) n * cost(op) < THRESHOLD) applyScalarLeft(op, s, b, y, 0, n); // small: no lambda, no threads
    else Parallel.forRange(n, cost(op), THRESHOLD, (lo, hi) -> applyScalarLeft(op, s, b, y, lo, hi));
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

  // ------------------------------------------------------------ broadcasting without a copy

  /**
   * y[r·p + j] = a[r·p + j] op b[j]: b repeats every p elements (a trailing-dimension broadcast
   * such as [B, N] + [N]); with {@code bLeft}, y = b[j] op a[r·p + j].
   */
  public static void applyRepeat(BinaryOp op, double[] a, double[] b, double[] y, int rows, int p, boolean bLeft) {
    Parallel.forRange(rows, (long) p * cost(op), THRESHOLD, (lo, hi) -> {
      for (int r = lo; r < hi; r++) {
        int o = r * p;
        switch (op) {
          case ADD -> { for (int j = 0; j < p; j++) y[o + j] = a[o + j] + b[j]; }
          case MUL -> { for (int j = 0; j < p; j++) y[o + j] = a[o + j] * b[j]; }
          case SUB -> {
            if (bLeft) for (int j = 0; j < p; j++) y[o + j] = b[j] - a[o + j];
            else for (int j = 0; j < p; j++) y[o + j] = a[o + j] - b[j];
          }
          default -> {
            if (bLeft) for (int j = 0; j < p; j++) y[o + j] = op.apply(b[j], a[o + j]);
            else for (int j = 0; j < p; j++) y[o + j] = op.apply(a[o + j], b[j]);
          }
        }
      }
    });
  }

  /** Float variant of {@link #applyRepeat(BinaryOp, double[], double[], double[], int, int, boolean)}. */
  public static void applyRepeat(BinaryOp op, float[] a, float[] b, float[] y, int rows, int p, boolean bLeft) {
    Parallel.forRange(rows, (long) p * cost(op), THRESHOLD, (lo, hi) -> {
      for (int r = lo; r < hi; r++) {
        int o = r * p;
        switch (op) {
          case ADD -> { for (int j = 0; j < p; j++) y[o + j] = a[o + j] + b[j]; }
          case MUL -> { for (int j = 0; j < p; j++) y[o + j] = a[o + j] * b[j]; }
          case SUB -> {
            if (bLeft) for (int j = 0; j < p; j++) y[o + j] = b[j] - a[o + j];
            else for (int j = 0; j < p; j++) y[o + j] = a[o + j] - b[j];
          }
          default -> {
            if (bLeft) for (int j = 0; j < p; j++) y[o + j] = (float) op.apply(b[j], a[o + j]);
            else for (int j = 0; j < p; j++) y[o + j] = (float) op.apply(a[o + j], b[j]);
          }
        }
      }
    });
  }

  /**
   * y[r·q + j] = a[r·q + j] op b[r]: each b covers q consecutive elements (a leading-dimension
   * broadcast such as [B, C] · [B, 1]); with {@code bLeft}, y = b[r] op a[r·q + j]. Each run is the
   * scalar kernel on a same-index loop, so it vectorizes.
   */
  public static void applyRuns(BinaryOp op, double[] a, double[] b, double[] y, int runs, int q, boolean bLeft) {
    Parallel.forRange(runs, (long) q * cost(op), THRESHOLD, (lo, hi) -> {
      for (int r = lo; r < hi; r++) {
        if (bLeft) applyScalarLeft(op, b[r], a, y, r * q, r * q + q);
        else applyScalarRight(op, a, b[r], y, r * q, r * q + q);
      }
    });
  }

  /** Float variant of {@link #applyRuns(BinaryOp, double[], double[], double[], int, int, boolean)}. */
  public static void applyRuns(BinaryOp op, float[] a, float[] b, float[] y, int runs, int q, boolean bLeft) {
    Parallel.forRange(runs, (long) q * cost(op), THRESHOLD, (lo, hi) -> {
      for (int r = lo; r < hi; r++) {
        if (bLeft) applyScalarLeft(op, b[r], a, y, r * q, r * q + q);
        else applyScalarRight(op, a, b[r], y, r * q, r * q + q);
      }
    });
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
