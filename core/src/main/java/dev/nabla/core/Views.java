package dev.nabla.core;

import dev.nabla.core.kernel.Strided;
import java.util.Arrays;
import java.util.Objects;

/**
 * Tensor's views (reshape, transpose, permute, slice, narrow, expand, squeeze, unsqueeze): new
 * shapes, strides and offsets over the same storage, never a copy except where a reshape needs
 * contiguous data. Also the dense copies kernels read ({@link #contiguousCopy}, {@link #denseOf}).
 */
final class Views {
  private Views() {}

  /** A dense row-major copy of {@code t}'s elements. */
  static Tensor contiguousCopy(Tensor t) {
    int[] dims = t.shape.dims();
    Tensor out = Tensor.empty(t.dtype, t.shape);
    switch (t.dtype) {
      case FLOAT32 -> Strided.copy(t.storage.f, t.offset, dims, t.strides, out.storage.f);
      case FLOAT64 -> Strided.copy(t.storage.d, t.offset, dims, t.strides, out.storage.d);
      case INT32 -> Strided.copy(t.storage.i, t.offset, dims, t.strides, out.storage.i);
    }
    return out;
  }

  /** True when {@code t}'s elements lie in row-major order without gaps (there may be an offset). */
  static boolean isContiguous(Tensor t) {
    if (t.size() == 0) return true;
    int expected = 1;
    for (int i = t.rank() - 1; i >= 0; i--) {
      int d = t.shape.dim(i);
      if (d != 1 && t.strides[i] != expected) return false;
      expected *= d;
    }
    return true;
  }

  /**
   * A dense tensor with {@code t}'s values in {@code type}: {@code t} itself when it already is one.
   * To INT32, values are truncated toward zero (PyTorch's {@code .int()}); a NaN, an infinity or a value
   * outside the int range is refused, naming the value and its position.
   */
  static Tensor denseOf(Tensor t, DType type) {
    Tensor c = t.isDense() ? t : contiguousCopy(t);
    if (type == t.dtype) return c;
    int n = t.size();
    Storage s = c.storage;
    switch (type) {
      case FLOAT64 -> {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = s.get(i);
        return Tensor.dense(d, t.shape);
      }
      case FLOAT32 -> {
        float[] f = new float[n];
        if (s.d != null) for (int i = 0; i < n; i++) f[i] = (float) s.d[i];
        else for (int i = 0; i < n; i++) f[i] = s.i[i];
        return Tensor.dense(f, t.shape);
      }
      default -> {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
          double v = s.get(i);
          if (!(v > -2147483649.0 && v < 2147483648.0))
            throw new IllegalArgumentException("toType: " + t.dtype + " value " + v + " at position " + i + " of shape "
                + t.shape + " has no INT32 value (NaN, infinite or outside [-2^31, 2^31 - 1])");
          out[i] = (int) v; // truncates toward zero
        }
        return Tensor.dense(out, t.shape);
      }
    }
  }

  /** {@code t}'s values in a new row-major array of {@code type} ({@code float[]}, {@code double[]} or {@code int[]}). */
  static Object arrayOf(Tensor t, DType type) {
    Tensor c = denseOf(t, type);
    Object a = c.storage.array();
    if (c != t && java.lang.reflect.Array.getLength(a) == t.size()) return a; // a fresh copy already
    Object out = java.lang.reflect.Array.newInstance(a.getClass().getComponentType(), t.size());
    System.arraycopy(a, 0, out, 0, t.size());
    return out;
  }

  static Tensor reshape(Tensor t, int[] dims) {
    Objects.requireNonNull(dims, "dims");
    int[] d = dims.clone();
    int infer = -1, size = t.size();
    long known = 1; // the product of the given dims, saturated above int (a zero makes it 0)
    for (int i = 0; i < d.length; i++) {
      if (d[i] == -1) {
        if (infer >= 0) throw new IllegalArgumentException("reshape: more than one -1 in " + Arrays.toString(dims));
        infer = i;
      } else if (d[i] < 0) {
        throw new IllegalArgumentException("reshape: negative dimension in " + Arrays.toString(dims));
      } else {
        known = Math.min(known * d[i], 1L << 31);
      }
    }
    if (infer >= 0) {
      if (known == 0 || size % known != 0)
        throw new ShapeMismatchException("reshape: cannot reshape " + t.shape + " (" + size + " elements) to "
            + Arrays.toString(dims));
      d[infer] = (int) (size / known);
      known *= d[infer];
    }
    if (known != size)
      throw new ShapeMismatchException("reshape: cannot reshape " + t.shape + " (" + size + " elements) to "
          + Arrays.toString(dims) + " (" + (known > Integer.MAX_VALUE ? "more than " + Integer.MAX_VALUE : known)
          + " elements)");
    Shape s = Shape.of("reshape", d);
    Tensor c = t.contiguous();
    return new Tensor(t.dtype, s, s.sharedStrides(), c.offset, c.storage);
  }

  static Tensor transpose(Tensor t, int axis0, int axis1) {
    if (t.rank() == 0) {
      Checks.requireScalarAxis("transpose", axis0);
      Checks.requireScalarAxis("transpose", axis1);
      return t;
    }
    int a = t.shape.normalizeAxis("transpose", axis0), b = t.shape.normalizeAxis("transpose", axis1);
    int[] p = new int[t.rank()];
    for (int i = 0; i < p.length; i++) p[i] = i;
    p[a] = b;
    p[b] = a;
    return permute(t, p);
  }

  static Tensor permute(Tensor t, int[] axes) {
    Objects.requireNonNull(axes, "axes");
    int r = t.rank();
    if (axes.length != r)
      throw new IllegalArgumentException("permute: " + Arrays.toString(axes) + " is not a permutation of the "
          + r + " axes of " + t.shape);
    boolean[] seen = new boolean[r];
    int[] dims = new int[r], st = new int[r];
    for (int i = 0; i < axes.length; i++) {
      int a = axes[i] < 0 ? axes[i] + r : axes[i];
      if (a < 0 || a >= r || seen[a])
        throw new IllegalArgumentException("permute: " + Arrays.toString(axes) + " is not a permutation of the "
            + r + " axes of " + t.shape);
      seen[a] = true;
      dims[i] = t.shape.dim(a);
      st[i] = t.strides[a];
    }
    return new Tensor(t.dtype, Shape.of(dims), st, t.offset, t.storage);
  }

  static Tensor slice(Tensor t, int axis, int start, int end, int step) {
    int a = t.shape.normalizeAxis("slice", axis), n = t.shape.dim(a);
    if (step <= 0) throw new IllegalArgumentException("slice: step must be positive, got " + step);
    int s = Math.max(0, Math.min(n, start < 0 ? start + n : start));
    int e = Math.max(s, Math.min(n, end < 0 ? end + n : end));
    int len = e == s ? 0 : (e - s - 1) / step + 1;
    int[] dims = t.shape.dims(), st = t.strides.clone();
    dims[a] = len;
    st[a] = len > 1 ? t.strides[a] * step : t.strides[a]; // (len − 1)·step < n: no overflow when it matters
    return new Tensor(t.dtype, Shape.of(dims), st, len == 0 ? t.offset : t.offset + s * t.strides[a], t.storage);
  }

  static Tensor narrow(Tensor t, int axis, int start, int length) {
    int a = t.shape.normalizeAxis("narrow", axis);
    if (start < 0 || length < 0 || length > t.shape.dim(a) - start)
      throw new IndexOutOfBoundsException("narrow: [" + start + ", " + ((long) start + length) + ") out of range for axis "
          + a + " of shape " + t.shape);
    return slice(t, a, start, start + length, 1);
  }

  static Tensor expand(Tensor t, int[] dims) {
    Objects.requireNonNull(dims, "dims");
    int r = dims.length, off = r - t.rank();
    if (off < 0)
      throw new ShapeMismatchException("expand: cannot expand " + t.shape + " to fewer dimensions "
          + Arrays.toString(dims));
    int[] d = dims.clone(), st = new int[r];
    for (int i = 0; i < r; i++) {
      int src = i - off;
      int have = src >= 0 ? t.shape.dim(src) : 1;
      if (d[i] == -1) {
        if (src < 0) throw new ShapeMismatchException("expand: -1 is not allowed for new dimension " + i + " in "
            + Arrays.toString(dims));
        d[i] = have;
      }
      if (d[i] < 0) throw new IllegalArgumentException("expand: negative dimension in " + Arrays.toString(dims));
      if (have == d[i]) st[i] = src >= 0 ? t.strides[src] : 0;
      else if (have == 1) st[i] = 0;
      else throw new ShapeMismatchException("expand: cannot expand " + t.shape + " to " + Arrays.toString(dims)
          + ": dimension " + i + " is " + have + ", not 1 or " + d[i]);
    }
    if (Shape.count("expand", d) < 0) throw Shape.tooLarge("expand", "expanding " + t.shape + " to ", d);
    return new Tensor(t.dtype, Shape.of(d), st, t.offset, t.storage);
  }

  /** {@code t} without its size-1 dimensions, or without dimension {@code drop} alone when it is ≥ 0. */
  static Tensor squeeze(Tensor t, int drop) {
    int k = 0;
    for (int i = 0; i < t.rank(); i++) if (drop >= 0 ? i != drop : t.shape.dim(i) != 1) k++;
    int[] d = new int[k], st = new int[k];
    for (int i = 0, j = 0; i < t.rank(); i++) {
      if (drop >= 0 ? i != drop : t.shape.dim(i) != 1) {
        d[j] = t.shape.dim(i);
        st[j++] = t.strides[i];
      }
    }
    return new Tensor(t.dtype, Shape.of(d), st, t.offset, t.storage);
  }

  static Tensor squeezeAxis(Tensor t, int axis) {
    if (t.rank() == 0) {
      Checks.requireScalarAxis("squeeze", axis);
      return t;
    }
    int a = t.shape.normalizeAxis("squeeze", axis);
    if (t.shape.dim(a) != 1)
      throw new ShapeMismatchException("squeeze: axis " + axis + " of shape " + t.shape + " has size "
          + t.shape.dim(a) + ", not 1");
    return squeeze(t, a);
  }

  static Tensor unsqueeze(Tensor t, int axis) {
    int r = t.rank();
    if (axis < -r - 1 || axis > r)
      throw new IllegalArgumentException("unsqueeze: axis " + axis + " out of range for shape " + t.shape);
    int a = axis < 0 ? axis + r + 1 : axis;
    int[] d = new int[r + 1], st = new int[r + 1];
    for (int i = 0, j = 0; i <= r; i++) {
      if (i == a) {
        d[i] = 1;
        st[i] = a < r ? (int) Math.min((long) t.strides[a] * t.shape.dim(a), Integer.MAX_VALUE) : 1;
      } else {
        d[i] = t.shape.dim(j);
        st[i] = t.strides[j++];
      }
    }
    return new Tensor(t.dtype, Shape.of(d), st, t.offset, t.storage);
  }
}
