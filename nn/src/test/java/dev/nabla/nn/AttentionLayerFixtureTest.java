package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link MultiheadAttention} and {@link TransformerEncoderLayer} against PyTorch 1.13 in FLOAT64: every mha_* and
 * transformer_encoder_layer_* fixture of layers/manifest.json. The PyTorch state_dict loads with
 * {@code model.load(path)} (so the names and layouts are PyTorch's); the output and the gradients of
 * L = Σ w ⊙ output with respect to every input and every parameter match to 1e-9 relative.
 */
class AttentionLayerFixtureTest {
  static final double RTOL = 1e-9, ATOL = 1e-12;

  @Test
  void theManifestHasTheAttentionFixtures() {
    List<String> names = AttentionFixtures.layers("MultiheadAttention", "TransformerEncoderLayer").stream()
        .map(AttentionFixtures.Layer::name).toList();
    assertTrue(names.containsAll(List.of("mha_self", "mha_self_causal", "mha_query_key_value",
        "transformer_encoder_layer_post_norm_relu", "transformer_encoder_layer_post_norm_relu_causal",
        "transformer_encoder_layer_pre_norm_gelu_causal")), names.toString());
  }

  @TestFactory
  Stream<DynamicTest> layersMatchPyTorch() {
    return AttentionFixtures.layers("MultiheadAttention", "TransformerEncoderLayer").stream()
        .map(f -> DynamicTest.dynamicTest(f.name(), () -> check(f)));
  }

  /** The layer a fixture describes, in FLOAT64 (its parameters are then overwritten by the fixture's state). */
  static Module build(AttentionFixtures.Layer f) {
    SplittableRandom rng = new SplittableRandom(0);
    if (f.layer().equals("MultiheadAttention")) {
      assertEquals(Boolean.TRUE, f.args().get("batch_first"), f.name());
      return new MultiheadAttention(f.intArg("embed_dim"), f.intArg("num_heads"), rng, DType.FLOAT64);
    }
    assertEquals(Boolean.TRUE, f.args().get("batch_first"), f.name());
    var o = TransformerEncoderLayer.DEFAULTS.withDType(DType.FLOAT64).withDropout(f.doubleArg("dropout"))
        .withNormFirst((Boolean) f.args().get("norm_first"))
        .withActivation(TransformerEncoderLayer.Activation.valueOf(((String) f.args().get("activation")).toUpperCase()));
    return new TransformerEncoderLayer(f.intArg("d_model"), f.intArg("nhead"), f.intArg("dim_feedforward"), rng, o);
  }

  private static Variable forward(Module m, AttentionFixtures.Layer f, List<Variable> in) {
    boolean causal = f.forward().contains("causal=true");
    if (m instanceof MultiheadAttention mha) {
      return in.size() == 3 ? mha.forward(in.get(0), in.get(1), in.get(2), causal) : mha.forward(in.get(0), causal);
    }
    assertEquals(1, in.size(), f.name());
    return ((TransformerEncoderLayer) m).forward(in.get(0), causal);
  }

  private static void check(AttentionFixtures.Layer f) throws Exception {
    Module m = build(f);
    m.load(f.state());
    Map<String, Tensor> io = f.io();
    List<Variable> in = new ArrayList<>();
    for (String name : f.inputs()) in.add(Variable.parameter(assertPresent(io, name, f)));
    Variable out = forward(m, f, in);
    Fixtures.assertClose(assertPresent(io, "output", f), out.value(), ATOL, RTOL, f.name() + " output");
    out.mul(Variable.constant(assertPresent(io, "w", f))).sum().backward();
    Map<String, Tensor> grads = new LinkedHashMap<>();
    for (int i = 0; i < in.size(); i++) grads.put(f.inputs().get(i), in.get(i).grad());
    m.namedParameters().forEach((name, p) -> grads.put(name, p.grad()));
    int checked = 0;
    for (Map.Entry<String, Tensor> g : grads.entrySet()) {
      Tensor expected = assertPresent(io, "grad." + g.getKey(), f);
      assertNotNull(g.getValue(), f.name() + ": no gradient reached " + g.getKey());
      Fixtures.assertClose(expected, g.getValue(), ATOL, RTOL, f.name() + " grad." + g.getKey());
      checked++;
    }
    long inFile = io.keySet().stream().filter(k -> k.startsWith("grad.")).count();
    assertEquals(inFile, checked, f.name() + ": gradients in the fixture vs checked");
    assertFalse(m.namedParameters().isEmpty());
  }

  private static Tensor assertPresent(Map<String, Tensor> io, String name, AttentionFixtures.Layer f) {
    Tensor t = io.get(name);
    assertNotNull(t, f.name() + ": the io file has no " + name + " (has " + io.keySet() + ")");
    return t;
  }
}
