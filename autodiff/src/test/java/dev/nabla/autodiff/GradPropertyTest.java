package dev.nabla.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.core.check.Domain;
import dev.nabla.core.check.Gen;
import dev.nabla.core.check.Gens;
import dev.nabla.core.check.Property;
import dev.nabla.core.check.PropertyFailure;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The user-facing gradient property: what a user copies into their own test suite. */
class GradPropertyTest {
  private static final Gen<List<Tensor>> PAIRS =
      Gens.tensorList(DType.FLOAT64, Gens.broadcastPair(0, 3, 4), Domain.ANY);

  @Test
  void aCorrectModelPassesEveryCase() {
    Property.Result r = GradProperty.forAll(PAIRS).named("smooth L1 of a difference").cases(30)
        .check(v -> v.get(0).sub(v.get(1)).abs().add(1.0).log().mean());
    assertEquals(30, r.casesRun());
  }

  @Test
  void aWrongGradientIsReportedWithItsSeedAndAShrunkCase() {
    // x·detach(x): the autodiff gradient is x, the true one 2x
    PropertyFailure f = assertThrows(PropertyFailure.class, () -> GradProperty.forAll(PAIRS).named("detach bug")
        .seed(42).cases(20).check(v -> v.get(0).detach().mul(v.get(0)).sum()));
    String m = f.getMessage();
    assertTrue(m.contains("detach bug"), m);
    assertTrue(m.contains("seed 42"), m);
    assertTrue(m.contains("gradient check failed"), m);
    // shrinking reaches a small failing input: at most a handful of elements in the first tensor
    @SuppressWarnings("unchecked")
    List<Tensor> shrunk = (List<Tensor>) f.shrunkInput();
    @SuppressWarnings("unchecked")
    List<Tensor> original = (List<Tensor>) f.originalInput();
    assertTrue(shrunk.get(0).size() <= original.get(0).size(), m);
    assertTrue(shrunk.get(0).size() <= 1, "shrunk to " + shrunk.get(0).shape() + ": " + m);
  }

  /** Like {@link Property}, a GradProperty is a value: configuring returns a new one, the base is unchanged. */
  @Test
  void configuringReturnsANewPropertyAndLeavesTheBaseUnchanged() {
    GradProperty base = GradProperty.forAll(PAIRS).cases(3);
    GradProperty more = base.cases(7), renamed = base.named("renamed"), replaying = base.seed(42).replay(1L);
    java.util.function.Function<List<Variable>, Variable> fn = v -> v.get(0).mul(v.get(1)).sum();
    assertEquals(7, more.check(fn).casesRun());
    assertEquals(3, base.check(fn).casesRun());
    assertEquals(1, replaying.check(fn).casesRun());
    assertEquals(3, base.check(fn).casesRun()); // replay set on a copy only
    PropertyFailure f = assertThrows(PropertyFailure.class, () -> base.check(v -> v.get(0).detach().mul(v.get(0)).sum()));
    assertTrue(f.getMessage().contains("gradient") && !f.getMessage().contains("renamed"), f.getMessage());
    PropertyFailure g = assertThrows(PropertyFailure.class, () -> renamed.check(v -> v.get(0).detach().mul(v.get(0)).sum()));
    assertTrue(g.getMessage().contains("renamed"), g.getMessage());
  }
}
