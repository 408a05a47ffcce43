package dev.nabla.core.kernel;

/**
 * FLOAT64's row primitives for {@code DoubleReduce}: plain loops over {@code Math.exp}. FLOAT32 has its own,
 * hand-written {@link FloatRows} (the float exp kernel, Vector API rows), which the generator keeps instead
 * of a twin of this file.
 */
final class DoubleRows {
  private DoubleRows() {}

  /** The largest of x[o..o+len) (NaN if any is NaN). */
  static double max(double[] x, int o, int len) {
    double m = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < len; i++) m = Math.max(m, x[o + i]);
    return m;
  }

  /** Σ e^{x[o+i] − shift} over a row, in order. */
  static double sumExp(double[] x, int o, int len, double shift) {
    double s = 0;
    for (int i = 0; i < len; i++) s += Math.exp(x[o + i] - shift);
    return s;
  }

  /**
   * x[o+i] ← e^{x[o+i] − shift} over a row, returning their sum in order: {@link #sumExp}'s sum and the
   * exponentials {@link #expShiftScale} scales, with one exponential per element.
   */
  static double expShiftSum(double[] x, int o, int len, double shift) {
    double s = 0;
    for (int i = o; i < o + len; i++) {
      double e = Math.exp(x[i] - shift);
      x[i] = e;
      s += e;
    }
    return s;
  }

  /** x[i] ← e^{x[i]} for lo ≤ i &lt; hi. */
  static void expInPlace(double[] x, int lo, int hi) {
    for (int i = lo; i < hi; i++) x[i] = Math.exp(x[i]);
  }

  /** y[o+i] = e^{x[o+i] − shift}·scale over a row. */
  static void expShiftScale(double[] x, int o, int len, double shift, double scale, double[] y) {
    for (int i = o; i < o + len; i++) y[i] = Math.exp(x[i] - shift) * scale;
  }
}
