package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.nabla.autodiff.Linalg;
import dev.nabla.autodiff.Variable;
import dev.nabla.core.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
  private static final Set<String> OPS = Set.of("linalg.solve", "linalg.cholesky", "linalg.inv", "logdet");

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
    assertEquals(4, RecurrentFixtures.entries(OPS::contains).size());
  }

  @TestFactory
  Stream<DynamicTest> matchesPyTorch() {
    return RecurrentFixtures.entries(OPS::contains).stream().map(e -> dynamicTest(RecurrentFixtures.name(e), () -> {
      String op = (String) e.get("layer");
      Map<String, Tensor> io = RecurrentFixtures.read(e, "io");
      List<String> inputs = Fixtures.list(e.get("inputs")).stream().map(o -> (String) o).toList();
      List<Variable> in = inputs.stream().map(k -> Variable.parameter(io.get(k))).toList();
      Variable out = apply(op, in);
      RecurrentFixtures.assertMatches(io.get("output"), out.value(), RecurrentFixtures.name(e) + ": output");
      out.mul(Variable.constant(io.get("w"))).sum().backward();
      for (int i = 0; i < inputs.size(); i++)
        RecurrentFixtures.assertMatches(io.get("grad." + inputs.get(i)), in.get(i).grad(),
            RecurrentFixtures.name(e) + ": grad." + inputs.get(i));
    }));
  }
}
