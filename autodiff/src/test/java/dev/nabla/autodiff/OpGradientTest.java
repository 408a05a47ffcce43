package dev.nabla.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.core.check.Property;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The gradient properties of every registry entry, in FLOAT64: reverse mode against central
 * differences, the dot-product test, grad of grad (and its refusal where not claimed), FLOAT32
 * against FLOAT64, and every error case. One dynamic test per entry and property.
 */
class OpGradientTest {
  private static final Map<String, Set<String>> EXERCISED = new ConcurrentHashMap<>();

  private static Stream<DynamicTest> perEntry(String property, java.util.function.Consumer<OpRegistry.Entry> test) {
    return OpRegistry.ENTRIES.stream().map(e -> dynamicTest(property + ": " + e.name(), () -> {
      EXERCISED.computeIfAbsent(property, k -> ConcurrentHashMap.newKeySet()).add(e.name());
      test.accept(e);
    }));
  }

  private static void requireCases(Property.Result r) {
    assertTrue(r.casesRun() > 0, r.name() + ": no case was run");
  }

  @TestFactory
  Stream<DynamicTest> vjpMatchesCentralDifferences() {
    return perEntry("vjp", e -> requireCases(GradProperty.forAll(e.inputs()).named(e.name()).cases(10)
        .options(e.options()).check(e.fn())));
  }

  @TestFactory
  Stream<DynamicTest> dotProductTest() {
    return perEntry("dot product", e -> requireCases(GradProperty.forAll(e.inputs()).named(e.name()).cases(20)
        .options(e.options()).checkFast(e.fn())));
  }

  @TestFactory
  Stream<DynamicTest> gradOfGrad() {
    return perEntry("grad of grad", e -> {
      if (e.gradGrad()) {
        requireCases(GradProperty.forAll(e.inputs()).named(e.name()).cases(4).options(e.options())
            .checkGradGrad(e.fn()));
      } else {
        List<Tensor> x = e.inputs().generate(new java.util.SplittableRandom(1));
        IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> GradCheck.checkGradGrad(e.fn(), x, 1));
        assertTrue(ex.getMessage().contains("does not support grad of grad"), ex.getMessage());
      }
    });
  }

  /** FLOAT32 gradients agree with FLOAT64 ones to float precision. */
  @TestFactory
  Stream<DynamicTest> float32GradientsMatchFloat64() {
    return perEntry("float32", e -> requireCases(Property.forAll(e.inputs()).named(e.name() + " (float32)").cases(10)
        .check(x64 -> {
          List<Tensor> x32 = x64.stream().map(t -> t.toType(DType.FLOAT32)).toList();
          List<Tensor> g64 = gradients(e, x64), g32 = gradients(e, x32);
          for (int i = 0; i < g64.size(); i++) {
            assertEquals(DType.FLOAT32, g32.get(i).dtype(), e.name() + ": gradient dtype");
            assertTrue(g32.get(i).allClose(g64.get(i), 1e-3, 1e-4),
                e.name() + ": input " + i + " float32 " + g32.get(i) + " vs float64 " + g64.get(i));
          }
        })));
  }

  /** ∂(Σ v ⊙ f(x))/∂x with a fixed weighting v, so that non-scalar outputs are covered too. */
  private static List<Tensor> gradients(OpRegistry.Entry e, List<Tensor> inputs) {
    List<Variable> xs = new ArrayList<>();
    for (Tensor t : inputs) xs.add(Variable.parameter(t));
    Variable y = e.fn().apply(xs);
    if (!y.requiresGrad()) return inputs.stream().map(t -> Tensor.zeros(t.dtype(), t.shape())).toList();
    Tensor v = Tensor.arange(DType.FLOAT64, y.size()).mul(0.37).sin().reshape(y.shape().dims()).toType(y.dtype());
    return Grad.grad(y.mul(Variable.constant(v)).sum(), xs, Grad.Unused.ZEROS); // the mask of where: no path
  }

  @TestFactory
  Stream<DynamicTest> errorCasesThrowTheDocumentedException() {
    return perEntry("errors", e -> {
      for (OpRegistry.ErrorCase c : e.errors()) {
        Throwable t = assertThrows(c.type(), c.call()::run, e.name() + ": " + c.description());
        assertEquals(c.message(), t.getMessage(), e.name() + ": " + c.description());
      }
    });
  }

  @Test
  void everyPrimitiveHasAnEntry() {
    Set<String> covered = new HashSet<>();
    for (OpRegistry.Entry e : OpRegistry.ENTRIES) for (Class<?> c : e.primitives()) covered.add(c.getName());
    Set<String> missing = new TreeSet<>();
    for (Class<?> p : Primitive.class.getPermittedSubclasses()) if (!covered.contains(p.getName())) missing.add(p.getName());
    assertTrue(missing.isEmpty(), "primitives without a registry entry: " + missing);
  }

  @Test
  void entryNamesAreUnique() {
    Set<String> names = new HashSet<>();
    for (OpRegistry.Entry e : OpRegistry.ENTRIES) assertTrue(names.add(e.name()), "duplicate entry " + e.name());
  }

  /** Every entry reached every property that ran in this class (a skipped entry fails here). */
  @AfterAll
  static void everyEntryWasExercised() {
    for (Map.Entry<String, Set<String>> p : EXERCISED.entrySet()) {
      Set<String> missed = new TreeSet<>();
      for (OpRegistry.Entry e : OpRegistry.ENTRIES) if (!p.getValue().contains(e.name())) missed.add(e.name());
      assertTrue(missed.isEmpty(), "property '" + p.getKey() + "' never exercised: " + missed);
    }
    assertFalse(EXERCISED.isEmpty() && OpRegistry.ENTRIES.isEmpty(), "empty registry");
  }
}
