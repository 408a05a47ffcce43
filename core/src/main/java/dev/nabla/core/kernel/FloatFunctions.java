package dev.nabla.core.kernel;

/**
 * FLOAT32 exp, tanh and sigmoid from IEEE arithmetic alone (fma, add, multiply, bit moves), so a
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

  static float sigmoid(float x) {
    float e = exp(-Math.abs(x)), s = 1f / (1f + e); // e ≤ 1: never overflows
    return x >= 0 ? s : e * s;
  }
}
