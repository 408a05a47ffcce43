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
   * erf x in double, to within 2 ulp (measured: see the ERF row of autodiff's OpRegistry, which compares it
   * to an independent double-double reference), with a fixed amount of work: W. J. Cody's rational
   * Chebyshev approximations (Math. Comp. 23 (1969) 631–637, the coefficients of his CALERF). For
   * |x| &lt; 0.5, erf x = x·P(x²)/Q(x²) (degree 4/4), evaluated as x + x·(P − Q)/Q; for 0.5 ≤ |x| &lt; 4,
   * 1 − erfc|x| with erfc x = e^(−x²)·P(x)/Q(x) (degree 8/8, its last steps compensated); for
   * 4 ≤ |x| &lt; 6, 1 − erfc|x| with erfc x = e^(−x²)/x·(1/√π − x⁻²·P(x⁻²)/Q(x⁻²)) (degree 5/5); from 6 on,
   * ±1 (erfc 6 ≈ 2e-17 is below half an ulp of 1). e^(−x²) is e^(−h)·(1 − l) with x² = h + l split
   * exactly (Dekker's product), so the rounding of x² (up to 16·2⁻⁵³ relative) does not reach erfc. Keeps
   * NaN, erf(±0) = ±0, erf(±∞) = ±1.
   * FLOAT32 has its own, {@link FloatFunctions#erf}.
   */
  static double erf(double x) {
    double a = Math.abs(x);
    if (a < 0.5) {
      double s = a * a;
      double d = (((ERF_AB[4] * s + ERF_AB[0]) * s + ERF_AB[1]) * s + ERF_AB[2]) * s + ERF_AB[3];
      double q = (((s + ERF_B[0]) * s + ERF_B[1]) * s + ERF_B[2]) * s + ERF_B[3];
      return x + x * (d / q); // = x·P/Q; the rounding errors shrink with (P − Q)/Q ≤ 0.13; keeps ±0
    }
    if (!(a < 6)) return Double.isNaN(x) ? x : Math.copySign(1.0, x);
    double erfc;
    if (a < 4) {
      double p = ERF_C[8] * a, q = a;
      for (int i = 0; i < 6; i++) {
        p = (p + ERF_C[i]) * a;
        q = (q + ERF_D[i]) * a;
      }
      // The last two Horner steps and the division carry their rounding errors (one ulp each for P and Q
      // otherwise, which near x = 0.5, where erfc x ≈ erf x, would make 3 ulp of erf).
      double pHi = ((p + ERF_C[6]) * a) + ERF_C[7], pLo = hornerTailError(p, ERF_C[6], ERF_C[7], a, pHi);
      double qHi = ((q + ERF_D[6]) * a) + ERF_D[7], qLo = hornerTailError(q, ERF_D[6], ERF_D[7], a, qHi);
      double r = pHi / qHi, rq = r * qHi, rqLo = twoProductError(r, qHi, rq);
      r += (((pHi - rq) - rqLo) + pLo - r * qLo) / qHi;
      erfc = expMinusSquare(a) * r;
    } else {
      double s = 1 / (a * a), p = ERF_P[5] * s, q = s;
      for (int i = 0; i < 4; i++) {
        p = (p + ERF_P[i]) * s;
        q = (q + ERF_Q[i]) * s;
      }
      double r = s * (p + ERF_P[4]) / (q + ERF_Q[4]);
      erfc = expMinusSquare(a) * ((ONE_OVER_SQRT_PI - r) / a);
    }
    return Math.copySign(1 - erfc, x);
  }

  /**
   * (v + c6)·a + c7 − t for t = that expression evaluated in double: the rounding errors of its add, multiply
   * and add (Knuth's two-sum, Dekker's product), to first order.
   */
  private static double hornerTailError(double v, double c6, double c7, double a, double t) {
    double s = v + c6, z = s - v, sLo = (v - (s - z)) + (c6 - z);
    double m = s * a, mLo = twoProductError(s, a, m) + sLo * a;
    double w = t - m, tLo = (m - (t - w)) + (c7 - w);
    return tLo + mLo;
  }

  /** x·y − p exactly, for p = x·y rounded (Dekker's product with Veltkamp's split; no FMA needed). */
  private static double twoProductError(double x, double y, double p) {
    double cx = 134217729.0 * x, xHi = cx - (cx - x), xLo = x - xHi;
    double cy = 134217729.0 * y, yHi = cy - (cy - y), yLo = y - yHi;
    return ((xHi * yHi - p) + xHi * yLo + xLo * yHi) + xLo * yLo;
  }

  /** e^(−a²): a² = h + l exactly (Dekker's product), then e^(−h)·(1 − l) = e^(−h) − e^(−h)·l. */
  private static double expMinusSquare(double a) {
    double h = a * a, l = twoProductError(a, a, h), e = Math.exp(-h);
    return e - e * l;
  }

  private static final double ONE_OVER_SQRT_PI = 0.56418958354775628695;

  /**
   * Cody's erf x = x·P/Q in x² for |x| &lt; 0.5: Q's coefficients (Q is monic, its leading 1 left out). His
   * P's are A = {3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02,
   * 3.20937758913846947e03, 1.85777706184603153e-1 (the leading one, last)}; the code uses P − Q, ERF_AB.
   */
  private static final double[] ERF_B = {
    2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03, 2.84423683343917062e03};
  /** A − ERF_B (and A[4] − 1), the published decimals subtracted exactly, then rounded to double. */
  private static final double[] ERF_AB = {
    -20.440167208473554, -130.16048378339403, -905.1312883920702, 365.14075569929884, -0.8142222938153968};
  /** Cody's erfc x = e^(−x²)·P/Q in x for 0.5 ≤ x &lt; 4. */
  private static final double[] ERF_C = {
    5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01, 2.98635138197400131e02,
    8.81952221241769090e02, 1.71204761263407058e03, 2.05107837782607147e03, 1.23033935479799725e03,
    2.15311535474403846e-8};
  private static final double[] ERF_D = {
    1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02, 1.62138957456669019e03,
    3.29079923573345963e03, 4.36261909014324716e03, 3.43936767414372164e03, 1.23033935480374942e03};
  /** Cody's erfc x = e^(−x²)/x·(1/√π − x⁻²·P/Q in x⁻²) for x ≥ 4. */
  private static final double[] ERF_P = {
    3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1, 1.60837851487422766e-2,
    6.58749161529837803e-4, 1.63153871373020978e-2};
  private static final double[] ERF_Q = {
    2.56852019228982242e00, 1.87295284992346725e00, 5.27905102951428412e-1, 6.05183413124413191e-2,
    2.33520497626869185e-3};

  static float erf(float x) {
    return FloatFunctions.erf(x);
  }

  /** The work per element of op on FLOAT64, against the threading threshold: op's cost (no vector loops). */
  static long cost(UnaryOp op, double[] x) {
    return op.cost;
  }

  /**
   * The work per element of op on FLOAT32: {@link #VECTOR_COST} where the Vector API has its loop (about
   * 0.4 ns per element for exp, so 10k elements are a few µs, less than handing half to another thread is
   * worth on a shared machine; erf's, {@link #ERF_VECTOR_COST}, is four times that), else op's cost.
   */
  static long cost(UnaryOp op, float[] x) {
    if (FLOAT_MATH == null || !FLOAT_MATH.handles(op)) return op.cost;
    return op == UnaryOp.ERF ? ERF_VECTOR_COST : VECTOR_COST;
  }

  /** The FLOAT32 erf's Vector API loop: e^(−x²), two polynomials and three passes, about 0.9 ns per element. */
  static final long ERF_VECTOR_COST = 8;

  /** The cost per element of a Vector API loop of a transcendental function: a couple of adds. */
  static final long VECTOR_COST = 2;

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
