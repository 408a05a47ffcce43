package dev.nabla.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Attention}'s forward values against a naive loop (the registry checks the gradients), its masks'
 * conventions, the fully masked row, FLOAT32 on the threaded path, and what the graph keeps.
 */
class AttentionTest {
  private static final DType F64 = DType.FLOAT64;

  /**
   * out[b, i, :] = Σⱼ p[i, j]·v[b, j, :] with p = softmax over the keys left (causal: j ≤ i; mask −∞ removes)
   * of scale·q·k + mask, zeros when none is left. Dense [B, T, ·] arrays in double; mask [Tq, Tk] or null.
   */
  private static double[] reference(double[] q, double[] k, double[] v, double[] mask, int b, int tq, int tk, int d,
      int dv, double scale, boolean causal) {
    double[] out = new double[b * tq * dv];
    for (int n = 0; n < b; n++) {
      for (int i = 0; i < tq; i++) {
        double[] s = new double[tk];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < tk; j++) {
          double dot = 0;
          for (int c = 0; c < d; c++) dot += q[(n * tq + i) * d + c] * k[(n * tk + j) * d + c];
          s[j] = causal && j > i ? Double.NEGATIVE_INFINITY : scale * dot + (mask == null ? 0 : mask[i * tk + j]);
          max = Math.max(max, s[j]);
        }
        if (max == Double.NEGATIVE_INFINITY) continue;
        double z = 0;
        for (int j = 0; j < tk; j++) z += Math.exp(s[j] - max);
        for (int j = 0; j < tk; j++) {
          double p = Math.exp(s[j] - max) / z;
          for (int c = 0; c < dv; c++) out[(n * tq + i) * dv + c] += p * v[(n * tk + j) * dv + c];
        }
      }
    }
    return out;
  }

  private static void assertClose(double[] expected, double[] actual, double tol, String what) {
    assertEquals(expected.length, actual.length, what + ": size");
    for (int i = 0; i < expected.length; i++) {
      final int k = i;
      assertTrue(Math.abs(expected[i] - actual[i]) <= tol * (1 + Math.abs(expected[i])),
          () -> what + ": element " + k + " is " + actual[k] + ", expected " + expected[k]);
    }
  }

  @Test
  void forwardMatchesANaiveLoop() {
    SplittableRandom rng = new SplittableRandom(11);
    int[][] cases = {{2, 3, 5, 4, 2}, {1, 5, 3, 2, 3}, {3, 4, 4, 3, 1}, {2, 1, 6, 2, 2}};
    for (int[] c : cases) {
      int b = c[0], tq = c[1], tk = c[2], d = c[3], dv = c[4];
      Tensor q = Tensor.randn(F64, rng, b, tq, d), k = Tensor.randn(F64, rng, b, tk, d), v = Tensor.randn(F64, rng, b, tk, dv);
      Tensor mask = Tensor.randn(F64, rng, tq, tk);
      for (boolean causal : new boolean[] {false, true}) {
        for (Tensor m : new Tensor[] {null, mask}) {
          for (double scale : new double[] {Attention.defaultScale(d), 0.3}) {
            Variable out = Attention.scaledDotProductAttention(Variable.constant(q), Variable.constant(k),
                Variable.constant(v), m, causal, scale);
            assertArrayEquals(new int[] {b, tq, dv}, out.shape().dims());
            assertClose(reference(q.toDoubleArray(), k.toDoubleArray(), v.toDoubleArray(), m == null ? null
                : m.toDoubleArray(), b, tq, tk, d, dv, scale, causal), out.value().toDoubleArray(), 1e-12,
                java.util.Arrays.toString(c) + " causal " + causal + " mask " + (m != null) + " scale " + scale);
          }
        }
      }
    }
  }

  @Test
  void theDefaultScaleIsOneOverRootD() {
    SplittableRandom rng = new SplittableRandom(3);
    Variable q = Variable.constant(Tensor.randn(F64, rng, 3, 4)), k = Variable.constant(Tensor.randn(F64, rng, 5, 4));
    Variable v = Variable.constant(Tensor.randn(F64, rng, 5, 2));
    assertTrue(Attention.scaledDotProductAttention(q, k, v, false).value()
        .allClose(Attention.scaledDotProductAttention(q, k, v, null, false, 0.5).value(), 0, 0));
  }

  /** Top-left alignment with Tq ≠ Tk, as PyTorch's is_causal: query i sees keys 0..i, whatever Tk is. */
  @Test
  void causalIsAlignedTopLeft() {
    Variable q = Variable.constant(Tensor.zeros(F64, 4, 2)), k = Variable.constant(Tensor.zeros(F64, 3, 2));
    double[] p = Attention.weights(q, k, null, true, 1).value().toDoubleArray();
    assertArrayEquals(new double[] {1, 0, 0, 0.5, 0.5, 0, 1 / 3.0, 1 / 3.0, 1 / 3.0, 1 / 3.0, 1 / 3.0, 1 / 3.0}, p, 1e-15);
    Variable k6 = Variable.constant(Tensor.zeros(F64, 6, 2));
    double[] wide = Attention.weights(q.slice(0, 0, 2), k6, null, true, 1).value().toDoubleArray();
    assertArrayEquals(new double[] {1, 0, 0, 0, 0, 0, 0.5, 0.5, 0, 0, 0, 0}, wide, 1e-15);
  }

  /** A query whose keys are all masked gets weights 0, output 0 and gradients 0: no NaN anywhere. */
  @Test
  void aFullyMaskedRowIsZeroWithZeroGradient() {
    SplittableRandom rng = new SplittableRandom(5);
    Variable q = Variable.parameter(Tensor.randn(F64, rng, 2, 3, 4)), k = Variable.parameter(Tensor.randn(F64, rng, 2, 5, 4));
    Variable v = Variable.parameter(Tensor.randn(F64, rng, 2, 5, 2));
    Tensor keep = Tensor.of(new double[] {0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1}, 3, 5);
    Tensor mask = Attention.additiveMask(keep, F64);
    assertEquals(Double.NEGATIVE_INFINITY, mask.get(0, 0));
    assertEquals(0.0, mask.get(1, 0));
    Variable out = Attention.scaledDotProductAttention(q, k, v, mask, true);
    double[] o = out.value().toDoubleArray();
    for (int n = 0; n < 2; n++) for (int c = 0; c < 2; c++) assertEquals(0.0, o[n * 6 + c], "batch " + n);
    out.square().sum().backward();
    for (Variable x : List.of(q, k, v))
      for (double g : x.grad().toDoubleArray()) assertTrue(Double.isFinite(g), "gradient " + g);
    for (int n = 0; n < 2; n++)
      for (int c = 0; c < 4; c++) assertEquals(0.0, q.grad().get(n, 0, c), "∂q of the masked query");
    // keys 3 and 4 reach no query (row 0 masked, row 1 keeps keys 0..1, row 2 causal: 0..2): ∂v is 0 there
    for (int n = 0; n < 2; n++) for (int j = 3; j < 5; j++) assertEquals(0.0, v.grad().get(n, j, 0));
  }

  /** No queries or no keys: empty weights; with no keys the output is 0 (an empty sum), gradients 0. */
  @Test
  void zeroQueriesOrZeroKeys() {
    SplittableRandom rng = new SplittableRandom(4);
    Variable q = Variable.parameter(Tensor.randn(F64, rng, 2, 3, 4)), v0 = Variable.parameter(Tensor.zeros(F64, 2, 0, 5));
    Variable k0 = Variable.parameter(Tensor.zeros(F64, 2, 0, 4));
    Variable out = Attention.scaledDotProductAttention(q, k0, v0, true);
    assertArrayEquals(new int[] {2, 3, 5}, out.shape().dims());
    for (double x : out.value().toDoubleArray()) assertEquals(0.0, x);
    out.sum().backward();
    for (double x : q.grad().toDoubleArray()) assertEquals(0.0, x);
    Variable none = Variable.parameter(Tensor.zeros(F64, 2, 0, 4)), k = Variable.parameter(Tensor.randn(F64, rng, 2, 6, 4));
    Variable v = Variable.parameter(Tensor.randn(F64, rng, 2, 6, 5));
    Variable empty = Attention.scaledDotProductAttention(none, k, v, false);
    assertArrayEquals(new int[] {2, 0, 5}, empty.shape().dims());
    empty.sum().backward();
    for (double x : k.grad().toDoubleArray()) assertEquals(0.0, x);
  }

  /** FLOAT32 on the threaded path (rows·Tk above the kernels' threshold) agrees with FLOAT64. */
  @Test
  void float32AgreesWithFloat64OnLargeInputs() {
    SplittableRandom rng = new SplittableRandom(9);
    Tensor q = Tensor.randn(F64, rng, 2, 4, 40, 16), k = Tensor.randn(F64, rng, 2, 4, 48, 16);
    Tensor v = Tensor.randn(F64, rng, 2, 1, 48, 8), mask = Tensor.randn(F64, rng, 40, 48);
    Tensor g = Tensor.randn(F64, rng, 2, 4, 40, 8);
    List<Tensor> g64 = grads(q, k, v, mask, g), g32 = grads(q.toType(DType.FLOAT32), k.toType(DType.FLOAT32),
        v.toType(DType.FLOAT32), mask.toType(DType.FLOAT32), g.toType(DType.FLOAT32));
    for (int i = 0; i < g64.size(); i++) {
      assertEquals(DType.FLOAT32, g32.get(i).dtype());
      assertTrue(g32.get(i).allClose(g64.get(i), 1e-3, 1e-4), "tensor " + i);
    }
  }

  private static List<Tensor> grads(Tensor q, Tensor k, Tensor v, Tensor mask, Tensor seed) {
    Variable vq = Variable.parameter(q), vk = Variable.parameter(k), vv = Variable.parameter(v);
    Variable out = Attention.scaledDotProductAttention(vq, vk, vv, mask, true);
    List<Tensor> gs = Grad.grad(out.mul(Variable.constant(seed)).sum(), List.of(vq, vk, vv));
    return List.of(out.value(), gs.get(0), gs.get(1), gs.get(2));
  }

  @Test
  void nullArgumentsAreNamed() {
    Variable x = Variable.constant(Tensor.zeros(F64, 2, 2));
    assertEquals("q", assertThrows(NullPointerException.class,
        () -> Attention.scaledDotProductAttention(null, x, x, false)).getMessage());
    assertEquals("k", assertThrows(NullPointerException.class,
        () -> Attention.scaledDotProductAttention(x, null, x, false)).getMessage());
    assertEquals("v", assertThrows(NullPointerException.class,
        () -> Attention.scaledDotProductAttention(x, x, null, null, true, 1)).getMessage());
    assertEquals("k", assertThrows(NullPointerException.class, () -> Attention.weights(x, null, null, false, 1))
        .getMessage());
    assertEquals("keep", assertThrows(NullPointerException.class, () -> Attention.additiveMask(null, F64))
        .getMessage());
  }

  /** The graph keeps the weights P (made from q and k directly) and v: no node holds the raw scores. */
  @Test
  void theGraphKeepsOnlyTheWeights() {
    SplittableRandom rng = new SplittableRandom(2);
    Variable q = Variable.parameter(Tensor.randn(F64, rng, 3, 4)), k = Variable.parameter(Tensor.randn(F64, rng, 5, 4));
    Variable v = Variable.parameter(Tensor.randn(F64, rng, 5, 2));
    Variable out = Attention.scaledDotProductAttention(q, k, v, true);
    assertEquals("matmul", out.opName());
    Variable p = out.inputs[0];
    assertEquals("attentionWeights", p.opName());
    assertSame(q, p.inputs[0]);
    assertSame(k, p.inputs[1]);
    assertSame(v, out.inputs[1]);
  }
}
