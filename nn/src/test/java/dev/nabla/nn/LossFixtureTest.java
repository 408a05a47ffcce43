package dev.nabla.nn;

import static dev.nabla.nn.Fixtures.assertClose;
import static dev.nabla.nn.Fixtures.ints;
import static dev.nabla.nn.Fixtures.map;
import static dev.nabla.nn.Fixtures.num;
import static dev.nabla.nn.Fixtures.tensor;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.Tensor;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Each loss, each reduction, value and gradient, against PyTorch in FLOAT64 (fixtures/losses.json):
 * mse, l1 (with a zero residual), huber (δ = 1 and 0.5), crossEntropy with int labels (logits up to
 * ±1000) and with probability targets, nllLoss, binaryCrossEntropyWithLogits (logits 0, ±50, ±800).
 * For reduction NONE the backward seed is a random vector, so the whole VJP is compared.
 */
class LossFixtureTest {
  static final double TOL = 1e-9;

  @TestFactory
  Stream<DynamicTest> lossesMatchPyTorch() {
    List<Object> cases = Fixtures.list(Fixtures.json("losses.json").get("cases"));
    return cases.stream().map(Fixtures::map).map(c -> DynamicTest.dynamicTest(
        c.get("loss") + " " + c.get("reduction") + (c.containsKey("delta") ? " delta=" + c.get("delta") : ""),
        () -> check(c)));
  }

  private static void check(Map<String, Object> c) {
    String loss = (String) c.get("loss");
    Reduction r = Reduction.valueOf((String) c.get("reduction"));
    String leafKey = c.containsKey("pred") ? "pred" : c.containsKey("logProbs") ? "logProbs" : "logits";
    Variable leaf = Variable.parameter(tensor(c.get(leafKey)));
    Variable target = c.containsKey("target") ? Variable.constant(tensor(c.get("target"))) : null;
    int[] labels = c.containsKey("labels") ? ints(c.get("labels")) : null;
    Variable out = switch (loss) {
      case "mse" -> Losses.mse(leaf, target, r);
      case "l1" -> Losses.l1(leaf, target, r);
      case "huber" -> Losses.huber(leaf, target, num(c.get("delta")), r);
      case "crossEntropy" -> Losses.crossEntropy(leaf, labels, r);
      case "crossEntropyProbs" -> Losses.crossEntropy(leaf, target, r);
      case "nllLoss" -> Losses.nllLoss(leaf, labels, r);
      case "bceWithLogits" -> Losses.binaryCrossEntropyWithLogits(leaf, target, r);
      default -> throw new IllegalArgumentException(loss);
    };
    String what = loss + " " + r;
    assertClose(tensor(c.get("value")), out.value(), TOL, TOL, what + " value");
    Tensor seed = tensor(map(c.get("seed")));
    if (out.rank() == 0) out.backward();
    else out.backward(seed);
    assertClose(tensor(c.get("grad")), leaf.grad(), TOL, TOL, what + " gradient");
  }
}
