package dev.nabla.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.function.IntUnaryOperator;
import java.util.random.RandomGenerator;

/**
 * Tensor's factories: copies of arrays and of rows, constant fills, ranges, the identity, and
 * seeded random values. Values that are computed (ranges, random numbers) are computed in double
 * and then rounded once to the requested dtype, so FLOAT32 and FLOAT64 agree to rounding.
 */
final class Creation {
  private Creation() {}

  /** A copy of {@code data} ({@code float[]}, {@code double[]} or {@code int[]}, of length {@code n}) in shape {@code dims}. */
  static Tensor of(Object data, int n, int[] dims) {
    Objects.requireNonNull(dims, "dims");
    Shape s = dims.length == 0 ? Shape.of(n) : Shape.of("of", dims);
    if (n != s.size())
      throw new ShapeMismatchException("of: " + n + " values do not fill shape " + s + " (" + s.size() + " elements)");
    if (data instanceof int[] i) return Tensor.dense(i.clone(), s);
    return data instanceof float[] f ? Tensor.dense(f.clone(), s) : Tensor.dense(((double[]) data).clone(), s);
  }

  /** A matrix of the {@code n} rows {@code rows} ({@code float[][]} or {@code double[][]}), copied. */
  static Tensor ofRows(Object[] rows, DType dtype) {
    int n = rows.length;
    IntUnaryOperator length = i -> rows[i] == null ? -1 : java.lang.reflect.Array.getLength(rows[i]);
    int cols = n == 0 ? 0 : length.applyAsInt(0);
    for (int i = 0; i < n; i++) {
      int len = length.applyAsInt(i);
      if (len < 0) throw new NullPointerException("of: row " + i + " is null");
      if (len != cols)
        throw new IllegalArgumentException("of: row " + i + " has " + len + " values but row 0 has " + cols
            + " (rows must all have the same length)");
    }
    if ((long) n * cols > Shape.MAX_SIZE)
      throw new IllegalArgumentException("of: " + n + " rows of " + cols + " values do not fit one array");
    Tensor out = Tensor.empty(dtype, Shape.of(n, cols));
    Object dst = out.array();
    for (int i = 0; i < n; i++) System.arraycopy(rows[i], 0, dst, i * cols, cols);
    return out;
  }

  static Tensor full(DType dtype, double value, Shape shape) {
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(shape, "shape");
    Tensor t = Tensor.empty(dtype, shape);
    if (dtype == DType.INT32) {
      if (value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE + 1.0 || value == Integer.MAX_VALUE + 1.0)
        throw new IllegalArgumentException("full: " + value + " is not an INT32 value (a whole number in [-2^31, 2^31 - 1])"
            + " for shape " + shape);
      Arrays.fill(t.storage.i, (int) value);
    } else if (dtype == DType.FLOAT32) {
      if (t.storage.f.length == 1) t.storage.f[0] = (float) value; // scalars: the common case
      else Arrays.fill(t.storage.f, (float) value);
    } else {
      if (t.storage.d.length == 1) t.storage.d[0] = value;
      else Arrays.fill(t.storage.d, value);
    }
    return t;
  }

  static Tensor arange(DType dtype, double start, double end, double step) {
    Objects.requireNonNull(dtype, "dtype");
    if (step == 0 || !Double.isFinite(start) || !Double.isFinite(end) || !Double.isFinite(step))
      throw new IllegalArgumentException("arange: need finite start, end and a nonzero step, got "
          + start + ", " + end + ", " + step);
    double count = Math.max(0, Math.ceil((end - start) / step)); // +∞ when end − start overflows
    if (count > Shape.MAX_SIZE)
      throw new IllegalArgumentException("arange: from " + start + " to " + end + " by " + step + " would have "
          + (count == Double.POSITIVE_INFINITY ? "infinitely many" : String.format(Locale.ROOT, "%.0f", count))
          + " elements, more than the maximum of " + Shape.MAX_SIZE);
    int n = (int) count;
    double[] v = new double[n];
    for (int i = 0; i < n; i++) v[i] = start + i * step;
    return Tensor.dense(v, Shape.of(n)).toType(dtype);
  }

  static Tensor eye(DType dtype, int n) {
    Objects.requireNonNull(dtype, "dtype");
    if (n < 0) throw new IllegalArgumentException("eye: negative size " + n);
    Shape s = Shape.of("eye", n, n);
    double[] v = new double[s.size()];
    for (int i = 0; i < n; i++) v[i * n + i] = 1;
    return Tensor.dense(v, s).toType(dtype);
  }

  /** Uniform values in [0, 1) when not {@code normal}, else standard normal ones by Box–Muller. */
  static Tensor random(String op, boolean normal, DType dtype, RandomGenerator rng, int[] dims) {
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(rng, "rng");
    if (dtype == DType.INT32) throw new IllegalArgumentException(op + ": not defined for INT32 tensors");
    Shape s = Shape.of(op, dims);
    double[] v = new double[s.size()];
    for (int i = 0; i < v.length; i++) {
      if (!normal) {
        v[i] = rng.nextDouble();
        continue;
      }
      double u1 = rng.nextDouble(), u2 = rng.nextDouble();
      v[i] = Math.sqrt(-2.0 * Math.log1p(-u1)) * Math.cos(2.0 * Math.PI * u2);
    }
    return Tensor.dense(v, s).toType(dtype);
  }
}
