package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import dev.nabla.core.ShapeMismatchException;
import dev.nabla.core.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Caller mistakes are refused up front with a message naming the API and every shape. */
class ErrorsTest {
  static Variable v(int... dims) {
    return Variable.parameter(Tensor.zeros(DType.FLOAT64, dims));
  }

  @Test
  void optimizerRefusesAViewBeforeAnyStep() {
    Variable a = v(2);
    Variable view = Variable.parameter(Tensor.of(new double[] {1, 2, 3, 4}).narrow(0, 1, 2));
    var e = assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(a, view), 0.1));
    assertEquals("SGD: parameter 1 of shape [2] is a view into other storage; optimizers update in place, so copy it"
        + " into a tensor of its own", e.getMessage());
  }

  @Test
  void crossEntropyLabels() {
    var e = assertThrows(ShapeMismatchException.class, () -> Losses.crossEntropy(v(4, 10), new int[] {1, 2, 3}));
    assertEquals("crossEntropy: 3 labels for logits of shape [4, 10]", e.getMessage());
    var r = assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(v(4, 10), new int[] {1, 2, 12, 0}));
    assertEquals("crossEntropy: label 12 at position 2 out of range for 10 classes (logits of shape [4, 10])",
        r.getMessage());
    r = assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(v(2, 3), new int[] {-1, 0}));
    assertEquals("crossEntropy: label -1 at position 0 out of range for 3 classes (logits of shape [2, 3])",
        r.getMessage());
    e = assertThrows(ShapeMismatchException.class, () -> Losses.crossEntropy(v(10), new int[] {1}));
    assertEquals("crossEntropy: logits must have shape [batch, classes], got [10]", e.getMessage());
    e = assertThrows(ShapeMismatchException.class, () -> Losses.nllLoss(v(2, 3), new int[] {0}));
    assertEquals("nllLoss: 1 labels for log-probabilities of shape [2, 3]", e.getMessage());
    e = assertThrows(ShapeMismatchException.class, () -> Losses.crossEntropy(v(2, 3), v(2, 4)));
    assertEquals("crossEntropy: logits of shape [2, 3] and target probabilities of shape [2, 4] differ", e.getMessage());
  }

  @Test
  void elementwiseLossShapesAndDtypes() {
    var e = assertThrows(ShapeMismatchException.class, () -> Losses.mse(v(4, 1), v(4)));
    assertEquals("mse: pred of shape [4, 1] and target of shape [4] differ", e.getMessage());
    e = assertThrows(ShapeMismatchException.class, () -> Losses.binaryCrossEntropyWithLogits(v(3), v(2)));
    assertEquals("binaryCrossEntropyWithLogits: logits of shape [3] and targets of shape [2] differ", e.getMessage());
    var d = assertThrows(IllegalArgumentException.class,
        () -> Losses.l1(v(2), Variable.constant(Tensor.zeros(DType.FLOAT32, 2))));
    assertEquals("l1: pred is FLOAT64 [2] but target is FLOAT32 [2]; convert one of them", d.getMessage());
    d = assertThrows(IllegalArgumentException.class, () -> Losses.huber(v(2), v(2), 0));
    assertEquals("huber: delta must be positive and finite, got 0.0", d.getMessage());
  }

  @Test
  void optimizers() {
    var e = assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(), 0.1));
    assertEquals("SGD: got an empty parameter list (does the model have parameters?)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Adam(new Sequential(new ReLU()).parameters(), 0.1));
    assertEquals("Adam: got an empty parameter list (does the model have parameters?)", e.getMessage());
    Variable p = v(2);
    e = assertThrows(IllegalArgumentException.class, () -> new AdamW(List.of(p, p), 0.1));
    assertEquals("AdamW: parameters 0 and 1 are the same variable", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(Variable.constant(Tensor.scalar(1))), 0.1));
    assertEquals("SGD: parameter 0 of shape [] is not a trainable leaf (Variable.parameter)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(p), -1));
    assertEquals("SGD: learning rate must be finite and >= 0, got -1.0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Adam.DEFAULTS.withBetas(0.9, 1.0));
    assertEquals("Adam: betas must be in [0, 1), got (0.9, 1.0)", e.getMessage());
    var s = assertThrows(IllegalStateException.class, () -> new SGD(List.of(p), 0.1).nesterov(true).step());
    assertEquals("SGD: Nesterov momentum requires momentum > 0 and dampening = 0, got momentum 0.0, dampening 0.0",
        s.getMessage());
    SGD sgd = new SGD(List.of(p), 0.1);
    assertThrows(IllegalArgumentException.class, () -> new StepLR(sgd, 0));
    assertThrows(IllegalArgumentException.class, () -> new LinearLR(sgd, 0, 1, 5));
    assertThrows(IllegalArgumentException.class, () -> new CosineAnnealingLR(sgd, 0));
  }

  @Test
  void optimizersSkipParametersWithoutGradientAndNeverAliasIt() {
    Variable a = v(2), b = v(2);
    var opt = new SGD(List.of(a, b), 0.5).momentum(0.9);
    a.value().copyInPlace(Tensor.of(new double[] {1, 2}));
    a.add(b).sum().backward(); // a and b may receive the very same gradient tensor
    Tensor ga = a.grad(), gb = b.grad();
    double[] gaBefore = ga.toDoubleArray();
    b.zeroGrad();
    opt.step();
    org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {0.5, 1.5}, a.value().toDoubleArray());
    org.junit.jupiter.api.Assertions.assertArrayEquals(new double[2], b.value().toDoubleArray(), "no grad: skipped");
    opt.step();
    org.junit.jupiter.api.Assertions.assertArrayEquals(gaBefore, ga.toDoubleArray(), "gradient tensor untouched");
    org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {1, 1}, gb.toDoubleArray());
  }

  @Test
  void clipGradNormScalesByTheGlobalNorm() {
    Variable a = Variable.parameter(Tensor.of(new double[] {3, 0}));
    Variable b = Variable.parameter(Tensor.of(new double[] {4}));
    a.mul(a).mul(0.5).sum().add(b.mul(b).mul(0.5).sum()).backward(); // grads: a, b
    double n = GradClip.clipGradNorm(List.of(a, b), 1.0);
    assertEquals(5, n, 1e-15);
    org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {0.6, 0}, a.grad().toDoubleArray(), 1e-6);
    org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {0.8}, b.grad().toDoubleArray(), 1e-6);
    assertEquals(1, GradClip.clipGradNorm(List.of(a, b), 10), 1e-6); // no change below the limit
    assertEquals(0.8, GradClip.clipGradNorm(List.of(a, b), 10, Double.POSITIVE_INFINITY), 1e-6);
  }
}
