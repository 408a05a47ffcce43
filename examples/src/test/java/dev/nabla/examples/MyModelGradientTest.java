package dev.nabla.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autodiff.GradCheck;
import dev.nabla.autodiff.GradProperty;
import dev.nabla.core.DType;
import dev.nabla.core.Shape;
import dev.nabla.core.Tensor;
import dev.nabla.core.check.Domain;
import dev.nabla.core.check.Gen;
import dev.nabla.core.check.Gens;
import dev.nabla.core.check.Property;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A property-based gradient test of a user's own model: copy this into your test suite and
 * replace {@link CheckGradients#model} with yours. Every case draws new shapes and values from a
 * seed; a failure reports the seed and a shrunk input.
 */
class MyModelGradientTest {
  /** Inputs for the model: hidden width, output width and batch size vary per case. */
  static final Gen<List<Tensor>> MODEL_INPUTS = rng -> {
    int in = 1 + rng.nextInt(3), hidden = 1 + rng.nextInt(4), out = 1 + rng.nextInt(3), batch = 1 + rng.nextInt(4);
    List<Tensor> t = new ArrayList<>();
    for (Shape s : List.of(Shape.of(hidden, in), Shape.of(hidden), Shape.of(out, hidden), Shape.of(out),
        Shape.of(batch, in), Shape.of(batch, out)))
      t.add(Gens.tensorOf(DType.FLOAT64, s, Domain.ANY, rng));
    return t;
  };

  @Test
  void modelGradientsMatchFiniteDifferences() {
    Property.Result r = GradProperty.forAll(MODEL_INPUTS).named("two-layer tanh net, log-cosh loss").cases(25)
        .check(v -> CheckGradients.model(v, CheckGradients.logCosh(true)));
    assertEquals(25, r.casesRun());
  }

  @Test
  void secondDerivativesToo() {
    GradProperty.forAll(MODEL_INPUTS).named("grad of grad").cases(5)
        .checkGradGrad(v -> CheckGradients.model(v, CheckGradients.logCoshDifferentiable()));
  }

  @Test
  void aWrongBackwardIsCaught() {
    assertFalse(GradCheck.check(v -> CheckGradients.model(v, CheckGradients.logCosh(false)),
        CheckGradients.inputs(1)).passed());
    AssertionError e = assertThrows(AssertionError.class, () -> GradProperty.forAll(MODEL_INPUTS).cases(10)
        .check(v -> CheckGradients.model(v, CheckGradients.logCosh(false))));
    assertTrue(e.getMessage().contains("seed"), e.getMessage());
  }
}
