package dev.nabla.core.kernel;

/**
 * FLOAT64's per-row loops of {@link DoubleNorm} (layer norm's hot paths: a row's sums, the affine normalize, the
 * backward's sums and output, the affine weight's column sums). FLOAT32 has its own, hand-written
 * {@code FloatNormRows} (Vector API loops in float lanes when SIMD is on), which the generator keeps instead of a
 * twin of this file. Sums here are four interleaved running sums (independent chains, so the additions
 * pipeline) combined in a fixed order, so their bits depend on the row length only.
 */
final class DoubleNormRows {
  private DoubleNormRows() {}

  /** Σ x[base..base + n). */
  static double sum(double[] x, int base, int n) {
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int i = 0;
    for (; i + 4 <= n; i += 4) {
      s0 += x[base + i];
      s1 += x[base + i + 1];
      s2 += x[base + i + 2];
      s3 += x[base + i + 3];
    }
    for (; i < n; i++) s0 += x[base + i];
    return (s0 + s1) + (s2 + s3);
  }

  /** Σ (x[base + i] − mu)² over i &lt; n. */
  static double squaredDeviations(double[] x, int base, int n, double mu) {
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int i = 0;
    for (; i + 4 <= n; i += 4) {
      double d0 = x[base + i] - mu, d1 = x[base + i + 1] - mu, d2 = x[base + i + 2] - mu;
      double d3 = x[base + i + 3] - mu;
      s0 += d0 * d0;
      s1 += d1 * d1;
      s2 += d2 * d2;
      s3 += d3 * d3;
    }
    for (; i < n; i++) {
      double d = x[base + i] - mu;
      s0 += d * d;
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** y[base + i] = (x[base + i] − mu)·s·w[i] + b[i] over i &lt; n (layer norm with weight and bias). */
  static void affineRow(double[] x, int base, int n, double mu, double s, double[] w, double[] b, double[] y) {
    for (int i = 0; i < n; i++) y[base + i] = (x[base + i] - mu) * s * w[i] + b[i];
  }

  /**
   * Adds Σ v and Σ v·(x − mu) over [base, base + n) to sums[0] and sums[1], in one read of g, for v = g ⊙ w (w
   * indexed 0..n; null: v = g, read as g itself: one loop for both, since g·1 would be g exactly anyway).
   */
  static void gradSums(double[] g, double[] w, double[] x, int base, int n, double mu, double[] sums) {
    double a0 = 0, a1 = 0, a2 = 0, a3 = 0, c0 = 0, c1 = 0, c2 = 0, c3 = 0;
    int i = 0;
    for (; i + 4 <= n; i += 4) {
      double v0 = g[base + i], v1 = g[base + i + 1], v2 = g[base + i + 2], v3 = g[base + i + 3];
      if (w != null) { // loop-invariant: C2 unswitches the loop
        v0 *= w[i];
        v1 *= w[i + 1];
        v2 *= w[i + 2];
        v3 *= w[i + 3];
      }
      a0 += v0;
      a1 += v1;
      a2 += v2;
      a3 += v3;
      c0 += v0 * (x[base + i] - mu);
      c1 += v1 * (x[base + i + 1] - mu);
      c2 += v2 * (x[base + i + 2] - mu);
      c3 += v3 * (x[base + i + 3] - mu);
    }
    for (; i < n; i++) {
      double v = w == null ? g[base + i] : g[base + i] * w[i];
      a0 += v;
      c0 += v * (x[base + i] - mu);
    }
    sums[0] += (a0 + a1) + (a2 + a3);
    sums[1] += (c0 + c1) + (c2 + c3);
  }

  /**
   * dx = s·(v − a − x̂·c), x̂ = (x − mu)·s, over [base, base + n): the output pass of the backward, for v = g ⊙ w
   * (w indexed 0..n; null: v = g).
   */
  static void gradRow(double[] x, double[] g, double[] w, int base, int n, double mu, double s, double a, double c,
      double[] dx) {
    for (int i = 0; i < n; i++) {
      double xh = (x[base + i] - mu) * s, v = w == null ? g[base + i] : g[base + i] * w[i];
      dx[base + i] = s * (v - a - xh * c);
    }
  }

  /**
   * {@link #gradRow(double[], double[], double[], int, int, double, double, double, double, double[])} (w not
   * null), and adds g·x̂ to part[at + i] and g to partB[at + i]: a row's share of the affine gradients.
   */
  static void gradRowColumns(double[] x, double[] g, double[] w, int base, int n, double mu, double s, double a,
      double c, double[] dx, double[] part, double[] partB, int at) {
    for (int i = 0; i < n; i++) {
      double xh = (x[base + i] - mu) * s, gi = g[base + i];
      dx[base + i] = s * (gi * w[i] - a - xh * c);
      part[at + i] += gi * xh;
      partB[at + i] += gi;
    }
  }

  /**
   * dw[i] = Σ over rows r of g[r·inner + i]·x̂[r·inner + i] for lo &lt;= i &lt; hi (x̂ with row r's group
   * r mod groups statistics), summed in acc (wide scratch) in row order; when db is not null, also
   * db[i] = Σ over rows of g[r·inner + i], summed in accB in the same pass.
   */
  static void affineColumns(double[] x, double[] g, int rows, int groups, int inner, int lo, int hi, double eps,
      double[] mean, double[] var, double[] acc, double[] dw, double[] accB, double[] db) {
    java.util.Arrays.fill(acc, lo, hi, 0);
    if (db != null) java.util.Arrays.fill(accB, lo, hi, 0);
    for (int r = 0; r < rows; r++) {
      int c = r % groups, base = r * inner;
      double mu = mean[c], s = 1 / Math.sqrt(var[c] + eps);
      if (db == null) {
        for (int i = lo; i < hi; i++) acc[i] += g[base + i] * ((x[base + i] - mu) * s);
      } else {
        for (int i = lo; i < hi; i++) {
          acc[i] += g[base + i] * ((x[base + i] - mu) * s);
          accB[i] += g[base + i];
        }
      }
    }
    for (int i = lo; i < hi; i++) dw[i] = acc[i];
    if (db != null) for (int i = lo; i < hi; i++) db[i] = accB[i];
  }
}
