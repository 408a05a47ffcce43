package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autodiff.Attention;
import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link MultiheadAttention} and {@link TransformerEncoderLayer}: names, initialisation, shapes, modes, errors. */
class AttentionLayersTest {
  @Test
  void multiheadAttentionHasPyTorchsNamesAndInitialisation() {
    var mha = new MultiheadAttention(16, 4, new SplittableRandom(1));
    assertEquals(List.of("in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"),
        List.copyOf(mha.namedParameters().keySet()));
    assertEquals(DType.FLOAT32, mha.inProjWeight().dtype());
    assertArrayEquals(new int[] {48, 16}, mha.inProjWeight().shape().dims());
    double xavier = Math.sqrt(6.0 / (16 + 48)), linear = 1 / Math.sqrt(16);
    double[] w = mha.inProjWeight().value().toDoubleArray();
    double max = 0;
    for (double x : w) max = Math.max(max, Math.abs(x));
    assertTrue(max <= xavier && max > 0.9 * xavier, "in_proj_weight within Xavier's bound " + xavier + ": " + max);
    max = 0;
    for (double x : mha.outProj().weight().value().toDoubleArray()) max = Math.max(max, Math.abs(x));
    assertTrue(max <= linear && max > 0.8 * linear, "out_proj.weight within 1/√dim: " + max);
    for (double x : mha.inProjBias().value().toDoubleArray()) assertEquals(0.0, x);
    for (double x : mha.outProj().bias().value().toDoubleArray()) assertEquals(0.0, x);
  }

  @Test
  void shapesSelfCrossAndUnbatched() {
    SplittableRandom rng = new SplittableRandom(2);
    var mha = new MultiheadAttention(8, 2, rng, DType.FLOAT64);
    Variable x = Variable.constant(Tensor.randn(DType.FLOAT64, rng, 3, 5, 8));
    Variable mem = Variable.constant(Tensor.randn(DType.FLOAT64, rng, 3, 7, 8));
    assertArrayEquals(new int[] {3, 5, 8}, mha.forward(x).shape().dims());
    assertArrayEquals(new int[] {3, 5, 8}, mha.forward(x, mem, mem).shape().dims());
    Variable one = Variable.constant(x.value().slice(0, 1, 2).reshape(5, 8));
    Tensor batched = mha.forward(x, true).value().slice(0, 1, 2).reshape(5, 8);
    assertTrue(mha.forward(one, true).value().allClose(batched, 1e-13, 1e-13), "unbatched = one batch row");
    // causal: the output at position 0 depends on position 0 only
    Tensor changed = x.value().toType(DType.FLOAT64).add(Tensor.zeros(DType.FLOAT64, 3, 5, 8)
        .add(Tensor.of(new double[] {0, 1, 1, 1, 1}, 5, 1)));
    Tensor a = mha.forward(x, true).value().slice(1, 0, 1), b = mha.forward(Variable.constant(changed), true).value()
        .slice(1, 0, 1);
    assertTrue(a.allClose(b, 1e-13, 1e-13), "position 0 ignores later positions");
    assertFalse(mha.forward(x).value().slice(1, 0, 1).allClose(mha.forward(Variable.constant(changed)).value()
        .slice(1, 0, 1), 1e-6, 1e-6), "without causal it does not");
  }

  /** A key-padding mask [B, 1, 1, Tk] removes keys per example: padded keys change nothing. */
  @Test
  void anAdditiveKeyPaddingMask() {
    SplittableRandom rng = new SplittableRandom(3);
    var mha = new MultiheadAttention(8, 2, rng, DType.FLOAT64);
    Tensor x = Tensor.randn(DType.FLOAT64, rng, 2, 4, 8);
    Tensor keep = Tensor.of(new double[] {1, 1, 1, 0, 1, 1, 1, 1}, 2, 1, 1, 4);
    Tensor mask = Attention.additiveMask(keep, DType.FLOAT64);
    Variable q = Variable.constant(x);
    Tensor y = mha.forward(q, q, q, mask, false).value();
    Tensor shortKeys = x.slice(0, 0, 1).slice(1, 0, 3);
    Tensor y0 = mha.forward(Variable.constant(x.slice(0, 0, 1)), Variable.constant(shortKeys),
        Variable.constant(shortKeys)).value();
    assertTrue(y.slice(0, 0, 1).allClose(y0, 1e-13, 1e-13), "example 0 attends to its first 3 keys only");
  }

  @Test
  void errorsNameTheLayerAndTheShapes() {
    var mha = new MultiheadAttention(8, 2, new SplittableRandom(4), DType.FLOAT64);
    Variable x = Variable.constant(Tensor.zeros(DType.FLOAT64, 2, 3, 6));
    var e = assertThrows(IllegalArgumentException.class, () -> mha.forward(x));
    assertEquals("MultiheadAttention(embed_dim=8, num_heads=2): needs query, key and value of shape [B, T, 8] (or all"
        + " [T, 8]), got query [2, 3, 6], key [2, 3, 6], value [2, 3, 6]", e.getMessage());
    Variable q = Variable.constant(Tensor.zeros(DType.FLOAT64, 2, 3, 8));
    Variable k = Variable.constant(Tensor.zeros(DType.FLOAT64, 2, 4, 8)), v = Variable.constant(Tensor.zeros(DType.FLOAT64, 2, 5, 8));
    e = assertThrows(IllegalArgumentException.class, () -> mha.forward(q, k, v));
    assertEquals("MultiheadAttention(embed_dim=8, num_heads=2): key and value must have one shape and the batch of"
        + " query, got query [2, 3, 8], key [2, 4, 8], value [2, 5, 8]", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new MultiheadAttention(8, 3, new SplittableRandom(1)));
    assertEquals("MultiheadAttention: embed_dim 8 must be positive and divisible by num_heads 3", e.getMessage());
    Variable f32 = Variable.constant(Tensor.zeros(DType.FLOAT32, 2, 3, 8));
    e = assertThrows(IllegalArgumentException.class, () -> mha.forward(f32));
    assertTrue(e.getMessage().contains("input is FLOAT32 [2, 3, 8] but the parameters are FLOAT64"), e.getMessage());
  }

  @Test
  void nullArgumentsAreNamed() {
    var rng = new SplittableRandom(1);
    var mha = new MultiheadAttention(8, 2, rng);
    Variable x = Variable.constant(Tensor.zeros(DType.FLOAT32, 1, 2, 8));
    assertEquals("rng", assertThrows(NullPointerException.class, () -> new MultiheadAttention(8, 2, null)).getMessage());
    assertEquals("dtype", assertThrows(NullPointerException.class, () -> new MultiheadAttention(8, 2, rng, null))
        .getMessage());
    assertEquals("query", assertThrows(NullPointerException.class, () -> mha.forward(null)).getMessage());
    assertEquals("value", assertThrows(NullPointerException.class, () -> mha.forward(x, x, null)).getMessage());
    assertEquals("options", assertThrows(NullPointerException.class,
        () -> new TransformerEncoderLayer(8, 2, 16, rng, null)).getMessage());
    assertEquals("x", assertThrows(NullPointerException.class,
        () -> new TransformerEncoderLayer(8, 2, 16, rng).forward(null)).getMessage());
    assertEquals("activation", assertThrows(NullPointerException.class,
        () -> TransformerEncoderLayer.DEFAULTS.withActivation(null)).getMessage());
  }

  @Test
  void transformerEncoderLayerHasPyTorchsNames() {
    var layer = new TransformerEncoderLayer(8, 2, 16, new SplittableRandom(5));
    assertEquals(List.of("self_attn.in_proj_weight", "self_attn.in_proj_bias", "self_attn.out_proj.weight",
        "self_attn.out_proj.bias", "linear1.weight", "linear1.bias", "linear2.weight", "linear2.bias", "norm1.weight",
        "norm1.bias", "norm2.weight", "norm2.bias"), List.copyOf(layer.namedParameters().keySet()));
    assertEquals(List.of("self_attn", "linear1", "dropout", "linear2", "norm1", "norm2", "dropout1", "dropout2"),
        List.copyOf(layer.children().keySet()));
    assertEquals(0.1, TransformerEncoderLayer.DEFAULTS.dropout());
    assertEquals(1e-5, TransformerEncoderLayer.DEFAULTS.layerNormEps());
    for (double x : layer.stateDict().get("norm1.weight").toDoubleArray()) assertEquals(1.0, x);
  }

  /** Dropout (0.1 by default, also on the attention weights) acts in training mode only. */
  @Test
  void dropoutFollowsTheMode() {
    SplittableRandom rng = new SplittableRandom(6);
    var layer = new TransformerEncoderLayer(8, 2, 16, rng, TransformerEncoderLayer.DEFAULTS.withDType(DType.FLOAT64)
        .withNormFirst(true).withActivation(TransformerEncoderLayer.Activation.GELU));
    Variable x = Variable.constant(Tensor.randn(DType.FLOAT64, rng, 2, 6, 8));
    Tensor a = layer.forward(x, true).value(), b = layer.forward(x, true).value();
    assertFalse(a.allClose(b, 1e-9, 1e-9), "training: two passes draw different masks");
    layer.eval();
    Tensor c = layer.forward(x, true).value(), d = layer.forward(x, true).value();
    assertTrue(c.allClose(d, 0, 0), "eval: deterministic");
    var noDropout = new TransformerEncoderLayer(8, 2, 16, new SplittableRandom(6), TransformerEncoderLayer.DEFAULTS
        .withDType(DType.FLOAT64).withNormFirst(true).withActivation(TransformerEncoderLayer.Activation.GELU)
        .withDropout(0));
    noDropout.loadStateDict(layer.stateDict(), true);
    assertTrue(noDropout.forward(x, true).value().allClose(c, 1e-14, 1e-14), "eval = no dropout");
    assertThrows(IllegalArgumentException.class, () -> TransformerEncoderLayer.DEFAULTS.withDropout(1));
  }

  /** FLOAT32 (the default dtype) trains: a few Adam steps lower a regression loss. */
  @Test
  void aFloat32BlockTrains() {
    SplittableRandom rng = new SplittableRandom(7);
    var block = new TransformerEncoderLayer(8, 2, 16, rng, TransformerEncoderLayer.DEFAULTS.withDropout(0));
    Variable x = Variable.constant(Tensor.randn(DType.FLOAT32, rng, 4, 5, 8));
    Variable y = Variable.constant(Tensor.randn(DType.FLOAT32, rng, 4, 5, 8));
    var opt = new Adam(block.parameters(), 1e-2);
    double first = 0, last = 0;
    for (int step = 0; step < 30; step++) {
      opt.zeroGrad();
      Variable loss = Losses.mse(block.forward(x, true), y);
      loss.backward();
      opt.step();
      if (step == 0) first = loss.item();
      last = loss.item();
    }
    assertTrue(last < 0.7 * first, "loss " + first + " -> " + last);
  }
}
