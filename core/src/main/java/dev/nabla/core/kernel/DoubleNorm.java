package dev.nabla.core.kernel;

/**
 * The normalization kernels (layer norm, RMS norm, batch norm), one source for both dtypes (the FLOAT32 twin
 * {@code FloatNorm} is generated; sums and statistics stay {@code /*wide*}{@code / double}).
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
      for (int g = lo; g < hi; g++) {
        /*wide*/ double mu = 0;
        if (centered) {
          /*wide*/ double s = 0;
          for (int o = 0; o < outer; o++) s += sum(x, (o * groups + g) * inner, inner);
          mu = s / m;
        }
        /*wide*/ double q = 0;
        for (int o = 0; o < outer; o++) q += squaredDeviations(x, (o * groups + g) * inner, inner, mu);
        mean[g] = mu;
        var[g] = q / m;
      }
    });
  }

  /**
   * Σ x[base..base + n): four interleaved running sums (independent chains, so the additions pipeline) combined
   * in a fixed order, so the bits depend on n only.
   */
  static /*wide*/ double sum(double[] x, int base, int n) {
    /*wide*/ double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
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

  /** Σ (x[base + i] − mu)² over i &lt; n, four interleaved sums as in {@link #sum}. */
  static /*wide*/ double squaredDeviations(double[] x, int base, int n, /*wide*/ double mu) {
    /*wide*/ double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int i = 0;
    for (; i + 4 <= n; i += 4) {
      /*wide*/ double d0 = x[base + i] - mu, d1 = x[base + i + 1] - mu, d2 = x[base + i + 2] - mu;
      /*wide*/ double d3 = x[base + i + 3] - mu;
      s0 += d0 * d0;
      s1 += d1 * d1;
      s2 += d2 * d2;
      s3 += d3 * d3;
    }
    for (; i < n; i++) {
      /*wide*/ double d = x[base + i] - mu;
      s0 += d * d;
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** Σ v[base + i]·(x[base + i] − mu) over i &lt; n (the caller scales by s), four interleaved sums. */
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
      for (int g = lo; g < hi; g++) {
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
            for (int i = 0; i < inner; i++) y[base + i] = (double) ((x[base + i] - mu) * s * w[i] + b[i]);
          }
        }
      }
    });
  }

  /**
   * The backward of x̂ = (x − μ)·s in training mode (statistics depend on x), applied to v = ∂L/∂x̂:
   * dx = s·(v − mean(v) − x̂·mean(v ⊙ x̂)) per group (without the mean(v) term when not centered).
   */
  public static void normalizeGrad(double[] x, double[] v, int outer, int groups, int inner, boolean centered,
      /*wide*/ double eps, /*wide*/ double[] mean, /*wide*/ double[] var, double[] dx) {
    long m = (long) outer * inner;
    Parallel.forRange(groups, 4 * m, THRESHOLD, (lo, hi) -> {
      for (int g = lo; g < hi; g++) {
        /*wide*/ double mu = mean[g], s = 1 / Math.sqrt(var[g] + eps), sv = 0, svx = 0;
        for (int o = 0; o < outer; o++) {
          int base = (o * groups + g) * inner, i = 0;
          // Σ v and Σ v·(x − μ) in one read of v, four interleaved running sums each (as in sum)
          /*wide*/ double a0 = 0, a1 = 0, a2 = 0, a3 = 0, c0 = 0, c1 = 0, c2 = 0, c3 = 0;
          for (; i + 4 <= inner; i += 4) {
            /*wide*/ double v0 = v[base + i], v1 = v[base + i + 1], v2 = v[base + i + 2], v3 = v[base + i + 3];
            a0 += v0;
            a1 += v1;
            a2 += v2;
            a3 += v3;
            c0 += v0 * (x[base + i] - mu);
            c1 += v1 * (x[base + i + 1] - mu);
            c2 += v2 * (x[base + i + 2] - mu);
            c3 += v3 * (x[base + i + 3] - mu);
          }
          for (; i < inner; i++) {
            a0 += v[base + i];
            c0 += v[base + i] * (x[base + i] - mu);
          }
          sv += (a0 + a1) + (a2 + a3);
          svx += (c0 + c1) + (c2 + c3);
        }
        /*wide*/ double a = centered ? sv / m : 0, c = svx * s / m;
        for (int o = 0; o < outer; o++) {
          int base = (o * groups + g) * inner;
          for (int i = 0; i < inner; i++) {
            /*wide*/ double xh = (x[base + i] - mu) * s;
            dx[base + i] = (double) (s * (v[base + i] - a - xh * c));
          }
        }
      }
    });
  }

  /**
   * The affine weight's gradient Σ g ⊙ x̂, x̂ = (x − μ)·s, summed over everything but the weight's own index:
   * per group ({@code perGroup}, batch norm: dw[g] over outer and inner) or per inner position (layer norm:
   * dw[i] over outer and groups, summed in {@code acc}, [inner] wide scratch), written to {@code dw}.
   */
  public static void affineGrad(double[] x, double[] g, int outer, int groups, int inner, /*wide*/ double eps,
      /*wide*/ double[] mean, /*wide*/ double[] var, boolean perGroup, /*wide*/ double[] acc, double[] dw) {
    if (perGroup) {
      Parallel.forRange(groups, 2L * outer * inner, THRESHOLD, (lo, hi) -> {
        for (int c = lo; c < hi; c++) {
          /*wide*/ double mu = mean[c], s = 1 / Math.sqrt(var[c] + eps), sum = 0;
          for (int o = 0; o < outer; o++) sum += dotDeviations(g, x, (o * groups + c) * inner, inner, mu);
          dw[c] = (double) (sum * s);
        }
      });
      return;
    }
    int rows = outer * groups;
    Parallel.forRange(inner, 2L * rows, THRESHOLD, (lo, hi) -> {
      java.util.Arrays.fill(acc, lo, hi, 0);
      for (int r = 0; r < rows; r++) {
        int c = r % groups, base = r * inner;
        /*wide*/ double mu = mean[c], s = 1 / Math.sqrt(var[c] + eps);
        for (int i = lo; i < hi; i++) acc[i] += g[base + i] * ((x[base + i] - mu) * s);
      }
      for (int i = lo; i < hi; i++) dw[i] = (double) acc[i];
    });
  }
}
