package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.nabla.autodiff.Linalg;
import dev.nabla.autodiff.Variable;
import dev.nabla.core.Tensor;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link Linalg} against PyTorch 1.13 (FLOAT64 fixtures linalg_solve, linalg_cholesky, linalg_inv,
 * logdet): the output and the gradient of L = Σ w ⊙ output with respect to every input, to 1e-9
 * relative. Cholesky's gradient is PyTorch's symmetric one, and so is Nabla's.
 */
class LinalgFixtureTest {
  private static final String[] OPS = {"linalg.solve", "linalg.cholesky", "linalg.inv", "logdet"};

  private static Variable apply(String op, List<Variable> in) {
    return switch (op) {
      case "linalg.solve" -> Linalg.solve(in.get(0), in.get(1));
      case "linalg.cholesky" -> Linalg.cholesky(in.get(0));
      case "linalg.inv" -> Linalg.inverse(in.get(0));
      case "logdet" -> Linalg.logdet(in.get(0));
      default -> throw new IllegalArgumentException("no Nabla op for fixture layer " + op);
    };
  }

  @Test
  void everyLinalgFixtureIsCovered() {
    assertEquals(4, LayerFixtures.of(OPS).size());
  }

  @TestFactory
  Stream<DynamicTest> matchesPyTorch() {
    return LayerFixtures.of(OPS).stream().map(e -> dynamicTest(e.name(), () -> {
      String op = e.layer();
      Map<String, Tensor> io = e.io();
      List<String> inputs = e.inputs();
      List<Variable> in = inputs.stream().map(k -> Variable.parameter(io.get(k))).toList();
      Variable out = apply(op, in);
      LayerFixtures.assertRelClose(io.get("output"), out.value(), e.name() + ": output");
      LayerFixtures.backwardWeighted(out, io.get("w"));
      for (int i = 0; i < inputs.size(); i++)
        LayerFixtures.assertRelClose(io.get("grad." + inputs.get(i)), in.get(i).grad(),
            e.name() + ": grad." + inputs.get(i));
    }));
  }
}
