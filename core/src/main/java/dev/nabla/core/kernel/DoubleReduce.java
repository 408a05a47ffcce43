package dev.nabla.core.kernel;

import dev.nabla.core.kernel.Reduce.Kind;
import java.util.Arrays;

/**
 * The one source of {@link Reduce}'s kernels (FLOAT32 twin generated). Sums accumulate in double in both
 * dtypes ({@code /*wide*}{@code /}); the row primitives that differ by dtype (the exp kernel, the Vector API
 * rows) are {@link DoubleRows} and {@link FloatRows}.
 */
final class DoubleReduce {
  private static final long THRESHOLD = 1 << 15;

  private DoubleReduce() {}

  /** A row sum is cut into blocks of this many elements, summed on their own and then added in order. */
  static final int SUM_BLOCK = 4096;

  static void rows(Kind kind, double[] x, double[] y, int rows, int len) {
    if (kind == Kind.SUM && rows < Parallel.threads() && len >= 2 * SUM_BLOCK) { // few long rows: split each
      for (int r = 0; r < rows; r++) y[r] = (double) longSum(x, r * len, len);
      return;
    }
    Parallel.forRange(rows, len, THRESHOLD, Parallel.SPLIT, (lo, hi) -> {
      for (int r = lo; r < hi; r++) y[r] = (double) row(kind, x, r * len, len);
    });
  }

  static void middleAxis(Kind kind, double[] x, double[] y, int outer, int len, int inner) {
    Parallel.forRange(inner, (long) outer * len, THRESHOLD, (lo, hi) -> {
      /*wide*/ double[] acc = new /*wide*/ double[hi - lo];
      for (int o = 0; o < outer; o++) {
        Arrays.fill(acc, start(kind));
        for (int r = 0; r < len; r++) {
          int base = (o * len + r) * inner;
          if (kind == Kind.SUM) { // its own loop, which C2 vectorizes: a linear layer's bias gradient, Σ over rows
            for (int j = lo; j < hi; j++) acc[j - lo] += x[base + j];
          } else {
            for (int j = lo; j < hi; j++) acc[j - lo] = combine(kind, acc[j - lo], x[base + j]);
          }
        }
        for (int j = lo; j < hi; j++) y[o * inner + j] = (double) acc[j - lo];
      }
    });
  }

  private static /*wide*/ double start(Kind kind) {
    return kind == Kind.MAX ? Double.NEGATIVE_INFINITY : kind == Kind.MIN ? Double.POSITIVE_INFINITY : 0;
  }

  private static /*wide*/ double combine(Kind kind, /*wide*/ double acc, /*wide*/ double v) {
    return kind == Kind.SUM ? acc + v : kind == Kind.MAX ? Math.max(acc, v) : Math.min(acc, v);
  }

  private static /*wide*/ double row(Kind kind, double[] x, int o, int len) {
    switch (kind) {
      case SUM: {
        /*wide*/ double s = 0;
        for (int b = 0; b < len; b += SUM_BLOCK) s += blockSum(x, o + b, Math.min(SUM_BLOCK, len - b));
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
        return m + Math.log(DoubleRows.sumExp(x, o, len, m));
      }
    }
  }

  /**
   * Σ x[o..o+len) as {@link #row} sums it (the same bits), its blocks summed across threads: each block's
   * sum lands in its own slot and the slots are added in order on the calling thread.
   */
  private static /*wide*/ double longSum(double[] x, int o, int len) {
    int blocks = (len + SUM_BLOCK - 1) / SUM_BLOCK;
    /*wide*/ double[] partial = new /*wide*/ double[blocks];
    Parallel.forRange(blocks, SUM_BLOCK, THRESHOLD, Parallel.SPLIT, (lo, hi) -> {
      for (int b = lo; b < hi; b++) {
        partial[b] = blockSum(x, o + b * SUM_BLOCK, Math.min(SUM_BLOCK, len - b * SUM_BLOCK));
      }
    });
    /*wide*/ double s = 0;
    for (int b = 0; b < blocks; b++) s += partial[b];
    return s;
  }

  /**
   * Σ x[o..o+len) in double by eight interleaved accumulators (element i goes to accumulator i mod 8), so
   * the adds pipeline instead of waiting on one another; combined pairwise, then the tail in order.
   */
  private static /*wide*/ double blockSum(double[] x, int o, int len) {
    /*wide*/ double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
    int i = 0;
    for (; i + 8 <= len; i += 8) {
      int k = o + i;
      s0 += x[k];
      s1 += x[k + 1];
      s2 += x[k + 2];
      s3 += x[k + 3];
      s4 += x[k + 4];
      s5 += x[k + 5];
      s6 += x[k + 6];
      s7 += x[k + 7];
    }
    /*wide*/ double s = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    for (; i < len; i++) s += x[o + i];
    return s;
  }

  static void crossEntropyRows(double[] x, int[] label, double[] loss, double[] g, double[] lse, double[] grad,
      int rows, int len) {
    Parallel.forRange(rows, 10L * len, THRESHOLD, Parallel.SPLIT, (lo, hi) -> {
      for (int r = lo, o = lo * len; r < hi; r++, o += len) {
        double shift, scale;
        if (lse != null) { // log Σ e^x known (from the forward): one pass, e^{x − lse} = softmax
          shift = lse[r];
          scale = g[r];
        } else {
          shift = DoubleRows.max(x, o, len);
          /*wide*/ double s = DoubleRows.sumExp(x, o, len, shift);
          if (loss != null) loss[r] = (double) (shift + Math.log(s) - x[o + label[r]]);
          scale = grad == null ? 0 : (double) (g[r] / s);
        }
        if (grad != null) {
          DoubleRows.expShiftScale(x, o, len, shift, scale, grad);
          grad[o + label[r]] -= g[r];
        }
      }
    });
  }

  static void softmaxRows(boolean log, double[] x, double[] y, int rows, int len) {
    Parallel.forRange(rows, 10L * len, THRESHOLD, Parallel.SPLIT, (lo, hi) -> {
      for (int r = lo, o = lo * len; r < hi; r++, o += len) {
        double m = DoubleRows.max(x, o, len);
        /*wide*/ double s = DoubleRows.sumExp(x, o, len, m);
        if (log) {
          double ls = (double) Math.log(s);
          for (int i = o; i < o + len; i++) y[i] = x[i] - m - ls;
        } else {
          DoubleRows.expShiftScale(x, o, len, m, (double) (1.0 / s), y);
        }
      }
    });
  }
}
