package dev.nabla.core.kernel;

import java.util.Arrays;

/**
 * Row-wise reductions over a dense {@code [rows, len]} array: each row is reduced on its own, in
 * index order, accumulating in double. Rows split across threads on fixed boundaries, so a result
 * is the same bits on every run and every thread count.
 */
public final class Reduce {
  private static final long THRESHOLD = 1 << 15;
  /** Vector row kernels when the Vector API is on; null otherwise. */
  private static final FloatMath FAST = FloatMath.VECTOR;

  /** What a row reduces to. */
  public enum Kind { SUM, MAX, MIN, ARGMAX, ARGMIN, LOG_SUM_EXP }

  private Reduce() {}

  public static void rows(Kind kind, double[] x, double[] y, int rows, int len) {
    Parallel.forRange(rows, len, THRESHOLD, (lo, hi) -> {
      for (int r = lo; r < hi; r++) y[r] = row(kind, x, r * len, len);
    });
  }

  public static void rows(Kind kind, float[] x, float[] y, int rows, int len) {
    Parallel.forRange(rows, len, THRESHOLD, (lo, hi) -> {
      for (int r = lo; r < hi; r++) y[r] = (float) row(kind, x, r * len, len);
    });
  }

  /**
   * Reduces the middle axis of a dense {@code [outer, len, inner]} array without moving it: for
   * each (o, j), y[o·inner + j] = reduce over r of x[(o·len + r)·inner + j], in order of r,
   * accumulating in double. For SUM, MAX and MIN (e.g. the bias gradient, a sum over the batch).
   */
  public static void columns(Kind kind, double[] x, double[] y, int outer, int len, int inner) {
    Parallel.forRange(inner, (long) outer * len, THRESHOLD, (lo, hi) -> {
      double[] acc = new double[hi - lo];
      for (int o = 0; o < outer; o++) {
        Arrays.fill(acc, start(kind));
        for (int r = 0; r < len; r++) {
          int base = (o * len + r) * inner;
          for (int j = lo; j < hi; j++) acc[j - lo] = combine(kind, acc[j - lo], x[base + j]);
        }
        for (int j = lo; j < hi; j++) y[o * inner + j] = acc[j - lo];
      }
    });
  }

  /** Float variant of {@link #columns(Kind, double[], double[], int, int, int)}. */
  public static void columns(Kind kind, float[] x, float[] y, int outer, int len, int inner) {
    Parallel.forRange(inner, (long) outer * len, THRESHOLD, (lo, hi) -> {
      double[] acc = new double[hi - lo];
      for (int o = 0; o < outer; o++) {
        Arrays.fill(acc, start(kind));
        for (int r = 0; r < len; r++) {
          int base = (o * len + r) * inner;
          for (int j = lo; j < hi; j++) acc[j - lo] = combine(kind, acc[j - lo], x[base + j]);
        }
        for (int j = lo; j < hi; j++) y[o * inner + j] = (float) acc[j - lo];
      }
    });
  }

  private static double start(Kind kind) {
    return kind == Kind.MAX ? Double.NEGATIVE_INFINITY : kind == Kind.MIN ? Double.POSITIVE_INFINITY : 0;
  }

  private static double combine(Kind kind, double acc, double v) {
    return kind == Kind.SUM ? acc + v : kind == Kind.MAX ? Math.max(acc, v) : Math.min(acc, v);
  }

  /**
   * Softmax cross-entropy per row of dense logits {@code [rows, len]}:
   * loss[r] = log Σⱼ e^{x[r,j]} − x[r, label[r]], shifted by the row maximum (stable). With
   * {@code grad} non-null, writes ∂ = (softmax(x[r]) − onehot(label[r]))·g[r] instead (the fused
   * backward); given the rows' log Σ e^x in {@code lse} that is a single pass, e^{x − lse}·g.
   * FLOAT32 exponentials use the float exp kernel; sums accumulate in double.
   */
  public static void crossEntropyRows(float[] x, int[] label, float[] loss, float[] g, float[] lse, float[] grad,
      int rows, int len) {
    Parallel.forRange(rows, 10L * len, THRESHOLD, (lo, hi) -> {
      for (int r = lo, o = lo * len; r < hi; r++, o += len) {
        float shift, scale;
        if (lse != null) { // log Σ e^x known (from the forward): one pass, e^{x − lse} = softmax
          shift = lse[r];
          scale = g[r];
        } else {
          shift = rowMax(x, o, len);
          double s = sumExp(x, o, len, shift);
          if (loss != null) loss[r] = (float) (shift + Math.log(s) - x[o + label[r]]);
          scale = grad == null ? 0 : (float) (g[r] / s);
        }
        if (grad != null) {
          expShiftScale(x, o, len, shift, scale, grad);
          grad[o + label[r]] -= g[r];
        }
      }
    });
  }

  /** Double variant of {@link #crossEntropyRows(float[], int[], float[], float[], float[], float[], int, int)}. */
  public static void crossEntropyRows(double[] x, int[] label, double[] loss, double[] g, double[] lse,
      double[] grad, int rows, int len) {
    Parallel.forRange(rows, 10L * len, THRESHOLD, (lo, hi) -> {
      for (int r = lo, o = lo * len; r < hi; r++, o += len) {
        double shift;
        if (lse != null) {
          shift = lse[r];
        } else {
          double m = Double.NEGATIVE_INFINITY;
          for (int i = 0; i < len; i++) m = Math.max(m, x[o + i]);
          double s = 0;
          for (int i = 0; i < len; i++) s += Math.exp(x[o + i] - m);
          shift = m + Math.log(s);
          if (loss != null) loss[r] = shift - x[o + label[r]];
        }
        if (grad != null) {
          for (int i = o; i < o + len; i++) grad[i] = Math.exp(x[i] - shift) * g[r];
          grad[o + label[r]] -= g[r];
        }
      }
    });
  }

  /**
   * The largest of x[o..o+len), as four interleaved running maxima (independent chains, so the
   * comparisons pipeline) combined in a fixed order. NaN is skipped here; callers propagate it
   * through x − max.
   */
  static float rowMax(float[] x, int o, int len) {
    if (FAST != null) return FAST.max(x, o, len);
    float m0 = Float.NEGATIVE_INFINITY, m1 = m0, m2 = m0, m3 = m0;
    int i = 0;
    for (; i + 4 <= len; i += 4) {
      float a = x[o + i], b = x[o + i + 1], c = x[o + i + 2], d = x[o + i + 3];
      m0 = a > m0 ? a : m0;
      m1 = b > m1 ? b : m1;
      m2 = c > m2 ? c : m2;
      m3 = d > m3 ? d : m3;
    }
    for (; i < len; i++) m0 = x[o + i] > m0 ? x[o + i] : m0;
    m0 = m1 > m0 ? m1 : m0;
    m2 = m3 > m2 ? m3 : m2;
    return m2 > m0 ? m2 : m0;
  }

  /** Σ e^{x[o+i] − shift} over a row (the softmax denominator), in double. */
  private static double sumExp(float[] x, int o, int len, float shift) {
    if (FAST != null) return FAST.sumExp(x, o, len, shift);
    double s = 0;
    for (int i = 0; i < len; i++) s += FloatFunctions.exp(x[o + i] - shift);
    return s;
  }

  /** y[o+i] = e^{x[o+i] − shift}·scale over a row. */
  private static void expShiftScale(float[] x, int o, int len, float shift, float scale, float[] y) {
    if (FAST != null) {
      FAST.expShiftScale(x, o, len, shift, scale, y);
      return;
    }
    for (int i = 0; i < len; i++) y[o + i] = FloatFunctions.exp(x[o + i] - shift) * scale;
  }

  private static double row(Kind kind, double[] x, int o, int len) {
    switch (kind) {
      case SUM: {
        double s = 0;
        for (int i = 0; i < len; i++) s += x[o + i];
        return s;
      }
      case MAX: case MIN: {
        double m = kind == Kind.MAX ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        for (int i = 0; i < len; i++) m = kind == Kind.MAX ? Math.max(m, x[o + i]) : Math.min(m, x[o + i]);
        return m;
      }
      case ARGMAX: case ARGMIN: {
        int best = 0;
        for (int i = 1; i < len; i++) {
          double v = x[o + i], b = x[o + best];
          if (Double.isNaN(b)) break; // NaN wins and stays, like PyTorch
          if (Double.isNaN(v) || (kind == Kind.ARGMAX ? v > b : v < b)) best = i;
        }
        return best;
      }
      default: {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < len; i++) m = Math.max(m, x[o + i]);
        if (Double.isInfinite(m)) return m; // all -inf -> -inf; any +inf -> +inf
        double s = 0;
        for (int i = 0; i < len; i++) s += Math.exp(x[o + i] - m);
        return m + Math.log(s);
      }
    }
  }

  private static double row(Kind kind, float[] x, int o, int len) {
    switch (kind) {
      case SUM: {
        double s = 0;
        for (int i = 0; i < len; i++) s += x[o + i];
        return s;
      }
      case MAX: case MIN: {
        float m = kind == Kind.MAX ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY;
        for (int i = 0; i < len; i++) m = kind == Kind.MAX ? Math.max(m, x[o + i]) : Math.min(m, x[o + i]);
        return m;
      }
      case ARGMAX: case ARGMIN: {
        int best = 0;
        for (int i = 1; i < len; i++) {
          float v = x[o + i], b = x[o + best];
          if (Float.isNaN(b)) break;
          if (Float.isNaN(v) || (kind == Kind.ARGMAX ? v > b : v < b)) best = i;
        }
        return best;
      }
      default: {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < len; i++) m = Math.max(m, x[o + i]);
        if (Float.isInfinite(m)) return m; // all -inf -> -inf; any +inf -> +inf
        return m + Math.log(sumExp(x, o, len, m));
      }
    }
  }

  /**
   * Row-wise softmax (or log-softmax) of a dense {@code [rows, len]} array, shifted by the row
   * maximum so logits of ±1000 do not overflow. A row of all -inf gives NaN, as in PyTorch.
   */
  public static void softmaxRows(boolean log, double[] x, double[] y, int rows, int len) {
    Parallel.forRange(rows, 10L * len, THRESHOLD, (lo, hi) -> {
      for (int r = lo, o = lo * len; r < hi; r++, o += len) {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < len; i++) m = Math.max(m, x[o + i]);
        double s = 0;
        for (int i = 0; i < len; i++) s += Math.exp(x[o + i] - m);
        if (log) {
          double ls = Math.log(s);
          for (int i = 0; i < len; i++) y[o + i] = x[o + i] - m - ls;
        } else {
          double inv = 1.0 / s;
          for (int i = 0; i < len; i++) y[o + i] = Math.exp(x[o + i] - m) * inv;
        }
      }
    });
  }

  /**
   * Float variant of {@link #softmaxRows(boolean, double[], double[], int, int)}: the exponentials
   * use the FLOAT32 exp kernel (see {@code FloatFunctions}), the row sums accumulate in double.
   */
  public static void softmaxRows(boolean log, float[] x, float[] y, int rows, int len) {
    Parallel.forRange(rows, 10L * len, THRESHOLD, (lo, hi) -> {
      for (int r = lo, o = lo * len; r < hi; r++, o += len) {
        float m = rowMax(x, o, len);
        double s = sumExp(x, o, len, m);
        if (log) {
          float ls = (float) Math.log(s);
          for (int i = o; i < o + len; i++) y[i] = x[i] - m - ls;
        } else {
          expShiftScale(x, o, len, m, (float) (1.0 / s), y);
        }
      }
    });
  }
}
