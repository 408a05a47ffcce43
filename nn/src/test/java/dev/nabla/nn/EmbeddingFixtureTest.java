package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** {@link Embedding} against PyTorch's nn.Embedding (fixtures embedding_*: I32 and I64 indices, padding_idx). */
class EmbeddingFixtureTest {
  @Test
  void theManifestHasTheFourEmbeddingFixtures() {
    assertEquals(List.of("embedding_int64", "embedding_padding_idx_int64", "embedding_int32",
        "embedding_padding_idx_int32"), LayerFixtures.namesOf("Embedding"));
  }

  @TestFactory
  Stream<DynamicTest> matchesPyTorch() {
    return LayerFixtures.namesOf("Embedding").stream().map(name -> dynamicTest(name, () -> {
      Map<String, Object> entry = LayerFixtures.entry(name);
      Map<String, Object> args = Fixtures.map(entry.get("args"));
      int count = (int) Fixtures.num(args.get("num_embeddings")), dim = (int) Fixtures.num(args.get("embedding_dim"));
      SplittableRandom rng = new SplittableRandom(0);
      Embedding model = args.containsKey("padding_idx")
          ? new Embedding(count, dim, (int) Fixtures.num(args.get("padding_idx")), rng, DType.FLOAT64)
          : new Embedding(count, dim, rng, DType.FLOAT64);
      assertEquals(entry.get("repr"), model.toString());
      model.load(LayerFixtures.state(entry));
      Map<String, Tensor> io = LayerFixtures.io(entry);
      Tensor input = io.get("input");
      assertEquals(DType.INT32, input.dtype(), "indices read from " + Fixtures.map(Fixtures.map(entry.get("tensors"))
          .get("input")).get("dtype"));
      Variable out = model.forward(Variable.constant(input));
      LayerFixtures.assertRelClose(io.get("output"), out.value(), name + " output");
      LayerFixtures.backwardWeighted(out, io.get("w"));
      LayerFixtures.assertRelClose(io.get("grad.weight"), model.weight().grad(), name + " grad.weight");
    }));
  }

  @Test
  void defaultInitIsStandardNormalWithThePaddingRowZeroed() {
    Embedding e = new Embedding(200, 50, 3, new SplittableRandom(7));
    assertEquals(DType.FLOAT32, e.weight().dtype());
    assertArrayEquals(new int[] {200, 50}, e.weight().shape().dims());
    double[] w = e.weight().value().toDoubleArray();
    double sum = 0, sq = 0;
    for (double v : w) {
      sum += v;
      sq += v * v;
    }
    double mean = sum / w.length, var = sq / w.length - mean * mean;
    assertTrue(Math.abs(mean) < 0.03 && Math.abs(var - 1) < 0.05, "mean " + mean + ", variance " + var);
    assertArrayEquals(new double[50], e.weight().value().narrow(0, 3, 1).reshape(50).toDoubleArray());
    assertEquals(3, new Embedding(4, 2, -1, new SplittableRandom(1)).paddingIdx());
  }

  @Test
  void forwardTakesInt32IndicesOfAnyShapeAndRefusesOthers() {
    Embedding e = new Embedding(5, 3, new SplittableRandom(1));
    assertArrayEquals(new int[] {2, 2, 3}, e.forward(Tensor.of(new int[] {0, 4, 4, 1}, 2, 2)).shape().dims());
    assertArrayEquals(new int[] {3}, e.forward(Tensor.of(new int[] {2}).reshape()).shape().dims());
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
        () -> e.forward(Variable.constant(Tensor.of(new float[] {1}, 1))));
    assertTrue(x.getMessage().startsWith("embedding: indices must be an INT32 tensor, got FLOAT32 [1]"), x.getMessage());
    x = assertThrows(IllegalArgumentException.class, () -> e.forward(Tensor.of(new int[] {5}, 1)));
    assertEquals("embedding: index 5 out of range for weight [5, 3] (5 rows; indices [1])", x.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Embedding(5, 3, 5, new SplittableRandom(1)));
  }
}
