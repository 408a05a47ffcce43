package dev.nabla.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The normalization layers' PyTorch fixtures (nn/src/test/resources/fixtures/layers, make_layer_fixtures.py):
 * the manifest's batchnorm, layernorm and rmsnorm entries (their files are read with {@link SafeTensors}, which
 * takes PyTorch's I64 {@code num_batches_tracked} as INT32).
 */
final class NormFixtures {
  private NormFixtures() {}

  /** The manifest entries whose name starts with batchnorm, layernorm or rmsnorm. */
  static List<Map<String, Object>> entries() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object o : Fixtures.list(Fixtures.json("layers/manifest.json").get("fixtures"))) {
      Map<String, Object> m = Fixtures.map(o);
      String name = (String) m.get("name");
      if (name.startsWith("batchnorm") || name.startsWith("layernorm") || name.startsWith("rmsnorm")) out.add(m);
    }
    return out;
  }
}
