package dev.nabla.core.kernel;

/**
 * Elementwise binary kernels over dense arrays, in three forms: {@code y[i] = a[i] op b[i]},
 * {@code y[i] = a[i] op s} and {@code y[i] = s op b[i]}; plus the two common broadcasts, a repeating
 * operand ({@link #applyRepeat}) and one value per run ({@link #applyRuns}). Other broadcasts are
 * materialized by the caller. The loops are in {@link DoubleBinary} (and its generated FLOAT32 twin),
 * the same formula in every form, so all forms give the same bits. Example:
 * {@code Binary.applyScalarRight(BinaryOp.MUL, x, 0.5, y, x.length)} halves x into y.
 */
public final class Binary {
  private Binary() {}

  /** {@code y[i] = a[i] op b[i]} for {@code i < n}. */
  public static void apply(BinaryOp op, double[] a, double[] b, double[] y, int n) {
    DoubleBinary.apply(op, a, b, y, n);
  }

  /** FLOAT32 {@link #apply(BinaryOp, double[], double[], double[], int)}. */
  public static void apply(BinaryOp op, float[] a, float[] b, float[] y, int n) {
    FloatBinary.apply(op, a, b, y, n);
  }

  /** {@code y[i] = a[i] op s} for {@code i < n}. */
  public static void applyScalarRight(BinaryOp op, double[] a, double s, double[] y, int n) {
    DoubleBinary.applyScalar(op, a, s, false, y, n);
  }

  /** FLOAT32 {@link #applyScalarRight(BinaryOp, double[], double, double[], int)}. */
  public static void applyScalarRight(BinaryOp op, float[] a, float s, float[] y, int n) {
    FloatBinary.applyScalar(op, a, s, false, y, n);
  }

  /** {@code a op b} for one pair of values, with the bits of the loops above (for one-element operands). */
  public static double one(BinaryOp op, double a, double b) {
    return DoubleBinary.one(op, a, b);
  }

  /** FLOAT32 {@link #one(BinaryOp, double, double)}. */
  public static float one(BinaryOp op, float a, float b) {
    return FloatBinary.one(op, a, b);
  }

  /** {@code y[i] = s op b[i]} for {@code i < n}. */
  public static void applyScalarLeft(BinaryOp op, double s, double[] b, double[] y, int n) {
    DoubleBinary.applyScalar(op, b, s, true, y, n);
  }

  /** FLOAT32 {@link #applyScalarLeft(BinaryOp, double, double[], double[], int)}. */
  public static void applyScalarLeft(BinaryOp op, float s, float[] b, float[] y, int n) {
    FloatBinary.applyScalar(op, b, s, true, y, n);
  }

  /**
   * {@code y[r·p + j] = a[r·p + j] op b[j]}: b repeats every p elements (a trailing-dimension broadcast
   * such as [B, N] + [N]); with {@code bLeft}, {@code y = b[j] op a[r·p + j]}.
   */
  public static void applyRepeat(BinaryOp op, double[] a, double[] b, double[] y, int rows, int p, boolean bLeft) {
    DoubleBinary.applyRepeat(op, a, b, y, rows, p, bLeft);
  }

  /** FLOAT32 {@link #applyRepeat(BinaryOp, double[], double[], double[], int, int, boolean)}. */
  public static void applyRepeat(BinaryOp op, float[] a, float[] b, float[] y, int rows, int p, boolean bLeft) {
    FloatBinary.applyRepeat(op, a, b, y, rows, p, bLeft);
  }

  /**
   * {@code y[r·q + j] = a[r·q + j] op b[r]}: each b covers q consecutive elements (a leading-dimension
   * broadcast such as [B, C] · [B, 1]); with {@code bLeft}, {@code y = b[r] op a[r·q + j]}.
   */
  public static void applyRuns(BinaryOp op, double[] a, double[] b, double[] y, int runs, int q, boolean bLeft) {
    DoubleBinary.applyRuns(op, a, b, y, runs, q, bLeft);
  }

  /** FLOAT32 {@link #applyRuns(BinaryOp, double[], double[], double[], int, int, boolean)}. */
  public static void applyRuns(BinaryOp op, float[] a, float[] b, float[] y, int runs, int q, boolean bLeft) {
    FloatBinary.applyRuns(op, a, b, y, runs, q, bLeft);
  }

  /** {@code y[i] = m[i] != 0 ? a[i] : b[i]} for {@code i < n}. */
  public static void select(double[] m, double[] a, double[] b, double[] y, int n) {
    DoubleBinary.select(m, a, b, y, n);
  }

  /** FLOAT32 {@link #select(double[], double[], double[], double[], int)}. */
  public static void select(float[] m, float[] a, float[] b, float[] y, int n) {
    FloatBinary.select(m, a, b, y, n);
  }
}
