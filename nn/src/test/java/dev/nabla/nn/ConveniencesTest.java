package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import dev.nabla.core.Shape;
import dev.nabla.core.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** predict, eval()/train() keeping the type, metrics, image-shaped datasets. */
class ConveniencesTest {
  @Test
  void predictIsForwardWithoutAGraph() {
    var rng = new SplittableRandom(1);
    var model = new Sequential(new Linear(4, 5, rng), new ReLU(), new Linear(5, 3, rng));
    Tensor x = Tensor.randn(DType.FLOAT32, rng, 6, 4);
    Tensor p = model.predict(x);
    Variable withGraph = model.forward(Variable.constant(x));
    assertArrayEquals(withGraph.value().toFloatArray(), p.toFloatArray());
    assertFalse(withGraph.isLeaf(), "forward records a graph");
    // predict recorded nothing: no parameter gets a gradient from it, and the result is a plain tensor
    for (Variable v : model.parameters()) assertNull(v.grad());
  }

  @Test
  void evalAndTrainReturnTheModulesOwnType() {
    var rng = new SplittableRandom(1);
    Sequential s = new Sequential(new Linear(2, 2, rng)).eval();
    assertFalse(s.isTraining());
    Linear l = new Linear(2, 3, rng).eval().train();
    assertTrue(l.isTraining());
    Sequential t = s.train(true);
    assertSame(s, t);
    Module m = s;
    m.train();
    m.eval(); // statements on the base type still compile
    assertFalse(s.get(0).isTraining());
  }

  @Test
  void accuracyFromLogitsOrClassIndices() {
    Tensor logits = Tensor.of(new double[][] {{2, 1, 0}, {0, 3, 1}, {1, 0, 0.5}, {0, 0, 9}});
    int[] labels = {0, 1, 2, 2};
    assertEquals(0.75, Metrics.accuracy(logits, labels));
    assertEquals(0.75, Metrics.accuracy(Variable.constant(logits), labels));
    assertEquals(0.5, Metrics.accuracy(Tensor.of(new double[] {0, 1, 1, 0}), labels));
    var e = assertThrows(IllegalArgumentException.class, () -> Metrics.accuracy(logits, new int[] {0, 1}));
    assertEquals("accuracy: outputs of shape [4, 3] for 2 labels", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Metrics.accuracy(Tensor.of(new double[] {0.5}), new int[] {0}));
    assertTrue(e.getMessage().contains("element 0 is 0.5"), e.getMessage());
  }

  @Test
  void confusionMatrixCountsAndPrintsATable() {
    Tensor logits = Tensor.of(new double[][] {{2, 1, 0}, {0, 3, 1}, {1, 0, 0.5}, {0, 0, 9}, {0, 9, 0}});
    ConfusionMatrix cm = Metrics.confusionMatrix(logits, new int[] {0, 1, 2, 2, 2}, 3);
    assertEquals(1, cm.count(2, 0));
    assertEquals(1, cm.count(2, 1));
    assertEquals(1, cm.count(2, 2));
    assertEquals(5, cm.total());
    assertEquals(0.6, cm.accuracy(), 1e-15);
    assertEquals(0.5, cm.precision(1));
    assertEquals(1.0 / 3, cm.recall(2));
    assertEquals("""
        true\\pred  0  1  2
                0  1  0  0
                1  0  1  0
                2  1  1  1""", cm.toString());
    var e = assertThrows(IllegalArgumentException.class,
        () -> Metrics.confusionMatrix(Tensor.of(new double[] {0, 3}), new int[] {0, 1}, 3));
    assertEquals("confusionMatrix: sample 1 has label 1 and prediction 3, outside [0, 3)", e.getMessage());
  }

  @Test
  void imageDatasetsBatchWithTheirTrailingDimensions() {
    var rng = new SplittableRandom(3);
    Tensor images = Tensor.randn(DType.FLOAT32, rng, 10, 1, 4, 4);
    int[] labels = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    Dataset d = Dataset.of(images, labels);
    assertEquals(16, d.numFeatures());
    List<Integer> seen = new ArrayList<>();
    for (DataLoader.Batch b : new DataLoader(d, 4).shuffle(new SplittableRandom(1))) {
      assertEquals(Shape.of(b.size(), 1, 4, 4), b.features().shape());
      for (int i = 0; i < b.size(); i++) {
        int label = b.labels()[i];
        seen.add(label);
        // each image travels with its label
        assertArrayEquals(images.narrow(0, label, 1).toFloatArray(), b.features().narrow(0, i, 1).toFloatArray());
      }
    }
    assertEquals(10, seen.size());
    assertEquals(Shape.of(3, 1, 4, 4), d.subset(new int[] {1, 2, 3}).features().shape());
    var e = assertThrows(IllegalArgumentException.class, () -> Dataset.of(Tensor.zeros(DType.FLOAT32, 3), new int[3]));
    assertEquals("Dataset: features must have shape [samples, features, ...], got [3]", e.getMessage());
  }
}
