package dev.nabla.autodiff;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every saved output is version-checked (issue 11, item 3), driven by the op registry: for each
 * entry, the output's value is doubled in place after the forward, then backward runs. It must
 * either refuse, naming the op, or give exactly the gradients of the untouched graph. A rule that
 * reads its output without declaring {@link Primitive#savesOutput()} gives wrong gradients
 * silently and fails here.
 */
class SavedOutputVersionTest {
  private static final Set<String> REFUSED = ConcurrentHashMap.newKeySet(), RAN = ConcurrentHashMap.newKeySet();

  @TestFactory
  Stream<DynamicTest> outputChangedInPlaceIsRefusedOrHarmless() {
    return OpRegistry.ENTRIES.stream().map(e -> dynamicTest(e.name(), () -> {
      RAN.add(e.name());
      SplittableRandom rng = new SplittableRandom(5);
      for (int c = 0; c < 4; c++) {
        List<Tensor> inputs = e.inputs().generate(rng);
        List<Tensor> expected = gradients(e, copies(inputs), false);
        List<Tensor> actual;
        try {
          actual = gradients(e, copies(inputs), true);
        } catch (IllegalStateException refused) {
          assertTrue(refused.getMessage().contains("was modified in place after it was saved"), refused.getMessage());
          REFUSED.add(e.name());
          continue;
        }
        if (actual == null) continue; // the output is a view, which cannot be written in place
        for (int i = 0; i < expected.size(); i++) {
          int at = i;
          assertTrue(actual.get(i).allClose(expected.get(i), 0, 0), () -> e.name() + ": input " + at + " gradient "
              + actual.get(at) + " after the output changed in place, instead of " + expected.get(at));
        }
      }
    }));
  }

  /** ∂⟨v, f(x)⟩/∂x (zeros where nothing arrives), doubling f(x) in place first when {@code mutate}. */
  private static List<Tensor> gradients(OpRegistry.Entry e, List<Tensor> inputs, boolean mutate) {
    List<Variable> xs = new ArrayList<>();
    for (Tensor t : inputs) xs.add(Variable.parameter(t));
    Variable y = e.fn().apply(xs);
    List<Tensor> out = new ArrayList<>();
    if (!y.requiresGrad() || y.size() == 0) {
      for (Tensor t : inputs) out.add(Tensor.zeros(t.dtype(), t.shape()));
      return out;
    }
    if (mutate) {
      if (!y.value().isWritableInPlace()) return null;
      y.value().mulInPlace(2);
    }
    Tensor v = Tensor.arange(DType.FLOAT64, y.size()).mul(0.37).sin().add(0.5).reshape(y.shape().dims());
    y.backward(v);
    for (Variable x : xs) out.add(x.grad() == null ? Tensor.zeros(x.dtype(), x.shape()) : x.grad());
    return out;
  }

  private static List<Tensor> copies(List<Tensor> ts) {
    List<Tensor> out = new ArrayList<>();
    for (Tensor t : ts) out.add(t.mul(1.0));
    return out;
  }

  /** When every entry ran: the families that save their output were refused (the test is not vacuous). */
  @AfterAll
  static void outputSavingOpsWereRefused() {
    if (RAN.size() < OpRegistry.ENTRIES.size()) return; // a filtered run
    for (String name : List.of("exp", "sqrt", "reciprocal", "tanh", "sigmoid", "pow", "logSumExp", "max",
        "logSoftmax(axis -1)", "softmax(axis -1)", "crossEntropyRows", "custom function (differentiable backward)"))
      assertTrue(REFUSED.contains(name), name + " was never refused after its output changed: " + REFUSED);
  }
}
