package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Module buffers with the normalization layers: names, save/load round trip, optimizers, train/eval. */
class NormalizationModulesTest {
  private static final DType F64 = DType.FLOAT64;

  private static Sequential model(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    return new Sequential(new Linear(4, 3, rng, F64), new BatchNorm1d(3, F64), new ReLU(), new Linear(3, 2, rng, F64));
  }

  private static Map<String, double[]> snapshot(Map<String, Tensor> state) {
    Map<String, double[]> out = new LinkedHashMap<>();
    state.forEach((k, t) -> out.put(k, t.toDoubleArray()));
    return out;
  }

  private static void assertSameState(Map<String, double[]> want, Map<String, Tensor> got) {
    assertEquals(want.keySet(), got.keySet());
    want.forEach((k, v) -> assertArrayEquals(v, got.get(k).toDoubleArray(), 0, k));
  }

  @Test
  void buffersHavePyTorchNamesAndAreNotParameters() {
    Sequential m = model(1);
    assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "3.weight", "3.bias"),
        List.copyOf(m.namedParameters().keySet()));
    assertEquals(List.of("1.running_mean", "1.running_var", "1.num_batches_tracked"),
        List.copyOf(m.namedBuffers().keySet()));
    assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var",
        "1.num_batches_tracked", "3.weight", "3.bias"), List.copyOf(m.stateDict().keySet()));
    assertEquals(3, m.buffers().size());
    for (Tensor b : m.buffers())
      assertFalse(m.parameters().stream().anyMatch(p -> p.value() == b), "a buffer among the parameters");
    assertEquals(4 * 3 + 3 + 3 + 3 + 3 * 2 + 2, m.parameterCount());
  }

  @Test
  void anOptimizerOverParametersNeverTouchesRunningStatistics() {
    Sequential m = model(2);
    BatchNorm bn = (BatchNorm) m.children().get("1");
    SGD opt = new SGD(m.parameters(), 0.1);
    Tensor x = Tensor.randn(F64, new SplittableRandom(3), 8, 4);
    for (int step = 1; step <= 3; step++) {
      opt.zeroGrad();
      Variable loss = m.forward(Variable.constant(x)).square().mean();
      double[] mean = bn.runningMean().toDoubleArray(), var = bn.runningVar().toDoubleArray();
      int vm = bn.runningMean().version(), vv = bn.runningVar().version();
      loss.backward();
      opt.step();
      assertArrayEquals(mean, bn.runningMean().toDoubleArray(), 0, "step " + step);
      assertArrayEquals(var, bn.runningVar().toDoubleArray(), 0, "step " + step);
      assertEquals(vm, bn.runningMean().version());
      assertEquals(vv, bn.runningVar().version());
      assertEquals(step, bn.numBatchesTracked());
    }
    assertNotEquals(0.0, bn.runningMean().abs().sum().item(), "the forward passes moved the running mean");
    m.eval(); // eval: no update, no count
    double[] mean = bn.runningMean().toDoubleArray();
    m.forward(Variable.constant(x));
    assertArrayEquals(mean, bn.runningMean().toDoubleArray(), 0);
    assertEquals(3, bn.numBatchesTracked());
  }

  @Test
  void saveAndLoadRoundTripIncludesTheBuffers(@TempDir Path dir) throws IOException {
    Sequential a = model(4);
    Tensor x = Tensor.randn(F64, new SplittableRandom(5), 6, 4);
    for (int i = 0; i < 2; i++) a.forward(Variable.constant(x.add(i))); // training: running stats move
    Path file = dir.resolve("bn.safetensors");
    a.save(file);
    assertEquals(List.copyOf(a.stateDict().keySet()), List.copyOf(SafeTensors.read(file).keySet()));
    Sequential b = model(99);
    assertNotEquals(a.stateDict().get("1.running_mean").toDoubleArray()[0],
        b.stateDict().get("1.running_mean").toDoubleArray()[0]);
    b.load(file);
    assertSameState(snapshot(a.stateDict()), b.stateDict());
    assertEquals(2, ((BatchNorm) b.children().get("1")).numBatchesTracked());
    assertArrayEquals(a.eval().predict(x).toDoubleArray(), b.eval().predict(x).toDoubleArray(), 0);
  }

  @Test
  void numBatchesTrackedIsReadIfPresent(@TempDir Path dir) throws IOException {
    Sequential a = model(6), b = model(7);
    a.forward(Variable.constant(Tensor.randn(F64, new SplittableRandom(8), 5, 4)));
    Map<String, Tensor> state = new LinkedHashMap<>(a.stateDict());
    state.remove("1.num_batches_tracked");
    b.loadStateDict(state, true);
    assertArrayEquals(a.stateDict().get("1.running_var").toDoubleArray(), b.stateDict().get("1.running_var")
        .toDoubleArray(), 0);
    assertEquals(0, ((BatchNorm) b.children().get("1")).numBatchesTracked());
    Path file = dir.resolve("no-count.safetensors");
    SafeTensors.write(file, state);
    Sequential c = model(9);
    c.load(file);
    assertSameState(snapshot(b.stateDict()), c.stateDict());
    state.put("1.num_batches_tracked", Tensor.scalar(DType.FLOAT32, 7)); // another dtype: converted
    c.loadStateDict(state, true);
    assertEquals(7, ((BatchNorm) c.children().get("1")).numBatchesTracked());
  }

  @Test
  void aMissingOrWrongBufferLeavesTheModelUnchanged(@TempDir Path dir) throws IOException {
    Sequential a = model(10), b = model(11);
    Map<String, double[]> before = snapshot(b.stateDict());
    Map<String, Tensor> state = new LinkedHashMap<>(a.stateDict());
    state.remove("1.running_mean");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.loadStateDict(state, true));
    assertEquals("loadStateDict: missing buffer \"1.running_mean\" (F64 [3])", e.getMessage());
    assertSameState(before, b.stateDict());
    Path file = dir.resolve("missing.safetensors");
    SafeTensors.write(file, state);
    IOException io = assertThrows(IOException.class, () -> b.load(file));
    assertTrue(io.getMessage().endsWith("missing buffer \"1.running_mean\" (F64 [3])"), io.getMessage());
    assertSameState(before, b.stateDict());
    b.load(file, false); // not strict: the rest loads
    assertArrayEquals(a.stateDict().get("1.running_var").toDoubleArray(), b.stateDict().get("1.running_var")
        .toDoubleArray(), 0);
    assertArrayEquals(before.get("1.running_mean"), b.stateDict().get("1.running_mean").toDoubleArray(), 0);

    Map<String, Tensor> wrong = new LinkedHashMap<>(a.stateDict());
    wrong.put("1.running_var", Tensor.ones(DType.FLOAT32, 3));
    Map<String, double[]> now = snapshot(b.stateDict());
    e = assertThrows(IllegalArgumentException.class, () -> b.loadStateDict(wrong, true));
    assertEquals("loadStateDict: tensor \"1.running_var\" is F32 but the buffer is F64 (FLOAT64)", e.getMessage());
    wrong.put("1.running_var", Tensor.ones(F64, 4));
    e = assertThrows(IllegalArgumentException.class, () -> b.loadStateDict(wrong, true));
    assertEquals("loadStateDict: tensor \"1.running_var\" has shape [4] but the buffer has shape [3]", e.getMessage());
    wrong.put("1.running_var", Tensor.ones(F64, 3));
    wrong.put("1.extra", Tensor.ones(F64, 3));
    e = assertThrows(IllegalArgumentException.class, () -> b.loadStateDict(wrong, true));
    assertTrue(e.getMessage().startsWith("loadStateDict: unexpected tensor \"1.extra\": the model has no parameter or"
        + " buffer of that name (parameters: [0.weight"), e.getMessage());
    assertTrue(e.getMessage().contains("buffers: [1.running_mean, 1.running_var, 1.num_batches_tracked]"));
    assertSameState(now, b.stateDict());
  }

  @Test
  void layersRefuseWrongInputsNamingThemselves() {
    Variable x3 = Variable.constant(Tensor.zeros(F64, 2, 3, 4));
    assertEquals("BatchNorm2d(3, eps=1.0E-5, momentum=0.1, affine=true, track_running_stats=true): expected 4D input"
        + " (got 3D input of shape [2, 3, 4])",
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(3, F64).forward(x3)).getMessage());
    assertEquals("BatchNorm1d(4, eps=1.0E-5, momentum=0.1, affine=true, track_running_stats=true): input [2, 3, 4]"
        + " has 3 channels, expected 4",
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(4, F64).forward(x3)).getMessage());
    assertEquals("layerNorm: normalizedShape [3] does not match the last dims of input [2, 3, 4]",
        assertThrows(IllegalArgumentException.class, () -> new LayerNorm(3, F64).forward(x3)).getMessage());
    assertEquals("LayerNorm((4,), eps=1.0E-5, elementwise_affine=true): input is FLOAT64 [2, 3, 4] but the"
        + " parameters are FLOAT32; convert the input with Tensor.toType",
        assertThrows(IllegalArgumentException.class, () -> new LayerNorm(4).forward(x3)).getMessage());
    assertEquals(Math.pow(2, -23), Double.parseDouble(new RMSNorm(4).toString().replaceAll(".*eps=([^,]*),.*", "$1")));
    assertEquals(List.of("weight", "bias"), List.copyOf(new LayerNorm(4).namedParameters().keySet()));
    assertEquals(List.of("weight"), List.copyOf(new RMSNorm(4).namedParameters().keySet()));
    assertTrue(new LayerNorm(new int[] {4}, 1e-5, false).parameters().isEmpty());
  }
}
