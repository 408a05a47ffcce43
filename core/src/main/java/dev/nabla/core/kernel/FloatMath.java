package dev.nabla.core.kernel;

/**
 * Vectorized FLOAT32 kernels, when the Vector API is available: transcendental functions, the row add of indexAdd, and the
 * row pieces of softmax and cross-entropy (max, Σ e^{x−m}, e^{x−m}·scale) that read a row in place.
 */
interface FloatMath {
  /** The Vector API implementation, or null when SIMD is off (plain loops run instead). */
  FloatMath VECTOR = Simd.load("dev.nabla.core.kernel.VectorFloatMath", FloatMath.class);

  /** Whether {@link #apply} has a loop for op. */
  boolean handles(UnaryOp op);

  /** Computes {@code y[i] = op(x[i])} for {@code lo <= i < hi}; false if this op is not handled here. */
  boolean apply(UnaryOp op, float[] x, float[] y, int lo, int hi);

  /** y[i] = x[i] &lt;= 0 ? 0 : g[i] for lo &lt;= i &lt; hi: the relu backward. */
  void reluBackward(float[] g, float[] x, float[] y, int lo, int hi);

  /** y[yo+j] += x[xo+j] for j &lt; n, one float addition per element (the plain loop's bits). */
  void addRow(float[] x, int xo, float[] y, int yo, int n);

  /** The largest of x[o..o+n) (NaN if any is NaN). */
  float max(float[] x, int o, int n);

  /** Σ e^{x[o+i] − shift} over i &lt; n, in float lanes summed in a fixed order. */
  double sumExp(float[] x, int o, int n, float shift);

  /**
   * x[o+i] ← e^{x[o+i] − shift} for i &lt; n, returning their sum: the values {@link #expShiftScale} multiplies and
   * the sum {@link #sumExp} returns, bit for bit, with one exponential per element instead of two.
   */
  double expShiftSum(float[] x, int o, int n, float shift);

  /** y[o+i] = e^{x[o+i] − shift}·scale for i &lt; n. */
  void expShiftScale(float[] x, int o, int n, float shift, float scale, float[] y);
}
