package dev.nabla.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * W9's check at small sizes against an independent float64 recomputation: Σ y·G from naive float64 loops of each
 * layer, and each Σ grad·probe as the central difference (L(in + h·p) − L(in − h·p))/2h of L = Σ y·G in float64
 * (the directional derivative the probe scalar is). The sizes are odd where the kernels have tails, and the
 * embedding picks rows more than once. Each check must also fail for a result off by 0.3%.
 */
class W9LayersTest {
  private static final double H = 1e-4;

  @Test
  void conv2dMatchesFloat64() {
    check(W9Layers.conv2d(2, 3, 4, 5, 7), W9LayersTest::conv2d);
  }

  @Test
  void layerNormMatchesFloat64() {
    check(W9Layers.layerNorm(5, 19), W9LayersTest::layerNorm);
  }

  @Test
  void attentionMatchesFloat64() {
    check(W9Layers.attention(2, 3, 7, 5), W9LayersTest::attention);
  }

  @Test
  void embeddingMatchesFloat64() {
    W9Layers w = W9Layers.embedding(11, 6, 40);
    int[] idx = w.indices.toIntArray();
    check(w, in -> embedding(in, idx, 6));
  }

  /** Checks w's scalars against float64 ones from {@code y} (inputs → y, flat); then that a 0.3% error fails. */
  private static void check(W9Layers w, Function<double[][], double[]> y) {
    double[] got = w.scalars();
    int n = w.inputs.length;
    double[][] in = new double[n][];
    for (int i = 0; i < n; i++) in[i] = widen(w.inputs[i].value().toFloatArray());
    double[] g = widen(w.g.toFloatArray()), expected = new double[1 + n];
    expected[0] = dot(y.apply(in), g);
    for (int i = 0; i < n; i++) {
      double[] p = widen(w.probe(i)), plus = in[i].clone(), minus = in[i].clone();
      for (int k = 0; k < p.length; k++) {
        plus[k] += H * p[k];
        minus[k] -= H * p[k];
      }
      double[][] a = in.clone(), b = in.clone();
      a[i] = plus;
      b[i] = minus;
      expected[1 + i] = (dot(y.apply(a), g) - dot(y.apply(b), g)) / (2 * H);
    }
    W9Layers.check("W9 " + w.kernel + " vs float64", got, expected, Reference.W9_RTOL);
    for (int i = 0; i < got.length; i++) {
      double[] wrong = got.clone();
      wrong[i] *= 1.003;
      assertThrows(AssertionError.class, () -> W9Layers.check("perturbed", wrong, expected, Reference.W9_RTOL));
    }
    assertEquals(1 + n, got.length);
  }

  /** conv2d, stride 1, padding 1, 3×3: x [2, c, 5, 7], weight [o, c, 3, 3], bias [o]. */
  private static double[] conv2d(double[][] in) {
    double[] x = in[0], wt = in[1], bias = in[2];
    int o = bias.length, c = wt.length / (o * 9);
    int b = 2, h = 5, w = 7; // the images of conv2dMatchesFloat64
    assertEquals(b * c * h * w, x.length);
    double[] y = new double[b * o * h * w];
    for (int n = 0; n < b; n++)
      for (int oc = 0; oc < o; oc++)
        for (int i = 0; i < h; i++)
          for (int j = 0; j < w; j++) {
            double s = bias[oc];
            for (int ci = 0; ci < c; ci++)
              for (int ki = 0; ki < 3; ki++)
                for (int kj = 0; kj < 3; kj++) {
                  int yi = i + ki - 1, xj = j + kj - 1;
                  if (yi >= 0 && yi < h && xj >= 0 && xj < w)
                    s += wt[((oc * c + ci) * 3 + ki) * 3 + kj] * x[((n * c + ci) * h + yi) * w + xj];
                }
            y[((n * o + oc) * h + i) * w + j] = s;
          }
    return y;
  }

  /** layer norm of each row of x [rows, cols], ε = 1e-5. */
  private static double[] layerNorm(double[][] in) {
    double[] x = in[0], wt = in[1], bias = in[2], y = new double[x.length];
    int cols = wt.length;
    for (int r = 0; r < x.length / cols; r++) {
      double mu = 0, var = 0;
      for (int j = 0; j < cols; j++) mu += x[r * cols + j] / cols;
      for (int j = 0; j < cols; j++) var += (x[r * cols + j] - mu) * (x[r * cols + j] - mu) / cols;
      for (int j = 0; j < cols; j++) y[r * cols + j] = (x[r * cols + j] - mu) / Math.sqrt(var + 1e-5) * wt[j] + bias[j];
    }
    return y;
  }

  /** causal attention of q, k, v [2, 3, 7, 5], scale 1/√5. */
  private static double[] attention(double[][] in) {
    double[] q = in[0], k = in[1], v = in[2], y = new double[q.length];
    int t = 7, d = 5;
    for (int bh = 0; bh < q.length / (t * d); bh++) {
      int o = bh * t * d;
      for (int i = 0; i < t; i++) {
        double[] s = new double[i + 1];
        double max = Double.NEGATIVE_INFINITY, z = 0;
        for (int j = 0; j <= i; j++) {
          for (int e = 0; e < d; e++) s[j] += q[o + i * d + e] * k[o + j * d + e] / Math.sqrt(d);
          max = Math.max(max, s[j]);
        }
        for (int j = 0; j <= i; j++) z += Math.exp(s[j] - max);
        for (int j = 0; j <= i; j++)
          for (int e = 0; e < d; e++) y[o + i * d + e] += Math.exp(s[j] - max) / z * v[o + j * d + e];
      }
    }
    return y;
  }

  /** rows idx of weight [count, dim]. */
  private static double[] embedding(double[][] in, int[] idx, int dim) {
    double[] wt = in[0], y = new double[idx.length * dim];
    for (int s = 0; s < idx.length; s++) System.arraycopy(wt, idx[s] * dim, y, s * dim, dim);
    return y;
  }

  private static double[] widen(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) d[i] = f[i];
    return d;
  }

  private static double dot(double[] a, double[] b) {
    assertEquals(a.length, b.length);
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }
}
