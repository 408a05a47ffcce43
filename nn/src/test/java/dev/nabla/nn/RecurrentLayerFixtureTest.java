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
  private static boolean recurrent(String layer) {
    return layer.equals("LSTM") || layer.equals("GRU");
  }

  @Test
  void everyRecurrentFixtureIsCovered() {
    assertEquals(4, RecurrentFixtures.entries(RecurrentLayerFixtureTest::recurrent).size());
  }

  private static int arg(Map<String, Object> e, String name) {
    return (int) Fixtures.num(Fixtures.map(e.get("args")).get(name));
  }

  @TestFactory
  Stream<DynamicTest> matchesPyTorch() {
    return RecurrentFixtures.entries(RecurrentLayerFixtureTest::recurrent).stream()
        .map(e -> dynamicTest(RecurrentFixtures.name(e), () -> {
          String name = RecurrentFixtures.name(e);
          int in = arg(e, "input_size"), hidden = arg(e, "hidden_size"), layers = arg(e, "num_layers");
          boolean lstm = e.get("layer").equals("LSTM");
          SplittableRandom rng = new SplittableRandom(0);
          RecurrentBase model = lstm ? new LSTM(in, hidden, layers, rng, DType.FLOAT64)
              : new GRU(in, hidden, layers, rng, DType.FLOAT64);
          model.load(RecurrentFixtures.statePath(e));
          Map<String, Tensor> io = RecurrentFixtures.read(e, "io");
          Variable x = Variable.parameter(io.get("input"));
          Variable out;
          if (lstm) {
            LSTM.Output o = ((LSTM) model).forward(x, null, null);
            out = o.output();
            RecurrentFixtures.assertMatches(io.get("h_n"), o.h().value(), name + ": h_n");
            RecurrentFixtures.assertMatches(io.get("c_n"), o.c().value(), name + ": c_n");
          } else {
            GRU.Output o = ((GRU) model).forward(x, null);
            out = o.output();
            RecurrentFixtures.assertMatches(io.get("h_n"), o.h().value(), name + ": h_n");
          }
          RecurrentFixtures.assertMatches(io.get("output"), out.value(), name + ": output");
          RecurrentFixtures.assertMatches(io.get("output"), model.forward(x).value(), name + ": forward(x)");
          out.mul(Variable.constant(io.get("w"))).sum().backward();
          RecurrentFixtures.assertMatches(io.get("grad.input"), x.grad(), name + ": grad.input");
          int checked = 0;
          for (Map.Entry<String, Variable> p : model.namedParameters().entrySet()) {
            RecurrentFixtures.assertMatches(io.get("grad." + p.getKey()), p.getValue().grad(), name + ": grad." + p.getKey());
            checked++;
          }
          assertEquals(RecurrentFixtures.tensorNames(e, "grad.").size() - 1, checked, name + ": parameters checked");
        }));
  }
}
