package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** INT32 label tensors in Dataset, DataLoader batches and Metrics; argmax (INT32) as predictions. */
class Int32LabelsTest {
  private static final Tensor X = Tensor.arange(DType.FLOAT32, 10).reshape(5, 2);

  @Test
  void anInt32TensorOfLabelsMakesClassificationData() {
    Dataset d = Dataset.of(X, Tensor.of(new int[] {0, 2, 1, 2, 0}, 5));
    assertEquals(true, d.hasLabels());
    assertNull(d.targets());
    assertArrayEquals(new int[] {0, 2, 1, 2, 0}, d.labels());
    assertEquals(DType.INT32, d.labelTensor().dtype());
    assertArrayEquals(new int[] {0, 2, 1, 2, 0}, d.labelTensor().toIntArray());
    assertEquals(3, d.numClasses());
    assertArrayEquals(new int[] {2, 0}, d.subset(new int[] {3, 4}).labelTensor().toIntArray());
    assertNull(Dataset.of(X, Tensor.zeros(DType.FLOAT32, 5, 1)).labelTensor(), "floating targets: regression");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Dataset.of(X, Tensor.zeros(DType.INT32, 5, 1)));
    assertEquals("Dataset: INT32 labels must have shape [samples], got [5, 1]", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Dataset.of(X, Tensor.of(new int[] {0, -1, 0, 0, 0}, 5)));
    assertEquals("Dataset: negative label -1 at row 1", e.getMessage());
  }

  @Test
  void batchesCarryTheirLabelsAsInt32TooAndMetricsTakeThem() {
    Dataset d = Dataset.of(X, new int[] {1, 0, 1, 1, 0});
    List<int[]> seen = new ArrayList<>();
    for (DataLoader.Batch b : new DataLoader(d, 2)) {
      assertArrayEquals(b.labels(), b.labelTensor().toIntArray());
      seen.add(b.labelTensor().toIntArray());
    }
    assertEquals(3, seen.size());
    assertArrayEquals(new int[] {0}, seen.get(2));
    Tensor logits = Tensor.of(new double[] {0, 1, 1, 0, 0, 1, 1, 0, 1, 0}, 5, 2);
    Tensor pred = logits.argmax(1);
    assertEquals(DType.INT32, pred.dtype());
    assertEquals(0.8, Metrics.accuracy(logits, d.labelTensor().toIntArray()));
    assertEquals(0.8, Metrics.accuracy(pred, d.labels()), "INT32 predictions [N]");
    assertEquals(1.0, Metrics.accuracy(pred, pred.toIntArray()));
    assertEquals(0.8, Metrics.confusionMatrix(pred, d.labels(), 2).accuracy());
    assertNull(new DataLoader(Dataset.of(X, Tensor.zeros(DType.FLOAT32, 5)), 5).iterator().next().labelTensor());
  }
}
