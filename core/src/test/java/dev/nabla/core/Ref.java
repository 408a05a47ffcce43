package dev.nabla.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * Naive reference implementations: an n-d array of doubles ({@code dims}, row-major {@code v})
 * and plain index-arithmetic loops, sharing no code with the library beyond
 * {@link Tensor#toDoubleArray()} and {@link Tensor#shape()}.
 */
final class Ref {
  final int[] dims;
  final double[] v;

  Ref(int[] dims, double[] v) {
    this.dims = dims;
    this.v = v;
    if (size(dims) != v.length) throw new IllegalStateException("Ref: " + v.length + " values for " + Arrays.toString(dims));
  }

  static Ref of(Tensor t) {
    return new Ref(t.shape().dims(), t.toDoubleArray());
  }

  static int size(int[] dims) {
    int n = 1;
    for (int d : dims) n *= d;
    return n;
  }

  static int[] unravel(int flat, int[] dims) {
    int[] idx = new int[dims.length];
    for (int i = dims.length - 1; i >= 0; i--) {
      idx[i] = flat % dims[i];
      flat /= dims[i];
    }
    return idx;
  }

  static int ravel(int[] idx, int[] dims) {
    int p = 0;
    for (int i = 0; i < dims.length; i++) p = p * dims[i] + idx[i];
    return p;
  }

  double at(int... idx) {
    return v[ravel(idx, dims)];
  }

  /** NumPy broadcast of two dim lists, or null if they do not broadcast. */
  static int[] broadcast(int[] a, int[] b) {
    int r = Math.max(a.length, b.length);
    int[] out = new int[r];
    for (int i = 0; i < r; i++) {
      int da = i < r - a.length ? 1 : a[i - (r - a.length)], db = i < r - b.length ? 1 : b[i - (r - b.length)];
      if (da != db && da != 1 && db != 1) return null;
      out[i] = da == 1 ? db : da;
    }
    return out;
  }

  /** The element of this array that broadcasts to position {@code outIdx} of a bigger result. */
  double broadcastAt(int[] outIdx) {
    int off = outIdx.length - dims.length;
    int[] idx = new int[dims.length];
    for (int i = 0; i < dims.length; i++) idx[i] = dims[i] == 1 ? 0 : outIdx[i + off];
    return at(idx);
  }

  Ref map(DoubleUnaryOperator f) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) out[i] = f.applyAsDouble(v[i]);
    return new Ref(dims, out);
  }

  static Ref zip(Ref a, Ref b, DoubleBinaryOperator f) {
    int[] d = broadcast(a.dims, b.dims);
    double[] out = new double[size(d)];
    for (int i = 0; i < out.length; i++) {
      int[] idx = unravel(i, d);
      out[i] = f.applyAsDouble(a.broadcastAt(idx), b.broadcastAt(idx));
    }
    return new Ref(d, out);
  }

  /** Rounds every value to float (the reference of a FLOAT32 op computed in double). */
  Ref toFloat() {
    return map(x -> (float) x);
  }

  // ---------------------------------------------------------------- reductions

  interface RowFn {
    double apply(double[] row);
  }

  /** Reduces over {@code axes} (normalized, any order), calling {@code f} on each row in index order. */
  Ref reduce(int[] axes, boolean keepDims, RowFn f) {
    boolean[] red = new boolean[dims.length];
    for (int a : axes) red[a < 0 ? a + dims.length : a] = true;
    int[] outDims = keepDims ? dims.clone() : new int[0];
    int k = 0;
    int[] kept = new int[dims.length];
    for (int i = 0; i < dims.length; i++) {
      if (red[i]) {
        if (keepDims) outDims[i] = 1;
      } else kept[k++] = dims[i];
    }
    if (!keepDims) outDims = Arrays.copyOf(kept, k);
    int[] redDims = new int[dims.length - k];
    for (int i = 0, j = 0; i < dims.length; i++) if (red[i]) redDims[j++] = dims[i];
    int len = size(redDims);
    double[] out = new double[size(outDims)];
    for (int o = 0; o < out.length; o++) {
      int[] oi = unravel(o, outDims);
      double[] row = new double[len];
      for (int r = 0; r < len; r++) {
        int[] ri = unravel(r, redDims);
        int[] idx = new int[dims.length];
        for (int i = 0, a = 0, b = 0; i < dims.length; i++) {
          if (red[i]) idx[i] = ri[b++];
          else idx[i] = keepDims ? oi[i] : oi[a++];
        }
        row[r] = at(idx);
      }
      out[o] = f.apply(row);
    }
    return new Ref(outDims, out);
  }

  static double sum(double[] r) {
    double s = 0;
    for (double x : r) s += x;
    return s;
  }

  static double max(double[] r) {
    double m = Double.NEGATIVE_INFINITY;
    for (double x : r) {
      if (Double.isNaN(x)) return x;
      if (x > m) m = x;
    }
    return m;
  }

  static double min(double[] r) {
    double m = Double.POSITIVE_INFINITY;
    for (double x : r) {
      if (Double.isNaN(x)) return x;
      if (x < m) m = x;
    }
    return m;
  }

  static double argmax(double[] r) {
    int b = 0;
    for (int i = 1; i < r.length; i++) if (r[i] > r[b]) b = i;
    return b;
  }

  static double argmin(double[] r) {
    int b = 0;
    for (int i = 1; i < r.length; i++) if (r[i] < r[b]) b = i;
    return b;
  }

  static double logSumExp(double[] r) {
    double m = max(r);
    if (Double.isInfinite(m)) return m;
    double s = 0;
    for (double x : r) s += Math.exp(x - m);
    return m + Math.log(s);
  }

  /** softmax (or log-softmax) along {@code axis}, from the textbook formula on each line. */
  Ref softmax(int axis, boolean log) {
    int a = axis < 0 ? axis + dims.length : axis;
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      int[] idx = unravel(i, dims);
      double m = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < dims[a]; j++) m = Math.max(m, at(with(idx, a, j)));
      double s = 0;
      for (int j = 0; j < dims[a]; j++) s += Math.exp(at(with(idx, a, j)) - m);
      out[i] = log ? v[i] - m - Math.log(s) : Math.exp(v[i] - m) / s;
    }
    return new Ref(dims, out);
  }

  static int[] with(int[] idx, int a, int val) {
    int[] c = idx.clone();
    c[a] = val;
    return c;
  }

  // ---------------------------------------------------------------- matmul

  /** NumPy matmul by the definition; also returns Σ|a·b| per element in {@code absOut} for tolerances. */
  static Ref matmul(Ref a, Ref b, double[][] absOut) {
    int[] ad = a.dims.length == 1 ? new int[] {1, a.dims[0]} : a.dims;
    int[] bd = b.dims.length == 1 ? new int[] {b.dims[0], 1} : b.dims;
    Ref x = new Ref(ad, a.v), y = new Ref(bd, b.v);
    int m = ad[ad.length - 2], k = ad[ad.length - 1], n = bd[bd.length - 1];
    int[] batch = broadcast(Arrays.copyOf(ad, ad.length - 2), Arrays.copyOf(bd, bd.length - 2));
    int[] od = Arrays.copyOf(batch, batch.length + 2);
    od[batch.length] = m;
    od[batch.length + 1] = n;
    double[] out = new double[size(od)], abs = new double[out.length];
    for (int o = 0; o < out.length; o++) {
      int[] oi = unravel(o, od);
      double s = 0, sa = 0;
      for (int p = 0; p < k; p++) {
        int[] xi = oi.clone();
        xi[xi.length - 1] = p;
        int[] yi = oi.clone();
        yi[yi.length - 2] = p;
        double u = x.broadcastAtMatrix(xi), w = y.broadcastAtMatrix(yi);
        s += u * w;
        sa += Math.abs(u * w);
      }
      out[o] = s;
      abs[o] = sa;
    }
    int[] fd = od;
    if (a.dims.length == 1) fd = dropAt(fd, fd.length - 2);
    if (b.dims.length == 1) fd = dropAt(fd, fd.length - 1);
    if (absOut != null) absOut[0] = abs;
    return new Ref(fd, out);
  }

  /** Like {@link #broadcastAt} but the last two dims are matrix indices (never broadcast). */
  private double broadcastAtMatrix(int[] outIdx) {
    int off = outIdx.length - dims.length;
    int[] idx = new int[dims.length];
    for (int i = 0; i < dims.length; i++)
      idx[i] = i < dims.length - 2 && dims[i] == 1 ? 0 : outIdx[i + off];
    return at(idx);
  }

  static int[] dropAt(int[] d, int i) {
    int[] out = new int[d.length - 1];
    for (int k = 0, j = 0; k < d.length; k++) if (k != i) out[j++] = d[k];
    return out;
  }

  // ---------------------------------------------------------------- assertions

  /** Same shape and dtype, and values within the dtype's tolerance (NaN matches NaN). */
  static void assertClose(Ref expected, Tensor actual, DType dtype, String what) {
    assertEquals(dtype, actual.dtype(), what + ": dtype");
    assertArrayEquals(expected.dims, actual.shape().dims(), what + ": shape");
    double rtol = dtype == DType.FLOAT32 ? 2e-6 : 1e-12, atol = dtype == DType.FLOAT32 ? 1e-6 : 1e-12;
    assertValues(expected.v, actual.toDoubleArray(), rtol, atol, null, what);
  }

  /** Bitwise-equal after rounding the reference to the dtype (for ops that are exact in it). */
  static void assertExact(Ref expected, Tensor actual, DType dtype, String what) {
    Ref e = dtype == DType.FLOAT32 ? expected.toFloat() : expected;
    assertEquals(dtype, actual.dtype(), what + ": dtype");
    assertArrayEquals(e.dims, actual.shape().dims(), what + ": shape");
    assertValues(e.v, actual.toDoubleArray(), 0, 0, null, what);
  }

  /** |a − e| ≤ atol + rtol·|e| + scale[i]·(2e-7 or 1e-15), element by element; NaN matches NaN. */
  static void assertValues(double[] e, double[] a, double rtol, double atol, double[] scale, String what) {
    assertEquals(e.length, a.length, what + ": number of values");
    for (int i = 0; i < e.length; i++) {
      if (Double.isNaN(e[i]) && Double.isNaN(a[i])) continue;
      if (e[i] == a[i]) continue;
      double tol = atol + rtol * Math.abs(e[i]) + (scale == null ? 0 : scale[i]);
      if (!(Math.abs(a[i] - e[i]) <= tol))
        throw new AssertionError(what + ": element " + i + " is " + a[i] + ", expected " + e[i] + " (tolerance " + tol
            + ")\nexpected " + Arrays.toString(e).substring(0, Math.min(2000, Arrays.toString(e).length()))
            + "\nactual   " + Arrays.toString(a).substring(0, Math.min(2000, Arrays.toString(a).length())));
    }
  }
}
