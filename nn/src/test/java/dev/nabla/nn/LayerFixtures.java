package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The PyTorch layer fixtures under {@code src/test/resources/fixtures/layers} (written by
 * {@code make_layer_fixtures.py} with PyTorch 1.13 in FLOAT64, listed in {@code manifest.json}), read the same
 * way for every fixture test: the manifest's entries of some layers, each one's arguments, state file (for
 * {@code model.load}) and io tensors (inputs, {@code output}, the weighting {@code w} and {@code grad.NAME}), the
 * loss Σ w⊙out, and the comparison to 1e-9 relative.
 */
final class LayerFixtures {
  private LayerFixtures() {}

  /** The relative tolerance every layer fixture is matched to. */
  static final double RTOL = 1e-9;

  /** One manifest entry; {@code toString} is its name (the dynamic test's display name). */
  record Fixture(Map<String, Object> entry) {
    String name() {
      return (String) entry.get("name");
    }

    /** The PyTorch layer or op, e.g. "Conv2d" or "linalg.solve". */
    String layer() {
      return (String) entry.get("layer");
    }

    /** The PyTorch constructor's (or op's) arguments. */
    Map<String, Object> args() {
      return Fixtures.map(entry.get("args"));
    }

    /** The argument {@code key} as a number, or {@code otherwise} if the fixture does not give it. */
    double arg(String key, double otherwise) {
      Object v = args().get(key);
      return v == null ? otherwise : Fixtures.num(v);
    }

    /** The argument {@code key}, which must be given, as an int. */
    int intArg(String key) {
      Object v = args().get(key);
      assertNotNull(v, name() + ": no argument " + key);
      return (int) Fixtures.num(v);
    }

    /** The names of the io tensors the layer is called with, in order. */
    List<String> inputs() {
      return Fixtures.list(entry.get("inputs")).stream().map(o -> (String) o).toList();
    }

    /** The state file, for {@code model.load}. */
    Path state() {
      return Fixtures.path("layers/" + Fixtures.map(entry.get("files")).get("state"));
    }

    /** The io tensors: inputs, output, w and the gradients, as PyTorch wrote them. */
    Map<String, Tensor> io() {
      try {
        return SafeTensors.read(Fixtures.path("layers/" + Fixtures.map(entry.get("files")).get("io")));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public String toString() {
      return name();
    }
  }

  /** The manifest's entries whose layer is one of {@code layers}, in manifest order. */
  static List<Fixture> of(String... layers) {
    List<String> wanted = List.of(layers);
    return Fixtures.list(Fixtures.json("layers/manifest.json").get("fixtures")).stream()
        .map(o -> new Fixture(Fixtures.map(o))).filter(f -> wanted.contains(f.layer())).toList();
  }

  /** The fixtures' loss Σ w⊙out, backwarded: every parameter's {@code grad()} is then ∂loss/∂parameter. */
  static void backwardWeighted(Variable out, Tensor w) {
    out.mul(Variable.constant(w)).sum().backward();
  }

  /**
   * Same shape and dtype, and |actual − expected| ≤ 1e-12·max(1, max|expected|) + RTOL·|expected| elementwise:
   * 1e-9 relative, with a floor of 1e-12 of the tensor's magnitude for entries that cancel to almost zero.
   * Names the worst element.
   */
  static void assertRelClose(Tensor expected, Tensor actual, String what) {
    assertNotNull(expected, what + ": not in the fixture");
    assertNotNull(actual, what + ": no value (no gradient reached it?)");
    assertEquals(expected.shape(), actual.shape(), what + ": shape");
    assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
    double max = 1;
    for (double v : expected.toDoubleArray()) max = Math.max(max, Math.abs(v));
    Fixtures.assertClose(expected, actual, RTOL * 1e-3 * max, RTOL, what);
  }
}
