package dev.nabla.nn;

import static dev.nabla.nn.Fixtures.assertClose;
import static dev.nabla.nn.Fixtures.doubles;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autodiff.GradCheck;
import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import dev.nabla.core.Shape;
import dev.nabla.core.Tensor;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ModuleTest {
  static final SplittableRandom RNG = new SplittableRandom(0);

  /** A module with a parameter of its own and a nested child, for naming. */
  static final class Block extends Module {
    final Variable scale;
    final Sequential body;

    Block(SplittableRandom rng) {
      scale = registerParameter("scale", Tensor.ones(DType.FLOAT32, 2));
      body = registerModule("body", new Sequential(new Linear(2, 2, rng), new Tanh()));
    }

    @Override
    public Variable forward(Variable x) {
      return body.forward(x).mul(scale);
    }
  }

  @Test
  void namedParametersFollowPyTorchStateDictNames() {
    var m = new Sequential(new Linear(784, 256, RNG), new ReLU(), new Linear(256, 10, RNG));
    assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(m.namedParameters().keySet()));
    assertEquals(List.copyOf(m.namedParameters().values()), m.parameters());
    assertEquals(784 * 256 + 256 + 256 * 10 + 10, m.parameterCount());
    var nested = new Sequential(new Block(RNG), new Sequential(new Block(RNG)));
    assertEquals(List.of("0.scale", "0.body.0.weight", "0.body.0.bias", "1.0.scale", "1.0.body.0.weight",
        "1.0.body.0.bias"), List.copyOf(nested.namedParameters().keySet()));
  }

  @Test
  void sharedParametersAreListedOnce() {
    var shared = new Linear(3, 3, RNG);
    var m = new Sequential(shared, new ReLU(), shared);
    assertEquals(4, m.namedParameters().size());
    assertEquals(2, m.parameters().size());
  }

  /** PyTorch's parameter layout ([out, in], [out]) and default init range U(±1/√in). */
  @Test
  void linearHasPyTorchsLayoutAndDefaultInitRange() {
    var layer = new Linear(50, 40, new SplittableRandom(1));
    assertEquals(Shape.of(40, 50), layer.weight().shape());
    assertEquals(Shape.of(40), layer.bias().shape());
    assertEquals(DType.FLOAT32, layer.weight().dtype());
    double bound = 1 / Math.sqrt(50);
    for (double w : layer.weight().value().toDoubleArray()) assertTrue(Math.abs(w) <= bound);
    for (double b : layer.bias().value().toDoubleArray()) assertTrue(Math.abs(b) <= bound);
    double max = 0;
    for (double w : layer.weight().value().toDoubleArray()) max = Math.max(max, Math.abs(w));
    assertTrue(max > 0.95 * bound, "uniform over the whole range");
    // batched leading dims
    assertEquals(Shape.of(2, 3, 40), layer.forward(Variable.constant(Tensor.zeros(DType.FLOAT32, 2, 3, 50))).shape());
  }

  /**
   * torch.nn.Linear in float64 (fixtures/linear.json, from make_linear_fixture.py): the output and the
   * gradients of Σ v ⊙ y for x, weight and bias, for a [4, 5] input, a [2, 3, 5] one, and a [2, 13, 20]
   * one with 24 outputs whose products take the blocked GEMM.
   */
  @Test
  void linearMatchesPyTorchForwardAndBackward() {
    for (Object o : Fixtures.list(Fixtures.json("linear.json").get("cases"))) {
      Map<String, Object> c = Fixtures.map(o);
      Variable w = Variable.parameter(Fixtures.tensor(c.get("weight"))), b = Variable.parameter(Fixtures.tensor(c.get("bias")));
      Variable x = Variable.parameter(Fixtures.tensor(c.get("x")));
      String what = "Linear " + w.shape() + " on x " + x.shape();
      Variable y = new Linear(w, b).forward(x);
      assertClose(Fixtures.tensor(c.get("y")), y.value(), 1e-13, 1e-13, what + ": y");
      y.backward(Fixtures.tensor(c.get("v")));
      assertClose(Fixtures.tensor(c.get("grad_x")), x.grad(), 1e-13, 1e-13, what + ": grad x");
      assertClose(Fixtures.tensor(c.get("grad_weight")), w.grad(), 1e-13, 1e-13, what + ": grad weight");
      assertClose(Fixtures.tensor(c.get("grad_bias")), b.grad(), 1e-13, 1e-13, what + ": grad bias");
    }
  }

  @Test
  void linearOptions() {
    var noBias = new Linear(3, 2, RNG, DType.FLOAT64, false);
    assertNull(noBias.bias());
    assertEquals(List.of("weight"), List.copyOf(noBias.namedParameters().keySet()));
    assertEquals(DType.FLOAT64, noBias.weight().dtype());
    assertEquals("Linear(in_features=3, out_features=2, bias=false)", noBias.toString());
    var e = assertThrows(IllegalArgumentException.class,
        () -> noBias.forward(Variable.constant(Tensor.zeros(DType.FLOAT64, 4, 5))));
    assertTrue(e.getMessage().contains("[4, 5]") && e.getMessage().contains("3 features"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> noBias.forward(Variable.constant(Tensor.zeros(DType.FLOAT32, 4, 3))));
    assertTrue(e.getMessage().contains("FLOAT32") && e.getMessage().contains("FLOAT64"), e.getMessage());
  }

  @Test
  void trainAndEvalPropagate() {
    var drop = new Dropout(0.5, RNG);
    var m = new Sequential(new Linear(2, 2, RNG), new Sequential(drop));
    assertTrue(m.isTraining() && drop.isTraining());
    m.eval();
    assertFalse(drop.isTraining());
    m.train();
    assertTrue(drop.isTraining());
  }

  @Test
  void dropoutIsInvertedSeededAndOffInEval() {
    Tensor x = Tensor.ones(DType.FLOAT64, 100, 100);
    var d1 = new Dropout(0.3, new SplittableRandom(5));
    var d2 = new Dropout(0.3, new SplittableRandom(5));
    double[] y = d1.forward(Variable.constant(x)).value().toDoubleArray();
    assertArrayEquals(y, d2.forward(Variable.constant(x)).value().toDoubleArray(), "same seed, same mask");
    int zeros = 0;
    for (double v : y) {
      if (v == 0) zeros++;
      else assertEquals(1 / 0.7, v, 1e-15);
    }
    assertEquals(3000, zeros, 200);
    d1.eval();
    Variable in = Variable.constant(x);
    assertSame(in, d1.forward(in));
    var all = new Dropout(1, RNG);
    assertArrayEquals(new double[4], all.forward(Variable.constant(Tensor.ones(DType.FLOAT64, 4))).value().toDoubleArray());
    assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5, RNG));
    // the gradient is the mask
    Variable p = Variable.parameter(Tensor.ones(DType.FLOAT64, 10));
    Variable out = new Dropout(0.5, new SplittableRandom(2)).forward(p);
    out.sum().backward();
    assertArrayEquals(out.value().toDoubleArray(), p.grad().toDoubleArray());
  }

  @Test
  void flattenSoftmaxAndLogSoftmaxModules() {
    Variable x = Variable.constant(Tensor.arange(DType.FLOAT64, 24).reshape(2, 3, 4));
    assertEquals(Shape.of(2, 12), new Flatten().forward(x).shape());
    assertEquals(Shape.of(6, 4), new Flatten(0, 1).forward(x).shape());
    assertEquals(Shape.of(24), new Flatten(0, -1).forward(x).shape());
    Tensor s = new Softmax().forward(x).value();
    assertArrayEquals(new double[6], s.sum(-1).sub(1).toDoubleArray(), 1e-12);
    Tensor ls = new LogSoftmax(1).forward(x).value();
    assertArrayEquals(x.value().softmax(1).log().toDoubleArray(), ls.toDoubleArray(), 1e-12);
    assertArrayEquals(new double[] {0, 0.5, 1}, new ReLU().forward(Variable.constant(
        Tensor.of(new double[] {-1, 0.5, 1}))).value().toDoubleArray());
    assertEquals(0.5, new Sigmoid().forward(Variable.constant(Tensor.scalar(0))).item());
    assertEquals(Math.tanh(0.3), new Tanh().forward(Variable.constant(Tensor.scalar(0.3))).item(), 1e-15);
  }

  // ---------------------------------------------------------------- GELU and erf

  @Test
  void geluAndErfMatchPyTorch() {
    Map<String, Object> f = Fixtures.json("activations.json");
    Tensor x = Tensor.of(doubles(f.get("x")));
    assertClose(Tensor.of(doubles(f.get("erf"))), Functional.erf(x), 1e-15, 4e-16, "erf");
    for (boolean tanh : new boolean[] {false, true}) {
      String k = tanh ? "geluTanh" : "gelu";
      Variable v = Variable.parameter(x);
      Variable y = new GELU(tanh).forward(v);
      assertClose(Tensor.of(doubles(f.get(k))), y.value(), 1e-15, 1e-14, k);
      y.sum().backward();
      assertClose(Tensor.of(doubles(f.get(k + "Grad"))), v.grad(), 1e-15, 1e-14, k + " gradient");
    }
    Variable v = Variable.parameter(x);
    Functional.erf(v).sum().backward();
    assertClose(Tensor.of(doubles(f.get("erfGrad"))), v.grad(), 1e-15, 1e-14, "erf gradient");
  }

  @Test
  void erfIsAccurateAndOdd() {
    // erf at a few points, to within 2 ulp (reference values to 19 digits; an ulp is 1.1e-16 here)
    assertEquals(0.8427007929497148693, Functional.erf(1.0), 2.3e-16);
    assertEquals(0.9953222650189527342, Functional.erf(2.0), 2.3e-16);
    assertEquals(0.9999779095030014146, Functional.erf(3.0), 2.3e-16);
    assertEquals(0.5204998778130465377, Functional.erf(0.5), 2.3e-16);
    assertEquals(1.1283791670955126e-10, Functional.erf(1e-10), 1e-25);
    assertEquals(-Functional.erf(0.7), Functional.erf(-0.7));
    assertEquals(1.0, Functional.erf(40));
    assertTrue(Double.isNaN(Functional.erf(Double.NaN)));
    // continuity where the method changes (erf' is at most 1.13, so a step of an ulp moves it by about one)
    for (double b : new double[] {0.5, 4, 6})
      assertEquals(Functional.erf(Math.nextDown(b)), Functional.erf(b), 3 * Math.ulp(Functional.erf(b)), "at " + b);
  }

  @Test
  void geluAndErfPassGradientChecksIncludingSecondOrder() {
    Tensor x = Tensor.of(new double[] {-3.1, -1.2, -0.4, 0.1, 0.8, 2.2, 2.7, 4.5});
    for (boolean tanh : new boolean[] {false, true}) {
      GradCheck.Result r = GradCheck.check(v -> new GELU(tanh).forward(v.get(0)), List.of(x));
      assertTrue(r.passed(), r.message());
      r = GradCheck.checkGradGrad(v -> new GELU(tanh).forward(v.get(0)), List.of(x), 3);
      assertTrue(r.passed(), r.message());
    }
  }

  // ---------------------------------------------------------------- the whole model

  @Test
  void gradCheckPassesOnAnMlpWithCrossEntropyAndL2() {
    var rng = new SplittableRandom(11);
    var init = new Sequential(new Linear(4, 5, rng, DType.FLOAT64), new Tanh(), new Linear(5, 3, rng, DType.FLOAT64));
    Tensor x = Tensor.randn(DType.FLOAT64, rng, 6, 4);
    int[] labels = {0, 2, 1, 1, 0, 2};
    double lambda = 0.1;
    List<Tensor> params = init.parameters().stream().map(Variable::value).toList();
    GradCheck.Result r = GradCheck.check(p -> {
      var m = new Sequential(new Linear(p.get(0), p.get(1)), new Tanh(), new Linear(p.get(2), p.get(3)));
      return Losses.crossEntropy(m.forward(Variable.constant(x)), labels)
          .add(Regularization.l2(m.parameters()).mul(lambda));
    }, params);
    assertTrue(r.passed(), r.message());
    assertTrue(r.maxError() < 1e-8, r.message());
  }

  @Test
  void toStringIsPyTorchLike() {
    var m = new Sequential(new Linear(4, 3, RNG), new GELU(), new Dropout(0.1, RNG));
    assertEquals("Sequential(\n  (0): Linear(in_features=4, out_features=3, bias=true)\n  (1): GELU(approximate=none)\n"
        + "  (2): Dropout(p=0.1)\n)", m.toString());
  }

  @Test
  void registrationRefusesBadNamesAndNonLeaves() {
    class Bad extends Module {
      Bad(String name, Variable v) {
        registerParameter(name, v);
      }

      @Override
      public Variable forward(Variable x) {
        return x;
      }
    }
    Variable p = Variable.parameter(Tensor.zeros(DType.FLOAT64, 2));
    assertThrows(IllegalArgumentException.class, () -> new Bad("a.b", p));
    assertThrows(IllegalArgumentException.class, () -> new Bad("", p));
    assertThrows(IllegalArgumentException.class, () -> new Bad("c", Variable.constant(Tensor.zeros(DType.FLOAT64, 2))));
    assertThrows(IllegalArgumentException.class, () -> new Bad("c", p.mul(2)));
    assertThrows(IllegalArgumentException.class,
        () -> new Bad("c", Variable.parameter(Tensor.zeros(DType.FLOAT64, 2, 3).transpose())));
  }

  @Test
  void loadStateDictIsAllOrNothing() {
    var m = new Sequential(new Linear(2, 2, RNG, DType.FLOAT64));
    Map<String, Tensor> good = Map.of("0.weight", Tensor.ones(DType.FLOAT64, 2, 2), "0.bias", Tensor.ones(DType.FLOAT64, 2));
    Tensor before = m.get(0).parameters().get(0).value().contiguous();
    double[] w = before.toDoubleArray();
    var e = assertThrows(IllegalArgumentException.class, () -> m.loadStateDict(
        Map.of("0.weight", Tensor.ones(DType.FLOAT64, 2, 2), "0.bias", Tensor.ones(DType.FLOAT64, 3)), true));
    assertTrue(e.getMessage().contains("0.bias"), e.getMessage());
    assertArrayEquals(w, m.parameters().get(0).value().toDoubleArray());
    m.loadStateDict(good, true);
    assertArrayEquals(new double[] {1, 1, 1, 1}, m.parameters().get(0).value().toDoubleArray());
    assertNotSame(good.get("0.bias"), m.parameters().get(1).value(), "copied, not aliased");
  }

  // ---------------------------------------------------------------- initialisers

  @Test
  void initialisersUsePyTorchFormulas() {
    assertArrayEquals(new int[] {30, 20}, Init.fans(Shape.of(20, 30)));
    assertArrayEquals(new int[] {3 * 25, 8 * 25}, Init.fans(Shape.of(8, 3, 5, 5)));
    assertEquals(5.0 / 3, Init.gain(Init.Nonlinearity.TANH));
    assertEquals(Math.sqrt(2), Init.gain(Init.Nonlinearity.RELU));
    assertEquals(Math.sqrt(2 / (1 + 0.01 * 0.01)), Init.gain(Init.Nonlinearity.LEAKY_RELU));
    assertEquals(0.75, Init.gain(Init.Nonlinearity.SELU));
    assertEquals(1, Init.gain(Init.Nonlinearity.SIGMOID));
    Shape s = Shape.of(200, 300);
    var rng = new SplittableRandom(4);
    checkUniform(Init.xavierUniform(s, DType.FLOAT64, 2.0, rng), 2.0 * Math.sqrt(6.0 / 500));
    checkNormal(Init.xavierNormal(s, DType.FLOAT64, 1.0, rng), Math.sqrt(2.0 / 500));
    checkUniform(Init.kaimingUniform(s, DType.FLOAT64, 0, Init.Mode.FAN_IN, Init.Nonlinearity.RELU, rng),
        Math.sqrt(2) * Math.sqrt(3.0 / 300));
    checkNormal(Init.kaimingNormal(s, DType.FLOAT64, 0, Init.Mode.FAN_OUT, Init.Nonlinearity.RELU, rng),
        Math.sqrt(2) / Math.sqrt(200));
    // PyTorch's nn.Linear default = kaiming_uniform(a=√5): bound 1/√fan_in
    checkUniform(Init.kaimingUniform(s, DType.FLOAT64, Math.sqrt(5), Init.Mode.FAN_IN, Init.Nonlinearity.LEAKY_RELU,
        rng), 1 / Math.sqrt(300));
    var layer = new Linear(300, 200, rng, DType.FLOAT32);
    int v = layer.weight().value().version();
    Init.xavierNormal(layer.weight(), 1.0, rng);
    assertTrue(layer.weight().value().version() > v, "in place");
    checkNormal(layer.weight().value(), Math.sqrt(2.0 / 500));
    Init.constant(layer.bias(), 0);
    assertArrayEquals(new double[200], layer.bias().value().toDoubleArray());
    assertThrows(IllegalArgumentException.class, () -> Init.fans(Shape.of(3)));
  }

  private static void checkUniform(Tensor t, double bound) {
    double max = 0, sum2 = 0;
    for (double v : t.toDoubleArray()) {
      assertTrue(Math.abs(v) <= bound, v + " beyond " + bound);
      max = Math.max(max, Math.abs(v));
      sum2 += v * v;
    }
    assertTrue(max > 0.99 * bound);
    assertEquals(bound / Math.sqrt(3), Math.sqrt(sum2 / t.size()), 0.02 * bound);
  }

  private static void checkNormal(Tensor t, double std) {
    double sum = 0, sum2 = 0;
    for (double v : t.toDoubleArray()) {
      sum += v;
      sum2 += v * v;
    }
    assertEquals(0, sum / t.size(), 0.02 * std);
    assertEquals(std, Math.sqrt(sum2 / t.size()), 0.02 * std);
  }
}
