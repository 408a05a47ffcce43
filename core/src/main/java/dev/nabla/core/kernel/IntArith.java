package dev.nabla.core.kernel;

/**
 * The INT32 elementwise loops: the integer arithmetic PyTorch keeps in the integer dtype (add, sub, mul,
 * maximum, minimum; neg, abs, sign, square, relu; wrapping on overflow, two's complement) and the
 * comparisons (1 where true, else 0). Hand-written, not a twin: the floating kernels' ops (exp, div, ...)
 * have no integer meaning here, and callers ask {@link #supports} first. Operands are dense and of the
 * result's size (the caller broadcast them). Example: {@code apply(BinaryOp.MUL, {2, 3}, {4, 5}, y, 2)}
 * writes {@code {8, 15}}.
 */
public final class IntArith {
  private IntArith() {}

  /** True when {@code op} has an INT32 loop here. */
  public static boolean supports(UnaryOp op) {
    return switch (op) {
      case NEG, ABS, SIGN, SQUARE, RELU -> true;
      default -> false;
    };
  }

  /** True when {@code op} has an INT32 loop here. */
  public static boolean supports(BinaryOp op) {
    return switch (op) {
      case ADD, SUB, MUL, MAXIMUM, MINIMUM, EQ, NE, LT, LE, GT, GE -> true;
      default -> false;
    };
  }

  /** y[i] = op(x[i]) for i &lt; n; {@code op} must be {@linkplain #supports(UnaryOp) supported}. */
  public static void apply(UnaryOp op, int[] x, int[] y, int n) {
    switch (op) {
      case NEG -> { for (int i = 0; i < n; i++) y[i] = -x[i]; }
      case ABS -> { for (int i = 0; i < n; i++) y[i] = Math.abs(x[i]); }
      case SIGN -> { for (int i = 0; i < n; i++) y[i] = Integer.signum(x[i]); }
      case SQUARE -> { for (int i = 0; i < n; i++) y[i] = x[i] * x[i]; }
      case RELU -> { for (int i = 0; i < n; i++) y[i] = Math.max(x[i], 0); }
      default -> throw new IllegalArgumentException(op + " has no INT32 loop");
    }
  }

  /** y[i] = op(a[i], b[i]) for i &lt; n; {@code op} must be {@linkplain #supports(BinaryOp) supported}. */
  public static void apply(BinaryOp op, int[] a, int[] b, int[] y, int n) {
    switch (op) {
      case ADD -> { for (int i = 0; i < n; i++) y[i] = a[i] + b[i]; }
      case SUB -> { for (int i = 0; i < n; i++) y[i] = a[i] - b[i]; }
      case MUL -> { for (int i = 0; i < n; i++) y[i] = a[i] * b[i]; }
      case MAXIMUM -> { for (int i = 0; i < n; i++) y[i] = Math.max(a[i], b[i]); }
      case MINIMUM -> { for (int i = 0; i < n; i++) y[i] = Math.min(a[i], b[i]); }
      case EQ -> { for (int i = 0; i < n; i++) y[i] = a[i] == b[i] ? 1 : 0; }
      case NE -> { for (int i = 0; i < n; i++) y[i] = a[i] != b[i] ? 1 : 0; }
      case LT -> { for (int i = 0; i < n; i++) y[i] = a[i] < b[i] ? 1 : 0; }
      case LE -> { for (int i = 0; i < n; i++) y[i] = a[i] <= b[i] ? 1 : 0; }
      case GT -> { for (int i = 0; i < n; i++) y[i] = a[i] > b[i] ? 1 : 0; }
      case GE -> { for (int i = 0; i < n; i++) y[i] = a[i] >= b[i] ? 1 : 0; }
      default -> throw new IllegalArgumentException(op + " has no INT32 loop");
    }
  }

  /** y[i] = m[i] != 0 ? a[i] : b[i] for i &lt; n. */
  public static void select(int[] m, int[] a, int[] b, int[] y, int n) {
    for (int i = 0; i < n; i++) y[i] = m[i] != 0 ? a[i] : b[i];
  }
}
