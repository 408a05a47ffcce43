package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RegularizationTest {
  @Test
  void l2IsHalfTheSumOfSquaresWithGradientTheta() {
    Variable a = Variable.parameter(Tensor.of(new double[] {1, -2, 3}));
    Variable b = Variable.parameter(Tensor.of(new double[] {0.5, 4}, 2, 1));
    Variable l2 = Regularization.l2(List.of(a, b));
    assertEquals(0.5 * (1 + 4 + 9 + 0.25 + 16), l2.item(), 1e-15);
    l2.mul(0.3).backward();
    assertArrayEquals(new double[] {0.3, -0.6, 0.9}, a.grad().toDoubleArray(), 1e-15);
    assertArrayEquals(new double[] {0.15, 1.2}, b.grad().toDoubleArray(), 1e-15);
  }

  @Test
  void l1IsTheSumOfAbsoluteValuesWithZeroSubgradientAtZero() {
    Variable a = Variable.parameter(Tensor.of(new double[] {1, -2, 0}));
    Variable l1 = Regularization.l1(List.of(a));
    assertEquals(3, l1.item());
    l1.backward();
    assertArrayEquals(new double[] {1, -1, 0}, a.grad().toDoubleArray());
  }

  @Test
  void emptyAndMixedLists() {
    assertEquals(0, Regularization.l2(List.of()).item());
    var e = assertThrows(IllegalArgumentException.class, () -> Regularization.l2(List.of(
        Variable.parameter(Tensor.zeros(DType.FLOAT64, 2)), Variable.parameter(Tensor.zeros(DType.FLOAT32, 2)))));
    assertEquals("Regularization.l2: parameter 1 is FLOAT32 [2] but parameter 0 is FLOAT64; all parameters must share"
        + " one dtype", e.getMessage());
  }

  /** The contract: plain SGD with weightDecay(λ) gives the same parameters as λ·l2 in the loss. */
  @Test
  void sgdWeightDecayEqualsL2InTheLoss() {
    var rng = new SplittableRandom(21);
    Tensor x = Tensor.randn(DType.FLOAT64, rng, 16, 5);
    int[] labels = new int[16];
    for (int i = 0; i < labels.length; i++) labels[i] = rng.nextInt(3);
    double lambda = 0.05, lr = 0.2;
    Sequential a = mlp(), b = mlp();
    SGD withDecay = new SGD(a.parameters(), lr).weightDecay(lambda);
    SGD plain = new SGD(b.parameters(), lr);
    for (int step = 0; step < 30; step++) {
      withDecay.zeroGrad();
      Losses.crossEntropy(a.forward(Variable.constant(x)), labels).backward();
      withDecay.step();
      plain.zeroGrad();
      Losses.crossEntropy(b.forward(Variable.constant(x)), labels)
          .add(Regularization.l2(b.parameters()).mul(lambda)).backward();
      plain.step();
    }
    for (int i = 0; i < a.parameters().size(); i++)
      assertArrayEquals(a.parameters().get(i).value().toDoubleArray(), b.parameters().get(i).value().toDoubleArray(),
          1e-12, "parameter " + i);
    // and the decay did something
    Sequential c = mlp();
    double diff = 0;
    double[] ca = c.parameters().get(0).value().toDoubleArray(), aa = a.parameters().get(0).value().toDoubleArray();
    for (int i = 0; i < ca.length; i++) diff = Math.max(diff, Math.abs(ca[i] - aa[i]));
    org.junit.jupiter.api.Assertions.assertTrue(diff > 1e-3);
  }

  private static Sequential mlp() {
    var rng = new SplittableRandom(8);
    return new Sequential(new Linear(5, 8, rng, DType.FLOAT64), new Tanh(), new Linear(8, 3, rng, DType.FLOAT64));
  }
}
