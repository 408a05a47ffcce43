package dev.nabla.nn;

import dev.nabla.core.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The normalization layers' PyTorch fixtures (nn/src/test/resources/fixtures/layers, make_layer_fixtures.py):
 * the manifest's batchnorm, layernorm and rmsnorm entries, and a reader for their safetensors files that also
 * takes the I64 scalars PyTorch writes for {@code num_batches_tracked} (as FLOAT64 scalars), which
 * {@link SafeTensors} does not read yet (until the INT32 dtype lands).
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

  /** Every tensor of a fixture file: F64 and F32 as they are, I64 and I32 as FLOAT64 (exact below 2⁵³). */
  static Map<String, Tensor> read(String file) throws IOException {
    byte[] bytes = Files.readAllBytes(Fixtures.path("layers/" + file));
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int headerLength = (int) b.getLong(0);
    Map<String, Object> header = Fixtures.map(Json.parse(new String(bytes, 8, headerLength, StandardCharsets.UTF_8)));
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : header.entrySet()) {
      if (e.getKey().equals("__metadata__")) continue;
      Map<String, Object> m = Fixtures.map(e.getValue());
      int[] shape = Fixtures.ints(m.get("shape"));
      int[] offsets = Fixtures.ints(m.get("data_offsets"));
      String dtype = (String) m.get("dtype");
      int width = dtype.equals("F32") || dtype.equals("I32") ? 4 : 8;
      int n = (offsets[1] - offsets[0]) / width, at = 8 + headerLength + offsets[0];
      double[] d = new double[n];
      for (int i = 0; i < n; i++) {
        int p = at + i * width;
        d[i] = switch (dtype) {
          case "F64" -> b.getDouble(p);
          case "F32" -> b.getFloat(p);
          case "I64" -> b.getLong(p);
          case "I32" -> b.getInt(p);
          default -> throw new IllegalStateException(file + ": dtype " + dtype + " of " + e.getKey());
        };
      }
      Tensor t = Tensor.of(d).reshape(shape);
      out.put(e.getKey(), dtype.equals("F32") ? t.toType(dev.nabla.core.DType.FLOAT32) : t);
    }
    return out;
  }
}
