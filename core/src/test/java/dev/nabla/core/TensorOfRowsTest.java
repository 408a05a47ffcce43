package dev.nabla.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Tensor.of from rows, describe(). */
class TensorOfRowsTest {
  @Test
  void rowsBecomeAMatrix() {
    Tensor t = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
    assertEquals(Shape.of(2, 3), t.shape());
    assertEquals(DType.FLOAT64, t.dtype());
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, t.toDoubleArray());
    Tensor f = Tensor.of(new float[][] {{1.5f}, {2.5f}});
    assertEquals(Shape.of(2, 1), f.shape());
    assertEquals(DType.FLOAT32, f.dtype());
    assertArrayEquals(new float[] {1.5f, 2.5f}, f.toFloatArray());
    assertEquals(Shape.of(0, 0), Tensor.of(new double[0][]).shape());
  }

  @Test
  void theRowsAreCopied() {
    double[][] rows = {{1, 2}};
    Tensor t = Tensor.of(rows);
    rows[0][0] = 9;
    assertEquals(1, t.get(0, 0));
  }

  @Test
  void raggedRowsAreRefusedNamingTheRow() {
    var e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(new double[][] {{1, 2}, {3, 4}, {5}}));
    assertEquals("of: row 2 has 1 values but row 0 has 2 (rows must all have the same length)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[][] {{1}, {}}));
    assertEquals("of: row 1 has 0 values but row 0 has 1 (rows must all have the same length)", e.getMessage());
    var n = assertThrows(NullPointerException.class, () -> Tensor.of(new double[][] {{1}, null}));
    assertEquals("of: row 1 is null", n.getMessage());
    n = assertThrows(NullPointerException.class, () -> Tensor.of((float[][]) null));
    assertEquals("rows", n.getMessage());
  }

  @Test
  void describeShowsShapeAndDtypeThenTheValues() {
    Tensor t = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
    assertEquals("Tensor(shape=[2, 3], FLOAT64)\n[[1. 2. 3.]\n [4. 5. 6.]]", t.describe());
    assertEquals("Tensor(shape=[], FLOAT32)\n2.5", Tensor.scalar(DType.FLOAT32, 2.5).describe());
  }
}
