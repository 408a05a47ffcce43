package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The layer fixtures of {@code fixtures/layers/manifest.json} that the recurrent layers and the
 * linear-algebra ops are matched against (written by make_layer_fixtures.py with PyTorch 1.13 in
 * FLOAT64): the manifest entries, their tensors, and the 1e-9 relative comparison.
 */
final class RecurrentFixtures {
  private RecurrentFixtures() {}

  /** Relative tolerance of every comparison with PyTorch. */
  static final double RTOL = 1e-9;

  /** The manifest entries whose {@code layer} passes {@code layer}, in manifest order. */
  static List<Map<String, Object>> entries(Predicate<String> layer) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object o : Fixtures.list(Fixtures.json("layers/manifest.json").get("fixtures"))) {
      Map<String, Object> e = Fixtures.map(o);
      if (layer.test((String) e.get("layer"))) out.add(e);
    }
    return out;
  }

  static String name(Map<String, Object> e) {
    return (String) e.get("name");
  }

  /** The fixture's file of kind {@code "io"} or {@code "state"}, read whole. */
  static Map<String, Tensor> read(Map<String, Object> e, String kind) {
    String file = (String) Fixtures.map(e.get("files")).get(kind);
    try {
      return dev.nabla.nn.SafeTensors.read(Fixtures.path("layers/" + file));
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /** The fixture's state file, as a path for {@code Module.load}. */
  static java.nio.file.Path statePath(Map<String, Object> e) {
    return Fixtures.path("layers/" + Fixtures.map(e.get("files")).get("state"));
  }

  /** The names of the manifest's tensors of this fixture that start with {@code prefix}. */
  static List<String> tensorNames(Map<String, Object> e, String prefix) {
    List<String> out = new ArrayList<>();
    for (String k : Fixtures.map(e.get("tensors")).keySet()) if (k.startsWith(prefix)) out.add(k);
    return out;
  }

  /**
   * |actual − expected| ≤ 1e-9·max(|expected|, scale) elementwise, where scale is the largest
   * |expected| of the tensor times 1e-3 (so entries that cancel to almost zero are held to the
   * tensor's own magnitude, not to an absolute zero). Names the worst element.
   */
  static void assertMatches(Tensor expected, Tensor actual, String what) {
    assertEquals(expected.shape(), actual.shape(), what + ": shape");
    double max = 0;
    for (double v : expected.toDoubleArray()) max = Math.max(max, Math.abs(v));
    Fixtures.assertClose(expected, actual, RTOL * 1e-3 * max, RTOL, what);
    assertTrue(expected.dtype() == actual.dtype(), what + ": dtype " + actual.dtype() + " vs " + expected.dtype());
  }
}
