package dev.nabla.core.kernel;

/**
 * The places where the pointwise kernels of the dtypes differ, as overloads picked by the argument type.
 * A kernel's one source ({@link DoubleUnary}, {@link DoubleBinary}; the build writes their FLOAT32 twins)
 * calls {@code DTypeMath.exp(x[i])}: for a {@code double} that is {@code Math.exp}, for a {@code float}
 * {@link FloatFunctions#exp}. The Vector API hooks are overloads too: always false for FLOAT64.
 */
final class DTypeMath {
  /** The Vector API FLOAT32 kernels, or null when SIMD is off (plain loops run instead). */
  static final FloatMath FLOAT_MATH = FloatMath.VECTOR;

  private DTypeMath() {}

  static double exp(double x) {
    return Math.exp(x);
  }

  static float exp(float x) {
    return FloatFunctions.exp(x);
  }

  static double tanh(double x) {
    return Math.tanh(x);
  }

  static float tanh(float x) {
    return FloatFunctions.tanh(x);
  }

  /** 1/(1 + e^−x), evaluated without overflow for large |x|. */
  static double sigmoid(double x) {
    if (x >= 0) return 1.0 / (1.0 + Math.exp(-x));
    double e = Math.exp(x);
    return e / (1.0 + e);
  }

  static float sigmoid(float x) {
    return FloatFunctions.sigmoid(x);
  }

  /** ln(1 + e^x) = max(x, 0) + ln(1 + e^−|x|), stable for any x. No float overload: FLOAT32 rounds this. */
  static double softplus(double x) {
    return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
  }

  /** x·σ(x), with σ evaluated without overflow. No float overload: FLOAT32 rounds this (so it keeps its subnormals). */
  static double silu(double x) {
    return x * sigmoid(x);
  }

  /**
   * erf x in double, to within 16 ulp (measured: 13 near x = 2.3 against the double-double reference in
   * autodiff's OpRegistry; the rounding of the series' terms dominates). For |x| &lt; 2.5 the series
   * erf x = 2/√π·e^(−x²)·Σₙ 2ⁿx^(2n+1)/(1·3·…·(2n+1)), whose terms are all positive (no cancellation);
   * for 2.5 ≤ |x| &lt; 6, 1 − erfc x with erfc x = e^(−x²)/√π · 1/(x + ½/(x + 1/(x + (3/2)/(x + …)))), the
   * continued fraction evaluated bottom-up from 120 terms; beyond 6, ±1 (erfc 6 ≈ 2e-17 is below half an
   * ulp of 1). No float overload: FLOAT32 rounds this.
   */
  static double erf(double x) {
    if (Double.isNaN(x)) return x;
    double a = Math.abs(x), r;
    if (a < 2.5) {
      double x2 = a * a, term = a, sum = a;
      for (int n = 1; n < 200 && term > sum * 1e-17; n++) {
        term *= 2 * x2 / (2 * n + 1);
        sum += term;
      }
      r = 2 / Math.sqrt(Math.PI) * Math.exp(-x2) * sum;
    } else if (a < 6) {
      double t = a;
      for (int k = 120; k >= 1; k--) t = a + (k / 2.0) / t;
      r = 1 - Math.exp(-a * a) / Math.sqrt(Math.PI) / t;
    } else {
      r = 1;
    }
    return Math.copySign(r, x);
  }

  /** Runs {@code y[i] = op(x[i])} on the Vector API if it has a loop for op; false otherwise (always, here). */
  static boolean vector(UnaryOp op, double[] x, double[] y, int lo, int hi) {
    return false;
  }

  static boolean vector(UnaryOp op, float[] x, float[] y, int lo, int hi) {
    return FLOAT_MATH != null && FLOAT_MATH.apply(op, x, y, lo, hi);
  }

  /** Runs the relu backward ({@link BinaryOp#RELU_GRAD}) on the Vector API; false when it cannot (always, here). */
  static boolean vectorReluGrad(double[] g, double[] x, double[] y, int lo, int hi) {
    return false;
  }

  static boolean vectorReluGrad(float[] g, float[] x, float[] y, int lo, int hi) {
    if (FLOAT_MATH == null) return false;
    FLOAT_MATH.reluBackward(g, x, y, lo, hi);
    return true;
  }
}
