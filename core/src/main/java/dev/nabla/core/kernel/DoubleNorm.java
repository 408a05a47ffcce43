package dev.nabla.core.kernel;

/**
 * The normalization kernels (layer norm, RMS norm, batch norm), one source for both dtypes (the FLOAT32 twin
 * {@code FloatNorm} is generated; sums and statistics stay {@code /*wide*}{@code / double}). The per-row loops
 * (a row's sums, the affine normalize, the backward's sums and output pass, the weight's column sums) are
 * {@code DoubleNormRows}'; FLOAT32's are the hand-written {@code FloatNormRows} (Vector API loops in float
 * lanes, {@code VectorFloatNorm}, unless {@code -Dnabla.simd=false}).
 *
 * <p>Layout: a dense array read as [outer, groups, inner], element (o, g, i) at {@code (o·groups + g)·inner + i};
 * each group g is normalized over its outer × inner elements (M = outer·inner of them). Layer and RMS norm
 * are outer = 1, groups = rows, inner = the normalized size; batch norm is outer = N, groups = C,
 * inner = the spatial size. Statistics per group: μ = mean(x) (0 when not {@code centered}, RMS norm),
 * σ² = mean((x − μ)²) (the biased variance; for RMS norm the mean square), s = 1/√(σ² + ε), x̂ = (x − μ)·s.
 * Groups run in parallel above a threshold; each group's sums run in a fixed order, so the result has the
 * same bits on any thread count. The loops trust their input (checked by {@code NormalizationKernels}).
 */
public final class DoubleNorm {
  /** Work (elements) below which a kernel runs on the calling thread. */
  private static final long THRESHOLD = 1 << 15;

  private DoubleNorm() {}

  /** Writes each group's μ (0 when not centered) and σ² (biased; the mean square when not centered). */
  public static void stats(double[] x, int outer, int groups, int inner, boolean centered, /*wide*/ double[] mean,
      /*wide*/ double[] var) {
    long m = (long) outer * inner;
    Parallel.forRange(groups, 3 * m, THRESHOLD, (lo, hi) -> {
      for (int g = lo; g < hi; g++) groupStats(x, outer, groups, inner, centered, g, mean, var);
    });
  }

  /** μ and σ² of group g, written to mean[g] and var[g]: the sums in a fixed order (the bits depend on g's data only). */
  private static void groupStats(double[] x, int outer, int groups, int inner, boolean centered, int g,
      /*wide*/ double[] mean, /*wide*/ double[] var) {
    long m = (long) outer * inner;
    /*wide*/ double mu = 0;
    if (centered) {
      /*wide*/ double s = 0;
      for (int o = 0; o < outer; o++) s += DoubleNormRows.sum(x, (o * groups + g) * inner, inner);
      mu = s / m;
    }
    /*wide*/ double q = 0;
    for (int o = 0; o < outer; o++) q += DoubleNormRows.squaredDeviations(x, (o * groups + g) * inner, inner, mu);
    mean[g] = mu;
    var[g] = q / m;
  }

  /**
   * {@link #stats} and {@link #normalize} in one pass over the groups: each group's statistics, then its output
   * while its rows are still in cache. The same arithmetic as the two calls, so the same bits (mean and var
   * written as {@link #stats} writes them).
   */
  public static void statsNormalize(double[] x, int outer, int groups, int inner, boolean centered,
      /*wide*/ double eps, /*wide*/ double[] mean, /*wide*/ double[] var, double[] w, double[] b, boolean perGroup,
      double[] y) {
    long m = (long) outer * inner;
    Parallel.forRange(groups, 5 * m, THRESHOLD, Parallel.SPLIT, (lo, hi) -> { // a group's output: any cut
      for (int g = lo; g < hi; g++) {
        groupStats(x, outer, groups, inner, centered, g, mean, var);
        normalizeGroup(x, outer, groups, inner, eps, mean, var, w, b, perGroup, g, y);
      }
    });
  }

  /**
   * Σ v[base + i]·(x[base + i] − mu) over i &lt; n (the caller scales by s): four interleaved running sums
   * (independent chains, so the additions pipeline) combined in a fixed order, so the bits depend on n only.
   */
  static /*wide*/ double dotDeviations(double[] v, double[] x, int base, int n, /*wide*/ double mu) {
    /*wide*/ double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int i = 0;
    for (; i + 4 <= n; i += 4) {
      s0 += v[base + i] * (x[base + i] - mu);
      s1 += v[base + i + 1] * (x[base + i + 1] - mu);
      s2 += v[base + i + 2] * (x[base + i + 2] - mu);
      s3 += v[base + i + 3] * (x[base + i + 3] - mu);
    }
    for (; i < n; i++) s0 += v[base + i] * (x[base + i] - mu);
    return (s0 + s1) + (s2 + s3);
  }

  /**
   * y = (x − μ)·s·w + b with the given statistics (from {@link #stats}, or running ones); w and b may be
   * null; they are indexed by group ({@code perGroup}, batch norm) or by inner position (layer norm).
   */
  public static void normalize(double[] x, int outer, int groups, int inner, /*wide*/ double eps,
      /*wide*/ double[] mean, /*wide*/ double[] var, double[] w, double[] b, boolean perGroup, double[] y) {
    long m = (long) outer * inner;
    Parallel.forRange(groups, 2 * m, THRESHOLD, (lo, hi) -> {
      for (int g = lo; g < hi; g++) normalizeGroup(x, outer, groups, inner, eps, mean, var, w, b, perGroup, g, y);
    });
  }

  /** {@link #normalize}'s output for group g. */
  private static void normalizeGroup(double[] x, int outer, int groups, int inner, /*wide*/ double eps,
      /*wide*/ double[] mean, /*wide*/ double[] var, double[] w, double[] b, boolean perGroup, int g, double[] y) {
    /*wide*/ double mu = mean[g], s = 1 / Math.sqrt(var[g] + eps);
    for (int o = 0; o < outer; o++) {
      int base = (o * groups + g) * inner;
      if (perGroup || w == null || b == null) {
        for (int i = 0; i < inner; i++) {
          /*wide*/ double v = (x[base + i] - mu) * s;
          if (w != null) v *= w[perGroup ? g : i];
          if (b != null) v += b[perGroup ? g : i];
          y[base + i] = (double) v;
        }
      } else { // layer norm with weight and bias: the same arithmetic, without the branches in the loop
        DoubleNormRows.affineRow(x, base, inner, mu, s, w, b, y);
      }
    }
  }

  /**
   * The backward of x̂ = (x − μ)·s in training mode (statistics depend on x), applied to v = ∂L/∂x̂:
   * dx = s·(v − mean(v) − x̂·mean(v ⊙ x̂)) per group (without the mean(v) term when not centered).
   */
  public static void normalizeGrad(double[] x, double[] v, int outer, int groups, int inner, boolean centered,
      /*wide*/ double eps, /*wide*/ double[] mean, /*wide*/ double[] var, double[] dx) {
    normalizeGrad(x, v, null, outer, groups, inner, centered, eps, mean, var, dx);
  }

  /**
   * {@link #normalizeGrad(double[], double[], int, int, int, boolean, double, double[], double[], double[])} of
   * v = g ⊙ w, the product formed in the row loops (never stored): w (null for none) is indexed by the inner
   * position (layer and RMS norm's weight). Each product is rounded as a separate multiply would round it, so dx
   * has the bits of the backward applied to a stored g ⊙ w.
   */
  public static void normalizeGrad(double[] x, double[] g, double[] w, int outer, int groups, int inner,
      boolean centered, /*wide*/ double eps, /*wide*/ double[] mean, /*wide*/ double[] var, double[] dx) {
    long m = (long) outer * inner;
    Parallel.forRange(groups, 4 * m, THRESHOLD, (lo, hi) -> {
      /*wide*/ double[] sums = new /*wide*/ double[2]; // Σ v, Σ v·(x − μ) of the group
      for (int c = lo; c < hi; c++) {
        /*wide*/ double mu = mean[c], s = 1 / Math.sqrt(var[c] + eps);
        sums[0] = 0;
        sums[1] = 0;
        for (int o = 0; o < outer; o++) DoubleNormRows.gradSums(g, w, x, (o * groups + c) * inner, inner, mu, sums);
        /*wide*/ double a = centered ? sums[0] / m : 0, cc = sums[1] * s / m;
        for (int o = 0; o < outer; o++)
          DoubleNormRows.gradRow(x, g, w, (o * groups + c) * inner, inner, mu, s, a, cc, dx);
      }
    });
  }

  /** Rows per block of the fused backward's column sums: each block is summed on its own, blocks in order after. */
  static final int ROW_BLOCK = 32;

  /**
   * The whole layer-norm backward in one pass over the rows (layout [1, rows, inner]: a group is a row), for
   * g = ∂L/∂y and the weight w (indexed by the inner position): dx = P(g ⊙ w) as
   * {@link #normalizeGrad(double[], double[], double[], int, int, int, boolean, double, double[], double[], double[])}
   * computes it (the same bits), and, while each row is in cache, the weight's and bias's gradients
   * dw = Σ g ⊙ x̂ and db = Σ g over the rows. Those column sums run per block of {@link #ROW_BLOCK} rows in the data
   * type, the blocks then added in block order in wide accumulators: the blocks depend on the row index only,
   * so the bits do not depend on the thread count (FLOAT32 with SIMD on: the bits of
   * {@link #affineGrad(double[], double[], int, int, int, double, double[], double[], boolean, double[], double[], double[], double[])}).
   */
  public static void layerNormBackward(double[] x, double[] g, double[] w, int rows, int inner, boolean centered,
      /*wide*/ double eps, /*wide*/ double[] mean, /*wide*/ double[] var, double[] dx, double[] dw, double[] db) {
    // Tried and measured slower (2026-12-03): two rows per call of the column-sum loop (part and partB read and written
    // once per two rows, the same bits): FLOAT32 4096 × 768 took 2.10–2.23 ms of thread CPU time against 1.61–1.76 ms.
    // The kernel moves about 29 GB/s (x, g read, dx written); fewer loads and stores in L1 do not help.
    // Also measured slower (2026-12-03 evening), the same bits: the column sums taken after each block's dx pass
    // (the block re-read from L2, four vectors of sums per column chunk in registers): alone on one thread with a
    // warm dx, 20–28 % less time, but W9 fwdBwd at 1 thread 4.86 / 5.03 ms against 4.13 / 4.02 ms (2 threads
    // 3.55 / 3.53 against 3.59 / 3.71). And the next row's sums inside this row's dx loop: +15 % alone.
    int blocks = (rows + ROW_BLOCK - 1) / ROW_BLOCK;
    double[] part = new double[blocks * inner], partB = new double[blocks * inner];
    Parallel.forRange(blocks, 7L * ROW_BLOCK * inner, THRESHOLD, Parallel.SPLIT, (lo, hi) -> { // blocks: any cut
      /*wide*/ double[] sums = new /*wide*/ double[2]; // Σ v, Σ v·(x − μ) of the row
      for (int k = lo; k < hi; k++) {
        for (int r = k * ROW_BLOCK; r < Math.min(rows, (k + 1) * ROW_BLOCK); r++) {
          /*wide*/ double mu = mean[r], s = 1 / Math.sqrt(var[r] + eps);
          sums[0] = 0;
          sums[1] = 0;
          DoubleNormRows.gradSums(g, w, x, r * inner, inner, mu, sums);
          /*wide*/ double a = centered ? sums[0] / inner : 0, c = sums[1] * s / inner;
          DoubleNormRows.gradRowColumns(x, g, w, r * inner, inner, mu, s, a, c, dx, part, partB, k * inner);
        }
      }
    });
    /*wide*/ double[] acc = new /*wide*/ double[inner], accB = new /*wide*/ double[inner];
    for (int k = 0; k < blocks; k++)
      for (int i = 0; i < inner; i++) {
        acc[i] += part[k * inner + i];
        accB[i] += partB[k * inner + i];
      }
    for (int i = 0; i < inner; i++) {
      dw[i] = (double) acc[i];
      db[i] = (double) accB[i];
    }
  }

  /**
   * The affine weight's gradient Σ g ⊙ x̂, x̂ = (x − μ)·s, summed over everything but the weight's own index:
   * per group ({@code perGroup}, batch norm: dw[g] over outer and inner) or per inner position (layer norm:
   * dw[i] over outer and groups, summed in {@code acc}, [inner] wide scratch), written to {@code dw}.
   */
  public static void affineGrad(double[] x, double[] g, int outer, int groups, int inner, /*wide*/ double eps,
      /*wide*/ double[] mean, /*wide*/ double[] var, boolean perGroup, /*wide*/ double[] acc, double[] dw) {
    affineGrad(x, g, outer, groups, inner, eps, mean, var, perGroup, acc, dw, null, null);
  }

  /**
   * {@link #affineGrad(double[], double[], int, int, int, double, double[], double[], boolean, double[], double[])}
   * and, when {@code db} is not null, the bias's gradient Σ g over the same elements in the same pass
   * ({@code accB}: a second [inner] wide scratch, for the per-inner-position case).
   */
  public static void affineGrad(double[] x, double[] g, int outer, int groups, int inner, /*wide*/ double eps,
      /*wide*/ double[] mean, /*wide*/ double[] var, boolean perGroup, /*wide*/ double[] acc, double[] dw,
      /*wide*/ double[] accB, double[] db) {
    if (perGroup) {
      Parallel.forRange(groups, 2L * outer * inner, THRESHOLD, (lo, hi) -> {
        for (int c = lo; c < hi; c++) {
          /*wide*/ double mu = mean[c], s = 1 / Math.sqrt(var[c] + eps), sum = 0, bsum = 0;
          for (int o = 0; o < outer; o++) {
            sum += dotDeviations(g, x, (o * groups + c) * inner, inner, mu);
            if (db != null) bsum += DoubleNormRows.sum(g, (o * groups + c) * inner, inner);
          }
          dw[c] = (double) (sum * s);
          if (db != null) db[c] = (double) bsum;
        }
      });
      return;
    }
    int rows = outer * groups;
    Parallel.forRange(inner, (db == null ? 2L : 3L) * rows, THRESHOLD,
        (lo, hi) -> DoubleNormRows.affineColumns(x, g, rows, groups, inner, lo, hi, eps, mean, var, acc, dw, accB, db));
  }
}
