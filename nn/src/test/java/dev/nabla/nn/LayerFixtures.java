package dev.nabla.nn;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads the PyTorch layer fixtures under {@code src/test/resources/fixtures/layers} (written by
 * {@code make_layer_fixtures.py}, listed in {@code manifest.json}): a fixture's manifest entry, its
 * state file (for {@code model.load}), its io tensors (inputs, {@code output}, the weighting {@code w},
 * and {@code grad.NAME}), the loss Σ w⊙out, and comparisons to a relative tolerance.
 */
final class LayerFixtures {
  private LayerFixtures() {}

  /** The relative tolerance every layer fixture is matched to. */
  static final double RTOL = 1e-9;

  /** The manifest entry named {@code name}. */
  static Map<String, Object> entry(String name) {
    for (Object o : Fixtures.list(Fixtures.json("layers/manifest.json").get("fixtures"))) {
      Map<String, Object> m = Fixtures.map(o);
      if (name.equals(m.get("name"))) return m;
    }
    throw new IllegalStateException("no layer fixture named " + name + " in layers/manifest.json");
  }

  /** The names of the fixtures of {@code layer} (e.g. "Embedding") in the manifest, in order. */
  static List<String> namesOf(String layer) {
    return Fixtures.list(Fixtures.json("layers/manifest.json").get("fixtures")).stream().map(Fixtures::map)
        .filter(m -> layer.equals(m.get("layer"))).map(m -> (String) m.get("name")).toList();
  }

  /** The state file of {@code entry}, for {@code model.load}. */
  static Path state(Map<String, Object> entry) {
    return Fixtures.path("layers/" + Fixtures.map(entry.get("files")).get("state"));
  }

  /** The io tensors of {@code entry}: inputs, output, w and the gradients, as PyTorch wrote them. */
  static Map<String, Tensor> io(Map<String, Object> entry) {
    try {
      return SafeTensors.read(Fixtures.path("layers/" + Fixtures.map(entry.get("files")).get("io")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The fixtures' loss Σ w⊙out, backwarded: every parameter's {@code grad()} is then ∂loss/∂parameter. */
  static void backwardWeighted(Variable out, Tensor w) {
    out.mul(Variable.constant(w)).sum().backward();
  }

  /** |actual − expected| ≤ 1e-300 + RTOL·|expected| elementwise (zeros must be exact), naming {@code what}. */
  static void assertRelClose(Tensor expected, Tensor actual, String what) {
    Fixtures.assertClose(expected, actual, 1e-300, RTOL, what);
  }
}
