package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Conv1d, Conv2d, MaxPool2d, AvgPool2d and AdaptiveAvgPool2d against PyTorch 1.13 (FLOAT64 fixtures): the state
 * loads strictly by its state_dict names; output and the gradients of L = Σ w ⊙ output with respect to the input
 * and every parameter match to 1e-9 relative.
 */
class ConvolutionLayerFixtureTest {
  private static final double RTOL = 1e-9, ATOL = 1e-12;

  @TestFactory
  Stream<DynamicTest> matchesPyTorch() {
    return ConvFixtures.cases().stream().map(c -> dynamicTest(c.name(), () -> {
      Module layer = ConvFixtures.layer(c);
      layer.load(c.state()); // strict: names and shapes must be PyTorch's
      Map<String, Tensor> io = ConvFixtures.io(c);
      Variable x = Variable.parameter(io.get("input"));
      Variable y = layer.forward(x);
      Fixtures.assertClose(io.get("output"), y.value(), ATOL, RTOL, c.name() + ": output");
      y.mul(Variable.constant(io.get("w"))).sum().backward();
      Fixtures.assertClose(io.get("grad.input"), x.grad(), ATOL, RTOL, c.name() + ": grad.input");
      Set<String> expected = new TreeSet<>(), actual = new TreeSet<>(layer.namedParameters().keySet());
      for (String k : io.keySet()) if (k.startsWith("grad.") && !k.equals("grad.input")) expected.add(k.substring(5));
      assertEquals(expected, actual, c.name() + ": parameters");
      for (var p : layer.namedParameters().entrySet()) {
        assertNotNull(p.getValue().grad(), c.name() + ": no gradient for " + p.getKey());
        Fixtures.assertClose(io.get("grad." + p.getKey()), p.getValue().grad(), ATOL, RTOL,
            c.name() + ": grad." + p.getKey());
      }
    }));
  }

  @Test
  void everyConvolutionAndPoolingLayerHasAFixture() {
    Set<String> layers = new TreeSet<>();
    for (ConvFixtures.Case c : ConvFixtures.cases()) layers.add(c.layer());
    assertEquals(new TreeSet<>(List.of("Conv1d", "Conv2d", "MaxPool2d", "AvgPool2d", "AdaptiveAvgPool2d")), layers);
    assertTrue(ConvFixtures.cases().size() >= 13, "fixtures: " + ConvFixtures.cases());
  }

  /** PyTorch's default initialisation bounds and layouts, and the contract constructors. */
  @Test
  void defaultInitialisationAndShapes() {
    var rng = new SplittableRandom(3);
    var conv = new Conv2d(4, 6, 3, rng);
    assertEquals(DType.FLOAT32, conv.weight().dtype());
    assertEquals(List.of(6, 4, 3, 3), dims(conv.weight().value()));
    double bound = 1 / Math.sqrt(4 * 9);
    for (double v : conv.weight().value().toDoubleArray()) assertTrue(Math.abs(v) <= bound, "weight " + v);
    for (double v : conv.bias().value().toDoubleArray()) assertTrue(Math.abs(v) <= bound, "bias " + v);
    assertTrue(conv.weight().value().abs().max().item() > bound / 2, "weights spread over the range");
    var strided = new Conv2d(3, 8, 3, 2, 1, rng);
    Variable y = strided.forward(Variable.constant(Tensor.zeros(DType.FLOAT32, 2, 3, 9, 9)));
    assertEquals(List.of(2, 8, 5, 5), dims(y.value()));
    var grouped = new Conv2d(4, 6, new int[] {3, 1}, new int[] {1, 1}, new int[] {1, 0}, new int[] {1, 1}, 2, false,
        DType.FLOAT64, rng);
    assertEquals(List.of(6, 2, 3, 1), dims(grouped.weight().value()));
    assertEquals(Set.of("weight"), grouped.namedParameters().keySet());
    var c1 = new Conv1d(3, 4, 5, rng);
    assertEquals(List.of(4, 3, 5), dims(c1.weight().value()));
    assertEquals(List.of(2, 4, 6), dims(c1.forward(Variable.constant(Tensor.zeros(DType.FLOAT32, 2, 3, 10))).value()));
    Variable p = new MaxPool2d(2).forward(Variable.constant(Tensor.zeros(DType.FLOAT32, 2, 3, 9, 8)));
    assertEquals(List.of(2, 3, 4, 4), dims(p.value()));
    assertEquals(List.of(2, 3, 4, 4), dims(new AvgPool2d(2).forward(Variable.constant(Tensor.zeros(DType.FLOAT32,
        2, 3, 9, 8))).value()));
    assertEquals(List.of(2, 3, 1, 1), dims(new AdaptiveAvgPool2d(1).forward(Variable.constant(Tensor.zeros(
        DType.FLOAT32, 2, 3, 9, 8))).value()));
    assertEquals("Conv2d(3, 8, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1))", strided.toString());
    assertEquals("MaxPool2d(kernel_size=2, stride=2, padding=0)", new MaxPool2d(2).toString());
  }

  private static List<Integer> dims(Tensor t) {
    return java.util.Arrays.stream(t.shape().dims()).boxed().toList();
  }

  @Test
  void layersRefuseBadArguments() {
    var rng = new SplittableRandom(1);
    var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new Conv2d(4, 6, new int[] {3, 3}, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 4, true,
            DType.FLOAT32, rng));
    assertEquals("Conv2d: groups 4 must divide in_channels 4 and out_channels 6", e.getMessage());
    e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(0));
    assertEquals("MaxPool2d: kernel [0, 0] must be two positive values", e.getMessage());
    var conv = new Conv2d(3, 4, 3, rng);
    e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> conv.forward(Variable.constant(Tensor.zeros(DType.FLOAT64, 1, 3, 5, 5))));
    assertEquals("Conv2d(3, 4, kernel_size=(3, 3), stride=(1, 1)): input is FLOAT64 [1, 3, 5, 5] but the parameters"
        + " are FLOAT32; convert the input with Tensor.toType", e.getMessage());
  }
}
