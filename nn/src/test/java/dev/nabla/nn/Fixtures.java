package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Reads the PyTorch fixtures under {@code src/test/resources/fixtures} (see make_fixtures.py). */
final class Fixtures {
  private Fixtures() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> json(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
      if (in == null) throw new IllegalStateException("missing fixture " + name);
      return (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path path(String name) {
    try {
      return Path.of(Fixtures.class.getResource("/fixtures/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    return (List<Object>) o;
  }

  static double num(Object o) {
    return ((Json.Num) o).asDouble();
  }

  static double[] doubles(Object o) {
    List<Object> l = list(o);
    double[] d = new double[l.size()];
    for (int i = 0; i < d.length; i++) d[i] = num(l.get(i));
    return d;
  }

  static int[] ints(Object o) {
    List<Object> l = list(o);
    int[] d = new int[l.size()];
    for (int i = 0; i < d.length; i++) d[i] = (int) num(l.get(i));
    return d;
  }

  /** A FLOAT64 tensor from {"shape": [...], "data": [...]}. */
  static Tensor tensor(Object o) {
    Map<String, Object> m = map(o);
    return Tensor.of(doubles(m.get("data"))).reshape(ints(m.get("shape")));
  }

  /** |actual − expected| ≤ atol + rtol·|expected| elementwise, same shape; names the worst element. */
  static double assertClose(Tensor expected, Tensor actual, double atol, double rtol, String what) {
    assertEquals(expected.shape(), actual.shape(), what + ": shape");
    double[] e = expected.toDoubleArray(), a = actual.toDoubleArray();
    double worst = 0;
    for (int i = 0; i < e.length; i++) {
      double err = Math.abs(a[i] - e[i]);
      worst = Math.max(worst, err);
      final int k = i;
      assertTrue(err <= atol + rtol * Math.abs(e[i]) || e[i] == a[i],
          () -> what + ": element " + k + " is " + a[k] + ", PyTorch has " + e[k] + " (|diff| " + Math.abs(a[k] - e[k]) + ")");
    }
    return worst;
  }
}
