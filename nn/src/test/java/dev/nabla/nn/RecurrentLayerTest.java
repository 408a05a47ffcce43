package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autodiff.GradCheck;
import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link LSTM} and {@link GRU} beyond the fixtures: layouts, init, initial states, unbatched input, errors. */
class RecurrentLayerTest {
  private static final DType F64 = DType.FLOAT64;

  private static Tensor randn(long seed, int... dims) {
    return Tensor.randn(F64, new SplittableRandom(seed), dims);
  }

  @Test
  void parametersHavePyTorchNamesShapesAndInit() {
    LSTM lstm = new LSTM(3, 5, 2, new SplittableRandom(1));
    Map<String, Variable> p = lstm.namedParameters();
    assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_ih_l1", "weight_hh_l1",
        "bias_ih_l1", "bias_hh_l1"), List.copyOf(p.keySet()));
    assertEquals(List.of(20, 3), dims(p.get("weight_ih_l0")));
    assertEquals(List.of(20, 5), dims(p.get("weight_ih_l1")));
    assertEquals(List.of(20, 5), dims(p.get("weight_hh_l1")));
    assertEquals(List.of(20), dims(p.get("bias_hh_l0")));
    GRU gru = new GRU(3, 5, new SplittableRandom(1));
    assertEquals(List.of(15, 3), dims(gru.namedParameters().get("weight_ih_l0")));
    assertEquals(DType.FLOAT32, gru.namedParameters().get("bias_ih_l0").dtype());
    double bound = 1 / Math.sqrt(5);
    for (Variable v : lstm.parameters()) {
      double[] a = v.value().toDoubleArray();
      double max = 0;
      for (double x : a) max = Math.max(max, Math.abs(x));
      assertTrue(max <= bound && max > 0.8 * bound, "U(-1/√H, 1/√H): max |w| = " + max);
    }
  }

  private static List<Integer> dims(Variable v) {
    return java.util.Arrays.stream(v.shape().dims()).boxed().toList();
  }

  @Test
  void outputShapesAndFinalStates() {
    LSTM lstm = new LSTM(3, 4, 2, new SplittableRandom(2), F64);
    Variable x = Variable.constant(randn(3, 2, 5, 3));
    LSTM.Output o = lstm.forward(x, null, null);
    assertEquals(List.of(2, 5, 4), dims(o.output()));
    assertEquals(List.of(2, 2, 4), dims(o.h()));
    assertEquals(List.of(2, 2, 4), dims(o.c()));
    // the last layer's final h is the output's last step
    Tensor last = o.output().value().narrow(1, 4, 1).reshape(2, 4);
    assertTrue(o.h().value().narrow(0, 1, 1).reshape(2, 4).allClose(last, 0, 0));
  }

  /** Running the first steps, then the rest from the returned states, equals one run over all steps. */
  @Test
  void initialStatesContinueASequence() {
    Tensor x = randn(4, 2, 6, 3);
    LSTM lstm = new LSTM(3, 4, 2, new SplittableRandom(5), F64);
    LSTM.Output all = lstm.forward(Variable.constant(x), null, null);
    LSTM.Output first = lstm.forward(Variable.constant(x.narrow(1, 0, 2)), null, null);
    LSTM.Output rest = lstm.forward(Variable.constant(x.narrow(1, 2, 4)), first.h(), first.c());
    assertTrue(rest.output().value().allClose(all.output().value().narrow(1, 2, 4), 1e-14, 1e-14));
    assertTrue(rest.c().value().allClose(all.c().value(), 1e-14, 1e-14));
    GRU gru = new GRU(3, 4, 2, new SplittableRandom(6), F64);
    GRU.Output gAll = gru.forward(Variable.constant(x), null);
    GRU.Output gFirst = gru.forward(Variable.constant(x.narrow(1, 0, 3)), null);
    GRU.Output gRest = gru.forward(Variable.constant(x.narrow(1, 3, 3)), gFirst.h());
    assertTrue(gRest.output().value().allClose(gAll.output().value().narrow(1, 3, 3), 1e-14, 1e-14));
    assertTrue(gRest.h().value().allClose(gAll.h().value(), 1e-14, 1e-14));
  }

  @Test
  void gradientsThroughInputAndInitialStatesMatchCentralDifferences() {
    LSTM lstm = new LSTM(2, 3, 2, new SplittableRandom(7), F64);
    GRU gru = new GRU(2, 3, 2, new SplittableRandom(8), F64);
    List<Tensor> in = List.of(randn(9, 2, 3, 2), randn(10, 2, 2, 3), randn(11, 2, 2, 3));
    assertTrue(GradCheck.check(v -> lstm.forward(v.get(0), v.get(1), v.get(2)).output().tanh().sum(), in).passed());
    assertTrue(GradCheck.check(v -> gru.forward(v.get(0), v.get(1)).output().tanh().sum(), in.subList(0, 2)).passed());
  }

  @Test
  void unbatchedInputIsOneBatchOfOne() {
    GRU gru = new GRU(3, 4, new SplittableRandom(12), F64);
    Tensor x = randn(13, 5, 3);
    Variable un = gru.forward(Variable.constant(x));
    assertEquals(List.of(5, 4), dims(un));
    assertTrue(un.value().allClose(gru.forward(Variable.constant(x.reshape(1, 5, 3))).value().reshape(5, 4), 0, 0));
    LSTM lstm = new LSTM(3, 4, new SplittableRandom(14), F64);
    LSTM.Output o = lstm.forward(Variable.constant(x), Variable.constant(randn(15, 1, 4)), null);
    assertEquals(List.of(1, 4), dims(o.h()));
  }

  @Test
  void errorsNameTheLayerAndTheShapes() {
    LSTM lstm = new LSTM(3, 4, 2, new SplittableRandom(1), F64);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> lstm.forward(Variable.constant(Tensor.zeros(F64, 2, 5, 2))));
    assertEquals("LSTM(3, 4, num_layers=2, batch_first=True): input of shape [2, 5, 2] must be [batch, time, 3]"
        + " (or [time, 3] unbatched)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> lstm.forward(Variable.constant(Tensor.zeros(F64, 2, 5, 3)), Variable.constant(Tensor.zeros(F64, 1, 2, 4)), null));
    assertEquals("LSTM(3, 4, num_layers=2, batch_first=True): h0 FLOAT64 [1, 2, 4] must be FLOAT64 [2, 2, 4]",
        e.getMessage());
    GRU gru = new GRU(3, 4, new SplittableRandom(1));
    e = assertThrows(IllegalArgumentException.class, () -> gru.forward(Variable.constant(Tensor.zeros(F64, 2, 5, 3))));
    assertEquals("GRU(3, 4, batch_first=True): input is FLOAT64 [2, 5, 3] but the parameters are FLOAT32; convert the"
        + " input with Tensor.toType", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new GRU(3, 0, new SplittableRandom(1)));
    assertEquals("GRU: sizes must be positive, got input_size=3, hidden_size=0, num_layers=1", e.getMessage());
  }

  @Test
  void nullArgumentsAreNamed() {
    SplittableRandom rng = new SplittableRandom(1);
    assertEquals("rng", assertThrows(NullPointerException.class, () -> new LSTM(2, 2, null)).getMessage());
    assertEquals("dtype", assertThrows(NullPointerException.class, () -> new GRU(2, 2, rng, null)).getMessage());
    assertEquals("x", assertThrows(NullPointerException.class, () -> new LSTM(2, 2, rng).forward(null)).getMessage());
    assertEquals("x", assertThrows(NullPointerException.class, () -> new GRU(2, 2, rng).forward(null, null)).getMessage());
  }

  @Test
  void reprFollowsPyTorch() {
    assertEquals("LSTM(3, 4, num_layers=2, batch_first=True)", new LSTM(3, 4, 2, new SplittableRandom(1)).toString());
  }
}
