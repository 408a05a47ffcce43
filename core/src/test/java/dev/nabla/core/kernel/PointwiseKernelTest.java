package dev.nabla.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleBinaryOperator;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * Every {@link BinaryOp} kernel, FLOAT64 and FLOAT32, in every form, against its reference row here, on
 * random data and edge values (±0, ±∞, NaN, subnormals, large |x|). A new binary op fails
 * {@link #everyBinaryOpHasAReferenceRow} until it has its row. The {@link UnaryOp} kernels are checked
 * against the references in their op registry rows, by autodiff's {@code PointwiseReferenceTest}; here
 * only that their Vector API loops give the plain loops' bits. The test runs once with the Vector API on
 * and once with {@code -Dnabla.simd=false} (core/pom.xml).
 */
class PointwiseKernelTest {
  /**
   * A reference in double; {@code f32}, when not null, is the FLOAT32 definition where it is computed in
   * float arithmetic (so it differs from rounding {@code f}). Binary kernels must match to the bit.
   */
  record BinaryRow(DoubleBinaryOperator f, DoubleBinaryOperator f32) {}

  static final Map<BinaryOp, BinaryRow> BINARY = new EnumMap<>(Map.ofEntries(
      Map.entry(BinaryOp.ADD, new BinaryRow((a, b) -> a + b, null)),
      Map.entry(BinaryOp.SUB, new BinaryRow((a, b) -> a - b, null)),
      Map.entry(BinaryOp.MUL, new BinaryRow((a, b) -> a * b, null)),
      Map.entry(BinaryOp.DIV, new BinaryRow((a, b) -> a / b, null)),
      Map.entry(BinaryOp.POW, new BinaryRow(Math::pow, null)),
      Map.entry(BinaryOp.MAXIMUM, new BinaryRow((a, b) -> Double.isNaN(a) || Double.isNaN(b) ? Double.NaN
          : a > b ? a : a < b ? b : 1 / a > 0 ? a : b, null)), // a tie of zeros: +0
      Map.entry(BinaryOp.MINIMUM, new BinaryRow((a, b) -> Double.isNaN(a) || Double.isNaN(b) ? Double.NaN
          : a < b ? a : a > b ? b : 1 / a < 0 ? a : b, null)), // a tie of zeros: -0
      Map.entry(BinaryOp.EQ, new BinaryRow((a, b) -> a == b ? 1 : 0, null)),
      Map.entry(BinaryOp.NE, new BinaryRow((a, b) -> a != b ? 1 : 0, null)),
      Map.entry(BinaryOp.LT, new BinaryRow((a, b) -> a < b ? 1 : 0, null)),
      Map.entry(BinaryOp.LE, new BinaryRow((a, b) -> a <= b ? 1 : 0, null)),
      Map.entry(BinaryOp.GT, new BinaryRow((a, b) -> a > b ? 1 : 0, null)),
      Map.entry(BinaryOp.GE, new BinaryRow((a, b) -> a >= b ? 1 : 0, null)),
      Map.entry(BinaryOp.TANH_GRAD, new BinaryRow((g, y) -> g * (1 - y * y),
          (g, y) -> (float) g * (1f - (float) y * (float) y))),
      Map.entry(BinaryOp.SIGMOID_GRAD, new BinaryRow((g, s) -> g * s * (1 - s),
          (g, s) -> (float) g * (float) s * (1f - (float) s))),
      Map.entry(BinaryOp.RELU_GRAD, new BinaryRow((g, x) -> x <= 0 ? 0 : g, null))));

  static final double[] EDGES = {0.0, -0.0, 1, -1, 0.5, -2.5, 0.625, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
      Double.NaN, Double.MIN_VALUE, -Double.MIN_VALUE, 1e-310, -1e-310, Double.MIN_NORMAL, Float.MIN_VALUE,
      -Float.MIN_VALUE, 1e-40, Float.MIN_NORMAL, 1e-30, 20, -20, 88.7, -88.7, 89, -104, -150, 700, -700, 710, -740,
      -746, 1e6, -1e6, 3e38, -3e38, Float.MAX_VALUE, -Float.MAX_VALUE, 1e300, -1e300, Double.MAX_VALUE};
  static final int N = 70_001; // odd, and large enough that every op splits across threads

  /** The edge values, then random values of every scale (|x| from 2^-160 to 2^160, and a band near 0). */
  static double[] inputs(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] x = new double[N];
    for (int i = 0; i < N; i++) {
      double u = r.nextDouble(), sign = r.nextBoolean() ? 1 : -1;
      x[i] = i < EDGES.length ? EDGES[i] : i % 2 == 0 ? (u - 0.5) * 40 : sign * Math.scalb(1 + u, r.nextInt(-160, 160));
    }
    return x;
  }

  static float[] toFloat(double[] x) {
    float[] f = new float[x.length];
    for (int i = 0; i < x.length; i++) f[i] = (float) x[i];
    return f;
  }

  /** True when got is want to the bit (any NaN for NaN), or within {@code ulps} ulps of the exact value. */
  static boolean close(double got, double exact, double want, double ulp, double ulps) {
    if (Double.doubleToLongBits(got) == Double.doubleToLongBits(want)) return true;
    return ulps > 0 && Double.isFinite(got) && Double.isFinite(want) && Math.abs(got - exact) <= ulps * ulp;
  }

  static void check64(String what, int n, IntToDoubleFunction got, IntToDoubleFunction exact, double ulps,
      IntToDoubleFunction input) {
    for (int i = 0; i < n; i++) {
      double e = exact.applyAsDouble(i), g = got.applyAsDouble(i);
      if (!close(g, e, e, Math.ulp(e), ulps)) fail(what + " FLOAT64 at " + input.applyAsDouble(i) + ": " + g + ", want " + e);
    }
  }

  static void check32(String what, int n, IntToDoubleFunction got, IntToDoubleFunction exact, double ulps,
      IntToDoubleFunction input) {
    for (int i = 0; i < n; i++) {
      double e = exact.applyAsDouble(i), g = got.applyAsDouble(i);
      float want = (float) e;
      if (!close(g, e, want, Math.ulp(want), ulps)) fail(what + " FLOAT32 at " + input.applyAsDouble(i) + ": " + g + ", want " + want);
    }
  }

  @Test
  void everyBinaryOpHasAReferenceRow() {
    for (BinaryOp op : BinaryOp.values()) assertTrue(BINARY.containsKey(op), "no reference row for BinaryOp." + op);
  }

  /** With the Vector API on, its loops give the plain loops' bits (at any start, so any thread split). */
  @Test
  void vectorLoopsGiveThePlainLoopsBits() {
    float[] x = toFloat(inputs(2));
    for (UnaryOp op : UnaryOp.values()) {
      float[] plain = new float[N], y = new float[N];
      FloatUnary.loop(op).run(x, plain, 0, N);
      for (int lo : new int[] {0, 3}) {
        Arrays.fill(y, Float.NaN);
        FloatUnary.run(op, x, y, lo, N);
        for (int i = lo; i < N; i++) {
          assertEquals(Float.floatToIntBits(plain[i]), Float.floatToIntBits(y[i]), op + " at x = " + x[i]);
        }
      }
    }
  }

  /** Equal shapes, both scalar sides, a repeating operand and runs: every form gives the reference's bits. */
  @Test
  void binaryKernelsMatchTheirReferenceInEveryForm() {
    double[] a = inputs(3), b = inputs(4);
    for (int i = 0; i < EDGES.length * EDGES.length; i++) { // every pair of edge values
      a[i] = EDGES[i / EDGES.length];
      b[i] = EDGES[i % EDGES.length];
    }
    float[] af = toFloat(a), bf = toFloat(b);
    for (BinaryOp op : BinaryOp.values()) {
      BinaryRow row = BINARY.get(op);
      if (row == null) continue; // everyOpHasAReferenceRow fails
      DoubleBinaryOperator f = row.f(), f32 = row.f32() != null ? row.f32() : f;
      String name = op.name();
      double[] y = new double[N];
      float[] yf = new float[N];
      Binary.apply(op, a, b, y, N);
      Binary.apply(op, af, bf, yf, N);
      check64(name, N, i -> y[i], i -> f.applyAsDouble(a[i], b[i]), 0, i -> a[i]);
      check32(name, N, i -> yf[i], i -> f32.applyAsDouble(af[i], bf[i]), 0, i -> af[i]);
      for (double s : new double[] {-2.5, 0.0, -0.0, 1, Double.NaN, Double.NEGATIVE_INFINITY, 1e-310, 3e38}) {
        float sf = (float) s;
        int n = s == -2.5 ? N : 5000; // one long run, split across threads
        Binary.applyScalarRight(op, a, s, y, n);
        Binary.applyScalarRight(op, af, sf, yf, n);
        check64(name + " scalar right " + s, n, i -> y[i], i -> f.applyAsDouble(a[i], s), 0, i -> a[i]);
        check32(name + " scalar right " + s, n, i -> yf[i], i -> f32.applyAsDouble(af[i], sf), 0, i -> af[i]);
        Binary.applyScalarLeft(op, s, b, y, n);
        Binary.applyScalarLeft(op, sf, bf, yf, n);
        check64(name + " scalar left " + s, n, i -> y[i], i -> f.applyAsDouble(s, b[i]), 0, i -> b[i]);
        check32(name + " scalar left " + s, n, i -> yf[i], i -> f32.applyAsDouble(sf, bf[i]), 0, i -> bf[i]);
      }
      for (int p : new int[] {1, 7, 1500}) {
        int rows = N / p, n = rows * p;
        for (boolean bLeft : new boolean[] {false, true}) {
          String form = name + (bLeft ? " left" : " right");
          Binary.applyRepeat(op, a, b, y, rows, p, bLeft);
          Binary.applyRepeat(op, af, bf, yf, rows, p, bLeft);
          check64(form + " repeat " + p, n, i -> y[i], i -> bLeft ? f.applyAsDouble(b[i % p], a[i])
              : f.applyAsDouble(a[i], b[i % p]), 0, i -> a[i]);
          check32(form + " repeat " + p, n, i -> yf[i], i -> bLeft ? f32.applyAsDouble(bf[i % p], af[i])
              : f32.applyAsDouble(af[i], bf[i % p]), 0, i -> af[i]);
          Binary.applyRuns(op, a, b, y, rows, p, bLeft);
          Binary.applyRuns(op, af, bf, yf, rows, p, bLeft);
          check64(form + " runs " + p, n, i -> y[i], i -> bLeft ? f.applyAsDouble(b[i / p], a[i])
              : f.applyAsDouble(a[i], b[i / p]), 0, i -> a[i]);
          check32(form + " runs " + p, n, i -> yf[i], i -> bLeft ? f32.applyAsDouble(bf[i / p], af[i])
              : f32.applyAsDouble(af[i], bf[i / p]), 0, i -> af[i]);
        }
      }
    }
  }

  @Test
  void selectPicksByTheMask() {
    double[] m = {1, 0, Double.NaN, -0.0}, a = {1, 2, 3, 4}, b = {5, 6, 7, 8}, y = new double[4];
    float[] yf = new float[4];
    Binary.select(m, a, b, y, 4);
    Binary.select(toFloat(m), toFloat(a), toFloat(b), yf, 4);
    assertEquals(Arrays.toString(new double[] {1, 6, 3, 8}), Arrays.toString(y));
    assertEquals(Arrays.toString(new float[] {1, 6, 3, 8}), Arrays.toString(yf));
  }
}
