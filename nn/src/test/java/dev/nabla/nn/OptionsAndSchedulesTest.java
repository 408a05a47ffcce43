package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Optimizer options are immutable values with torch.optim's defaults; a schedule written as a
 * plain function is started by the base class.
 */
class OptionsAndSchedulesTest {
  private static Variable param(double... v) {
    return Variable.parameter(Tensor.of(v));
  }

  @Test
  void defaultsAreTorchOptims() {
    assertEquals(new Adam.Options(0.9, 0.999, 1e-8, 0, false), Adam.DEFAULTS);
    assertEquals(new Adam.Options(0.9, 0.999, 1e-8, 0.01, false), AdamW.DEFAULTS);
    assertEquals(new SGD.Options(0, 0, false, 0), SGD.DEFAULTS);
    assertEquals(AdamW.DEFAULTS, new AdamW(List.of(param(1)), 1e-3).options());
    assertEquals(Adam.DEFAULTS, new Adam(List.of(param(1)), 1e-3).options());
  }

  @Test
  void withReturnsANewValueAndLeavesTheOldOneAlone() {
    Adam.Options o = Adam.DEFAULTS.withBetas(0.8, 0.99).withEps(1e-6).withWeightDecay(0.1).withAmsgrad(true);
    assertEquals(new Adam.Options(0.8, 0.99, 1e-6, 0.1, true), o);
    assertEquals(new Adam.Options(0.9, 0.999, 1e-8, 0, false), Adam.DEFAULTS);
    SGD.Options s = SGD.DEFAULTS.withMomentum(0.9).withDampening(0.1).withNesterov(true).withWeightDecay(1e-4);
    assertEquals(new SGD.Options(0.9, 0.1, true, 1e-4), s);
    assertNotSame(SGD.DEFAULTS, SGD.DEFAULTS.withMomentum(0));
    assertEquals(new SGD.Options(0, 0, false, 0), SGD.DEFAULTS);
  }

  @Test
  void optionsRefuseOutOfRangeValues() {
    var e = assertThrows(IllegalArgumentException.class, () -> Adam.DEFAULTS.withEps(-1));
    assertEquals("Adam: eps must be finite and >= 0, got -1.0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> AdamW.DEFAULTS.withWeightDecay(Double.NaN));
    assertEquals("Adam: weight decay must be finite and >= 0, got NaN", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> SGD.DEFAULTS.withMomentum(-0.5));
    assertEquals("SGD: momentum must be finite and >= 0, got -0.5", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(param(1)), 0.1).dampening(Double.NaN));
    assertEquals("SGD: dampening must be finite, got NaN", e.getMessage());
  }

  @Test
  void sgdBuilderSettersAndOptionsGiveTheSameSteps() {
    Variable a = param(1, -2, 3), b = param(1, -2, 3);
    SGD built = new SGD(List.of(a), 0.1).momentum(0.9).nesterov().weightDecay(0.01);
    SGD valued = new SGD(List.of(b), 0.1, SGD.DEFAULTS.withMomentum(0.9).withNesterov(true).withWeightDecay(0.01));
    assertEquals(valued.options(), built.options());
    for (int i = 0; i < 3; i++) {
      a.zeroGrad();
      b.zeroGrad();
      a.square().sum().backward();
      b.square().sum().backward();
      built.step();
      valued.step();
    }
    assertArrayEquals(b.value().toDoubleArray(), a.value().toDoubleArray());
    assertTrue(a.value().toDoubleArray()[0] != 1, "the steps moved the parameter");
  }

  @Test
  void setOptionsReplacesTheOptions() {
    Variable p = param(2);
    Adam adam = new Adam(List.of(p), 0.1);
    adam.setOptions(adam.options().withBetas(0.5, 0.999));
    assertEquals(0.5, adam.options().beta1());
    assertThrows(NullPointerException.class, () -> adam.setOptions(null));
  }

  /** A user's schedule: only the function, no call to remember. */
  static final class HalvingLR extends LRScheduler {
    HalvingLR(Optimizer opt) {
      super(opt, (epoch, base) -> base / Math.pow(2, epoch));
    }
  }

  @Test
  void aNewScheduleIsStartedByTheBaseClass() {
    Variable a = Variable.parameter(Tensor.zeros(DType.FLOAT64, 1)), b = Variable.parameter(Tensor.zeros(DType.FLOAT64, 1));
    SGD opt = new SGD(List.of(a), 0.8);
    opt.addParamGroup(List.of(b)).setLr(0.4);
    // a schedule that is not 1 at epoch 0 shows whether epoch 0 was applied at construction
    var shifted = new LRScheduler(opt, (epoch, base) -> base / Math.pow(2, epoch + 1)) {};
    assertEquals(0.4, opt.paramGroups().get(0).lr(), "epoch 0 set by the constructor");
    assertEquals(0.2, opt.paramGroups().get(1).lr());
    shifted.step();
    assertEquals(0.2, opt.paramGroups().get(0).lr());
    assertEquals(0.1, opt.paramGroups().get(1).lr());
    var halving = new HalvingLR(new SGD(List.of(param(0)), 1));
    halving.step();
    halving.step();
    assertEquals(0.25, halving.lastLr());
    assertEquals(0.125, halving.lrAt(3));
    assertThrows(NullPointerException.class, () -> new LRScheduler(opt, null) {});
  }
}
