package dev.nabla.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.core.check.Domain;
import dev.nabla.core.check.Gen;
import dev.nabla.core.check.Gens;
import dev.nabla.core.check.PropertyFailure;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** What a GradProperty failure tells you to type works, and the one-input form shrinks. */
class GradPropertyReplayTest {
  private static final Gen<Tensor> ONE = Gens.tensors(DType.FLOAT64, Gens.shapes(0, 3, 4), Domain.ANY);
  /** x·detach(x): the autodiff gradient is x, the true one 2x. */
  private static final Function<List<Variable>, Variable> WRONG = v -> v.get(0).detach().mul(v.get(0)).sum();

  @Test
  void theFailureMessageNamesGradPropertyReplayAndReplayRerunsThatCase() {
    PropertyFailure f = assertThrows(PropertyFailure.class,
        () -> GradProperty.forAllSingle(ONE).named("detach bug").seed(42).cases(20).check(WRONG));
    String m = f.getMessage();
    String call = "GradProperty.forAll(gen).seed(42).replay(0x" + Long.toHexString(f.caseSeed()) + "L).check(fn)";
    assertTrue(m.contains(call), m);
    assertFalse(m.contains("or Property.forAll(gen)"), m);

    PropertyFailure again = assertThrows(PropertyFailure.class,
        () -> GradProperty.forAllSingle(ONE).named("detach bug").seed(42).replay(f.caseSeed()).check(WRONG));
    assertEquals(f.caseSeed(), again.caseSeed());
    assertEquals(((List<?>) f.originalInput()).get(0).toString(), ((List<?>) again.originalInput()).get(0).toString());
    assertTrue(again.getMessage().contains("replayed case"), again.getMessage());

    // the replayed case of a correct function passes, and counts as one case
    var ok = GradProperty.forAllSingle(ONE).seed(42).replay(f.caseSeed()).check(v -> v.get(0).square().sum());
    assertEquals(1, ok.casesRun());
  }

  @Test
  void theOneInputFormShrinksItsInput() {
    PropertyFailure f = assertThrows(PropertyFailure.class,
        () -> GradProperty.forAllSingle(ONE).seed(7).cases(30).checkFast(WRONG));
    List<?> shrunk = (List<?>) f.shrunkInput(), original = (List<?>) f.originalInput();
    assertEquals(1, shrunk.size());
    assertTrue(((Tensor) shrunk.get(0)).size() <= 1 && ((Tensor) original.get(0)).size() >= 1, f.getMessage());
    assertTrue(f.getMessage().contains(".checkFast(fn)"), f.getMessage());
  }

  @Test
  void aCorrectFunctionPassesEveryCaseOfTheOneInputForm() {
    assertEquals(25, GradProperty.forAllSingle(ONE).cases(25).check(v -> v.get(0).tanh().sum()).casesRun());
  }
}
