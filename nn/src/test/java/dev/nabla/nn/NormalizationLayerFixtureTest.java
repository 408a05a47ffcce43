package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * BatchNorm1d, BatchNorm2d, LayerNorm and RMSNorm against PyTorch (FLOAT64 fixtures, every batchnorm*,
 * layernorm* and rmsnorm* entry of layers/manifest.json): with the PyTorch state loaded, the output, the
 * gradients of L = Σ w ⊙ output with respect to the input and every parameter, and for batch norm in training
 * the running statistics and batch count afterwards, to 1e-9 relative.
 */
class NormalizationLayerFixtureTest {
  private static final double RTOL = 1e-9, ATOL = 1e-12;

  private static int[] shape(Map<String, Object> fixture, String key) {
    Object v = Fixtures.map(fixture.get("args")).get(key);
    return v instanceof List<?> ? Fixtures.ints(v) : new int[] {(int) Fixtures.num(v)};
  }

  private static double arg(Map<String, Object> fixture, String key, double otherwise) {
    Object v = Fixtures.map(fixture.get("args")).get(key);
    return v == null ? otherwise : Fixtures.num(v);
  }

  /** The module a fixture describes, in FLOAT64. */
  static Module build(Map<String, Object> f) {
    String layer = (String) f.get("layer");
    return switch (layer) {
      case "LayerNorm" -> new LayerNorm(shape(f, "normalized_shape"), arg(f, "eps", 1e-5), true, DType.FLOAT64);
      case "RMSNorm" -> new RMSNorm(shape(f, "normalized_shape"), arg(f, "eps", dev.nabla.autodiff.Normalizations.machineEpsilon(DType.FLOAT64)), true, DType.FLOAT64);
      case "BatchNorm1d" -> new BatchNorm1d((int) arg(f, "num_features", -1), arg(f, "eps", 1e-5),
          arg(f, "momentum", 0.1), DType.FLOAT64);
      case "BatchNorm2d" -> new BatchNorm2d((int) arg(f, "num_features", -1), arg(f, "eps", 1e-5),
          arg(f, "momentum", 0.1), DType.FLOAT64);
      default -> throw new IllegalStateException("unknown layer " + layer);
    };
  }

  @TestFactory
  Stream<DynamicTest> everyNormalizationFixtureMatchesPyTorch() {
    List<Map<String, Object>> fixtures = NormFixtures.entries();
    assertEquals(9, fixtures.size(), "batchnorm/layernorm/rmsnorm fixtures in the manifest");
    return fixtures.stream().map(f -> dynamicTest((String) f.get("name"), () -> {
      String name = (String) f.get("name");
      Map<String, Object> files = Fixtures.map(f.get("files"));
      Map<String, Tensor> io = SafeTensors.read(Fixtures.path("layers/" + files.get("io")));
      Module m = build(f);
      m.load(Fixtures.path("layers/" + files.get("state"))); // PyTorch's state_dict, strict: parameters and buffers
      if ("eval".equals(f.get("mode"))) m.eval();
      else m.train();
      Map<String, Tensor> buffersBefore = new java.util.LinkedHashMap<>();
      m.namedBuffers().forEach((k, t) -> buffersBefore.put(k, Tensor.zeros(t.dtype(), t.shape()).copyInPlace(t)));
      Variable x = Variable.parameter(io.get("input"));
      Variable y = m.forward(x);
      Fixtures.assertClose(io.get("output"), y.value(), ATOL, RTOL, name + ": output");
      y.mul(Variable.constant(io.get("w"))).sum().backward();
      Fixtures.assertClose(io.get("grad.input"), x.grad(), ATOL, RTOL, name + ": grad.input");
      int grads = 0;
      for (Map.Entry<String, Variable> p : m.namedParameters().entrySet()) {
        Tensor want = io.get("grad." + p.getKey());
        assertNotNull(want, name + ": fixture has no grad." + p.getKey());
        Fixtures.assertClose(want, p.getValue().grad(), ATOL, RTOL, name + ": grad." + p.getKey());
        grads++;
      }
      assertEquals(io.keySet().stream().filter(k -> k.startsWith("grad.") && !k.equals("grad.input")).count(), grads,
          name + ": parameter gradients checked");
      int after = 0;
      for (Map.Entry<String, Tensor> b : m.namedBuffers().entrySet()) {
        Tensor want = io.get("after." + b.getKey());
        if (want == null) { // eval mode: the buffers are unchanged
          Fixtures.assertClose(buffersBefore.get(b.getKey()), b.getValue(), 0, 0, name + ": " + b.getKey());
          continue;
        }
        Fixtures.assertClose(want, b.getValue(), ATOL, RTOL, name + ": after." + b.getKey());
        after++;
      }
      if (name.contains("train") && name.startsWith("batchnorm")) {
        assertEquals(3, after, name + ": running_mean, running_var and num_batches_tracked checked");
        assertTrue(((BatchNorm) m).numBatchesTracked() > 0);
      } else {
        assertEquals(0, after, name);
      }
      assertFalse(m.parameters().stream().anyMatch(p -> m.buffers().stream().anyMatch(t -> t == p.value())),
          name + ": a buffer among the parameters");
    }));
  }
}
