package dev.nabla.core.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.DType;
import dev.nabla.core.Shape;
import dev.nabla.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The checking layer checks itself: failures, shrinking, reproducibility, generator coverage. */
class PropertyTest {
  private static final Gen<Tensor> NON_NEGATIVE = Gens.tensors(DType.FLOAT64, Gens.shapes(0, 4, 6), Domain.range(0, 2));

  private static void sumBelowFive(Tensor t) {
    double s = t.sum().item();
    if (!(s < 5)) throw new AssertionError("sum " + s + " >= 5");
  }

  @Test
  void falsePropertyFailsWithSeedAndShrunkCase() {
    var p = Property.forAll(NON_NEGATIVE).named("sum of tensor < 5").seed(42).cases(100);
    PropertyFailure f = assertThrows(PropertyFailure.class, () -> p.check(PropertyTest::sumBelowFive));
    String m = f.getMessage();
    System.out.println("Example failure message:\n" + m);
    assertTrue(m.startsWith("Property 'sum of tensor < 5' failed on case " + f.caseIndex() + " of 100 (seed 42, case seed 0x"), m);
    assertTrue(m.contains("-Dnabla.check.seed=42"), m);
    assertTrue(m.contains("Original input:\n  FLOAT64 "), m);
    assertTrue(m.contains("Shrunk input ("), m);
    assertTrue(m.contains("Failure: java.lang.AssertionError: sum "), m);
    Tensor original = (Tensor) f.originalInput(), shrunk = (Tensor) f.shrunkInput();
    assertTrue(m.contains(original.shape().toString()) && m.contains(shrunk.shape().toString()), m);
    assertTrue(shrunk.size() < original.size(), "shrunk " + shrunk.shape() + " smaller than " + original.shape());
    assertTrue(shrunk.size() <= 6, "shrunk to a small case: " + shrunk.shape());
    assertTrue(f.shrinkSteps() > 0);
    assertTrue(shrunk.sum().item() >= 5, "the shrunk case still fails");
    for (double v : shrunk.toDoubleArray()) assertTrue(v >= 0 && v <= 2, "shrinking stays in the domain: " + v);
    assertInstanceOf(AssertionError.class, f.getCause());
    assertTrue(f.getCause().getMessage().startsWith("sum "));
    assertEquals(42, f.seed());
    assertEquals(p.caseSeed(f.caseIndex()), f.caseSeed());
  }

  @Test
  void failureIsReproducibleFromTheSeedAndFromTheCaseSeed() {
    var p = Property.forAll(NON_NEGATIVE).seed(7);
    PropertyFailure a = assertThrows(PropertyFailure.class, () -> p.check(PropertyTest::sumBelowFive));
    PropertyFailure b = assertThrows(PropertyFailure.class, () -> p.check(PropertyTest::sumBelowFive));
    assertEquals(a.getMessage(), b.getMessage());
    PropertyFailure c = assertThrows(PropertyFailure.class, () -> p.replay(a.caseSeed(), PropertyTest::sumBelowFive));
    assertEquals(Arrays.toString(((Tensor) a.originalInput()).toDoubleArray()),
        Arrays.toString(((Tensor) c.originalInput()).toDoubleArray()));
    assertTrue(c.getMessage().contains("replayed case"), c.getMessage());
    PropertyFailure d = assertThrows(PropertyFailure.class, () -> p.checkCase(a.caseIndex(), PropertyTest::sumBelowFive));
    assertEquals(a.getMessage(), d.getMessage());
  }

  @Test
  void sameSeedSameCasesOtherSeedOtherCases() {
    var p = Property.forAll(NON_NEGATIVE).seed(123);
    var q = Property.forAll(NON_NEGATIVE).seed(123);
    var r = Property.forAll(NON_NEGATIVE).seed(124);
    int differ = 0;
    for (int i = 0; i < 20; i++) {
      Tensor a = p.sample(i), b = q.sample(i), c = r.sample(i);
      assertEquals(a.shape(), b.shape());
      assertTrue(Arrays.equals(a.toDoubleArray(), b.toDoubleArray()));
      if (!a.shape().equals(c.shape()) || !Arrays.equals(a.toDoubleArray(), c.toDoubleArray())) differ++;
    }
    assertTrue(differ >= 15, "another seed gives other cases");
    assertNotEquals(p.caseSeed(0), p.caseSeed(1));
  }

  @Test
  void truePropertyPassesAndReportsCaseCount() {
    List<Tensor> seen = new ArrayList<>();
    var result = Property.forAll(NON_NEGATIVE).named("sum is non-negative").cases(37)
        .check(t -> { seen.add(t); if (t.sum().item() < 0) throw new AssertionError(); });
    assertEquals(37, result.casesRun());
    assertEquals(0, result.discarded());
    assertEquals("sum is non-negative", result.name());
    assertEquals(37, seen.size());
    assertEquals(Property.DEFAULT_CASES, Property.forAll(NON_NEGATIVE).checkThat(t -> true).casesRun());
  }

  @Test
  void predicateFormAndAssume() {
    PropertyFailure f = assertThrows(PropertyFailure.class,
        () -> Property.forAll(Gen.ints(0, 1000)).checkThat(i -> i < 500));
    assertEquals(500, f.shrunkInput(), "integers shrink to the boundary");
    assertTrue(f.getMessage().contains("property returned false"), f.getMessage());
    var r = Property.forAll(Gen.ints(0, 9)).cases(50).check(i -> {
      Property.assume(i % 2 == 0);
      if (i % 2 != 0) throw new AssertionError("assume let an odd value through");
    });
    assertEquals(50, r.casesRun());
    assertTrue(r.discarded() > 0);
    PropertyFailure g = assertThrows(PropertyFailure.class,
        () -> Property.forAll(Gen.ints(0, 9)).cases(5).check(i -> Property.assume(false)));
    assertTrue(g.getMessage().contains("discarded"), g.getMessage());
  }

  @Test
  void shrinkingKeepsTheFailureKind() {
    // Fails with IllegalStateException for rank >= 3; the shrinker must not wander to a different failure.
    Gen<Shape> shapes = Gens.shapesNonEmpty(0, 4, 5);
    PropertyFailure f = assertThrows(PropertyFailure.class, () -> Property.forAll(shapes).check(s -> {
      if (s.rank() >= 3) throw new IllegalStateException("rank " + s.rank());
    }));
    assertEquals(Shape.of(1, 1, 1), f.shrunkInput());
    assertInstanceOf(IllegalStateException.class, f.getCause());
  }

  @Test
  void defaultSeedAndCasesComeFromSystemProperties() {
    String oldSeed = System.getProperty(Property.SEED_PROPERTY), oldCases = System.getProperty(Property.CASES_PROPERTY);
    try {
      System.setProperty(Property.SEED_PROPERTY, "0x2a");
      System.setProperty(Property.CASES_PROPERTY, "12");
      var p = Property.forAll(NON_NEGATIVE);
      assertEquals(42, p.seed());
      assertEquals(12, p.cases());
      assertEquals(12, p.checkThat(t -> true).casesRun());
      System.setProperty(Property.SEED_PROPERTY, "oops");
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Property.forAll(NON_NEGATIVE));
      assertEquals("nabla.check.seed must be a long, got 'oops'", e.getMessage());
    } finally {
      restore(Property.SEED_PROPERTY, oldSeed);
      restore(Property.CASES_PROPERTY, oldCases);
    }
    if (oldSeed == null) assertEquals(Property.DEFAULT_SEED, Property.defaultSeed());
  }

  private static void restore(String key, String value) {
    if (value == null) System.clearProperty(key);
    else System.setProperty(key, value);
  }

  // ---------------------------------------------------------------- generators

  @Test
  void shapesCoverRanksSizeOneAndZero() {
    Set<Integer> ranks = new HashSet<>();
    boolean one = false, zero = false;
    SplittableRandom rng = new SplittableRandom(1);
    Gen<Shape> g = Gens.shapes(0, 4, 5);
    for (int i = 0; i < 500; i++) {
      Shape s = g.generate(rng);
      ranks.add(s.rank());
      for (int d : s.dims()) {
        assertTrue(d >= 0 && d <= 5);
        one |= d == 1;
        zero |= d == 0;
      }
    }
    assertEquals(Set.of(0, 1, 2, 3, 4), ranks);
    assertTrue(one && zero);
    Gen<Shape> ne = Gens.shapesNonEmpty(1, 3, 4);
    for (int i = 0; i < 300; i++) {
      Shape s = ne.generate(rng);
      assertTrue(s.rank() >= 1 && s.rank() <= 3 && s.size() > 0, s.toString());
    }
    for (Shape c : ne.shrink(Shape.of(4, 3)))
      assertTrue(c.rank() >= 1 && c.size() < 12, "shrinks respect minRank and get smaller: " + c);
  }

  @Test
  void broadcastShapesBroadcastAndVary() {
    SplittableRandom rng = new SplittableRandom(2);
    Gen<List<Shape>> g = Gens.broadcastPair(0, 4, 4);
    boolean rankDiff = false, sizeOneVsBigger = false;
    for (int i = 0; i < 500; i++) {
      List<Shape> p = g.generate(rng);
      Shape.broadcast("test", p.get(0), p.get(1)); // throws if incompatible
      rankDiff |= p.get(0).rank() != p.get(1).rank();
      Shape a = p.get(0), b = p.get(1);
      for (int k = 1; k <= Math.min(a.rank(), b.rank()); k++)
        sizeOneVsBigger |= a.dim(-k) == 1 && b.dim(-k) > 1 || b.dim(-k) == 1 && a.dim(-k) > 1;
      for (List<Shape> c : g.shrink(p)) Shape.broadcast("shrunk", c.get(0), c.get(1));
    }
    assertTrue(rankDiff && sizeOneVsBigger);
  }

  @Test
  void tensorsStayInTheirDomainAndShrinkInside() {
    SplittableRandom rng = new SplittableRandom(3);
    for (Domain d : List.of(Domain.ANY, Domain.POSITIVE, Domain.AWAY_FROM_ZERO, Domain.UNIT, Domain.range(3, 4),
        Domain.awayFrom(0, 1))) {
      for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) { // the floating dtypes
        Gen<Tensor> g = Gens.tensors(dt, d);
        for (int i = 0; i < 50; i++) {
          Tensor t = g.generate(rng);
          assertEquals(dt, t.dtype());
          for (double v : t.toDoubleArray()) assertTrue(d.contains((float) v) || d.contains(v), () -> d + " holds " + v + " in " + t.shape());
          for (Tensor c : g.shrink(t)) {
            assertTrue(c.size() <= t.size());
            assertEquals(dt, c.dtype());
            for (double v : c.toDoubleArray()) assertTrue(d.contains((float) v) || d.contains(v), () -> d + " holds shrunk " + v + " of " + c.shape() + " from " + t.shape());
          }
        }
      }
    }
    assertFalse(Domain.AWAY_FROM_ZERO.contains(0.05));
    assertEquals(0.0, Domain.ANY.simplest());
    assertEquals(1.0, Domain.POSITIVE.simplest());
    assertEquals(3.0, Domain.range(3, 4).simplest());
  }

  @Test
  void viewsKeepValuesInStridedLayouts() {
    SplittableRandom rng = new SplittableRandom(4);
    Gen<Tensor> base = Gens.tensors(DType.FLOAT32, Gens.shapes(0, 4, 4), Domain.ANY);
    int strided = 0;
    for (int i = 0; i < 300; i++) {
      Tensor t = base.generate(rng);
      Tensor v = Gens.nonContiguous(t, rng);
      assertEquals(t.shape(), v.shape());
      assertEquals(t.dtype(), v.dtype());
      assertTrue(Arrays.equals(t.toDoubleArray(), v.toDoubleArray()), "same values");
      if (!v.isContiguous()) strided++;
    }
    assertTrue(strided > 100, "many layouts are strided: " + strided);
    Gen<Tensor> views = Gens.views(base);
    int expanded = 0;
    for (int i = 0; i < 300; i++) {
      Tensor v = views.generate(rng);
      for (int s : v.strides()) if (s == 0) { expanded++; break; }
    }
    assertTrue(expanded > 20, "some views broadcast with stride 0: " + expanded);
  }

  @Test
  void combinators() {
    SplittableRandom rng = new SplittableRandom(5);
    Gen<String> abc = Gen.of("a", "b", "c");
    assertEquals(List.of("a", "b"), abc.shrink("c"));
    Gen<Integer> even = Gen.ints(0, 100).filter(i -> i % 2 == 0);
    for (int i = 0; i < 50; i++) assertEquals(0, even.generate(rng) % 2);
    for (int c : even.shrink(64)) assertEquals(0, c % 2);
    Gen<Object> mixed = Gen.oneOf(Gen.ints(5, 9), Gen.of("x", "y"));
    Set<Class<?>> kinds = new HashSet<>();
    for (int i = 0; i < 50; i++) kinds.add(mixed.generate(rng).getClass());
    assertEquals(Set.of(Integer.class, String.class), kinds);
    assertEquals(List.of(5, 7, 8), mixed.shrink(9));
    assertEquals(List.of("x"), mixed.shrink("y"));
    assertThrows(IllegalStateException.class, () -> Gen.ints(0, 10).filter(i -> i > 10).generate(rng));
    Gen<Integer> len = Gen.of(1, 2, 3).map(i -> i * 10);
    assertTrue(List.of(10, 20, 30).contains(len.generate(rng)));
    assertEquals(List.of(), len.shrink(20));
  }
}
