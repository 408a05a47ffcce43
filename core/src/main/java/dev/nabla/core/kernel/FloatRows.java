package dev.nabla.core.kernel;

/**
 * FLOAT32's row primitives for the generated {@code FloatReduce} (hand-written: the generator keeps this file
 * instead of a twin of {@link DoubleRows}): exponentials by the float exp kernel ({@link FloatFunctions}),
 * the Vector API rows of {@link FloatMath} when it is on, sums accumulated in double.
 */
final class FloatRows {
  /** Vector row kernels when the Vector API is on; null otherwise. */
  private static final FloatMath FLOAT_MATH = FloatMath.VECTOR;

  private FloatRows() {}

  /**
   * The largest of x[o..o+len), as four interleaved running maxima (independent chains, so the
   * comparisons pipeline) combined in a fixed order. NaN is skipped here; callers propagate it
   * through x − max.
   */
  static float max(float[] x, int o, int len) {
    if (FLOAT_MATH != null) return FLOAT_MATH.max(x, o, len);
    float m0 = Float.NEGATIVE_INFINITY, m1 = m0, m2 = m0, m3 = m0;
    int i = 0;
    for (; i + 4 <= len; i += 4) {
      float a = x[o + i], b = x[o + i + 1], c = x[o + i + 2], d = x[o + i + 3];
      m0 = a > m0 ? a : m0;
      m1 = b > m1 ? b : m1;
      m2 = c > m2 ? c : m2;
      m3 = d > m3 ? d : m3;
    }
    for (; i < len; i++) m0 = x[o + i] > m0 ? x[o + i] : m0;
    m0 = m1 > m0 ? m1 : m0;
    m2 = m3 > m2 ? m3 : m2;
    return m2 > m0 ? m2 : m0;
  }

  /** Σ e^{x[o+i] − shift} over a row (the softmax denominator), in double. */
  static double sumExp(float[] x, int o, int len, float shift) {
    if (FLOAT_MATH != null) return FLOAT_MATH.sumExp(x, o, len, shift);
    double s = 0;
    for (int i = 0; i < len; i++) s += FloatFunctions.exp(x[o + i] - shift);
    return s;
  }

  /**
   * x[o+i] ← e^{x[o+i] − shift} over a row, returning their sum in double: {@link #sumExp}'s sum and the
   * exponentials {@link #expShiftScale} scales, bit for bit, with one exponential per element.
   */
  static double expShiftSum(float[] x, int o, int len, float shift) {
    if (FLOAT_MATH != null) return FLOAT_MATH.expShiftSum(x, o, len, shift);
    double s = 0;
    for (int i = 0; i < len; i++) {
      float e = FloatFunctions.exp(x[o + i] - shift);
      x[o + i] = e;
      s += e;
    }
    return s;
  }

  /** x[i] ← e^{x[i]} for lo ≤ i &lt; hi (the exp kernel, vectorized when the Vector API is on). */
  static void expInPlace(float[] x, int lo, int hi) {
    if (FLOAT_MATH != null && FLOAT_MATH.apply(UnaryOp.EXP, x, x, lo, hi)) return;
    for (int i = lo; i < hi; i++) x[i] = FloatFunctions.exp(x[i]);
  }

  /** y[o+i] = e^{x[o+i] − shift}·scale over a row. */
  static void expShiftScale(float[] x, int o, int len, float shift, float scale, float[] y) {
    if (FLOAT_MATH != null) {
      FLOAT_MATH.expShiftScale(x, o, len, shift, scale, y);
      return;
    }
    for (int i = 0; i < len; i++) y[o + i] = FloatFunctions.exp(x[o + i] - shift) * scale;
  }
}
