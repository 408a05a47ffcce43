package dev.nabla.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.nabla.core.check.Domain;
import dev.nabla.core.check.Gen;
import dev.nabla.core.check.Gens;
import dev.nabla.core.check.Property;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Creation, conversion, comparison and the in-place kernels. */
class TensorBasicsTest {
  @TestFactory
  Stream<DynamicTest> creationFillsEveryShape() {
    return ElementwiseTest.DTYPES.stream().map(dt -> dynamicTest("creation " + dt, () ->
        Property.forAll(Gens.shapes(0, 4, 5)).named("creation " + dt).check(s -> {
          int[] d = s.dims();
          double[] zeros = new double[s.size()], ones = new double[s.size()], halves = new double[s.size()];
          Arrays.fill(ones, 1);
          Arrays.fill(halves, 0.5);
          Ref.assertExact(new Ref(d, zeros), Tensor.zeros(dt, d), dt, "zeros");
          Ref.assertExact(new Ref(d, zeros), Tensor.zeros(dt, s), dt, "zeros(Shape)");
          Ref.assertExact(new Ref(d, ones), Tensor.ones(dt, d), dt, "ones");
          Ref.assertExact(new Ref(d, halves), Tensor.full(dt, 0.5, d), dt, "full");
          Ref.assertExact(new Ref(d, halves), Tensor.full(dt, 0.5, s), dt, "full(Shape)");
          // rand: rng.nextDouble() in row-major order; randn: Box–Muller on consecutive pairs
          SplittableRandom r1 = new SplittableRandom(s.hashCode()), r2 = new SplittableRandom(s.hashCode());
          double[] u = new double[s.size()], g = new double[s.size()];
          for (int i = 0; i < u.length; i++) u[i] = r1.nextDouble();
          for (int i = 0; i < g.length; i++) {
            double u1 = r1.nextDouble(), u2 = r1.nextDouble();
            g[i] = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
          }
          Ref.assertExact(new Ref(d, u), Tensor.rand(dt, r2, d), dt, "rand");
          Tensor n = Tensor.randn(dt, r2, d);
          Ref.assertClose(dt == DType.FLOAT32 ? new Ref(d, g).toFloat() : new Ref(d, g), n, dt, "randn");
          for (double x : Tensor.rand(dt, new SplittableRandom(1), d).toDoubleArray()) assertTrue(x >= 0 && x <= 1);
        })));
  }

  @Test
  void sameSeedSameValues() {
    for (DType dt : ElementwiseTest.DTYPES) {
      assertArrayEquals(Tensor.randn(dt, new SplittableRandom(42), 64, 78).toDoubleArray(),
          Tensor.randn(dt, new SplittableRandom(42), 64, 78).toDoubleArray());
      assertArrayEquals(Tensor.rand(dt, new SplittableRandom(42), 5).toDoubleArray(),
          Tensor.rand(dt, new SplittableRandom(42), 5).toDoubleArray());
      assertFalse(Arrays.equals(Tensor.randn(dt, new SplittableRandom(42), 10).toDoubleArray(),
          Tensor.randn(dt, new SplittableRandom(43), 10).toDoubleArray()));
    }
    // FLOAT32 randn is the FLOAT64 draw rounded to float
    assertArrayEquals(Tensor.randn(DType.FLOAT64, new SplittableRandom(7), 100).toFloatArray(),
        Tensor.randn(DType.FLOAT32, new SplittableRandom(7), 100).toFloatArray());
    double[] big = Tensor.randn(DType.FLOAT64, new SplittableRandom(3), 100_000).toDoubleArray();
    double mean = Arrays.stream(big).average().orElseThrow(), var = Arrays.stream(big).map(x -> (x - mean) * (x - mean)).sum() / big.length;
    assertEquals(0, mean, 0.02);
    assertEquals(1, var, 0.02);
  }

  @Test
  void knownCreation() {
    Tensor t = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
    assertEquals(DType.FLOAT64, t.dtype());
    assertArrayEquals(new int[] {2, 3}, t.shape().dims());
    assertEquals(6, t.size());
    assertEquals(2, t.rank());
    assertEquals(DType.FLOAT32, Tensor.of(new float[] {1, 2, 3}, 3).dtype());
    assertArrayEquals(new int[] {3}, Tensor.of(new float[] {1, 2, 3}).shape().dims());
    double[] src = {1, 2};
    Tensor copy = Tensor.of(src);
    src[0] = 99;
    assertEquals(1.0, copy.get(0), "of copies its input");
    assertEquals("2.5", Tensor.scalar(2.5).toString());
    assertEquals(0, Tensor.scalar(2.5).rank());
    assertEquals(DType.FLOAT32, Tensor.scalar(DType.FLOAT32, 1).dtype());
    assertEquals(2.5, Tensor.scalar(DType.FLOAT32, 2.5).item());
    assertEquals("[0. 1. 2. 3. 4.]", Tensor.arange(DType.FLOAT64, 5).toString());
    assertEquals("[5. 4. 3. 2. 1.]", Tensor.arange(DType.FLOAT32, 5, 0, -1).toString());
    assertEquals(10, Tensor.arange(DType.FLOAT64, 0, 1, 0.1).size());
    assertEquals("[0.  0.5 1.  1.5]", Tensor.arange(DType.FLOAT64, 0, 2, 0.5).toString());
    assertEquals(0, Tensor.arange(DType.FLOAT64, 3, 0, 1).size());
    assertEquals("[[1. 0. 0.]\n [0. 1. 0.]\n [0. 0. 1.]]", Tensor.eye(DType.FLOAT32, 3).toString());
    assertEquals("[]", Tensor.eye(DType.FLOAT64, 0).toString());
  }

  @TestFactory
  Stream<DynamicTest> conversions() {
    return ElementwiseTest.DTYPES.stream().map(dt -> dynamicTest("toType/arrays " + dt, () ->
        Property.forAll(Gens.views(Gens.tensors(dt, Domain.range(-1e6, 1e6)))).named("toType " + dt).check(t -> {
          double[] v = t.toDoubleArray();
          float[] f = t.toFloatArray();
          for (int i = 0; i < v.length; i++) assertEquals((float) v[i], f[i]);
          Tensor d = t.toType(DType.FLOAT64), s = t.toType(DType.FLOAT32);
          assertSame(t, t.toType(dt));
          assertArrayEquals(v, d.toDoubleArray());
          assertArrayEquals(f, s.toFloatArray());
          assertArrayEquals(f, s.toType(DType.FLOAT64).toType(DType.FLOAT32).toFloatArray(), "float → double → float is exact");
          // the arrays are copies: writing them does not change the tensor
          if (v.length > 0) {
            v[0] = 12345;
            f[0] = 12345;
            assertNotEquals(12345.0, t.toDoubleArray()[0]);
            assertNotEquals(12345f, t.toFloatArray()[0]);
          }
          if (t.size() == 1) assertEquals(t.toDoubleArray()[0], t.item());
        })));
  }

  @Test
  void allCloseFollowsNumPy() {
    Tensor a = Tensor.of(new double[] {1, 2, Double.POSITIVE_INFINITY});
    assertTrue(a.allClose(Tensor.of(new double[] {1 + 1e-6, 2, Double.POSITIVE_INFINITY})));
    assertFalse(a.allClose(Tensor.of(new double[] {1 + 1e-4, 2, Double.POSITIVE_INFINITY})));
    assertTrue(a.allClose(Tensor.of(new double[] {1.5, 2, Double.POSITIVE_INFINITY}), 0.5, 0));
    assertFalse(a.allClose(Tensor.of(new double[] {1, 2, Double.NEGATIVE_INFINITY})), "inf is not close to -inf");
    assertFalse(Tensor.scalar(1).allClose(Tensor.scalar(Double.POSITIVE_INFINITY)), "1 is not close to inf");
    assertFalse(Tensor.scalar(Double.POSITIVE_INFINITY).allClose(Tensor.scalar(1e308)));
    assertFalse(Tensor.of(new double[] {Double.NaN}).allClose(Tensor.of(new double[] {Double.NaN})), "NaN equals nothing");
    assertFalse(a.allClose(a.reshape(3, 1)), "shapes must match");
    assertTrue(a.allClose(a.toType(DType.FLOAT32)), "dtypes may differ");
    assertTrue(Tensor.scalar(0).allClose(Tensor.scalar(1e-9)), "atol 1e-8");
    assertFalse(Tensor.scalar(0).allClose(Tensor.scalar(1e-7)));
  }

  /**
   * addScaledInPlace on one element (its own path, no loop call) gives the loop's bits: the same values added by
   * the same call on a 2-element tensor whose second element is the one; both dtypes, shapes [] [1] [1, 1], a
   * source that is a view at an offset or a broadcast scalar, specials, and the version bump.
   */
  @Test
  void addScaledInPlaceOnOneElementHasTheLoopsBits() {
    double[] vals = {0.1, -0.0, 0.0, 1e-40, 3.4e38, -7.25, Double.NaN, Double.POSITIVE_INFINITY, 1e-310, 123456.789};
    double[] alphas = {1, -0.01, 0.3, -1, 1e20};
    for (DType dt : ElementwiseTest.DTYPES) {
      for (int[] dims : new int[][] {{}, {1}, {1, 1}}) {
        for (double y : vals) {
          for (double x : vals) {
            for (double alpha : alphas) {
              Tensor t = Tensor.of(new double[] {y}).toType(dt).reshape(dims);
              Tensor two = Tensor.of(new double[] {0.5, y}).toType(dt);
              Tensor src = Tensor.of(new double[] {9, x}).toType(dt).narrow(0, 1, 1).reshape(dims); // offset 1
              int v = t.version();
              t.addScaledInPlace(src, alpha);
              two.addScaledInPlace(Tensor.of(new double[] {2, x}).toType(dt), alpha);
              String what = dt + " " + Arrays.toString(dims) + " y=" + y + " x=" + x + " alpha=" + alpha;
              assertEquals(Double.doubleToLongBits(two.toDoubleArray()[1]), Double.doubleToLongBits(t.item()), what);
              assertEquals(v + 1, t.version(), what);
              Tensor b = Tensor.of(new double[] {y}).toType(dt).reshape(dims);
              b.addScaledInPlace(Tensor.scalar(dt, x).expand(dims), alpha); // a broadcast source
              assertEquals(Double.doubleToLongBits(t.item()), Double.doubleToLongBits(b.item()), what + " broadcast");
            }
          }
        }
      }
    }
  }

  @Test
  void inPlaceKernelsWriteAndBumpVersion() {
    for (DType dt : ElementwiseTest.DTYPES) {
      Tensor p = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2).toType(dt);
      Tensor view = p.transpose();
      int v0 = p.version();
      assertSame(p, p.addScaledInPlace(Tensor.ones(dt, 2, 2), 0.5));
      assertEquals("[[1.5 2.5]\n [3.5 4.5]]", p.toString());
      assertEquals(v0 + 1, p.version());
      assertEquals(p.version(), view.version(), "views see the storage's version");
      assertEquals("[[1.5 3.5]\n [2.5 4.5]]", view.toString(), "views see the new values");
      p.mulInPlace(2);
      assertEquals("[[3. 5.]\n [7. 9.]]", p.toString());
      assertEquals(v0 + 2, p.version());
      p.copyInPlace(Tensor.of(new double[] {4, 3, 2, 1}, 2, 2).toType(dt).transpose().contiguous().transpose());
      assertEquals("[[4. 3.]\n [2. 1.]]", p.toString());
      assertEquals(v0 + 3, p.version());
      p.addScaledInPlace(p, 1);
      assertEquals("[[8. 6.]\n [4. 2.]]", p.toString(), "aliasing source is fine elementwise");
      Tensor other = Tensor.zeros(dt, 2, 2);
      assertEquals(0, other.version());
      assertFalse(other.sharesStorageWith(p));
    }
  }

  @Test
  void opsReturnFreshDenseTensors() {
    Tensor t = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
    for (Tensor r : new Tensor[] {t.neg(), t.add(t), t.add(1), t.sum(0), t.softmax(1), t.matmul(t.transpose()), t.clamp(0, 1),
        Tensor.where(t.gt(2), t, t), t.gather(1, new int[] {0, 0}), t.indexSelect(0, new int[] {1})}) {
      assertFalse(r.sharesStorageWith(t));
      assertTrue(r.isContiguous());
    }
    int v = t.version();
    t.exp().addScaledInPlace(Tensor.ones(DType.FLOAT64, 2, 3), 1);
    assertEquals(v, t.version(), "writing a result never touches its input");
    assertEquals("[[1. 2. 3.]\n [4. 5. 6.]]", t.toString());
  }

  @Test
  void shapeBasics() {
    Shape s = Shape.of(2, 3);
    assertEquals(2, s.rank());
    assertEquals(6, s.size());
    assertEquals(3, s.dim(-1));
    assertEquals("[2, 3]", s.toString());
    assertEquals("[]", Shape.scalar().toString());
    assertEquals(1, Shape.scalar().size());
    assertEquals(0, Shape.of(2, 0).size());
    assertArrayEquals(new int[] {3, 1}, s.contiguousStrides());
    assertEquals(Shape.of(2, 3), Shape.broadcast("add", Shape.of(2, 3), Shape.of(3)));
    assertEquals(Shape.of(4, 2, 3), Shape.broadcast("add", Shape.of(4, 1, 3), Shape.of(2, 1)));
    assertTrue(Shape.of(3).broadcastsTo(Shape.of(2, 3)));
    assertFalse(Shape.of(2).broadcastsTo(Shape.of(2, 3)));
    int[] d = s.dims();
    d[0] = 99;
    assertEquals(2, s.dim(0), "dims() is a copy");
    Gen<Shape> g = Gens.shapes(0, 4, 5);
    Property.forAll(Gen.pairs(g, g)).check(p -> assertEquals(p.first().equals(p.second()),
        Arrays.equals(p.first().dims(), p.second().dims())));
  }
}
