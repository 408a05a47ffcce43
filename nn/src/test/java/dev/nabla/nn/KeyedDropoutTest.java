package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Keyed dropout: a row's mask depends on (seed, step, example index) only, not on its batch. */
class KeyedDropoutTest {
  private static final int F = 64;

  private static double[] row(Dropout d, long step, long[] examples, int r) {
    Variable ones = Variable.constant(Tensor.ones(DType.FLOAT64, examples.length, F));
    try (Dropout.Keys k = Dropout.keys(step, examples)) {
      return Arrays.copyOfRange(d.forward(ones).value().toDoubleArray(), r * F, (r + 1) * F);
    }
  }

  @Test
  void anExampleGetsTheSameMaskInAnyBatchAndPosition() {
    Dropout d = new Dropout(0.5, 7L);
    double[] alone = row(d, 3, new long[] {42}, 0);
    assertArrayEquals(alone, row(d, 3, new long[] {5, 42, 9}, 1));
    assertArrayEquals(alone, row(d, 3, new long[] {42, 1000}, 0));
    for (double v : alone) assertTrue(v == 0 || v == 2, "inverted scaling 1/(1-p): " + v);
  }

  @Test
  void theMaskChangesWithStepExampleAndSeed() {
    double[] base = row(new Dropout(0.5, 7L), 3, new long[] {42}, 0);
    assertFalse(Arrays.equals(base, row(new Dropout(0.5, 7L), 4, new long[] {42}, 0)));
    assertFalse(Arrays.equals(base, row(new Dropout(0.5, 7L), 3, new long[] {43}, 0)));
    assertFalse(Arrays.equals(base, row(new Dropout(0.5, 8L), 3, new long[] {42}, 0)));
  }

  @Test
  void dropsAboutPOfTheElements() {
    long[] ex = new long[200];
    for (int i = 0; i < ex.length; i++) ex[i] = i;
    Variable ones = Variable.constant(Tensor.ones(DType.FLOAT32, ex.length, F));
    int zeros = 0;
    try (Dropout.Keys k = Dropout.keys(0, ex)) {
      for (float v : new Dropout(0.3, 1L).forward(ones).value().toFloatArray()) if (v == 0) zeros++;
    }
    assertEquals(0.3, zeros / (double) (ex.length * F), 0.02);
  }

  @Test
  void evalModeIsTheIdentityAndNeedsNoKeys() {
    Dropout d = new Dropout(0.5, 7L);
    d.eval();
    Variable x = Variable.constant(Tensor.ones(DType.FLOAT64, 2, 3));
    assertTrue(d.forward(x) == x);
  }

  @Test
  void withoutKeysOrWithTheWrongNumberOfRowsItSaysWhatIsMissing() {
    Dropout d = new Dropout(0.5, 7L);
    Variable x = Variable.constant(Tensor.ones(DType.FLOAT64, 2, 3));
    var noKeys = assertThrows(IllegalStateException.class, () -> d.forward(x));
    assertTrue(noKeys.getMessage().contains("Dropout.keys(step, indices)"), noKeys.getMessage());
    try (Dropout.Keys k = Dropout.keys(0, new long[] {1, 2, 3})) {
      var rows = assertThrows(IllegalArgumentException.class, () -> d.forward(x));
      assertTrue(rows.getMessage().contains("[2, 3] has 2 rows but Dropout.keys gave 3"), rows.getMessage());
    }
    assertThrows(IllegalStateException.class, () -> d.forward(x), "closing the scope removes the keys");
  }

  @Test
  void scopesNest() {
    Dropout d = new Dropout(0.5, 7L);
    try (Dropout.Keys outer = Dropout.keys(1, new long[] {5})) {
      double[] before = row(d, 1, new long[] {5}, 0);
      try (Dropout.Keys inner = Dropout.keys(2, new long[] {6, 7})) {
        assertEquals(2, inner.rows());
      }
      Variable x = Variable.constant(Tensor.ones(DType.FLOAT64, 1, F));
      assertArrayEquals(before, d.forward(x).value().toDoubleArray());
    }
  }
}
