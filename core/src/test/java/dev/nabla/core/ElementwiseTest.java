package dev.nabla.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.nabla.core.check.Domain;
import dev.nabla.core.check.Gen;
import dev.nabla.core.check.Gens;
import dev.nabla.core.check.Property;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every elementwise op against a naive loop: random shapes, broadcasting, strided views, both dtypes. */
class ElementwiseTest {
  static final List<DType> DTYPES = List.of(DType.FLOAT64, DType.FLOAT32);

  record UnaryCase(String name, Function<Tensor, Tensor> op, DoubleUnaryOperator ref, Domain domain) {}

  record BinaryCase(String name, BiFunction<Tensor, Tensor, Tensor> op, BiFunction<Tensor, Double, Tensor> scalarOp,
      DoubleBinaryOperator ref, Domain a, Domain b, boolean quantized) {}

  static final List<UnaryCase> UNARY = List.of(
      new UnaryCase("neg", Tensor::neg, x -> -x, Domain.ANY),
      new UnaryCase("abs", Tensor::abs, x -> x < 0 ? -x : x, Domain.ANY),
      new UnaryCase("sign", Tensor::sign, x -> x > 0 ? 1 : x < 0 ? -1 : 0, Domain.AWAY_FROM_ZERO),
      new UnaryCase("exp", Tensor::exp, Math::exp, Domain.range(-10, 10)),
      new UnaryCase("log", Tensor::log, Math::log, Domain.POSITIVE),
      new UnaryCase("log1p", Tensor::log1p, x -> Math.log1p(x), Domain.range(-0.9, 3)),
      new UnaryCase("sqrt", Tensor::sqrt, Math::sqrt, Domain.range(0, 4)),
      new UnaryCase("square", Tensor::square, x -> x * x, Domain.ANY),
      new UnaryCase("reciprocal", Tensor::reciprocal, x -> 1 / x, Domain.AWAY_FROM_ZERO),
      new UnaryCase("tanh", Tensor::tanh, Math::tanh, Domain.range(-5, 5)),
      new UnaryCase("sigmoid", Tensor::sigmoid, x -> 1 / (1 + Math.exp(-x)), Domain.range(-30, 30)),
      new UnaryCase("relu", Tensor::relu, x -> x > 0 ? x : 0, Domain.ANY),
      new UnaryCase("softplus", Tensor::softplus, x -> Math.log1p(Math.exp(x)), Domain.range(-30, 30)),
      new UnaryCase("sin", Tensor::sin, Math::sin, Domain.range(-10, 10)),
      new UnaryCase("cos", Tensor::cos, Math::cos, Domain.range(-10, 10)));

  static final List<BinaryCase> BINARY = List.of(
      new BinaryCase("add", Tensor::add, Tensor::add, (a, b) -> a + b, Domain.ANY, Domain.ANY, false),
      new BinaryCase("sub", Tensor::sub, Tensor::sub, (a, b) -> a - b, Domain.ANY, Domain.ANY, false),
      new BinaryCase("mul", Tensor::mul, Tensor::mul, (a, b) -> a * b, Domain.ANY, Domain.ANY, false),
      new BinaryCase("div", Tensor::div, Tensor::div, (a, b) -> a / b, Domain.ANY, Domain.AWAY_FROM_ZERO, false),
      new BinaryCase("pow", Tensor::pow, Tensor::pow, Math::pow, Domain.POSITIVE, Domain.range(-3, 3), false),
      new BinaryCase("maximum", Tensor::maximum, Tensor::maximum, (a, b) -> a >= b ? a : b, Domain.ANY, Domain.ANY, true),
      new BinaryCase("minimum", Tensor::minimum, Tensor::minimum, (a, b) -> a <= b ? a : b, Domain.ANY, Domain.ANY, true),
      new BinaryCase("eq", Tensor::eq, Tensor::eq, (a, b) -> a == b ? 1 : 0, Domain.ANY, Domain.ANY, true),
      new BinaryCase("ne", Tensor::ne, Tensor::ne, (a, b) -> a != b ? 1 : 0, Domain.ANY, Domain.ANY, true),
      new BinaryCase("lt", Tensor::lt, Tensor::lt, (a, b) -> a < b ? 1 : 0, Domain.ANY, Domain.ANY, true),
      new BinaryCase("le", Tensor::le, Tensor::le, (a, b) -> a <= b ? 1 : 0, Domain.ANY, Domain.ANY, true),
      new BinaryCase("gt", Tensor::gt, Tensor::gt, (a, b) -> a > b ? 1 : 0, Domain.ANY, Domain.ANY, true),
      new BinaryCase("ge", Tensor::ge, Tensor::ge, (a, b) -> a >= b ? 1 : 0, Domain.ANY, Domain.ANY, true));

  /** Values rounded to {-2, -1, 0, 1, 2}, so comparisons and max/min meet ties. */
  static Tensor quantize(Tensor t) {
    double[] v = t.toDoubleArray();
    for (int i = 0; i < v.length; i++) v[i] = Math.rint(v[i]);
    return Tensor.of(v).reshape(t.shape().dims()).toType(t.dtype());
  }

  static Gen<List<Tensor>> pairs(DType dt, Domain a, Domain b, boolean quantized) {
    Gen<List<Tensor>> base = Gens.tensorList(dt, Gens.broadcastPair(0, 4, 4), a, b);
    if (quantized) {
      Gen<List<Tensor>> q = base;
      base = Gen.of(rng -> q.generate(rng).stream().map(ElementwiseTest::quantize).toList(), q::shrink);
    }
    return Gens.viewsOfEach(base);
  }

  @TestFactory
  Stream<DynamicTest> unaryOpsMatchReference() {
    List<DynamicTest> tests = new ArrayList<>();
    for (UnaryCase c : UNARY)
      for (DType dt : DTYPES)
        tests.add(dynamicTest(c.name() + " " + dt, () -> {
          var r = Property.forAll(Gens.views(Gens.tensors(dt, c.domain()))).named(c.name() + " " + dt).check(x -> {
            Tensor y = c.op().apply(x);
            Ref.assertClose(Ref.of(x).map(c.ref()), y, dt, c.name());
            assertTrue(y.isContiguous(), "result is dense");
          });
          assertEquals(Property.defaultCases(), r.casesRun());
        }));
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> binaryOpsBroadcastAndMatchReference() {
    List<DynamicTest> tests = new ArrayList<>();
    for (BinaryCase c : BINARY)
      for (DType dt : DTYPES)
        tests.add(dynamicTest(c.name() + " " + dt, () ->
            Property.forAll(pairs(dt, c.a(), c.b(), c.quantized())).named(c.name() + " " + dt).check(ab -> {
              Tensor a = ab.get(0), b = ab.get(1);
              Ref.assertClose(Ref.zip(Ref.of(a), Ref.of(b), c.ref()), c.op().apply(a, b), dt, c.name());
            })));
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> scalarOverloadsMatchReference() {
    List<DynamicTest> tests = new ArrayList<>();
    for (BinaryCase c : BINARY)
      for (DType dt : DTYPES)
        tests.add(dynamicTest(c.name() + "(double) " + dt, () -> {
          Gen<Tensor> xs = Gens.views(Gens.tensors(dt, c.a()));
          Gen<Double> ss = rng -> c.quantized() ? (double) Math.round(c.b().sample(rng)) : c.b().sample(rng);
          Property.forAll(Gen.pairs(xs, ss)).named(c.name() + "(double) " + dt).check(p -> {
            Tensor x = p.first();
            double s = dt == DType.FLOAT32 ? (float) (double) p.second() : p.second();
            Ref.assertClose(Ref.of(x).map(v -> c.ref().applyAsDouble(v, s)), c.scalarOp().apply(x, p.second()), dt,
                c.name());
          });
        }));
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> whereSelectsWithBroadcasting() {
    return DTYPES.stream().map(dt -> dynamicTest("where " + dt, () -> {
      Gen<List<Tensor>> g = Gens.viewsOfEach(Gens.tensorList(dt, Gens.broadcastShapes(3, 0, 4, 4), Domain.ANY));
      Property.forAll(g).named("where " + dt).check(l -> {
        Tensor mask = l.get(0).gt(0), a = l.get(1), b = l.get(2);
        Ref m = Ref.of(mask), x = Ref.of(a), y = Ref.of(b);
        int[] d = Ref.broadcast(Ref.broadcast(m.dims, x.dims), y.dims);
        double[] out = new double[Ref.size(d)];
        for (int i = 0; i < out.length; i++) {
          int[] idx = Ref.unravel(i, d);
          out[i] = m.broadcastAt(idx) != 0 ? x.broadcastAt(idx) : y.broadcastAt(idx);
        }
        Ref.assertExact(new Ref(d, out), Tensor.where(mask, a, b), dt, "where");
      });
    }));
  }

  @TestFactory
  Stream<DynamicTest> clampMatchesReference() {
    return DTYPES.stream().map(dt -> dynamicTest("clamp " + dt, () -> {
      Gen<double[]> bounds = rng -> {
        double p = Domain.ANY.sample(rng), q = rng.nextInt(10) == 0 ? p : Domain.ANY.sample(rng);
        return new double[] {Math.min(p, q), Math.max(p, q)};
      };
      Property.forAll(Gen.pairs(Gens.views(Gens.tensors(dt, Domain.ANY)), bounds)).named("clamp " + dt).check(p -> {
        double lo = p.second()[0], hi = p.second()[1];
        double l = dt == DType.FLOAT32 ? (float) lo : lo, h = dt == DType.FLOAT32 ? (float) hi : hi;
        Ref.assertExact(Ref.of(p.first()).map(x -> Math.min(Math.max(x, l), h)), p.first().clamp(lo, hi), dt, "clamp");
      });
    }));
  }

  @Test
  void specialValues() {
    Tensor x = Tensor.of(new double[] {-3, -0.0, 0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY});
    // relu gives +0.0 for negatives (not -0.0, which would print as "-0."), keeps NaN
    double[] r = x.relu().toDoubleArray();
    assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(r[0]), "relu(-3) is +0.0");
    assertTrue(Double.isNaN(r[3]));
    assertEquals(Double.POSITIVE_INFINITY, r[4]);
    assertEquals(0.0, r[5]);
    assertEquals("[ 0.  0.  0. nan inf  0.]", x.relu().toString());
    assertEquals("[ 0.  0.  0. nan inf  0.]", x.toType(DType.FLOAT32).relu().toString());
    // sigmoid and softplus never overflow
    Tensor big = Tensor.of(new double[] {-1000, 1000});
    assertEquals("[0. 1.]", big.sigmoid().toString());
    assertEquals(List.of(0.0, 1000.0), List.of(big.softplus().toDoubleArray()[0], big.softplus().toDoubleArray()[1]));
    assertTrue(Double.isNaN(Tensor.scalar(-1).log().item()));
    assertEquals(Double.NEGATIVE_INFINITY, Tensor.scalar(0).log().item());
    assertTrue(Double.isNaN(Tensor.scalar(Double.NaN).maximum(1).item()), "maximum propagates NaN");
    assertTrue(Double.isNaN(Tensor.scalar(1).minimum(Tensor.scalar(Double.NaN)).item()), "minimum propagates NaN");
    assertTrue(Double.isNaN(Tensor.scalar(Double.NaN).clamp(0, 1).item()), "clamp keeps NaN");
  }

  @Test
  void scalarOperandFastPathsAgreeWithGeneralPath() {
    Tensor a = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Tensor s = Tensor.scalar(10), one = Tensor.of(new double[] {10}, 1, 1);
    assertEquals("[[11. 12. 13.]\n [14. 15. 16.]]", a.add(s).toString());
    assertEquals("[[9. 8. 7.]\n [6. 5. 4.]]", s.sub(a).toString());
    assertEquals("[[11. 12. 13.]\n [14. 15. 16.]]", a.add(one).toString());
    assertEquals("[[-9. -8. -7.]\n [-6. -5. -4.]]", a.sub(one).toString());
    assertEquals("[[9. 8. 7.]\n [6. 5. 4.]]", one.sub(a).toString());
  }
}
