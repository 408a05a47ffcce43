package dev.nabla.core.kernel;

/**
 * The one source of {@link AttentionRows}' kernels (FLOAT32 twin generated): the fused softmax of attention
 * scores and its backward, one pass per row. Sums accumulate in double in both dtypes ({@code /*wide*}{@code /});
 * the exponentials are {@link DoubleRows}' (FLOAT32: {@code FloatRows}, the float exp kernel).
 */
final class DoubleAttention {
  private static final long THRESHOLD = 1 << 15;

  private DoubleAttention() {}

  /**
   * In place over the dense scores {@code s} [rows, tk] (row r is query r mod tq of batch r / tq):
   * s ← softmax(scale·s + mask) per row, where with {@code causal} keys j &gt; i of query i are left out, and a
   * row whose keys are all left out (or all −∞) becomes zeros. {@code mask} (or null) is read at
   * {@code maskBatch[r / tq] + i·maskRowStride + j·maskColStride}.
   */
  static void softmax(double[] s, int rows, int tq, int tk, /*wide*/ double scale, double[] mask, int[] maskBatch,
      int maskRowStride, int maskColStride, boolean causal) {
    double sc = (double) scale;
    Parallel.forRange(rows, 12L * tk, THRESHOLD, (lo, hi) -> {
      // rows are short (tk = 23 in W8): shift each by its maximum, with −∞ for the keys left out, then one exp
      // pass over the whole chunk (e^−∞ = 0), then the sums; the same exponentials as one row at a time
      for (int r = lo; r < hi; r++) {
        int o = r * tk, i = r % tq, n = causal ? Math.min(tk, i + 1) : tk;
        double m = Double.NEGATIVE_INFINITY;
        if (mask == null) {
          for (int j = o; j < o + n; j++) m = Math.max(m, s[j] = s[j] * sc);
        } else {
          int mo = maskBatch[r / tq] + i * maskRowStride;
          for (int j = 0; j < n; j++) m = Math.max(m, s[o + j] = s[o + j] * sc + mask[mo + j * maskColStride]);
        }
        if (m == Double.NEGATIVE_INFINITY) n = 0; // no key to attend to: zeros, not 0/0
        for (int j = o; j < o + n; j++) s[j] = s[j] - m;
        for (int j = o + n; j < o + tk; j++) s[j] = Double.NEGATIVE_INFINITY;
      }
      DoubleRows.expInPlace(s, lo * tk, hi * tk);
      for (int r = lo; r < hi; r++) {
        int o = r * tk, n = causal ? Math.min(tk, r % tq + 1) : tk;
        /*wide*/ double sum = 0;
        for (int j = o; j < o + n; j++) sum += s[j];
        if (sum == 0) continue; // all keys left out: the row is zeros already
        double inv = (double) (1 / sum);
        for (int j = o; j < o + n; j++) s[j] = s[j] * inv;
      }
    });
  }

  /**
   * The softmax backward, scaled: out[r, j] = scale·p[r, j]·(g[r, j] − Σₗ g[r, l]·p[r, l]) over dense
   * [rows, len] arrays (the row sum in double).
   */
  static void softmaxBackward(double[] p, double[] g, double[] out, int rows, int len, /*wide*/ double scale) {
    double sc = (double) scale;
    Parallel.forRange(rows, 4L * len, THRESHOLD, (lo, hi) -> {
      for (int r = lo, o = lo * len; r < hi; r++, o += len) {
        /*wide*/ double dot = 0;
        for (int j = o; j < o + len; j++) dot += (/*wide*/ double) g[j] * p[j];
        double d = (double) dot;
        for (int j = o; j < o + len; j++) out[j] = sc * (p[j] * (g[j] - d));
      }
    });
  }
}
