package dev.nabla.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.nabla.core.check.Domain;
import dev.nabla.core.check.Gen;
import dev.nabla.core.check.Gens;
import dev.nabla.core.check.Property;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Reductions over any axes, softmax along any axis, sumTo: against naive loops, plus edge values. */
class ReductionTest {
  interface AxesOp {
    Tensor apply(Tensor t, int[] axes, boolean keepDims);
  }

  record Case(String name, AxesOp op, Ref.RowFn ref, boolean needsNonEmpty, boolean ties) {}

  static final List<Case> CASES = List.of(
      new Case("sum", Tensor::sum, Ref::sum, false, false),
      new Case("mean", Tensor::mean, r -> Ref.sum(r) / r.length, false, false),
      new Case("max", Tensor::max, Ref::max, true, true),
      new Case("min", Tensor::min, Ref::min, true, true),
      new Case("logSumExp", Tensor::logSumExp, Ref::logSumExp, false, false));

  static Gen<Gen.Pair<Tensor, Long>> input(DType dt, boolean ties) {
    Gen<Tensor> base = Gens.tensors(dt, Gens.shapes(0, 4, 5), Domain.range(-3, 3));
    if (ties) base = Gen.of(rng -> ElementwiseTest.quantize(Gens.tensors(dt, Gens.shapes(0, 4, 5), Domain.range(-3, 3)).generate(rng)),
        Gens.tensors(dt, Gens.shapes(0, 4, 5), Domain.range(-3, 3))::shrink);
    return Gen.pairs(Gens.views(base), SplittableRandom::nextLong);
  }

  /** A random subset of the axes (possibly empty, possibly all), in random order, some negative. */
  static int[] randomAxes(int rank, SplittableRandom rng) {
    List<Integer> axes = new ArrayList<>();
    for (int i = 0; i < rank; i++) if (rng.nextBoolean()) axes.add(rng.nextBoolean() ? i : i - rank);
    java.util.Collections.shuffle(axes, new java.util.Random(rng.nextLong()));
    return axes.stream().mapToInt(Integer::intValue).toArray();
  }

  static boolean reducesEmpty(Tensor t, int[] axes) {
    if (t.size() != 0) return false;
    int rows = 1;
    boolean[] red = new boolean[t.rank()];
    for (int a : axes) red[a < 0 ? a + t.rank() : a] = true;
    for (int i = 0; i < t.rank(); i++) if (!red[i]) rows *= t.shape().dim(i);
    return rows > 0;
  }

  @TestFactory
  Stream<DynamicTest> reductionsOverAnyAxes() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Case c : CASES)
      for (DType dt : ElementwiseTest.DTYPES)
        tests.add(dynamicTest(c.name() + " " + dt, () -> Property.forAll(input(dt, c.ties())).named(c.name() + " " + dt).check(p -> {
          Tensor t = p.first();
          SplittableRandom rng = new SplittableRandom(p.second());
          int[] axes = randomAxes(t.rank(), rng);
          boolean keep = rng.nextBoolean();
          if (c.needsNonEmpty() && reducesEmpty(t, axes)) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> c.op().apply(t, axes, keep));
            assertEquals(c.name() + ": cannot reduce over a zero-size dimension of shape " + t.shape(), e.getMessage());
            return;
          }
          Ref expected = Ref.of(t).reduce(axes, keep, c.ref());
          Ref.assertClose(dt == DType.FLOAT32 ? expected.toFloat() : expected, c.op().apply(t, axes, keep), dt,
              c.name() + java.util.Arrays.toString(axes) + " keepDims=" + keep);
        })));
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> singleAxisOverloadsAndNoArgForms() {
    return ElementwiseTest.DTYPES.stream().map(dt -> dynamicTest("overloads " + dt, () ->
        Property.forAll(input(dt, true)).named("reduction overloads " + dt).check(p -> {
          Tensor t = p.first();
          Ref r = Ref.of(t);
          if (t.size() > 0) {
            assertClose(r.reduce(all(t), false, Ref::sum), t.sum(), dt, "sum()");
            assertClose(r.reduce(all(t), false, x -> Ref.sum(x) / x.length), t.mean(), dt, "mean()");
            assertClose(r.reduce(all(t), false, Ref::max), t.max(), dt, "max()");
            assertClose(r.reduce(all(t), false, Ref::min), t.min(), dt, "min()");
            assertClose(r.reduce(all(t), false, Ref::logSumExp), t.logSumExp(), dt, "logSumExp()");
          } else {
            assertEquals(0.0, t.sum().item());
            assertTrue(Double.isNaN(t.mean().item()), "mean of nothing is NaN");
            assertEquals(Double.NEGATIVE_INFINITY, t.logSumExp().item());
          }
          Property.assume(t.rank() > 0);
          int a = new SplittableRandom(p.second()).nextInt(t.rank());
          int[] ax = {a};
          assertClose(r.reduce(ax, false, Ref::sum), t.sum(a), dt, "sum(a)");
          assertClose(r.reduce(ax, true, Ref::sum), t.sum(a, true), dt, "sum(a, true)");
          assertClose(r.reduce(ax, false, x -> Ref.sum(x) / x.length), t.mean(a), dt, "mean(a)");
          assertClose(r.reduce(ax, true, x -> Ref.sum(x) / x.length), t.mean(a, true), dt, "mean(a, true)");
          assertClose(r.reduce(ax, false, Ref::logSumExp), t.logSumExp(a), dt, "logSumExp(a)");
          assertClose(r.reduce(ax, true, Ref::logSumExp), t.logSumExp(a, true), dt, "logSumExp(a, true)");
          Property.assume(t.shape().dim(a) > 0);
          assertClose(r.reduce(ax, false, Ref::max), t.max(a), dt, "max(a)");
          assertClose(r.reduce(ax, true, Ref::max), t.max(a, true), dt, "max(a, true)");
          assertClose(r.reduce(ax, false, Ref::min), t.min(a), dt, "min(a)");
          assertClose(r.reduce(ax, true, Ref::min), t.min(a, true), dt, "min(a, true)");
          // arg reductions: the first index of the extreme value (values here have ties)
          assertClose(r.reduce(ax, false, Ref::argmax), t.argmax(a).toType(dt), dt, "argmax(a)");
          assertClose(r.reduce(ax, true, Ref::argmax), t.argmax(a, true).toType(dt), dt, "argmax(a, true)");
          assertClose(r.reduce(ax, false, Ref::argmin), t.argmin(a).toType(dt), dt, "argmin(a)");
          assertClose(r.reduce(ax, true, Ref::argmin), t.argmin(a, true).toType(dt), dt, "argmin(a, true)");
          assertClose(r.reduce(ax, false, Ref::argmax), t.argmax(a - t.rank()).toType(dt), dt, "argmax(-a)");
        })));
  }

  static int[] all(Tensor t) {
    int[] a = new int[t.rank()];
    for (int i = 0; i < a.length; i++) a[i] = i;
    return a;
  }

  static void assertClose(Ref expected, Tensor actual, DType dt, String what) {
    Ref.assertClose(dt == DType.FLOAT32 ? expected.toFloat() : expected, actual, dt, what);
  }

  @TestFactory
  Stream<DynamicTest> softmaxAndLogSoftmaxAlongAnyAxis() {
    return ElementwiseTest.DTYPES.stream().map(dt -> dynamicTest("softmax " + dt, () -> {
      Gen<Gen.Pair<Tensor, Long>> g = Gen.pairs(Gens.views(Gens.tensors(dt, Gens.shapes(0, 4, 5), Domain.range(-10, 10))),
          SplittableRandom::nextLong);
      Property.forAll(g).named("softmax " + dt).check(p -> {
        Tensor t = p.first();
        int r = Math.max(1, t.rank()), a = new SplittableRandom(p.second()).nextInt(r) - (p.second() % 2 == 0 ? r : 0);
        Ref x = t.rank() == 0 ? new Ref(new int[] {1}, t.toDoubleArray()) : Ref.of(t);
        Ref sm = x.softmax(a, false), lsm = x.softmax(a, true);
        if (t.rank() == 0) {
          sm = new Ref(new int[0], sm.v);
          lsm = new Ref(new int[0], lsm.v);
        }
        assertClose(sm, t.softmax(a), dt, "softmax(" + a + ")");
        assertClose(lsm, t.logSoftmax(a), dt, "logSoftmax(" + a + ")");
      });
    }));
  }

  @Test
  void softmaxIsStableAndHandlesInfinities() {
    for (DType dt : ElementwiseTest.DTYPES) {
      Tensor big = Tensor.of(new double[] {1000, -1000, 999, 0}, 2, 2).toType(dt);
      double[] s = big.softmax(1).toDoubleArray();
      for (double v : s) assertTrue(Double.isFinite(v), "finite softmax of ±1000 logits");
      assertEquals(1 / (1 + Math.exp(-1)), big.softmax(0).toDoubleArray()[0], dt == DType.FLOAT32 ? 1e-7 : 1e-15);
      for (double v : big.logSoftmax(1).toDoubleArray()) assertTrue(Double.isFinite(v));
      assertArrayEquals(new double[] {1000, 999}, big.logSumExp(1).toDoubleArray(), 1e-9);
      double ninf = Double.NEGATIVE_INFINITY;
      Tensor masked = Tensor.of(new double[] {0, ninf, 0, ninf, ninf, ninf}, 2, 3).toType(dt);
      double[] m = masked.softmax(1).toDoubleArray();
      assertEquals(0.5, m[0]);
      assertEquals(0.0, m[1], 0.0, "exact 0 probability at -inf");
      assertEquals(0.5, m[2]);
      for (int i = 3; i < 6; i++) assertTrue(Double.isNaN(m[i]), "a row of all -inf gives NaN, like PyTorch");
      double[] lm = masked.logSoftmax(1).toDoubleArray();
      assertEquals(Math.log(0.5), lm[0], 1e-7);
      assertEquals(ninf, lm[1]);
      assertTrue(Double.isNaN(lm[3]));
      double[] lse = masked.logSumExp(1).toDoubleArray();
      assertEquals(Math.log(2), lse[0], 1e-7);
      assertEquals(ninf, lse[1], "logSumExp of all -inf is -inf");
      assertEquals(Double.POSITIVE_INFINITY, Tensor.of(new double[] {1, Double.POSITIVE_INFINITY}).toType(dt).logSumExp().item());
      assertTrue(Double.isNaN(Tensor.of(new double[] {1, Double.NaN}).toType(dt).max().item()), "max propagates NaN");
      assertEquals(1.0, Tensor.of(new double[] {0, Double.NaN, 5}).toType(dt).argmax(0).item(), "argmax picks NaN like PyTorch");
    }
  }

  @TestFactory
  Stream<DynamicTest> sumToUndoesBroadcasting() {
    return ElementwiseTest.DTYPES.stream().map(dt -> dynamicTest("sumTo " + dt, () -> {
      Gen<List<Tensor>> g = Gens.viewsOfEach(Gens.tensorList(dt, Gens.broadcastPair(0, 4, 4), Domain.ANY));
      Property.forAll(g).named("sumTo " + dt).check(l -> {
        Tensor small = l.get(0), big = l.get(0).add(l.get(1));
        Ref b = Ref.of(big);
        int[] target = small.shape().dims();
        // out[j] = Σ over the big indices that broadcast onto j
        double[] out = new double[Ref.size(target)];
        int off = b.dims.length - target.length;
        for (int i = 0; i < b.v.length; i++) {
          int[] bi = Ref.unravel(i, b.dims), ti = new int[target.length];
          for (int k = 0; k < target.length; k++) ti[k] = target[k] == 1 ? 0 : bi[k + off];
          out[Ref.ravel(ti, target)] += b.v[i];
        }
        assertClose(new Ref(target, out), big.sumTo(small.shape()), dt, "sumTo " + small.shape());
      });
    }));
  }

  @Test
  void knownReductions() {
    Tensor t = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
    assertEquals("21.", t.sum().toString());
    assertEquals("[ 6. 15.]", t.sum(1).toString());
    assertEquals("[[5. 7. 9.]]", t.sum(0, true).toString());
    assertEquals("[2. 5.]", t.mean(-1).toString());
    assertEquals("[2 2]", t.argmax(1).toString());
    assertEquals(DType.INT32, t.argmax(1).dtype());
    assertArrayEquals(new int[] {2, 2}, t.argmaxIndices());
    assertEquals("[0 0 0]", t.argmin(0).toString());
    assertEquals(21.0, t.sum(new int[] {1, 0}, false).item());
    assertEquals("[[21.]]", t.sum(new int[] {0, 1}, true).toString());
    assertEquals("[[1. 2. 3.]\n [4. 5. 6.]]", t.sum(new int[0], false).toString());
    assertEquals(6.0, Tensor.zeros(DType.FLOAT32, 0, 3).sum(0).add(2).sum().item());
  }

  @Test
  void longSumsCountEveryElementOnceAndStayAccurate() {
    // Long rows are summed in blocks by interleaved accumulators (and split across threads when rows are
    // few): integer values sum exactly in any order, so each element counts exactly once; random values
    // stay within a few ulps of an exact (BigDecimal) sum.
    SplittableRandom rng = new SplittableRandom(77);
    for (int n : new int[] {0, 1, 7, 8, 9, 4095, 4096, 4097, 8191, 8192, 8193, 100_003, 1_000_000}) {
      double[] ints = new double[2 * n], vals = new double[2 * n];
      for (int i = 0; i < 2 * n; i++) {
        ints[i] = rng.nextInt(-1000, 1000);
        vals[i] = rng.nextDouble(-1, 1);
      }
      for (DType dt : List.of(DType.FLOAT32, DType.FLOAT64)) {
        for (int rows : new int[] {1, 2}) {
          int len = 2 * n / rows;
          Tensor ti = Tensor.of(ints, rows, len).toType(dt), tv = Tensor.of(vals, rows, len).toType(dt);
          double[] si = ti.sum(1).toDoubleArray(), sv = tv.sum(1).toDoubleArray(), xv = tv.toDoubleArray();
          for (int r = 0; r < rows; r++) {
            double exact = 0;
            java.math.BigDecimal big = java.math.BigDecimal.ZERO;
            for (int i = r * len; i < (r + 1) * len; i++) {
              exact += ints[i];
              big = big.add(new java.math.BigDecimal(xv[i]));
            }
            String at = dt + " rows=" + rows + " len=" + len + " row " + r;
            assertEquals(exact, si[r], 0, at + " (integers)");
            double ref = big.doubleValue(), tol = dt == DType.FLOAT32 ? Math.ulp((float) ref) : 1e-13 * len;
            assertEquals(ref, sv[r], tol, at);
          }
        }
      }
    }
  }
}
