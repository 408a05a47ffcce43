package dev.nabla.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.core.check.Property;
import dev.nabla.core.kernel.BinaryOp;
import dev.nabla.core.kernel.UnaryOp;
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
        .check(e.fn())));
  }

  @TestFactory
  Stream<DynamicTest> dotProductTest() {
    return perEntry("dot product", e -> requireCases(GradProperty.forAll(e.inputs()).named(e.name()).cases(20)
        .checkFast(e.fn())));
  }

  @TestFactory
  Stream<DynamicTest> gradOfGrad() {
    return perEntry("grad of grad", e -> {
      if (e.gradGrad()) {
        requireCases(GradProperty.forAll(e.inputs()).named(e.name()).cases(4)
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

  /** The primitive classes that registry entries name. */
  private static Set<Class<?>> covered() {
    Set<Class<?>> covered = new HashSet<>();
    for (OpRegistry.Entry e : OpRegistry.ENTRIES) covered.addAll(e.primitives());
    return covered;
  }

  /** The concrete classes under a sealed type, found by walking its permitted subclasses down. */
  private static void concrete(Class<?> type, Set<Class<?>> out) {
    if (!type.isSealed()) {
      out.add(type);
      return;
    }
    for (Class<?> sub : type.getPermittedSubclasses()) concrete(sub, out);
  }

  @Test
  void everyPrimitiveHasAnEntry() {
    Set<Class<?>> all = new HashSet<>();
    concrete(Primitive.class, all);
    assertTrue(all.size() > 40, "walked only " + all);
    Set<Class<?>> covered = covered();
    Set<String> missing = new TreeSet<>();
    for (Class<?> p : all) if (!covered.contains(p)) missing.add(p.getName());
    assertTrue(missing.isEmpty(), "primitives without a registry entry: " + missing);
  }

  /** Every UnaryOp and BinaryOp of core has a rule, and the rule's primitive has a registry entry. */
  @Test
  void everyOpEnumConstantHasARuleAndAnEntry() {
    Set<Class<?>> covered = covered();
    Set<String> missing = new TreeSet<>();
    for (UnaryOp op : UnaryOp.values()) {
      Pointwise rule = Pointwise.rule(op);
      if (rule == null) missing.add(op + " (no rule)");
      else if (!covered.contains(rule.getClass())) missing.add(op + " (rule " + rule.name() + " has no entry)");
    }
    for (BinaryOp op : BinaryOp.values()) {
      Pointwise rule = Pointwise.rule(op);
      if (rule != null && !covered.contains(rule.getClass())) missing.add(op + " (rule " + rule.name() + " has no entry)");
    }
    assertTrue(missing.isEmpty(), "ops without a rule or a registry entry: " + missing);
  }

  /**
   * The binary ops without a rule are the comparisons: on Variables they give a constant (no
   * gradient, no graph node) holding 0 or 1, the same values as on tensors. A differentiable op
   * left without a rule fails here (its values are not all 0 or 1).
   */
  @Test
  void opsWithoutARuleAreComparisonsGivingConstants() {
    java.util.SplittableRandom rng = new java.util.SplittableRandom(7);
    Tensor a = Tensor.randn(DType.FLOAT64, rng, 4, 3), b = Tensor.randn(DType.FLOAT64, rng, 3);
    a = a.sub(a.mul(a.lt(0.3).mul(a.gt(-0.3)))); // some elements of a at 0 ...
    Tensor bRow = b.mul(b.lt(0.3).mul(b.gt(-0.3)).neg().add(1)); // ... and of b, so that some pairs tie
    int constants = 0;
    for (BinaryOp op : BinaryOp.values()) {
      if (Pointwise.rule(op) != null) continue;
      constants++;
      Variable x = Variable.parameter(a), y = Variable.parameter(bRow);
      Variable z = x.map(op, y);
      assertFalse(z.requiresGrad(), op + " requires grad");
      assertTrue(z.isLeaf(), op + " recorded a node");
      assertTrue(z.value().allClose(a.map(op, bRow), 0, 0), op + ": values differ from Tensor's");
      for (double v : z.value().toDoubleArray()) assertTrue(v == 0 || v == 1, op + " gave " + v + ", not 0 or 1");
    }
    assertEquals(6, constants, "comparisons without a rule");
  }

  /** Each entry's function really reaches every primitive the entry names (not just claims it). */
  @TestFactory
  Stream<DynamicTest> everyEntryReachesItsPrimitives() {
    return OpRegistry.ENTRIES.stream().map(e -> dynamicTest("reaches: " + e.name(), () -> {
      List<Variable> xs = new ArrayList<>();
      for (Tensor t : e.inputs().generate(new java.util.SplittableRandom(3))) xs.add(Variable.parameter(t));
      Set<Class<?>> reached = new HashSet<>();
      List<Variable> todo = new ArrayList<>(List.of(e.fn().apply(xs)));
      Set<Variable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
      while (!todo.isEmpty()) {
        Variable v = todo.remove(todo.size() - 1);
        if (!seen.add(v) || v.op == null) continue;
        reached.add(v.op.getClass());
        todo.addAll(List.of(v.inputs));
      }
      Set<String> unreached = new TreeSet<>();
      for (Class<?> c : e.primitives()) if (!reached.contains(c)) unreached.add(c.getSimpleName());
      assertTrue(unreached.isEmpty(), e.name() + " names primitives it never reaches: " + unreached);
    }));
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
