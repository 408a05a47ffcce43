package dev.nabla.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Embeddings#lookup}: values, the index-add gradient, the padding row, INT32-only indices. */
class EmbeddingsTest {
  private static Variable weight() {
    return Variable.parameter(Tensor.of(new double[] {0, 1, 10, 11, 20, 21, 30, 31}, 4, 2));
  }

  @Test
  void looksUpRowsInTheIndicesShapeAndAddsGradientsIntoThem() {
    Variable w = weight();
    Variable e = Embeddings.lookup(w, Tensor.of(new int[] {2, 0, 2, 3, 3, 3}, 2, 3));
    assertArrayEquals(new int[] {2, 3, 2}, e.shape().dims());
    assertArrayEquals(new double[] {20, 21, 0, 1, 20, 21, 30, 31, 30, 31, 30, 31}, e.value().toDoubleArray());
    e.mul(Variable.constant(Tensor.arange(DType.FLOAT64, 12).reshape(2, 3, 2))).sum().backward();
    // row 0 from position 1 (g = 2, 3), row 2 from positions 0 and 2 (0+4, 1+5), row 3 from 3, 4, 5
    assertArrayEquals(new double[] {2, 3, 0, 0, 4, 6, 24, 27}, w.grad().toDoubleArray());
  }

  @Test
  void paddingPositionsKeepTheirValueButSendNoGradient() {
    for (int pad : new int[] {2, -2}) {
      Variable w = weight();
      Variable e = Embeddings.lookup(w, Tensor.of(new int[] {2, 1, 2}, 3), pad);
      assertArrayEquals(new double[] {20, 21, 10, 11, 20, 21}, e.value().toDoubleArray());
      e.sum().backward();
      assertArrayEquals(new double[] {0, 0, 1, 1, 0, 0, 0, 0}, w.grad().toDoubleArray(), "paddingIdx " + pad);
    }
  }

  @Test
  void gradOfGradThroughTheLookup() {
    Variable w = weight();
    Variable loss = Embeddings.lookup(w, Tensor.of(new int[] {1, 1}, 2)).square().sum();
    Variable g = Grad.differentiableGrad(loss, List.of(w)).get(0); // 2·count·w on row 1
    assertArrayEquals(new double[] {0, 0, 40, 44, 0, 0, 0, 0}, g.value().toDoubleArray());
    Tensor h = Grad.grad(g.sum(), List.of(w)).get(0);
    assertArrayEquals(new double[] {0, 0, 4, 4, 0, 0, 0, 0}, h.toDoubleArray());
  }

  @Test
  void refusesWhatIsNotAnInt32Index() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Embeddings.lookup(weight(), Tensor.of(new float[] {1, 2}, 2)));
    assertEquals("embedding: indices must be an INT32 tensor, got FLOAT32 [2]; convert them with toType(DType.INT32)",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Embeddings.lookup(weight(), Tensor.of(new int[] {0, 9}, 1, 2)));
    assertEquals("embedding: index 9 out of range for weight [4, 2] (4 rows; indices [1, 2])", e.getMessage());
  }

  @Test
  void int32VariablesNeverRequireAGradient() {
    Tensor idx = Tensor.of(new int[] {3, 1, 4}, 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Variable.parameter(idx));
    assertTrue(e.getMessage().startsWith("parameter: INT32 tensors cannot require a gradient"), e.getMessage());
    Variable c = Variable.constant(idx);
    assertEquals(false, c.requiresGrad());
    assertArrayEquals(new int[] {6, 2, 8}, c.add(c).value().toIntArray());
    e = assertThrows(IllegalArgumentException.class, () -> c.exp());
    assertEquals("exp: not defined for INT32 tensors", e.getMessage());
    Variable x = Variable.parameter(Tensor.zeros(DType.FLOAT64, 3));
    e = assertThrows(IllegalArgumentException.class, () -> x.add(c));
    assertEquals("add: dtype mismatch: FLOAT64 [3] vs INT32 [3]; convert one with toType", e.getMessage());
    Variable picked = x.gather(0, Tensor.of(new int[] {2}, 1).reshape());
    assertTrue(picked.requiresGrad());
  }
}
