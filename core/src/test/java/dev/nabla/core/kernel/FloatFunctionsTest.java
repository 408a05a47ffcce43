package dev.nabla.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** The documented error bounds of the FLOAT32 exp/tanh/sigmoid/erf, and bit-identity of their kernels. */
class FloatFunctionsTest {
  private static float[] inputs() {
    SplittableRandom r = new SplittableRandom(11);
    float[] x = new float[200_003];
    for (int i = 0; i < x.length; i++) {
      double u = r.nextDouble();
      x[i] = (float) (i % 3 == 0 ? (u - 0.5) * 220 : i % 3 == 1 ? (u - 0.5) * 20 : (u - 0.5) * 2);
    }
    float[] edges = {0f, -0f, 1e-30f, -1e-30f, 0.625f, -0.625f, 0.62499994f, 88.72283f, 88.7229f, -87.33655f,
        -103.9f, -104f, -150f, 150f, Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE};
    System.arraycopy(edges, 0, x, 0, edges.length);
    return x;
  }

  /** Error in units of the float ulp of the exact (double) value; 0 when both are equal or both infinite. */
  private static double ulps(float got, double exact) {
    if (got == exact || Double.isNaN(exact) && Float.isNaN(got)) return 0;
    float nearest = (float) exact;
    if (Float.isInfinite(nearest)) return Float.isInfinite(got) && (got > 0) == (nearest > 0) ? 0 : Double.POSITIVE_INFINITY;
    double ulp = Math.ulp(nearest == 0 ? Float.MIN_VALUE : nearest);
    return Math.abs(got - exact) / Math.max(ulp, Float.MIN_VALUE);
  }

  private static void within(String name, float[] x, java.util.function.IntFunction<Float> f, DoubleUnaryOperator exact,
      double bound) {
    double worst = 0;
    float at = 0;
    for (int i = 0; i < x.length; i++) {
      double e = ulps(f.apply(i), exact.applyAsDouble(x[i]));
      if (e > worst) {
        worst = e;
        at = x[i];
      }
    }
    System.out.println("FloatFunctionsTest " + name + ": max " + worst + " ulp at x = " + at);
    assertTrue(worst <= bound, name + ": " + worst + " ulp at x = " + at);
  }

  @Test
  void expIsWithinTwoUlp() {
    float[] x = inputs();
    within("exp", x, i -> FloatFunctions.exp(x[i]), Math::exp, 2);
    assertEquals(Float.POSITIVE_INFINITY, FloatFunctions.exp(89f));
    assertEquals(0f, FloatFunctions.exp(-105f));
    assertTrue(Float.isNaN(FloatFunctions.exp(Float.NaN)));
    assertTrue(FloatFunctions.exp(-100f) > 0, "subnormal results are kept");
  }

  @Test
  void tanhAndSigmoidAreWithinThreeUlp() {
    float[] x = inputs();
    within("tanh", x, i -> FloatFunctions.tanh(x[i]), Math::tanh, 3);
    within("sigmoid", x, i -> FloatFunctions.sigmoid(x[i]), v -> 1 / (1 + Math.exp(-v)), 3);
    assertEquals(-0f, FloatFunctions.tanh(-0f));
    assertEquals(1f, FloatFunctions.tanh(1e6f));
    assertEquals(0f, FloatFunctions.sigmoid(-1e6f));
  }

  /**
   * Every 61st float of [−5, 5] (about 35 million, from 0 to past ERF_ONE), the subnormals' ends, the branch
   * points ± 1 ulp: within 2 ulp of the double erf (itself within 2 ulp of a double), the kernel (Vector API or
   * plain) bit for bit the scalar definition, at odd offsets and lengths.
   */
  @Test
  void erfIsWithinTwoUlpOnADenseSweep() {
    int top = Float.floatToIntBits(5f), n = top / 61 + 1;
    float[] edges = erfEdges(), x = new float[2 * n + edges.length];
    for (int i = 0; i < n; i++) {
      x[2 * i] = Float.intBitsToFloat(i * 61);
      x[2 * i + 1] = -x[2 * i];
    }
    System.arraycopy(edges, 0, x, 2 * n, edges.length);
    within("erf", x, i -> FloatFunctions.erf(x[i]), DTypeMath::erf, 2);
    float[] y = new float[x.length];
    for (int lo : new int[] {0, 3, 17}) {
      int len = x.length - lo - 2 * lo; // odd and even lengths, not a multiple of the vector width
      java.util.Arrays.fill(y, Float.NaN);
      Unary.apply(UnaryOp.ERF, java.util.Arrays.copyOfRange(x, lo, lo + len), y, len);
      for (int i = 0; i < len; i++)
        if (Float.floatToRawIntBits(y[i]) != Float.floatToRawIntBits(FloatFunctions.erf(x[lo + i])))
          assertEquals(FloatFunctions.erf(x[lo + i]), y[i], "erf kernel at x = " + x[lo + i]);
    }
    assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(FloatFunctions.erf(-0f)));
    assertEquals(Float.floatToIntBits(0f), Float.floatToIntBits(FloatFunctions.erf(0f)));
    assertEquals(1f, FloatFunctions.erf(Float.POSITIVE_INFINITY));
    assertEquals(-1f, FloatFunctions.erf(Float.NEGATIVE_INFINITY));
    assertEquals(1f, FloatFunctions.erf(FloatFunctions.ERF_ONE));
    float one = FloatFunctions.ERF_ONE; // the first float whose erf rounds to 1
    assertTrue((float) DTypeMath.erf((double) Math.nextDown(one)) < 1f && (float) DTypeMath.erf((double) one) == 1f, "ERF_ONE");
    assertTrue(Float.isNaN(FloatFunctions.erf(Float.NaN)));
  }

  private static float[] erfEdges() {
    java.util.List<Float> e = new java.util.ArrayList<>(java.util.List.of(0f, -0f, Float.MIN_VALUE, 2 * Float.MIN_VALUE,
        Float.MIN_NORMAL, Math.nextDown(Float.MIN_NORMAL), 1e-20f, 6f, 10f, 1e30f, Float.MAX_VALUE, Float.NaN,
        Float.POSITIVE_INFINITY));
    for (float b : new float[] {FloatFunctions.ERF_SMALL, FloatFunctions.ERF_ONE})
      for (int d = -3; d <= 3; d++) e.add(Float.intBitsToFloat(Float.floatToIntBits(b) + d));
    float[] x = new float[2 * e.size()];
    for (int i = 0; i < e.size(); i++) {
      x[2 * i] = e.get(i);
      x[2 * i + 1] = -e.get(i);
    }
    return x;
  }

  /** The kernel (Vector API or plain loops) gives exactly the scalar definitions' bits, at any offset. */
  @Test
  void kernelsMatchTheScalarDefinitionsBitForBit() {
    float[] x = inputs(), y = new float[x.length];
    for (UnaryOp op : new UnaryOp[] {UnaryOp.EXP, UnaryOp.TANH, UnaryOp.SIGMOID, UnaryOp.ERF}) {
      for (int lo : new int[] {0, 1, 5, 13}) {
        java.util.Arrays.fill(y, Float.NaN);
        Unary.apply(op, java.util.Arrays.copyOfRange(x, lo, x.length), y, x.length - lo);
        for (int i = lo; i < x.length; i++) {
          float want = op == UnaryOp.EXP ? FloatFunctions.exp(x[i]) : op == UnaryOp.TANH ? FloatFunctions.tanh(x[i])
              : op == UnaryOp.ERF ? FloatFunctions.erf(x[i]) : FloatFunctions.sigmoid(x[i]);
          assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(y[i - lo]), op + " at x = " + x[i]);
        }
      }
    }
  }
  /**
   * The softmax / cross-entropy row pieces on every row length 1..70 and 999..1001 (tails of every size, vector or
   * scalar), rows starting off an array's start: e^{x − shift}·scale has the scalar definition's bits in every
   * element (a separate output and in place), and Σ e^{x − shift} agrees with a float64 sum of the same float
   * exponentials. The tail elements are the row's maxima (terms of 1), so a tail element lost, doubled or
   * misplaced moves the sum far beyond the tolerance.
   */
  @Test
  void rowPiecesOfSoftmaxMatchTheScalarDefinitions() {
    SplittableRandom r = new SplittableRandom(12);
    int[] lengths = new int[73];
    for (int k = 0; k < 70; k++) lengths[k] = k + 1;
    lengths[70] = 999;
    lengths[71] = 1000;
    lengths[72] = 1001;
    for (int n : lengths) {
      for (int o : new int[] {0, 3, 16}) {
        float[] x = new float[o + n + 5];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextDouble(-30, 10);
        for (int i = o + n - Math.min(n, 15); i < o + n; i++) x[i] = 10f; // the tail (of any vector width up to 16)
        if (n > 15) x[o + r.nextInt(n - 15)] = -200f; // an exponential that underflows to 0
        float shift = FloatRows.max(x, o, n), scale = 0.37f;
        assertEquals(10f, shift, "max, n = " + n);
        float[] y = new float[x.length], inPlace = x.clone();
        FloatRows.expShiftScale(x, o, n, shift, scale, y);
        FloatRows.expShiftScale(inPlace, o, n, shift, scale, inPlace);
        double sum = 0;
        for (int i = o; i < o + n; i++) {
          float e = FloatFunctions.exp(x[i] - shift);
          sum += e;
          assertEquals(Float.floatToIntBits(e * scale), Float.floatToIntBits(y[i]), "e^(x - m)*s, n = " + n + " at " + i);
          assertEquals(Float.floatToIntBits(e * scale), Float.floatToIntBits(inPlace[i]), "in place, n = " + n + " at " + i);
        }
        for (int i = 0; i < x.length; i++)
          if (i < o || i >= o + n) {
            assertEquals(0f, y[i], "written outside the row, n = " + n + " at " + i);
            assertEquals(x[i], inPlace[i], "written outside the row in place, n = " + n + " at " + i);
          }
        assertEquals(sum, FloatRows.sumExp(x, o, n, shift), 1e-6 * sum, "sum of e^(x - m), n = " + n);
        float[] stored = x.clone(); // the one-pass piece: sumExp's sum and the exponentials, bit for bit
        double oneSum = FloatRows.expShiftSum(stored, o, n, shift);
        assertEquals(Double.doubleToLongBits(FloatRows.sumExp(x, o, n, shift)), Double.doubleToLongBits(oneSum),
            "expShiftSum's sum, n = " + n);
        for (int i = 0; i < x.length; i++) {
          float want = i < o || i >= o + n ? x[i] : FloatFunctions.exp(x[i] - shift);
          assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(stored[i]), "expShiftSum, n = " + n + " at " + i);
        }
      }
    }
  }
}
