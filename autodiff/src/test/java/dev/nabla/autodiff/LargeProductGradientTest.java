package dev.nabla.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.core.check.Property;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The registry's {@link OpRegistry#LARGE_PRODUCTS}: matmul and linear above the blocked GEMM's
 * two-thread threshold, where the small registry shapes never go. Each is checked cheaply, with
 * the one-direction dot-product test in FLOAT64 (the double GEMM), and FLOAT32 outputs and gradients
 * against FLOAT64 ones (the float GEMM, including the x·Wᵀ row-panel kernel).
 */
class LargeProductGradientTest {
  private static Stream<DynamicTest> perEntry(String property, java.util.function.Consumer<OpRegistry.Entry> test) {
    return OpRegistry.LARGE_PRODUCTS.stream().map(e -> dynamicTest(property + ": " + e.name(), () -> test.accept(e)));
  }

  @TestFactory
  Stream<DynamicTest> dotProductTestAboveTheParallelThreshold() {
    return perEntry("dot product", e -> assertEquals(3, GradProperty.forAll(e.inputs()).named(e.name()).cases(3)
        .checkFast(e.fn()).casesRun()));
  }

  @TestFactory
  Stream<DynamicTest> float32MatchesFloat64AboveTheParallelThreshold() {
    return perEntry("float32", e -> Property.forAll(e.inputs()).named(e.name() + " (float32)").cases(2).check(x64 -> {
      List<Tensor> x32 = x64.stream().map(t -> t.toType(DType.FLOAT32)).toList();
      Result r64 = run(e, x64), r32 = run(e, x32);
      assertClose(e.name() + ": output", r64.y, r32.y);
      for (int i = 0; i < r64.grads.size(); i++) assertClose(e.name() + ": gradient " + i, r64.grads.get(i), r32.grads.get(i));
    }));
  }

  private record Result(Tensor y, List<Tensor> grads) {}

  /** The output and ∂(Σ v ⊙ y)/∂x for a fixed weighting v. */
  private static Result run(OpRegistry.Entry e, List<Tensor> inputs) {
    List<Variable> xs = new ArrayList<>();
    for (Tensor t : inputs) xs.add(Variable.parameter(t));
    Variable y = e.fn().apply(xs);
    Tensor v = Tensor.arange(DType.FLOAT64, y.size()).mul(0.37).sin().reshape(y.shape().dims()).toType(y.dtype());
    return new Result(y.value(), Grad.grad(y.mul(Variable.constant(v)).sum(), xs));
  }

  /** Sums of a few hundred products of O(1) terms: float keeps about 1e-5 of their magnitude. */
  private static void assertClose(String what, Tensor expected, Tensor actual) {
    assertEquals(DType.FLOAT32, actual.dtype(), what);
    double[] a = expected.toDoubleArray(), b = actual.toDoubleArray();
    assertEquals(a.length, b.length, what);
    for (int i = 0; i < a.length; i++)
      assertTrue(Math.abs(a[i] - b[i]) <= 1e-4 + 1e-4 * Math.abs(a[i]),
          what + " element " + i + ": float32 " + b[i] + " vs float64 " + a[i]);
  }
}
