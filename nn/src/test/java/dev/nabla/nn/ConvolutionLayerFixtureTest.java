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
  private static final String[] LAYERS = {"Conv1d", "Conv2d", "MaxPool2d", "AvgPool2d", "AdaptiveAvgPool2d"};

  /** The layer a fixture describes, in FLOAT64 (parameters random until the fixture's state is loaded). */
  static Module build(LayerFixtures.Fixture f) {
    var rng = new SplittableRandom(0);
    int k = (int) f.arg("kernel_size", 1), stride = (int) f.arg("stride", f.layer().contains("Pool") ? k : 1),
        pad = (int) f.arg("padding", 0), dil = (int) f.arg("dilation", 1), groups = (int) f.arg("groups", 1);
    boolean bias = !Boolean.FALSE.equals(f.args().get("bias"));
    return switch (f.layer()) {
      case "Conv1d" -> new Conv1d(f.intArg("in_channels"), f.intArg("out_channels"), k, stride, pad, dil, groups, bias,
          DType.FLOAT64, rng);
      case "Conv2d" -> new Conv2d(f.intArg("in_channels"), f.intArg("out_channels"), new int[] {k, k},
          new int[] {stride, stride}, new int[] {pad, pad}, new int[] {dil, dil}, groups, bias, DType.FLOAT64, rng);
      case "MaxPool2d" -> new MaxPool2d(k, stride, pad);
      case "AvgPool2d" -> new AvgPool2d(k, stride, pad);
      case "AdaptiveAvgPool2d" -> new AdaptiveAvgPool2d(f.intArg("output_size"));
      default -> throw new IllegalArgumentException("no convolution layer " + f.layer() + " (fixture " + f + ")");
    };
  }

  @TestFactory
  Stream<DynamicTest> matchesPyTorch() {
    return LayerFixtures.of(LAYERS).stream().map(c -> dynamicTest(c.name(), () -> {
      Module layer = build(c);
      layer.load(c.state()); // strict: names and shapes must be PyTorch's
      Map<String, Tensor> io = c.io();
      Variable x = Variable.parameter(io.get("input"));
      Variable y = layer.forward(x);
      LayerFixtures.assertRelClose(io.get("output"), y.value(), c.name() + ": output");
      LayerFixtures.backwardWeighted(y, io.get("w"));
      LayerFixtures.assertRelClose(io.get("grad.input"), x.grad(), c.name() + ": grad.input");
      Set<String> expected = new TreeSet<>(), actual = new TreeSet<>(layer.namedParameters().keySet());
      for (String k : io.keySet()) if (k.startsWith("grad.") && !k.equals("grad.input")) expected.add(k.substring(5));
      assertEquals(expected, actual, c.name() + ": parameters");
      for (var p : layer.namedParameters().entrySet()) {
        assertNotNull(p.getValue().grad(), c.name() + ": no gradient for " + p.getKey());
        LayerFixtures.assertRelClose(io.get("grad." + p.getKey()), p.getValue().grad(), c.name() + ": grad." + p.getKey());
      }
    }));
  }

  @Test
  void everyConvolutionAndPoolingLayerHasAFixture() {
    Set<String> layers = new TreeSet<>();
    for (LayerFixtures.Fixture c : LayerFixtures.of(LAYERS)) layers.add(c.layer());
    assertEquals(new TreeSet<>(List.of(LAYERS)), layers);
    assertTrue(LayerFixtures.of(LAYERS).size() >= 13, "fixtures: " + LayerFixtures.of(LAYERS));
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
