package dev.nabla.core.kernel;

/**
 * FLOAT32's per-row loops of the generated {@code FloatNorm} (hand-written: the generator keeps this file instead of
 * a twin of {@link DoubleNormRows}). With the Vector API on ({@link Vector}, {@code VectorFloatNorm}) they run in
 * float lanes: sums accumulate lane by lane in a fixed order and the lanes are combined in lane order in double,
 * so a row's result depends on its length only (the same bits on any thread count); the row mean is summed with an
 * exact error term per addition (TwoSum), so it stays as accurate as a double sum. Without it
 * ({@code -Dnabla.simd=false}, or no {@code jdk.incubator.vector}) the plain loops below run: the FLOAT64
 * loops on float data with double sums, exactly as the generated twin did.
 */
final class FloatNormRows {
  /** The float-lane row loops; implemented by {@code VectorFloatNorm}. */
  interface Vector {
    /** Σ x[base..base + n), with compensated float lanes. */
    double sum(float[] x, int base, int n);

    /** Σ (x[base + i] − (float) mu)² over i &lt; n. */
    double squaredDeviations(float[] x, int base, int n, float mu);

    /** y = (x − mu)·s·w + b over [base, base + n). */
    void affineRow(float[] x, int base, int n, float mu, float s, float[] w, float[] b, float[] y);

    /** Adds Σ v and Σ v·(x − mu) over [base, base + n) to sums[0], sums[1], for v = g ⊙ w (w indexed 0..n; null: g). */
    void gradSums(float[] g, float[] w, float[] x, int base, int n, float mu, double[] sums);

    /** dx = s·(v − a − x̂·c), x̂ = (x − mu)·s, v = g ⊙ w (w indexed 0..n; null: g), over [base, base + n). */
    void gradRow(float[] x, float[] g, float[] w, int base, int n, float mu, float s, float a, float c, float[] dx);

    /** {@link #gradRow(float[], float[], float[], int, int, float, float, float, float, float[])}, and adds
     * g·x̂ to part[at + i], g to partB[at + i]. */
    void gradRowColumns(float[] x, float[] g, float[] w, int base, int n, float mu, float s, float a, float c,
        float[] dx, float[] part, float[] partB, int at);

    /** Adds g·(x − mu)·s over columns [lo, hi) of the row at base to part[i − lo]. */
    void addColumns(float[] x, float[] g, int base, int lo, int hi, float mu, float s, float[] part);

    /** {@link #addColumns(float[], float[], int, int, int, float, float, float[])}, and g itself to partB[i − lo]. */
    void addColumns(float[] x, float[] g, int base, int lo, int hi, float mu, float s, float[] part, float[] partB);
  }

  /** The Vector API loops, or null when SIMD is off. */
  private static final Vector VECTOR = Simd.load("dev.nabla.core.kernel.VectorFloatNorm", Vector.class);

  /** Rows summed in float per column before the block is added to the double column sums. */
  private static final int COLUMN_BLOCK = 32;

  private FloatNormRows() {}

  /** Σ x[base..base + n). */
  static double sum(float[] x, int base, int n) {
    if (VECTOR != null) return VECTOR.sum(x, base, n);
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

  /** Σ (x[base + i] − mu)² over i &lt; n (in float lanes about the float mu when vectorized). */
  static double squaredDeviations(float[] x, int base, int n, double mu) {
    if (VECTOR != null) return VECTOR.squaredDeviations(x, base, n, (float) mu);
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

  /** y[base + i] = (x[base + i] − mu)·s·w[i] + b[i] over i &lt; n. */
  static void affineRow(float[] x, int base, int n, double mu, double s, float[] w, float[] b, float[] y) {
    if (VECTOR != null) {
      VECTOR.affineRow(x, base, n, (float) mu, (float) s, w, b, y);
      return;
    }
    for (int i = 0; i < n; i++) y[base + i] = (float) ((x[base + i] - mu) * s * w[i] + b[i]);
  }

  /**
   * Adds Σ v and Σ v·(x − mu) over [base, base + n) to sums[0] and sums[1], for v = g ⊙ w (w indexed 0..n; null:
   * v = g, read as g itself: one loop for both, since g·1 would be g exactly anyway).
   */
  static void gradSums(float[] g, float[] w, float[] x, int base, int n, double mu, double[] sums) {
    if (VECTOR != null) {
      VECTOR.gradSums(g, w, x, base, n, (float) mu, sums);
      return;
    }
    double a0 = 0, a1 = 0, a2 = 0, a3 = 0, c0 = 0, c1 = 0, c2 = 0, c3 = 0;
    int i = 0;
    for (; i + 4 <= n; i += 4) { // each product rounded to float, as a stored g ⊙ w would be
      double v0, v1, v2, v3;
      if (w == null) { // loop-invariant: C2 unswitches the loop
        v0 = g[base + i];
        v1 = g[base + i + 1];
        v2 = g[base + i + 2];
        v3 = g[base + i + 3];
      } else {
        v0 = g[base + i] * w[i];
        v1 = g[base + i + 1] * w[i + 1];
        v2 = g[base + i + 2] * w[i + 2];
        v3 = g[base + i + 3] * w[i + 3];
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

  /** dx = s·(v − a − x̂·c), x̂ = (x − mu)·s, over [base, base + n), for v = g ⊙ w (w indexed 0..n; null: v = g). */
  static void gradRow(float[] x, float[] g, float[] w, int base, int n, double mu, double s, double a, double c,
      float[] dx) {
    if (VECTOR != null) {
      VECTOR.gradRow(x, g, w, base, n, (float) mu, (float) s, (float) a, (float) c, dx);
      return;
    }
    for (int i = 0; i < n; i++) {
      double xh = (x[base + i] - mu) * s;
      float v = w == null ? g[base + i] : g[base + i] * w[i];
      dx[base + i] = (float) (s * (v - a - xh * c));
    }
  }

  /**
   * The fused backward's row: dx as {@link #gradRow(float[], float[], float[], int, int, double, double, double,
   * double, float[])} (w not null), and adds g·x̂ to part[at + i] and g to partB[at + i] in float (x̂ as
   * {@link #affineColumns} forms it, so a block's sums have its bits).
   */
  static void gradRowColumns(float[] x, float[] g, float[] w, int base, int n, double mu, double s, double a,
      double c, float[] dx, float[] part, float[] partB, int at) {
    if (VECTOR != null) {
      VECTOR.gradRowColumns(x, g, w, base, n, (float) mu, (float) s, (float) a, (float) c, dx, part, partB, at);
      return;
    }
    for (int i = 0; i < n; i++) {
      double xh = (x[base + i] - mu) * s;
      float gi = g[base + i], v = gi * w[i];
      dx[base + i] = (float) (s * (v - a - xh * c));
      part[at + i] += (float) (gi * xh);
      partB[at + i] += gi;
    }
  }

  /**
   * dw[i] = Σ over rows r of g·x̂ at (r, i) for lo &lt;= i &lt; hi (row r's statistics are its group r mod groups),
   * in row order; when db is not null, also db[i] = Σ over rows of g at (r, i), in the same pass and the same
   * way. Vectorized: blocks of {@link #COLUMN_BLOCK} rows are summed in float, each block's sums then added to
   * the double sums in acc (accB) (the blocks depend on the row index only, so on no thread split).
   */
  static void affineColumns(float[] x, float[] g, int rows, int groups, int inner, int lo, int hi, double eps,
      double[] mean, double[] var, double[] acc, float[] dw, double[] accB, float[] db) {
    java.util.Arrays.fill(acc, lo, hi, 0);
    if (db != null) java.util.Arrays.fill(accB, lo, hi, 0);
    if (VECTOR != null) {
      float[] part = new float[hi - lo], partB = db == null ? null : new float[hi - lo];
      for (int r0 = 0; r0 < rows; r0 += COLUMN_BLOCK) {
        java.util.Arrays.fill(part, 0f);
        if (db != null) java.util.Arrays.fill(partB, 0f);
        for (int r = r0; r < Math.min(rows, r0 + COLUMN_BLOCK); r++) {
          int c = r % groups;
          float mu = (float) mean[c], s = (float) (1 / Math.sqrt(var[c] + eps));
          if (db == null) VECTOR.addColumns(x, g, r * inner, lo, hi, mu, s, part);
          else VECTOR.addColumns(x, g, r * inner, lo, hi, mu, s, part, partB);
        }
        for (int i = lo; i < hi; i++) acc[i] += part[i - lo];
        if (db != null) for (int i = lo; i < hi; i++) accB[i] += partB[i - lo];
      }
    } else {
      for (int r = 0; r < rows; r++) {
        int c = r % groups, base = r * inner;
        double mu = mean[c], s = 1 / Math.sqrt(var[c] + eps);
        for (int i = lo; i < hi; i++) acc[i] += g[base + i] * ((x[base + i] - mu) * s);
        if (db != null) for (int i = lo; i < hi; i++) accB[i] += g[base + i];
      }
    }
    for (int i = lo; i < hi; i++) dw[i] = (float) acc[i];
    if (db != null) for (int i = lo; i < hi; i++) db[i] = (float) accB[i];
  }
}
