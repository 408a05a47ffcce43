package dev.nabla.core.kernel;

/**
 * FLOAT32 exp, tanh, sigmoid and erf from IEEE arithmetic alone (fma, add, multiply, bit moves), so a
 * result is the same bits wherever it is computed: here for scalars and the plain-loop kernels,
 * and operation for operation the same in {@code VectorFloatMath} for the Vector API kernels.
 * {@code Math.exp} and {@code Math.tanh} cost 15–50 ns per element on JDK 17; these cost a few.
 *
 * <p>exp: Cody–Waite reduction x = k·ln2 + r, |r| ≤ ln2/2, a degree-6 polynomial for e^r (the
 * Cephes expf coefficients) and 2^k applied as two exact power-of-two factors, so subnormal
 * results are rounded once. Error ≤ 2 ulp (tests measure it against {@code Math.exp}).
 * tanh: for |x| &lt; 0.625 the odd polynomial x + x³·P(x²) (Cephes tanhf), else
 * sign(x)·(1 − 2/(e^{2|x|} + 1)); error ≤ 3 ulp. sigmoid: with e = e^{−|x|}, 1/(1 + e) for
 * x ≥ 0 and e/(1 + e) below, so tiny results keep their precision; error ≤ 3 ulp.
 *
 * <p>erf: for |x| &lt; 0.875, x + x·Q(x²) (Q of degree 6, Q(0) = 2/√π − 1); from 0.875 up to {@link #ERF_ONE},
 * 1 − e^(−x²)·R(|x|) with R(a) ≈ erfc(a)·e^(a²) of degree 9 in a, e^(−x²) = e^(−h)·(1 − l) for x² = h + l
 * split exactly with an fma (h's rounding would otherwise cost up to 2⁻²¹ of e^(−x²), 8 ulp); ±1 from ERF_ONE on.
 * Error ≤ 2 ulp (tests measure it against the double {@code DTypeMath.erf}).
 */
final class FloatFunctions {
  static final float LOG2E = 1.44269504088896341f, MAGIC = 12582912f; // 1.5·2^23: adding it rounds to an integer
  static final float LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
  static final float E0 = 1.9875691500e-4f, E1 = 1.3981999507e-3f, E2 = 8.3334519073e-3f, E3 = 4.1665795894e-2f,
      E4 = 1.6666665459e-1f, E5 = 5.0000001201e-1f;
  /** exp overflows above ln(Float.MAX_VALUE) and is below half the smallest subnormal under ln(2^-150). */
  static final float EXP_MAX = 88.72283935546875f, EXP_MIN = -103.97207708f;
  static final int MAGIC_BITS = 0x4B400000;
  static final float T0 = -5.70498872745e-3f, T1 = 2.06390887954e-2f, T2 = -5.37397155531e-2f,
      T3 = 1.33314422036e-1f, T4 = -3.33332819422e-1f, TANH_SMALL = 0.625f;
  /**
   * erf's coefficients, fitted for this code (numpy + mpmath at 40 digits, then rounded to float and the whole
   * function re-measured in FloatFunctionsTest): weighted minimax by Lawson's iteratively reweighted least
   * squares on 3000 Chebyshev nodes, the weight making the error relative to erf itself. ERF_Q: Q(z) ≈
   * erf(√z)/√z − 1 on z ∈ [0, 0.875²] (fit error 2e-10 of erf); ERF_R: R(a) ≈ erfc(a)·e^(a²) on a ∈ [0.875,
   * ERF_ONE], weighted by e^(−a²)/erf(a) (fit error 1.2e-9 of erf). Lowest degree first.
   */
  static final float ERF_Q0 = 0.12837917f, ERF_Q1 = -0.37612635f, ERF_Q2 = 0.11283733f, ERF_Q3 = -0.026861584f,
      ERF_Q4 = 0.0052067474f, ERF_Q5 = -0.0008211103f, ERF_Q6 = 8.67539e-05f;
  static final float ERF_R0 = 0.9971677f, ERF_R1 = -1.1076669f, ERF_R2 = 0.9315774f, ERF_R3 = -0.6164668f,
      ERF_R4 = 0.31785867f, ERF_R5 = -0.12380476f, ERF_R6 = 0.034814827f, ERF_R7 = -0.0066116387f,
      ERF_R8 = 0.0007539197f, ERF_R9 = -3.8793136e-05f;
  /** erf's branch point, and the smallest float whose erf rounds to 1 (erfc of it is just below 2⁻²⁵). */
  static final float ERF_SMALL = 0.875f, ERF_ONE = 3.9192059f;

  private FloatFunctions() {}

  static float exp(float x) {
    if (x != x) return x;
    if (x >= EXP_MAX) return Float.POSITIVE_INFINITY;
    if (x < EXP_MIN) return 0f;
    float t = Math.fma(x, LOG2E, MAGIC);
    float k = t - MAGIC;
    float r = Math.fma(k, -LN2_HI, x);
    r = Math.fma(k, -LN2_LO, r);
    float p = Math.fma(E0, r, E1);
    p = Math.fma(p, r, E2);
    p = Math.fma(p, r, E3);
    p = Math.fma(p, r, E4);
    p = Math.fma(p, r, E5);
    p = Math.fma(p, r * r, r) + 1f;
    int ki = Float.floatToRawIntBits(t) - MAGIC_BITS, half = ki >> 1;
    return p * Float.intBitsToFloat((half + 127) << 23) * Float.intBitsToFloat((ki - half + 127) << 23);
  }

  static float tanh(float x) {
    float a = Math.abs(x), y;
    if (a < TANH_SMALL) {
      float z = x * x;
      float p = Math.fma(T0, z, T1);
      p = Math.fma(p, z, T2);
      p = Math.fma(p, z, T3);
      p = Math.fma(p, z, T4);
      y = Math.fma(x * z, p, x);
    } else {
      y = 1f - 2f / (exp(a + a) + 1f);
    }
    return Math.copySign(y, x); // tanh is odd: the sign of x, also for ±0
  }

  static float erf(float x) {
    float a = Math.abs(x);
    if (a < ERF_SMALL) {
      float z = x * x;
      float q = Math.fma(ERF_Q6, z, ERF_Q5);
      q = Math.fma(q, z, ERF_Q4);
      q = Math.fma(q, z, ERF_Q3);
      q = Math.fma(q, z, ERF_Q2);
      q = Math.fma(q, z, ERF_Q1);
      q = Math.fma(q, z, ERF_Q0);
      return Math.fma(x, q, x); // x·(1 + Q): keeps ±0 and the sign
    }
    if (!(a < ERF_ONE)) return x != x ? x : Math.copySign(1f, x);
    float h = a * a, l = Math.fma(a, a, -h), e = exp(-h);
    float em = Math.fma(-e, l, e); // e^(−h−l) to within l² ≤ 2⁻⁴²
    float r = Math.fma(ERF_R9, a, ERF_R8);
    r = Math.fma(r, a, ERF_R7);
    r = Math.fma(r, a, ERF_R6);
    r = Math.fma(r, a, ERF_R5);
    r = Math.fma(r, a, ERF_R4);
    r = Math.fma(r, a, ERF_R3);
    r = Math.fma(r, a, ERF_R2);
    r = Math.fma(r, a, ERF_R1);
    r = Math.fma(r, a, ERF_R0);
    return Math.copySign(Math.fma(-em, r, 1f), x);
  }

  static float sigmoid(float x) {
    float e = exp(-Math.abs(x)), s = 1f / (1f + e); // e ≤ 1: never overflows
    return x >= 0 ? s : e * s;
  }
}
