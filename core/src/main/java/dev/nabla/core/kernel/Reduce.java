package dev.nabla.core.kernel;

/**
 * Row-wise reductions over a dense {@code [rows, len]} array: each row is reduced on its own, in
 * index order, accumulating in double. Rows split across threads on fixed boundaries, so a result
 * is the same bits on every run and every thread count. One source for both dtypes:
 * {@code DoubleReduce} (FLOAT32 twin generated), over the per-dtype row primitives {@code DoubleRows}
 * and {@code FloatRows}.
 */
public final class Reduce {
  /** What a row reduces to. */
  public enum Kind { SUM, MAX, MIN, ARGMAX, ARGMIN, LOG_SUM_EXP }

  private Reduce() {}

  public static void rows(Kind kind, double[] x, double[] y, int rows, int len) {
    DoubleReduce.rows(kind, x, y, rows, len);
  }

  public static void rows(Kind kind, float[] x, float[] y, int rows, int len) {
    FloatReduce.rows(kind, x, y, rows, len);
  }

  /**
   * Reduces the middle axis of a dense {@code [outer, len, inner]} array without moving it: for
   * each (o, j), y[o·inner + j] = reduce over r of x[(o·len + r)·inner + j], in order of r,
   * accumulating in double. For SUM, MAX and MIN (e.g. the bias gradient, a sum over the batch).
   * Example: x = [[1, 2], [3, 4]] as {@code [1, 2, 2]} with SUM gives y = [4, 6].
   */
  public static void middleAxis(Kind kind, double[] x, double[] y, int outer, int len, int inner) {
    DoubleReduce.middleAxis(kind, x, y, outer, len, inner);
  }

  /** Float variant of {@link #middleAxis(Kind, double[], double[], int, int, int)}. */
  public static void middleAxis(Kind kind, float[] x, float[] y, int outer, int len, int inner) {
    FloatReduce.middleAxis(kind, x, y, outer, len, inner);
  }

  /**
   * Softmax cross-entropy per row of dense logits {@code [rows, len]}:
   * loss[r] = log Σⱼ e^{x[r,j]} − x[r, label[r]], shifted by the row maximum (stable). With
   * {@code grad} non-null, writes ∂ = (softmax(x[r]) − onehot(label[r]))·g[r] instead (the fused
   * backward), as e^{x − max}·(g[r] / Σ e^{x − max}); given the rows' log Σ e^x in {@code lse} that is
   * a single pass, e^{x − lse}·g. FLOAT32 exponentials use the float exp kernel; sums accumulate in double.
   */
  public static void crossEntropyRows(float[] x, int[] label, float[] loss, float[] g, float[] lse, float[] grad,
      int rows, int len) {
    FloatReduce.crossEntropyRows(x, label, loss, g, lse, grad, rows, len);
  }

  /** Double variant of {@link #crossEntropyRows(float[], int[], float[], float[], float[], float[], int, int)}. */
  public static void crossEntropyRows(double[] x, int[] label, double[] loss, double[] g, double[] lse,
      double[] grad, int rows, int len) {
    DoubleReduce.crossEntropyRows(x, label, loss, g, lse, grad, rows, len);
  }

  /**
   * Row-wise softmax (or log-softmax) of a dense {@code [rows, len]} array, shifted by the row
   * maximum so logits of ±1000 do not overflow. A row of all -inf gives NaN, as in PyTorch.
   */
  public static void softmaxRows(boolean log, double[] x, double[] y, int rows, int len) {
    DoubleReduce.softmaxRows(log, x, y, rows, len);
  }

  /**
   * Float variant of {@link #softmaxRows(boolean, double[], double[], int, int)}: the exponentials
   * use the FLOAT32 exp kernel (see {@code FloatFunctions}), the row sums accumulate in double.
   */
  public static void softmaxRows(boolean log, float[] x, float[] y, int rows, int len) {
    FloatReduce.softmaxRows(log, x, y, rows, len);
  }
}
