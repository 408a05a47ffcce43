package dev.nabla.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.core.kernel.Unary;
import dev.nabla.core.kernel.UnaryOp;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@link UnaryOp}'s kernels, FLOAT64 and FLOAT32, against the reference in its op registry row
 * ({@link OpRegistry.Reference}): on edge values (±0, ±∞, NaN, subnormals, the dtypes' limits) and random
 * values of every scale, in every form a tensor reaches them (contiguous, a strided view, a broadcast view,
 * and the kernel in place), on enough elements to split across threads; and {@link UnaryOp#of}, the scalar
 * definition, in FLOAT64. A new op fails
 * {@link #everyUnaryOpHasOneReference} until its registry row has a reference. autodiff/pom.xml runs this
 * class a second time with {@code -Dnabla.simd=false}, so the Vector API loops and the plain loops are both
 * checked. (Binary ops keep their reference rows in core's {@code PointwiseKernelTest}.)
 */
class PointwiseReferenceTest {
  static final double[] EDGES = {0.0, -0.0, 1, -1, 0.5, -2.5, 0.625, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
      Double.NaN, Double.MIN_VALUE, -Double.MIN_VALUE, 1e-310, -1e-310, Double.MIN_NORMAL, Float.MIN_VALUE,
      -Float.MIN_VALUE, 1e-40, Float.MIN_NORMAL, 1e-30, 2, -2, 5.9, 6, -6, 20, -20, 88.7, -88.7, 89, -104, -150, 700,
      -700, 710, -740, -746, 1e6, -1e6, 3e38, -3e38, Float.MAX_VALUE, -Float.MAX_VALUE, 1e300, -1e300, Double.MAX_VALUE};
  /** 300 × 233: large enough that every op splits across threads, and a matrix for the strided form. */
  static final int ROWS = 300, COLS = 233, N = ROWS * COLS;

  /** The references by op, from the registry; an op with none is missing here. */
  static Map<UnaryOp, OpRegistry.Reference> references() {
    Map<UnaryOp, OpRegistry.Reference> refs = new EnumMap<>(UnaryOp.class);
    for (OpRegistry.Entry e : OpRegistry.ENTRIES) {
      if (e.reference() != null && refs.put(e.reference().op(), e.reference()) != null)
        fail("two registry rows give a reference for UnaryOp." + e.reference().op());
    }
    return refs;
  }

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

  /** One dtype's inputs (x rounded to it) and the reference's values on them, computed once. */
  record Case(Tensor x, double[] in, double[] want, double ulps) {
    static Case of(DType dtype, double[] x, OpRegistry.Reference ref) {
      boolean f32 = dtype == DType.FLOAT32;
      double[] in = new double[x.length], want = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        in[i] = f32 ? (float) x[i] : x[i];
        want[i] = ref.f().applyAsDouble(in[i]);
      }
      return new Case(Tensor.of(in).toType(dtype), in, want, f32 ? ref.ulps32() : ref.ulps64());
    }

    /** got[i] is the op at in[at(i)]: the reference's value (its float rounding for FLOAT32) or within ulps. */
    void check(String what, double[] got, IntUnaryOperator at) {
      boolean f32 = x.dtype() == DType.FLOAT32;
      for (int i = 0; i < got.length; i++) {
        int j = at.applyAsInt(i);
        double exact = want[j], w = f32 ? (float) exact : exact, ulp = f32 ? Math.ulp((float) w) : Math.ulp(w);
        boolean ok = Double.doubleToLongBits(got[i]) == Double.doubleToLongBits(w)
            || ulps > 0 && Double.isFinite(got[i]) && Double.isFinite(w) && Math.abs(got[i] - exact) <= ulps * ulp;
        if (!ok) fail(what + " " + x.dtype() + " at x = " + in[j] + ": " + got[i] + ", want " + w + " (within " + ulps + " ulps)");
      }
    }
  }

  @Test
  void everyUnaryOpHasOneReference() {
    Map<UnaryOp, OpRegistry.Reference> refs = references();
    for (UnaryOp op : UnaryOp.values())
      assertTrue(refs.containsKey(op), "no reference for UnaryOp." + op + ": add .reference(...) to its OpRegistry row");
  }

  @TestFactory
  Stream<DynamicTest> kernelsMatchTheReferenceInEveryForm() {
    double[] x = inputs(1);
    return references().values().stream().flatMap(ref -> Stream.of(DType.FLOAT64, DType.FLOAT32).map(dtype ->
        dynamicTest(ref.op() + " " + dtype, () -> {
          UnaryOp op = ref.op();
          Case c = Case.of(dtype, x, ref);
          c.check(op + " contiguous", c.x().map(op).toDoubleArray(), i -> i);
          // strided: the transpose of [ROWS, COLS]; element (j, i) of the result is f(x[i·COLS + j])
          c.check(op + " strided", c.x().reshape(ROWS, COLS).transpose().map(op).toDoubleArray(),
              i -> (i % ROWS) * COLS + i / ROWS);
          // broadcast: the first ROWS values, each repeated along a stride-0 axis of COLS
          Tensor column = c.x().reshape(ROWS, COLS).slice(1, 0, 1);
          c.check(op + " broadcast", column.expand(ROWS, COLS).map(op).toDoubleArray(), i -> (i / COLS) * COLS);
          // in place: the kernel with y the same array as x
          double[] got;
          if (dtype == DType.FLOAT64) {
            c.check(op + " of(x), the scalar definition", Arrays.stream(c.in()).map(op::of).toArray(), i -> i);
            got = c.in().clone();
            Unary.apply(op, got, got, N);
          } else {
            float[] y = c.x().toFloatArray();
            Unary.apply(op, y, y, N);
            got = new double[N];
            for (int i = 0; i < N; i++) got[i] = y[i];
          }
          c.check(op + " in place", got, i -> i);
        })));
  }

  /**
   * Every UnaryOp is a method of both Tensor and Variable, named in lower camel case after the constant
   * (generated into {@code PointwiseOps}), and that method is {@code map} of its own op.
   */
  @Test
  void everyUnaryOpIsAMethodOfTensorAndVariable() throws ReflectiveOperationException {
    Tensor x = Tensor.of(new double[] {-1.5, -0.25, 0.5, 2}, 4);
    for (UnaryOp op : UnaryOp.values()) {
      StringBuilder name = new StringBuilder();
      for (String part : op.name().toLowerCase(java.util.Locale.ROOT).split("_"))
        name.append(name.length() == 0 ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
      Method onTensor = Tensor.class.getMethod(name.toString()), onVariable = Variable.class.getMethod(name.toString());
      Tensor want = x.map(op);
      assertEquals(want.toString(), ((Tensor) onTensor.invoke(x)).toString(), "Tensor." + name + "() is map(" + op + ")");
      Variable v = (Variable) onVariable.invoke(Variable.parameter(x));
      assertEquals(want.toString(), v.value().toString(), "Variable." + name + "() is map(" + op + ")");
      assertEquals(Pointwise.rule(op).getClass(), v.op.getClass(), "Variable." + name + "() records its rule");
    }
  }

  /**
   * The example in each constant's Javadoc (the API Javadoc of its method) holds: it is read from UnaryOp.java,
   * {@code Tensor.of(new double[] {..}).name()   // printed}, and run.
   */
  @Test
  void everyUnaryOpsExampleHolds() throws IOException, ReflectiveOperationException {
    String src = Files.readString(Path.of(System.getProperty("basedir", "."),
        "../core/src/main/java/dev/nabla/core/kernel/UnaryOp.java"));
    Matcher m = Pattern.compile("\\{@code Tensor\\.of\\(new double\\[\\] \\{([^}]*)\\}\\)\\.(\\w+)\\(\\) +// ([^\\n]*)\\}</pre>"
        + "\\s*\\*/\\s*([A-Z0-9_]+)\\(").matcher(src);
    Map<UnaryOp, String> seen = new EnumMap<>(UnaryOp.class);
    while (m.find()) {
      UnaryOp op = UnaryOp.valueOf(m.group(4));
      double[] x = Arrays.stream(m.group(1).split(",")).map(String::trim).mapToDouble(Double::parseDouble).toArray();
      Tensor y = (Tensor) Tensor.class.getMethod(m.group(2)).invoke(Tensor.of(x));
      assertEquals(m.group(3), y.toString(), "the example of UnaryOp." + op);
      assertEquals(y.toString(), Tensor.of(x).map(op).toString(), "the example of UnaryOp." + op + " calls its own method");
      seen.put(op, m.group(3));
    }
    for (UnaryOp op : UnaryOp.values())
      assertTrue(seen.containsKey(op), "UnaryOp." + op + "'s Javadoc has no example <pre>{@code Tensor.of(new double[] {..})."
          + "name()   // printed}</pre> right before the constant");
  }
}
