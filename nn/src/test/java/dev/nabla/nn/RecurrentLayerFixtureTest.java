package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link LSTM} and {@link GRU} against PyTorch 1.13 (FLOAT64 fixtures lstm_* and gru_*): the
 * state_dict loads strictly with {@code model.load(path)}, and the output sequence, the final
 * states h_n (and c_n) and the gradients of L = Σ w ⊙ output with respect to the input and every
 * parameter match to 1e-9 relative.
 */
class RecurrentLayerFixtureTest {
  @Test
  void everyRecurrentFixtureIsCovered() {
    assertEquals(4, LayerFixtures.of("LSTM", "GRU").size());
  }

  @TestFactory
  Stream<DynamicTest> matchesPyTorch() {
    return LayerFixtures.of("LSTM", "GRU").stream()
        .map(e -> dynamicTest(e.name(), () -> {
          String name = e.name();
          int in = e.intArg("input_size"), hidden = e.intArg("hidden_size"), layers = e.intArg("num_layers");
          boolean lstm = e.layer().equals("LSTM");
          SplittableRandom rng = new SplittableRandom(0);
          RecurrentBase model = lstm ? new LSTM(in, hidden, layers, rng, DType.FLOAT64)
              : new GRU(in, hidden, layers, rng, DType.FLOAT64);
          model.load(e.state());
          Map<String, Tensor> io = e.io();
          Variable x = Variable.parameter(io.get("input"));
          Variable out;
          if (lstm) {
            LSTM.Output o = ((LSTM) model).forward(x, null, null);
            out = o.output();
            LayerFixtures.assertRelClose(io.get("h_n"), o.h().value(), name + ": h_n");
            LayerFixtures.assertRelClose(io.get("c_n"), o.c().value(), name + ": c_n");
          } else {
            GRU.Output o = ((GRU) model).forward(x, null);
            out = o.output();
            LayerFixtures.assertRelClose(io.get("h_n"), o.h().value(), name + ": h_n");
          }
          LayerFixtures.assertRelClose(io.get("output"), out.value(), name + ": output");
          LayerFixtures.assertRelClose(io.get("output"), model.forward(x).value(), name + ": forward(x)");
          LayerFixtures.backwardWeighted(out, io.get("w"));
          LayerFixtures.assertRelClose(io.get("grad.input"), x.grad(), name + ": grad.input");
          int checked = 0;
          for (Map.Entry<String, Variable> p : model.namedParameters().entrySet()) {
            LayerFixtures.assertRelClose(io.get("grad." + p.getKey()), p.getValue().grad(), name + ": grad." + p.getKey());
            checked++;
          }
          assertEquals(io.keySet().stream().filter(k -> k.startsWith("grad.")).count() - 1, checked, name + ": parameters checked");
        }));
  }
}
