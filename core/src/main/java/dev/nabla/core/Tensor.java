package dev.nabla.core;

import dev.nabla.core.kernel.Binary;
import dev.nabla.core.kernel.BinaryOp;
import dev.nabla.core.kernel.MatMul;
import dev.nabla.core.kernel.Reduce;
import dev.nabla.core.kernel.Strided;
import dev.nabla.core.kernel.Unary;
import dev.nabla.core.kernel.UnaryOp;
import dev.nabla.core.kernel.Update;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * An immutable n-dimensional array of {@link DType#FLOAT32} or {@link DType#FLOAT64} values.
 *
 * <p>A tensor is a view: a shape, strides and an offset into a flat storage array. Views
 * ({@link #reshape}, {@link #transpose}, {@link #permute}, {@link #slice}, {@link #expand},
 * {@link #squeeze}, {@link #unsqueeze}) share storage without copying; every other op returns a
 * new dense tensor. Binary ops broadcast like NumPy (align shapes from the right; sizes must be
 * equal or 1). Mixing dtypes in one op is refused. Ops are eager.
 *
 * <pre>{@code
 * Tensor t = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
 * t.add(Tensor.of(new double[] {10, 20, 30}, 3));   // [[11. 22. 33.]  [14. 25. 36.]]
 * t.sum(1);                                          // [ 6. 15.]
 * t.matmul(t.transpose());                           // [[14. 32.]  [32. 77.]]
 * }</pre>
 *
 * <p>The only mutation is through the methods named {@code ...InPlace}, which optimizers use on
 * parameters; each bumps {@link #version()}.
 */
public final class Tensor implements Ops<Tensor> {
  private final DType dtype;
  private final Shape shape;
  private final int[] strides;
  private final int offset;
  private final Storage storage;

  static {
    dev.nabla.core.internal.TensorAccess.install(new dev.nabla.core.internal.TensorAccess() {
      @Override
      public Object writableArray(String op, Tensor t) {
        t.requireWritable(op, null);
        return t.dtype == DType.FLOAT32 ? t.storage.f : t.storage.d;
      }

      @Override
      public Object denseArray(Tensor t) {
        return t.dtype == DType.FLOAT32 ? t.f() : t.d();
      }

      @Override
      public void bumpVersion(Tensor t) {
        t.storage.version++;
      }

      @Override
      public Tensor wrap(Object array, Shape shape) {
        return array instanceof float[] f ? dense(f, shape) : dense((double[]) array, shape);
      }
    });
  }

  private Tensor(DType dtype, Shape shape, int[] strides, int offset, Storage storage) {
    this.dtype = dtype;
    this.shape = shape;
    this.strides = strides;
    this.offset = offset;
    this.storage = storage;
  }

  private static Tensor dense(double[] data, Shape shape) {
    return new Tensor(DType.FLOAT64, shape, shape.sharedStrides(), 0, new Storage(data));
  }

  private static Tensor dense(float[] data, Shape shape) {
    return new Tensor(DType.FLOAT32, shape, shape.sharedStrides(), 0, new Storage(data));
  }

  private static Tensor empty(DType dtype, Shape shape) {
    return dtype == DType.FLOAT32 ? dense(new float[shape.size()], shape) : dense(new double[shape.size()], shape);
  }

  // ---------------------------------------------------------------- creation

  /**
   * A FLOAT64 tensor holding a copy of {@code data} in row-major order; with no dims, 1-D.
   *
   * <pre>{@code Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3)   // [[1. 2. 3.]  [4. 5. 6.]]}</pre>
   */
  public static Tensor of(double[] data, int... dims) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(dims, "dims");
    Shape s = dims.length == 0 ? Shape.of(data.length) : shapeFor("of", dims);
    checkFill(data.length, s);
    return dense(data.clone(), s);
  }

  /** A FLOAT32 tensor holding a copy of {@code data} in row-major order; with no dims, 1-D. */
  public static Tensor of(float[] data, int... dims) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(dims, "dims");
    Shape s = dims.length == 0 ? Shape.of(data.length) : shapeFor("of", dims);
    checkFill(data.length, s);
    return dense(data.clone(), s);
  }

  /**
   * A FLOAT64 matrix [rows, columns] holding a copy of {@code rows}; no rows give shape [0, 0].
   *
   * <pre>{@code Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}})   // [[1. 2. 3.]  [4. 5. 6.]], shape [2, 3]}</pre>
   *
   * @throws NullPointerException naming the row if a row is null
   * @throws IllegalArgumentException naming the row if the rows are not all of one length
   */
  public static Tensor of(double[][] rows) {
    int cols = matrixColumns(java.util.Objects.requireNonNull(rows, "rows").length, i -> rows[i] == null ? -1 : rows[i].length);
    double[] d = new double[rows.length * cols];
    for (int i = 0; i < rows.length; i++) System.arraycopy(rows[i], 0, d, i * cols, cols);
    return dense(d, Shape.of(rows.length, cols));
  }

  /** A FLOAT32 matrix [rows, columns] holding a copy of {@code rows}; see {@link #of(double[][])}. */
  public static Tensor of(float[][] rows) {
    int cols = matrixColumns(java.util.Objects.requireNonNull(rows, "rows").length, i -> rows[i] == null ? -1 : rows[i].length);
    float[] d = new float[rows.length * cols];
    for (int i = 0; i < rows.length; i++) System.arraycopy(rows[i], 0, d, i * cols, cols);
    return dense(d, Shape.of(rows.length, cols));
  }

  /** The common length of {@code n} rows (-1: a null row), refusing ragged rows and too many values. */
  private static int matrixColumns(int n, java.util.function.IntUnaryOperator length) {
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
    return cols;
  }

  /** The shape {@code dims}, refusing negative sizes and sizes above Shape.MAX_SIZE in the words of {@code op}. */
  private static Shape shapeFor(String op, int[] dims) {
    return Shape.of(op, dims);
  }

  private static void checkFill(int n, Shape s) {
    if (n != s.size())
      throw new ShapeMismatchException("of: " + n + " values do not fill shape " + s + " (" + s.size() + " elements)");
  }

  /** A rank-0 FLOAT64 tensor. */
  /** A rank-0 tensor of this dtype holding {@code value}. */
  @Override
  public Tensor scalarLike(double value) {
    return scalar(dtype, value);
  }

  public static Tensor scalar(double value) {
    return dense(new double[] {value}, Shape.scalar());
  }

  /** A rank-0 tensor of the given dtype. */
  public static Tensor scalar(DType dtype, double value) {
    Objects.requireNonNull(dtype, "dtype");
    return full(dtype, value);
  }

  /** All zeros. {@code Tensor.zeros(DType.FLOAT64, 3, 4)}. */
  public static Tensor zeros(DType dtype, int... dims) {
    Objects.requireNonNull(dtype, "dtype");
    return empty(dtype, shapeFor("zeros", dims));
  }

  /** All zeros, in the given shape. */
  public static Tensor zeros(DType dtype, Shape shape) {
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(shape, "shape");
    return empty(dtype, shape);
  }

  /** All ones. */
  public static Tensor ones(DType dtype, int... dims) {
    Objects.requireNonNull(dtype, "dtype");
    return full(dtype, 1.0, shapeFor("ones", dims));
  }

  /** Every element equal to {@code value}. {@code Tensor.full(DType.FLOAT32, 0.5, 2, 2)}. */
  public static Tensor full(DType dtype, double value, int... dims) {
    Objects.requireNonNull(dtype, "dtype");
    return full(dtype, value, shapeFor("full", dims));
  }

  /** Every element equal to {@code value}, in the given shape. */
  public static Tensor full(DType dtype, double value, Shape shape) {
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(shape, "shape");
    Tensor t = empty(dtype, shape);
    if (dtype == DType.FLOAT32) {
      if (t.storage.f.length == 1) t.storage.f[0] = (float) value; // scalars: the common case
      else Arrays.fill(t.storage.f, (float) value);
    } else {
      if (t.storage.d.length == 1) t.storage.d[0] = value;
      else Arrays.fill(t.storage.d, value);
    }
    return t;
  }

  /** {@code [0, 1, ..., n-1]}. */
  public static Tensor arange(DType dtype, int n) {
    Objects.requireNonNull(dtype, "dtype");
    return arange(dtype, 0, n, 1);
  }

  /**
   * {@code [start, start+step, ...]} up to but excluding {@code end}; element i is
   * {@code start + i·step}.
   *
   * @throws IllegalArgumentException if the bounds are not finite, the step is 0, or there would be
   *     more than {@link Shape#MAX_SIZE} elements
   */
  public static Tensor arange(DType dtype, double start, double end, double step) {
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
    return dense(v, Shape.of(n)).toType(dtype);
  }

  /** The n×n identity matrix. */
  public static Tensor eye(DType dtype, int n) {
    Objects.requireNonNull(dtype, "dtype");
    if (n < 0) throw new IllegalArgumentException("eye: negative size " + n);
    Shape s = Shape.of("eye", n, n);
    double[] v = new double[s.size()];
    for (int i = 0; i < n; i++) v[i * n + i] = 1;
    return dense(v, s).toType(dtype);
  }

  /** Uniform values in [0, 1) from {@code rng.nextDouble()}, in row-major order. */
  public static Tensor rand(DType dtype, RandomGenerator rng, int... dims) {
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(rng, "rng");
    Shape s = shapeFor("rand", dims);
    double[] v = new double[s.size()];
    for (int i = 0; i < v.length; i++) v[i] = rng.nextDouble();
    return dense(v, s).toType(dtype);
  }

  /**
   * Standard normal values by Box–Muller on consecutive pairs {@code (u1, u2)} of
   * {@code rng.nextDouble()}: {@code sqrt(-2·ln(1-u1))·cos(2π·u2)}, one value per pair, computed
   * in double. With a {@code SplittableRandom}, NumPy can reproduce it bit for bit.
   *
   * <pre>{@code Tensor.randn(DType.FLOAT32, new SplittableRandom(42), 64, 784)}</pre>
   */
  public static Tensor randn(DType dtype, RandomGenerator rng, int... dims) {
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(rng, "rng");
    Shape s = shapeFor("randn", dims);
    double[] v = new double[s.size()];
    for (int i = 0; i < v.length; i++) {
      double u1 = rng.nextDouble(), u2 = rng.nextDouble();
      v[i] = Math.sqrt(-2.0 * Math.log1p(-u1)) * Math.cos(2.0 * Math.PI * u2);
    }
    return dense(v, s).toType(dtype);
  }

  // ---------------------------------------------------------------- accessors

  public Shape shape() {
    return shape;
  }

  public DType dtype() {
    return dtype;
  }

  /** The number of elements. */
  public int size() {
    return shape.size();
  }

  /** The number of dimensions. */
  public int rank() {
    return shape.rank();
  }

  /** Element steps per dimension into the storage (0 for a broadcast dimension). */
  public int[] strides() {
    return strides.clone();
  }

  /** The storage version: bumped by every in-place write to this tensor's storage. */
  public int version() {
    return storage.version;
  }

  /** True when this and {@code other} are views of the same storage. */
  public boolean sharesStorageWith(Tensor other) {
    Objects.requireNonNull(other, "other");
    return storage == other.storage;
  }

  /** True when the elements lie in row-major order without gaps (views may still have an offset). */
  public boolean isContiguous() {
    if (size() == 0) return true;
    int expected = 1;
    for (int i = shape.rank() - 1; i >= 0; i--) {
      int d = shape.dim(i);
      if (d != 1 && strides[i] != expected) return false;
      expected *= d;
    }
    return true;
  }

  /** True when every element is the same storage element: one value, possibly broadcast (stride 0). */
  private boolean isOneValue() {
    if (size() == 0) return false;
    for (int i = 0; i < rank(); i++) if (strides[i] != 0 && shape.dim(i) != 1) return false;
    return true;
  }

  private boolean isDense() {
    return offset == 0 && isContiguous();
  }

  /** The elements as a new row-major {@code double[]} (FLOAT32 values are widened). */
  public double[] toDoubleArray() {
    Tensor t = denseOf(DType.FLOAT64);
    return t == this || t.storage.d.length != size() ? Arrays.copyOf(t.storage.d, size()) : t.storage.d;
  }

  /** The elements as a new row-major {@code float[]} (FLOAT64 values are rounded). */
  public float[] toFloatArray() {
    Tensor t = denseOf(DType.FLOAT32);
    return t == this || t.storage.f.length != size() ? Arrays.copyOf(t.storage.f, size()) : t.storage.f;
  }

  /** A dense tensor with these values in {@code type}: this one when it already is. */
  private Tensor denseOf(DType type) {
    Tensor t = isDense() ? this : contiguousCopy();
    if (type == dtype) return t;
    int n = size();
    if (type == DType.FLOAT64) {
      double[] d = new double[n];
      for (int i = 0; i < n; i++) d[i] = t.storage.f[i];
      return dense(d, shape);
    }
    float[] f = new float[n];
    for (int i = 0; i < n; i++) f[i] = (float) t.storage.d[i];
    return dense(f, shape);
  }

  /** The single element of a one-element tensor. */
  public double item() {
    if (size() != 1)
      throw new IllegalStateException("item: tensor of shape " + shape + " has " + size() + " elements, not 1");
    return dtype == DType.FLOAT32 ? storage.f[offset] : storage.d[offset];
  }

  /** The element at {@code index} (one index per dimension). */
  public double get(int... index) {
    Objects.requireNonNull(index, "index");
    if (index.length != rank())
      throw new IllegalArgumentException("get: " + index.length + " indices for shape " + shape);
    int p = offset;
    for (int i = 0; i < index.length; i++) {
      int d = shape.dim(i);
      if (index[i] < 0 || index[i] >= d)
        throw new IndexOutOfBoundsException("get: index " + Arrays.toString(index) + " out of range for shape " + shape);
      p += index[i] * strides[i];
    }
    return dtype == DType.FLOAT32 ? storage.f[p] : storage.d[p];
  }

  /** The same values as {@code type}; this tensor when it already has that dtype. */
  public Tensor toType(DType type) {
    Objects.requireNonNull(type, "type");
    return type == dtype ? this : denseOf(type);
  }

  // ---------------------------------------------------------------- views

  /** This tensor when contiguous, else a contiguous copy. */
  public Tensor contiguous() {
    return isContiguous() ? this : contiguousCopy();
  }

  private Tensor contiguousCopy() {
    int[] dims = shape.dims();
    if (dtype == DType.FLOAT32) {
      float[] out = new float[size()];
      Strided.copy(storage.f, offset, dims, strides, out);
      return dense(out, shape);
    }
    double[] out = new double[size()];
    Strided.copy(storage.d, offset, dims, strides, out);
    return dense(out, shape);
  }

  /** Dense (offset 0, row-major) values for a kernel to read: no copy when already dense. */
  private double[] d() {
    return (isDense() ? this : contiguousCopy()).storage.d;
  }

  private float[] f() {
    return (isDense() ? this : contiguousCopy()).storage.f;
  }

  /**
   * The same elements in a new shape; one dimension may be -1 (inferred). A view when this tensor
   * is contiguous, a copy otherwise.
   *
   * <pre>{@code Tensor.arange(DType.FLOAT64, 6).reshape(2, -1)   // [[0. 1. 2.]  [3. 4. 5.]]}</pre>
   */
  public Tensor reshape(int... dims) {
    Objects.requireNonNull(dims, "dims");
    int[] d = dims.clone();
    int infer = -1;
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
      if (known == 0 || size() % known != 0)
        throw new ShapeMismatchException("reshape: cannot reshape " + shape + " (" + size() + " elements) to "
            + Arrays.toString(dims));
      d[infer] = (int) (size() / known);
      known *= d[infer];
    }
    if (known != size())
      throw new ShapeMismatchException("reshape: cannot reshape " + shape + " (" + size() + " elements) to "
          + Arrays.toString(dims) + " (" + (known > Integer.MAX_VALUE ? "more than " + Integer.MAX_VALUE : known)
          + " elements)");
    Shape s = Shape.of("reshape", d);
    Tensor c = contiguous();
    return new Tensor(dtype, s, s.sharedStrides(), c.offset, c.storage);
  }

  /** Reshape to the given shape. */
  public Tensor reshape(Shape target) {
    return reshape(Objects.requireNonNull(target, "target").dims());
  }

  /** A 1-D view (or copy) of all elements. */
  public Tensor flatten() {
    return reshape(-1);
  }

  /** Swaps the last two dimensions (a view); rank 0 and 1 are returned unchanged. */
  public Tensor transpose() {
    return rank() < 2 ? this : transpose(rank() - 2, rank() - 1);
  }

  /** Swaps two dimensions (a view); a rank-0 tensor takes axes 0 and -1 and is returned as it is, as in PyTorch. */
  public Tensor transpose(int axis0, int axis1) {
    if (rank() == 0) {
      requireScalarAxis("transpose", axis0);
      requireScalarAxis("transpose", axis1);
      return this;
    }
    int a = shape.normalizeAxis("transpose", axis0), b = shape.normalizeAxis("transpose", axis1);
    int[] p = new int[rank()];
    for (int i = 0; i < p.length; i++) p[i] = i;
    p[a] = b;
    p[b] = a;
    return permute(p);
  }

  /**
   * Reorders dimensions: dimension i of the result is dimension {@code axes[i]} of this (a view).
   * {@code x.permute(2, 0, 1)} turns [a, b, c] into [c, a, b].
   */
  public Tensor permute(int... axes) {
    Objects.requireNonNull(axes, "axes");
    if (axes.length != rank())
      throw new IllegalArgumentException("permute: " + Arrays.toString(axes) + " is not a permutation of the "
          + rank() + " axes of " + shape);
    boolean[] seen = new boolean[rank()];
    int[] dims = new int[rank()], st = new int[rank()];
    for (int i = 0; i < axes.length; i++) {
      int a = axes[i] < 0 ? axes[i] + rank() : axes[i];
      if (a < 0 || a >= rank() || seen[a])
        throw new IllegalArgumentException("permute: " + Arrays.toString(axes) + " is not a permutation of the "
            + rank() + " axes of " + shape);
      seen[a] = true;
      dims[i] = shape.dim(a);
      st[i] = strides[a];
    }
    return new Tensor(dtype, Shape.of(dims), st, offset, storage);
  }

  /**
   * Elements {@code start, start+step, ...} below {@code end} along {@code axis} (a view).
   * Negative {@code start}/{@code end} count from the end; both are clamped to the dimension.
   */
  public Tensor slice(int axis, int start, int end, int step) {
    int a = shape.normalizeAxis("slice", axis), n = shape.dim(a);
    if (step <= 0) throw new IllegalArgumentException("slice: step must be positive, got " + step);
    int s = Math.max(0, Math.min(n, start < 0 ? start + n : start));
    int e = Math.max(s, Math.min(n, end < 0 ? end + n : end));
    int len = e == s ? 0 : (e - s - 1) / step + 1;
    int[] dims = shape.dims(), st = strides.clone();
    dims[a] = len;
    st[a] = len > 1 ? strides[a] * step : strides[a]; // (len − 1)·step < n: no overflow when it matters
    return new Tensor(dtype, Shape.of(dims), st, len == 0 ? offset : offset + s * strides[a], storage);
  }

  /** Elements {@code [start, end)} along {@code axis} (a view). */
  public Tensor slice(int axis, int start, int end) {
    return slice(axis, start, end, 1);
  }

  /** {@code length} elements from {@code start} along {@code axis} (a view); must lie inside. */
  public Tensor narrow(int axis, int start, int length) {
    int a = shape.normalizeAxis("narrow", axis);
    if (start < 0 || length < 0 || length > shape.dim(a) - start)
      throw new IndexOutOfBoundsException("narrow: [" + start + ", " + ((long) start + length) + ") out of range for axis "
          + a + " of shape " + shape);
    return slice(a, start, start + length, 1);
  }

  /**
   * Broadcasts to {@code dims} (NumPy rules; -1 keeps a dimension) as a view with stride 0 in the
   * broadcast dimensions: no data is copied.
   */
  public Tensor expand(int... dims) {
    Objects.requireNonNull(dims, "dims");
    int r = dims.length, off = r - rank();
    if (off < 0)
      throw new ShapeMismatchException("expand: cannot expand " + shape + " to fewer dimensions "
          + Arrays.toString(dims));
    int[] d = dims.clone(), st = new int[r];
    for (int i = 0; i < r; i++) {
      int src = i - off;
      int have = src >= 0 ? shape.dim(src) : 1;
      if (d[i] == -1) {
        if (src < 0) throw new ShapeMismatchException("expand: -1 is not allowed for new dimension " + i + " in "
            + Arrays.toString(dims));
        d[i] = have;
      }
      if (d[i] < 0) throw new IllegalArgumentException("expand: negative dimension in " + Arrays.toString(dims));
      if (have == d[i]) st[i] = src >= 0 ? strides[src] : 0;
      else if (have == 1) st[i] = 0;
      else throw new ShapeMismatchException("expand: cannot expand " + shape + " to " + Arrays.toString(dims)
          + ": dimension " + i + " is " + have + ", not 1 or " + d[i]);
    }
    if (Shape.count("expand", d) < 0) throw Shape.tooLarge("expand", "expanding " + shape + " to ", d);
    return new Tensor(dtype, Shape.of(d), st, offset, storage);
  }

  /** Broadcasts to {@code target} (a view). */
  public Tensor expand(Shape target) {
    Objects.requireNonNull(target, "target");
    return target.equals(shape) ? this : expand(target.dims());
  }

  /** Removes all dimensions of size 1 (a view). */
  public Tensor squeeze() {
    int k = 0;
    for (int i = 0; i < rank(); i++) if (shape.dim(i) != 1) k++;
    int[] d = new int[k], st = new int[k];
    for (int i = 0, j = 0; i < rank(); i++) {
      if (shape.dim(i) != 1) {
        d[j] = shape.dim(i);
        st[j++] = strides[i];
      }
    }
    return new Tensor(dtype, Shape.of(d), st, offset, storage);
  }

  /**
   * Removes dimension {@code axis}, which must have size 1 (a view); a rank-0 tensor takes axis 0
   * or -1 and is returned as it is, as in PyTorch.
   */
  public Tensor squeeze(int axis) {
    if (rank() == 0) {
      requireScalarAxis("squeeze", axis);
      return this;
    }
    int a = shape.normalizeAxis("squeeze", axis);
    if (shape.dim(a) != 1)
      throw new ShapeMismatchException("squeeze: axis " + axis + " of shape " + shape + " has size "
          + shape.dim(a) + ", not 1");
    int[] d = new int[rank() - 1], st = new int[rank() - 1];
    for (int i = 0, j = 0; i < rank(); i++) {
      if (i == a) continue;
      d[j] = shape.dim(i);
      st[j++] = strides[i];
    }
    return new Tensor(dtype, Shape.of(d), st, offset, storage);
  }

  /** Inserts a dimension of size 1 at {@code axis} (in {@code [-rank-1, rank]}; a view). */
  public Tensor unsqueeze(int axis) {
    int r = rank();
    if (axis < -r - 1 || axis > r)
      throw new IllegalArgumentException("unsqueeze: axis " + axis + " out of range for shape " + shape);
    int a = axis < 0 ? axis + r + 1 : axis;
    int[] d = new int[r + 1], st = new int[r + 1];
    for (int i = 0, j = 0; i <= r; i++) {
      if (i == a) {
        d[i] = 1;
        st[i] = a < r ? (int) Math.min((long) strides[a] * shape.dim(a), Integer.MAX_VALUE) : 1;
      } else {
        d[i] = shape.dim(j);
        st[i] = strides[j++];
      }
    }
    return new Tensor(dtype, Shape.of(d), st, offset, storage);
  }

  /**
   * Joins tensors along an existing {@code axis} (a copy). All must have the same dtype and the
   * same shape except along {@code axis}.
   */
  public static Tensor concat(List<Tensor> parts, int axis) {
    requireElements(parts);
    if (parts.isEmpty()) throw new IllegalArgumentException("concat: no tensors given");
    Tensor first = parts.get(0);
    if (first.rank() == 0) // as PyTorch, for every axis: "zero-dimensional tensor cannot be concatenated"
      throw new IllegalArgumentException("concat: cannot concatenate tensors of shape [] (a scalar has no axis to join"
          + " along); use stack");
    int a = first.shape.normalizeAxis("concat", axis);
    long sum = 0;
    for (Tensor t : parts) {
      requireSameDType("concat", first, t);
      boolean ok = t.rank() == first.rank();
      for (int i = 0; ok && i < t.rank(); i++) ok = i == a || t.shape.dim(i) == first.shape.dim(i);
      if (!ok) throw new ShapeMismatchException("concat: shapes " + shapesOf(parts) + " differ outside axis " + a);
      sum += t.shape.dim(a);
    }
    int[] dims = first.shape.dims();
    dims[a] = 1;
    long rest = Shape.count("concat", dims); // the other dims' product
    if (rest < 0 || sum > (rest == 0 ? Integer.MAX_VALUE : Shape.MAX_SIZE) || rest * sum > Shape.MAX_SIZE) {
      long[] wide = Arrays.stream(dims).asLongStream().toArray();
      wide[a] = sum;
      String what = "joining " + shapesOf(parts) + " along axis " + a + " gives ";
      throw rest == 0 ? new IllegalArgumentException("concat: " + what + Arrays.toString(wide) + ", whose axis " + a
          + " does not fit an int") : Shape.tooLarge("concat", what, wide);
    }
    int total = (int) sum;
    dims[a] = total;
    Tensor out = empty(first.dtype, Shape.of(dims));
    int outer = 1, inner = 1;
    for (int i = 0; i < a; i++) outer *= dims[i];
    for (int i = a + 1; i < dims.length; i++) inner *= dims[i];
    int pos = 0;
    for (Tensor t : parts) {
      int chunk = t.shape.dim(a) * inner;
      Object src = t.dtype == DType.FLOAT32 ? t.f() : t.d();
      Object dst = out.dtype == DType.FLOAT32 ? out.storage.f : out.storage.d;
      for (int o = 0; o < outer; o++) System.arraycopy(src, o * chunk, dst, o * total * inner + pos, chunk);
      pos += chunk;
    }
    return out;
  }

  /** Stacks same-shape tensors along a new {@code axis} (a copy). */
  public static Tensor stack(List<Tensor> parts, int axis) {
    requireElements(parts);
    if (parts.isEmpty()) throw new IllegalArgumentException("stack: no tensors given");
    Shape s = parts.get(0).shape;
    for (Tensor t : parts)
      if (!t.shape.equals(s)) throw new ShapeMismatchException("stack: shapes " + shapesOf(parts) + " are not all equal");
    int r = s.rank();
    if (axis < -r - 1 || axis > r)
      throw new IllegalArgumentException("stack: axis " + axis + " out of range for shape " + s);
    int a = axis < 0 ? axis + r + 1 : axis;
    int[] dims = new int[r + 1];
    for (int i = 0, j = 0; i <= r; i++) dims[i] = i == a ? parts.size() : s.dim(j++);
    if (Shape.count("stack", dims) < 0)
      throw Shape.tooLarge("stack", "joining " + shapesOf(parts) + " along axis " + a + " gives ", dims);
    return concat(parts.stream().map(t -> t.unsqueeze(a)).toList(), a);
  }

  /** {@code parts} and each of its elements non-null; a null element is named by its position. */
  private static void requireElements(List<Tensor> parts) {
    Objects.requireNonNull(parts, "parts");
    for (int i = 0; i < parts.size(); i++)
      if (parts.get(i) == null) throw new NullPointerException("parts[" + i + "]");
  }

  private static String shapesOf(List<Tensor> ts) {
    StringBuilder sb = new StringBuilder();
    for (Tensor t : ts) sb.append(sb.length() == 0 ? "" : ", ").append(t.shape);
    return sb.toString();
  }

  // ---------------------------------------------------------------- elementwise

  @Override
  public Tensor map(UnaryOp op) {
    return unary(Objects.requireNonNull(op, "op"));
  }

  @Override
  public Tensor map(BinaryOp op, Tensor b) {
    return binary(Objects.requireNonNull(op, "op").opName(), op, b);
  }

  private Tensor unary(UnaryOp op) {
    Tensor out = empty(dtype, shape);
    if (dtype == DType.FLOAT32) Unary.apply(op, f(), out.storage.f, size());
    else Unary.apply(op, d(), out.storage.d, size());
    return out;
  }


  private static void requireSameDType(String op, Tensor a, Tensor b) {
    if (a.dtype != b.dtype)
      throw new IllegalArgumentException(op + ": dtype mismatch: " + a.dtype + " " + a.shape + " vs " + b.dtype
          + " " + b.shape + "; convert one with toType");
  }

  private Tensor binary(String name, BinaryOp op, Tensor b) {
    Objects.requireNonNull(b, "b");
    requireSameDType(name, this, b);
    Shape s = Shape.broadcast(name, shape, b.shape);
    Tensor out = empty(dtype, s);
    int n = s.size(), k;
    boolean f32 = dtype == DType.FLOAT32;
    if (n == 0) return out;
    if (shape.equals(b.shape) && !isOneValue() && !b.isOneValue()) {
      if (f32) Binary.apply(op, f(), b.f(), out.storage.f, n);
      else Binary.apply(op, d(), b.d(), out.storage.d, n);
    } else if (b.isOneValue() && shape.equals(s)) {
      if (f32) Binary.applyScalarRight(op, f(), b.storage.f[b.offset], out.storage.f, n);
      else Binary.applyScalarRight(op, d(), b.storage.d[b.offset], out.storage.d, n);
    } else if (isOneValue() && b.shape.equals(s)) {
      if (f32) Binary.applyScalarLeft(op, storage.f[offset], b.f(), out.storage.f, n);
      else Binary.applyScalarLeft(op, storage.d[offset], b.d(), out.storage.d, n);
    } else if (shape.equals(s) && (k = repeatPeriod(b.shape, s)) > 0) {
      if (f32) Binary.applyRepeat(op, f(), b.f(), out.storage.f, n / k, k, false);
      else Binary.applyRepeat(op, d(), b.d(), out.storage.d, n / k, k, false);
    } else if (b.shape.equals(s) && (k = repeatPeriod(shape, s)) > 0) {
      if (f32) Binary.applyRepeat(op, b.f(), f(), out.storage.f, n / k, k, true);
      else Binary.applyRepeat(op, b.d(), d(), out.storage.d, n / k, k, true);
    } else if (shape.equals(s) && (k = runLength(b.shape, s)) > 0) {
      if (f32) Binary.applyRuns(op, f(), b.f(), out.storage.f, n / k, k, false);
      else Binary.applyRuns(op, d(), b.d(), out.storage.d, n / k, k, false);
    } else if (b.shape.equals(s) && (k = runLength(shape, s)) > 0) {
      if (f32) Binary.applyRuns(op, b.f(), f(), out.storage.f, n / k, k, true);
      else Binary.applyRuns(op, b.d(), d(), out.storage.d, n / k, k, true);
    } else {
      Tensor x = expand(s), y = b.expand(s);
      if (f32) Binary.apply(op, x.f(), y.f(), out.storage.f, n);
      else Binary.apply(op, x.d(), y.d(), out.storage.d, n);
    }
    return out;
  }

  /**
   * The period p when {@code t}, leading 1s aside, equals the trailing dimensions of {@code s}
   * (so t repeats every p elements of s); -1 otherwise.
   */
  private static int repeatPeriod(Shape t, Shape s) {
    int k = 0;
    while (k < t.rank() && t.dim(k) == 1) k++;
    int len = t.rank() - k, p = 1;
    if (len > s.rank()) return -1;
    for (int i = 0; i < len; i++) {
      if (t.dim(k + i) != s.dim(s.rank() - len + i)) return -1;
      p *= t.dim(k + i);
    }
    return p;
  }

  /**
   * The run length q when {@code t} (right-aligned) equals the leading dimensions of {@code s}
   * followed by 1s (so each element of t covers q consecutive elements of s); -1 otherwise.
   */
  private static int runLength(Shape t, Shape s) {
    int off = s.rank() - t.rank(), cut = 0;
    for (int i = 0; i < s.rank(); i++) if ((i < off ? 1 : t.dim(i - off)) != 1) cut = i + 1;
    int q = 1;
    for (int i = 0; i < s.rank(); i++) {
      int ti = i < off ? 1 : t.dim(i - off);
      if (i < cut && ti != s.dim(i)) return -1;
      if (i >= cut) q *= s.dim(i);
    }
    return q;
  }

  private Tensor binary(BinaryOp op, double s) {
    Tensor out = empty(dtype, shape);
    if (dtype == DType.FLOAT32) Binary.applyScalarRight(op, f(), (float) s, out.storage.f, size());
    else Binary.applyScalarRight(op, d(), s, out.storage.d, size());
    return out;
  }


  /** The tanh backward: this·(1 − y²) for a gradient g (this) and y = tanh(x), broadcasting. */
  public Tensor tanhBackward(Tensor y) {
    return binary("tanhBackward", BinaryOp.TANH_GRAD, Objects.requireNonNull(y, "y"));
  }
  /** The sigmoid backward: this·y·(1 − y) for a gradient g (this) and y = σ(x), broadcasting. */
  public Tensor sigmoidBackward(Tensor y) {
    return binary("sigmoidBackward", BinaryOp.SIGMOID_GRAD, Objects.requireNonNull(y, "y"));
  }
  /**
   * The relu backward in one pass: x &lt;= 0 ? 0 : this, for a gradient g (this) and the relu's input x,
   * broadcasting. {@code g.reluBackward(x)} equals {@code g.mul(x.gt(0))} (but passes g on where x is
   * NaN) without the mask tensor. Example: {@code [1, 2, 3].reluBackward([-1, 0, 5])} is {@code [0, 0, 3]}.
   */
  public Tensor reluBackward(Tensor x) {
    return binary("reluBackward", BinaryOp.RELU_GRAD, Objects.requireNonNull(x, "x"));
  }

  /** a + s. */
  public Tensor add(double s) { return binary(BinaryOp.ADD, s); }
  /** a − s. */
  public Tensor sub(double s) { return binary(BinaryOp.SUB, s); }
  /** a · s. */
  public Tensor mul(double s) { return binary(BinaryOp.MUL, s); }
  /** a / s. */
  public Tensor div(double s) { return binary(BinaryOp.DIV, s); }
  /** aˢ. */
  public Tensor pow(double s) { return binary(BinaryOp.POW, s); }
  /** max(a, s). */
  public Tensor maximum(double s) { return binary(BinaryOp.MAXIMUM, s); }
  /** min(a, s). */
  public Tensor minimum(double s) { return binary(BinaryOp.MINIMUM, s); }
  /** 1 where a == s. */
  public Tensor eq(double s) { return binary(BinaryOp.EQ, s); }
  /** 1 where a != s. */
  public Tensor ne(double s) { return binary(BinaryOp.NE, s); }
  /** 1 where a &lt; s. */
  public Tensor lt(double s) { return binary(BinaryOp.LT, s); }
  /** 1 where a &lt;= s. */
  public Tensor le(double s) { return binary(BinaryOp.LE, s); }
  /** 1 where a &gt; s. */
  public Tensor gt(double s) { return binary(BinaryOp.GT, s); }
  /** 1 where a &gt;= s. */
  public Tensor ge(double s) { return binary(BinaryOp.GE, s); }

  /**
   * {@code mask != 0 ? a : b} elementwise; all three broadcast together and share one dtype.
   *
   * <pre>{@code Tensor.where(x.gt(0), x, x.mul(0.1))   // leaky relu}</pre>
   */
  public static Tensor where(Tensor mask, Tensor a, Tensor b) {
    Objects.requireNonNull(mask, "mask");
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    requireSameDType("where", mask, a);
    requireSameDType("where", a, b);
    Shape s;
    try {
      s = Shape.broadcast("where", Shape.broadcast("where", mask.shape, a.shape), b.shape);
    } catch (ShapeMismatchException e) {
      throw new ShapeMismatchException("where: cannot broadcast mask " + mask.shape + ", a " + a.shape + " and b "
          + b.shape + " together");
    }
    Tensor out = empty(a.dtype, s), m = mask.expand(s), x = a.expand(s), y = b.expand(s);
    if (a.dtype == DType.FLOAT32) Binary.select(m.f(), x.f(), y.f(), out.storage.f, s.size());
    else Binary.select(m.d(), x.d(), y.d(), out.storage.d, s.size());
    return out;
  }

  /** min(max(x, lo), hi). */
  public Tensor clamp(double lo, double hi) {
    if (!(lo <= hi)) throw new IllegalArgumentException("clamp: lower bound " + lo + " exceeds upper bound " + hi);
    return maximum(lo).minimum(hi);
  }

  // ---------------------------------------------------------------- reductions

  /**
   * The axes of a reduction, sorted and non-negative. A rank-0 tensor reduces along axis 0 or -1 as
   * along no axis (its one element), as PyTorch treats a scalar like shape [1] there.
   */
  private int[] normalizeAxes(String op, int[] axes) {
    Objects.requireNonNull(axes, "axes");
    if (rank() == 0) {
      for (int i = 0; i < axes.length; i++) {
        requireScalarAxis(op, axes[i]);
        if (i > 0)
          throw new IllegalArgumentException(op + ": axis 0 repeated in " + Arrays.toString(axes) + " for shape []");
      }
      return new int[0];
    }
    boolean[] seen = new boolean[rank()];
    for (int ax : axes) {
      int a = shape.normalizeAxis(op, ax);
      if (seen[a]) throw new IllegalArgumentException(op + ": axis " + ax + " repeated in " + Arrays.toString(axes)
          + " for shape " + shape);
      seen[a] = true;
    }
    int[] out = new int[axes.length];
    for (int i = 0, j = 0; i < rank(); i++) if (seen[i]) out[j++] = i;
    return out;
  }

  /**
   * Checks {@code axis} against a rank-0 tensor: PyTorch gives a scalar one axis there, named 0 or
   * -1 ({@code torch.tensor(2.).sum(0)} is 2); any other is {@code op: axis 1 out of range for shape []}.
   */
  private static void requireScalarAxis(String op, int axis) {
    if (axis != 0 && axis != -1) throw new IllegalArgumentException(op + ": axis " + axis + " out of range for shape []");
  }

  private static int[] allAxes(int rank) {
    int[] a = new int[rank];
    for (int i = 0; i < rank; i++) a[i] = i;
    return a;
  }

  private Tensor reduce(String name, Reduce.Kind kind, int[] axes, boolean keepDims) {
    int[] red = normalizeAxes(name, axes);
    boolean[] isRed = new boolean[rank()];
    for (int a : red) isRed[a] = true;
    int[] perm = new int[rank()];
    int k = 0;
    for (int i = 0; i < rank(); i++) if (!isRed[i]) perm[k++] = i;
    for (int a : red) perm[k++] = a;
    int[] outDims = new int[keepDims ? rank() : rank() - red.length];
    for (int i = 0, j = 0; i < rank(); i++) {
      if (!isRed[i]) outDims[j++] = shape.dim(i);
      else if (keepDims) outDims[j++] = 1;
    }
    Shape outShape = Shape.of(name, outDims);
    int rows = outShape.size();
    if (size() == 0) { // nothing to reduce over, or nothing to reduce into
      if (kind != Reduce.Kind.SUM && kind != Reduce.Kind.LOG_SUM_EXP && rows > 0)
        throw new IllegalArgumentException(name + ": cannot reduce over a zero-size dimension of shape " + shape);
      return kind == Reduce.Kind.LOG_SUM_EXP ? full(dtype, Double.NEGATIVE_INFINITY, outShape) : empty(dtype, outShape);
    }
    int len = size() / rows;
    Tensor src = permute(perm), out = empty(dtype, outShape);
    int first = red.length == 0 ? 0 : red[0], last = red.length == 0 ? -1 : red[red.length - 1];
    boolean block = red.length > 0 && last - first == red.length - 1 && last < rank() - 1 && isDense()
        && (kind == Reduce.Kind.SUM || kind == Reduce.Kind.MAX || kind == Reduce.Kind.MIN);
    if (block) { // reduce a middle block of axes in place: no transposed copy
      int outer = 1, inner = 1;
      for (int i = 0; i < first; i++) outer *= shape.dim(i);
      for (int i = last + 1; i < rank(); i++) inner *= shape.dim(i);
      if (dtype == DType.FLOAT32) Reduce.middleAxis(kind, storage.f, out.storage.f, outer, len, inner);
      else Reduce.middleAxis(kind, storage.d, out.storage.d, outer, len, inner);
      return out;
    }
    if (dtype == DType.FLOAT32) Reduce.rows(kind, src.f(), out.storage.f, rows, len);
    else Reduce.rows(kind, src.d(), out.storage.d, rows, len);
    return out;
  }

  /** Σ of all elements: a rank-0 tensor. */
  public Tensor sum() { return reduce("sum", Reduce.Kind.SUM, allAxes(rank()), false); }
  /** Σ along {@code axis}, which is removed. {@code [[1,2,3],[4,5,6]].sum(1)} is {@code [6, 15]}. */
  public Tensor sum(int axis) { return sum(new int[] {axis}, false); }
  /** Σ along {@code axis}; kept with size 1 when {@code keepDims}. */
  public Tensor sum(int axis, boolean keepDims) { return sum(new int[] {axis}, keepDims); }
  /** Σ along every axis in {@code axes}; kept with size 1 when {@code keepDims}. */
  public Tensor sum(int[] axes, boolean keepDims) { return reduce("sum", Reduce.Kind.SUM, axes, keepDims); }

  /** The mean of all elements (NaN for an empty tensor). */
  public Tensor mean() { return mean(allAxes(rank()), false); }
  /** The mean along {@code axis}. */
  public Tensor mean(int axis) { return mean(new int[] {axis}, false); }
  /** The mean along {@code axis}, kept with size 1 when {@code keepDims}. */
  public Tensor mean(int axis, boolean keepDims) { return mean(new int[] {axis}, keepDims); }
  /** The mean along {@code axes}: Σ / (number of reduced elements). */
  public Tensor mean(int[] axes, boolean keepDims) {
    Tensor s = reduce("mean", Reduce.Kind.SUM, axes, keepDims);
    return s.size() == 0 ? s : s.div((double) size() / s.size());
  }

  /** The largest element (NaN if any is NaN); refuses an empty tensor. */
  public Tensor max() { return reduce("max", Reduce.Kind.MAX, allAxes(rank()), false); }
  /** The largest element along {@code axis}. */
  public Tensor max(int axis) { return max(new int[] {axis}, false); }
  /** The largest element along {@code axis}, kept with size 1 when {@code keepDims}. */
  public Tensor max(int axis, boolean keepDims) { return max(new int[] {axis}, keepDims); }
  /** The largest element along {@code axes}. */
  public Tensor max(int[] axes, boolean keepDims) { return reduce("max", Reduce.Kind.MAX, axes, keepDims); }

  /** The smallest element; refuses an empty tensor. */
  public Tensor min() { return reduce("min", Reduce.Kind.MIN, allAxes(rank()), false); }
  /** The smallest element along {@code axis}. */
  public Tensor min(int axis) { return min(new int[] {axis}, false); }
  /** The smallest element along {@code axis}, kept with size 1 when {@code keepDims}. */
  public Tensor min(int axis, boolean keepDims) { return min(new int[] {axis}, keepDims); }
  /** The smallest element along {@code axes}. */
  public Tensor min(int[] axes, boolean keepDims) { return reduce("min", Reduce.Kind.MIN, axes, keepDims); }

  /** The index of the first largest element along {@code axis}, as values of this dtype. */
  public Tensor argmax(int axis) { return argmax(axis, false); }
  /** The index of the first largest element along {@code axis}, kept with size 1 when asked. */
  public Tensor argmax(int axis, boolean keepDims) {
    return reduce("argmax", Reduce.Kind.ARGMAX, new int[] {axis}, keepDims);
  }
  /** The index of the first smallest element along {@code axis}. */
  public Tensor argmin(int axis) { return argmin(axis, false); }
  /** The index of the first smallest element along {@code axis}, kept with size 1 when asked. */
  public Tensor argmin(int axis, boolean keepDims) {
    return reduce("argmin", Reduce.Kind.ARGMIN, new int[] {axis}, keepDims);
  }

  /** The indices of the first largest element in each row of the last axis, as ints. */
  public int[] argmaxIndices() {
    if (rank() == 0) return new int[] {0};
    Tensor a = argmax(-1);
    double[] v = a.toDoubleArray();
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) out[i] = (int) v[i];
    return out;
  }

  /** log Σ exp over all elements, stable (shifted by the maximum). */
  public Tensor logSumExp() { return logSumExp(allAxes(rank()), false); }
  /** log Σ exp along {@code axis}. */
  public Tensor logSumExp(int axis) { return logSumExp(new int[] {axis}, false); }
  /** log Σ exp along {@code axis}, kept with size 1 when {@code keepDims}. */
  public Tensor logSumExp(int axis, boolean keepDims) { return logSumExp(new int[] {axis}, keepDims); }
  /**
   * log Σ exp along {@code axes} = m + log Σ exp(x − m) with m the maximum, so logits of ±1000 do
   * not overflow; a row of all −∞ gives −∞.
   */
  public Tensor logSumExp(int[] axes, boolean keepDims) {
    return reduce("logSumExp", Reduce.Kind.LOG_SUM_EXP, axes, keepDims);
  }

  /**
   * softmax along {@code axis}: exp(x − m) / Σ exp(x − m); a row of all −∞ gives NaN, like PyTorch.
   * A rank-0 tensor takes axis 0 or -1 and gives 1 (NaN for a non-finite value).
   */
  public Tensor softmax(int axis) { return softmaxLike("softmax", false, axis); }

  /**
   * log-softmax along {@code axis}: x − logSumExp(x), stable for large logits. A rank-0 tensor takes
   * axis 0 or -1 and gives 0 (NaN for a non-finite value).
   */
  public Tensor logSoftmax(int axis) { return softmaxLike("logSoftmax", true, axis); }

  private Tensor softmaxLike(String name, boolean log, int axis) {
    if (rank() == 0) {
      requireScalarAxis(name, axis);
      return softmaxLike(name, log, 0, unsqueeze(0)).reshape();
    }
    return softmaxLike(name, log, axis, this);
  }

  private Tensor softmaxLike(String name, boolean log, int axis, Tensor x) {
    int a = x.shape.normalizeAxis(name, axis), last = x.rank() - 1;
    Tensor src = a == last ? x : x.transpose(a, last);
    Tensor out = empty(dtype, src.shape);
    int len = src.shape.dim(last), rows = len == 0 ? 0 : src.size() / len;
    if (dtype == DType.FLOAT32) Reduce.softmaxRows(log, src.f(), out.storage.f, rows, len);
    else Reduce.softmaxRows(log, src.d(), out.storage.d, rows, len);
    return a == last ? out : out.transpose(a, last).contiguous();
  }

  /**
   * Sums a broadcast result back down to {@code target}, the shape it was broadcast from: sums
   * over leading dimensions and over dimensions where {@code target} has size 1. This is the
   * adjoint of {@link #expand}.
   */
  public Tensor sumTo(Shape target) {
    Objects.requireNonNull(target, "target");
    if (shape.equals(target)) return this;
    if (!target.broadcastsTo(shape))
      throw new ShapeMismatchException("sumTo: " + target + " does not broadcast to " + shape);
    int lead = rank() - target.rank();
    int[] axes = new int[rank()];
    int k = 0;
    for (int i = 0; i < rank(); i++) if (i < lead || target.dim(i - lead) == 1 && shape.dim(i) != 1) axes[k++] = i;
    Tensor s = sum(Arrays.copyOf(axes, k), true);
    return s.reshape(target.dims());
  }

  // ---------------------------------------------------------------- matmul

  /**
   * Matrix product with NumPy semantics: 2-D × 2-D; 1-D operands are promoted (a vector on the
   * left is a row, on the right a column) and the added dimension is removed afterwards; leading
   * (batch) dimensions broadcast. Transposed views are read in place, without a copy.
   *
   * <pre>{@code [2,3]·[3,4] -> [2,4];  [5,2,3]·[3,4] -> [5,2,4];  [3]·[3] -> []}</pre>
   *
   * @throws ShapeMismatchException e.g. {@code matmul: cannot multiply [64, 784] by [100, 10]:
   *     inner dimensions 784 != 100}
   */
  public Tensor matmul(Tensor b) {
    Objects.requireNonNull(b, "b");
    requireSameDType("matmul", this, b);
    if (rank() == 0 || b.rank() == 0)
      throw new ShapeMismatchException("matmul: cannot multiply " + shape + " by " + b.shape
          + ": both operands need at least one dimension");
    Tensor x = rank() == 1 ? unsqueeze(0) : this, y = b.rank() == 1 ? b.unsqueeze(1) : b;
    int m = x.shape.dim(-2), k = x.shape.dim(-1), k2 = y.shape.dim(-2), n = y.shape.dim(-1);
    if (k != k2)
      throw new ShapeMismatchException("matmul: cannot multiply " + shape + " by " + b.shape + ": inner dimensions "
          + k + " != " + k2);
    int[] xb = Arrays.copyOf(x.shape.dims(), x.rank() - 2), yb = Arrays.copyOf(y.shape.dims(), y.rank() - 2);
    int[] bd = Shape.broadcast(xb, yb);
    if (bd == null)
      throw new ShapeMismatchException("matmul: cannot multiply " + shape + " by " + b.shape
          + ": batch dimensions " + Arrays.toString(xb) + " and " + Arrays.toString(yb) + " do not broadcast");
    int[] od = Arrays.copyOf(bd, bd.length + 2);
    od[bd.length] = m;
    od[bd.length + 1] = n;
    if (Shape.count("matmul", od) < 0)
      throw Shape.tooLarge("matmul", "multiplying " + shape + " by " + b.shape + " gives ", od);
    Tensor out = empty(dtype, Shape.of(od));
    int nb = out.size() == 0 ? 0 : out.size() / (m * n);
    x = nb == 0 ? x : matrixOperand(x); // batch dims broadcast through the offsets: never materialized
    y = nb == 0 ? y : matrixOperand(y);
    boolean ta = isTransposed(x), tb = isTransposed(y);
    int lda = leading(x, ta), ldb = leading(y, tb);
    int[] xo = batchOffsets(x, bd, nb), yo = batchOffsets(y, bd, nb);
    for (int i = 0; i < nb; i++) {
      if (dtype == DType.FLOAT32)
        MatMul.gemm(ta, tb, m, n, k, x.storage.f, xo[i], lda, y.storage.f, yo[i], ldb, out.storage.f, i * m * n, n, false);
      else
        MatMul.gemm(ta, tb, m, n, k, x.storage.d, xo[i], lda, y.storage.d, yo[i], ldb, out.storage.d, i * m * n, n, false);
    }
    if (rank() == 1) out = out.squeeze(-2);
    if (b.rank() == 1) out = out.squeeze(-1);
    return out;
  }

  /** Each matrix of a batch must be row-major or column-major with unit stride; else copy. */
  private static Tensor matrixOperand(Tensor t) {
    int r = t.rank();
    int rows = t.shape.dim(r - 2), cols = t.shape.dim(r - 1);
    int rs = t.strides[r - 2], cs = t.strides[r - 1];
    boolean rowMajor = (cs == 1 || cols == 1) && (rs >= cols || rows == 1);
    boolean colMajor = (rs == 1 || rows == 1) && (cs >= rows || cols == 1);
    return rowMajor || colMajor ? t : t.contiguousCopy().reshape(t.shape.dims());
  }

  private static boolean isTransposed(Tensor t) {
    int r = t.rank();
    int rows = t.shape.dim(r - 2), cols = t.shape.dim(r - 1);
    int rs = t.strides[r - 2], cs = t.strides[r - 1];
    boolean rowMajor = (cs == 1 || cols == 1) && (rs >= cols || rows == 1);
    return !rowMajor;
  }

  private static int leading(Tensor t, boolean transposed) {
    int r = t.rank();
    int ld = transposed ? t.strides[r - 1] : t.strides[r - 2];
    int min = transposed ? t.shape.dim(r - 2) : t.shape.dim(r - 1);
    return Math.max(ld, Math.max(min, 1));
  }

  /**
   * The offset of each matrix of {@code t} for the {@code nb} indices (0 or all) of the broadcast
   * {@code batch} dims, in row-major order: t's batch dims align from the right, and a size-1 or missing dim repeats.
   */
  private static int[] batchOffsets(Tensor t, int[] batch, int nb) {
    int[] offs = new int[nb];
    int[] idx = new int[batch.length], step = new int[batch.length];
    for (int j = 0, lead = batch.length - (t.rank() - 2); j < batch.length; j++)
      step[j] = j < lead || t.shape.dim(j - lead) == 1 ? 0 : t.strides[j - lead];
    for (int i = 0; i < nb; i++) {
      int p = t.offset;
      for (int j = 0; j < batch.length; j++) p += idx[j] * step[j];
      offs[i] = p;
      for (int j = batch.length - 1; j >= 0 && ++idx[j] == batch[j]; j--) idx[j] = 0;
    }
    return offs;
  }

  /**
   * The affine map of a linear layer, fused: {@code x·Wᵀ + b} for x of shape [..., in], weight W
   * [out, in] and bias b [out] (or null), giving [..., out]. The bias is written first and the
   * product accumulated onto it, and W is read transposed in place: no intermediate tensors.
   *
   * <pre>{@code Tensor.ones(DType.FLOAT32, 2, 3).linear(Tensor.ones(DType.FLOAT32, 4, 3), null)   // [2, 4] of 3s}</pre>
   */
  public Tensor linear(Tensor weight, Tensor bias) {
    Objects.requireNonNull(weight, "weight");
    requireSameDType("linear", this, weight);
    if (weight.rank() != 2 || rank() == 0 || shape.dim(-1) != weight.shape.dim(1))
      throw new ShapeMismatchException("linear: cannot apply weight " + weight.shape + " to input " + shape
          + ": need input [..., in] and weight [out, in]");
    int out = weight.shape.dim(0), in = weight.shape.dim(1);
    if (bias != null) {
      requireSameDType("linear", this, bias);
      if (!bias.shape.equals(Shape.of(out)))
        throw new ShapeMismatchException("linear: bias " + bias.shape + " does not match weight " + weight.shape
            + " (need [" + out + "])");
    }
    int[] dims = shape.dims();
    dims[dims.length - 1] = out;
    if (Shape.count("linear", dims) < 0)
      throw Shape.tooLarge("linear", "applying weight " + weight.shape + " to input " + shape + " gives ", dims);
    Tensor y = empty(dtype, Shape.of(dims));
    if (y.size() == 0) return y;
    int n = y.size() / out; // the rows of x
    Tensor x = isDense() ? this : contiguousCopy();
    Tensor w = weight.isDense() ? weight : weight.contiguousCopy();
    if (dtype == DType.FLOAT32) {
      float[] b = bias == null ? null : bias.f();
      for (int r = 0; b != null && r < n; r++) System.arraycopy(b, 0, y.storage.f, r * out, out);
      MatMul.gemm(false, true, n, out, in, x.storage.f, 0, Math.max(in, 1), w.storage.f, 0, Math.max(in, 1),
          y.storage.f, 0, Math.max(out, 1), bias != null);
    } else {
      double[] b = bias == null ? null : bias.d();
      for (int r = 0; b != null && r < n; r++) System.arraycopy(b, 0, y.storage.d, r * out, out);
      MatMul.gemm(false, true, n, out, in, x.storage.d, 0, Math.max(in, 1), w.storage.d, 0, Math.max(in, 1),
          y.storage.d, 0, Math.max(out, 1), bias != null);
    }
    return y;
  }

  /**
   * Softmax cross-entropy of each row of logits [B, C] against class indices:
   * {@code loss[i] = log Σⱼ e^{x[i,j]} − x[i, labels[i]]}, stable for logits of any size; shape [B].
   *
   * <pre>{@code Tensor.of(new double[] {0, 0}, 1, 2).crossEntropyRows(new int[] {1})   // [0.69314718]}</pre>
   */
  public Tensor crossEntropyRows(int[] labels) {
    Objects.requireNonNull(labels, "labels");
    return crossEntropy("crossEntropyRows", labels, null, null);
  }

  /**
   * The gradient of {@link #crossEntropyRows} given ∂L/∂loss = {@code g} [B], fused:
   * {@code (softmax(x[i]) − onehot(labels[i]))·g[i]}, shape [B, C].
   */
  public Tensor crossEntropyRowsGrad(int[] labels, Tensor g) {
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(g, "g");
    return crossEntropyRowsGrad(labels, g, null);
  }

  /**
   * {@link #crossEntropyRowsGrad(int[], Tensor)} given each row's log Σⱼ e^{x[i,j]} (from the
   * forward: loss + x[i, label]), which makes it one pass: e^{x − lse}·g − onehot·g.
   */
  public Tensor crossEntropyRowsGrad(int[] labels, Tensor g, Tensor logSumExp) {
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(g, "g");
    requireSameDType("crossEntropyRowsGrad", this, g);
    Shape rows = Shape.of(rank() == 2 ? shape.dim(0) : 0);
    if (rank() != 2 || !g.shape.equals(rows))
      throw new ShapeMismatchException("crossEntropyRowsGrad: gradient " + g.shape + " does not match logits " + shape
          + " (need [" + (rank() == 2 ? shape.dim(0) : "batch") + "])");
    if (logSumExp != null && (!logSumExp.shape.equals(rows) || logSumExp.dtype != dtype))
      throw new ShapeMismatchException("crossEntropyRowsGrad: logSumExp " + logSumExp.shape + " does not match logits "
          + shape);
    return crossEntropy("crossEntropyRowsGrad", labels, g, logSumExp);
  }

  private Tensor crossEntropy(String op, int[] labels, Tensor g, Tensor lse) {
    if (rank() != 2) throw new ShapeMismatchException(op + ": logits must have shape [batch, classes], got " + shape);
    int rows = shape.dim(0), len = shape.dim(1);
    if (labels.length != rows)
      throw new ShapeMismatchException(op + ": " + labels.length + " labels for logits of shape " + shape);
    for (int i = 0; i < rows; i++)
      if (labels[i] < 0 || labels[i] >= len)
        throw new IllegalArgumentException(op + ": label " + labels[i] + " at position " + i + " out of range for "
            + len + " classes (logits of shape " + shape + ")");
    Tensor out = g == null ? empty(dtype, Shape.of(rows)) : empty(dtype, shape);
    if (dtype == DType.FLOAT32)
      Reduce.crossEntropyRows(f(), labels, g == null ? out.storage.f : null, g == null ? null : g.f(),
          lse == null ? null : lse.f(), g == null ? null : out.storage.f, rows, len);
    else
      Reduce.crossEntropyRows(d(), labels, g == null ? out.storage.d : null, g == null ? null : g.d(),
          lse == null ? null : lse.d(), g == null ? null : out.storage.d, rows, len);
    return out;
  }

  // ---------------------------------------------------------------- indexing

  /**
   * Picks one element along {@code axis} for every position of the other axes:
   * {@code out[..., ...] = x[..., index[p], ...]} where p runs over the result in row-major
   * order. The result has this shape with {@code axis} removed; {@code index.length} must equal
   * its size. For logits [B, C] and labels [B], {@code logits.gather(1, labels)} is [B]. A rank-0
   * tensor takes axis 0 or -1 and the one index 0, and gives a copy of itself, as in PyTorch.
   */
  public Tensor gather(int axis, int[] index) {
    Objects.requireNonNull(index, "index");
    if (rank() == 0) return scalarSelect("gather", axis, index, 1);
    int a = shape.normalizeAxis("gather", axis);
    Tensor moved = a == rank() - 1 ? this : permuteAxisLast(a);
    int len = shape.dim(a), rows = len == 0 ? 0 : size() / len;
    if (len == 0) {
      int[] od = removeAxis(shape.dims(), a);
      rows = Shape.of("gather", od).size();
    }
    if (index.length != rows)
      throw new ShapeMismatchException("gather: " + index.length + " indices for shape " + shape + " along axis " + a
          + " (need " + rows + ", one per position of " + Shape.of(removeAxis(shape.dims(), a)) + ")");
    for (int i : index)
      if (i < 0 || i >= len)
        throw new IndexOutOfBoundsException("gather: index " + i + " out of range for axis " + a + " of size " + len
            + " (shape " + shape + ")");
    Tensor out = empty(dtype, Shape.of(removeAxis(shape.dims(), a)));
    if (dtype == DType.FLOAT32) {
      float[] x = moved.f(), y = out.storage.f;
      for (int r = 0; r < rows; r++) y[r] = x[r * len + index[r]];
    } else {
      double[] x = moved.d(), y = out.storage.d;
      for (int r = 0; r < rows; r++) y[r] = x[r * len + index[r]];
    }
    return out;
  }

  /**
   * The adjoint of {@link #gather}: a tensor with {@code axis} (of size {@code axisSize})
   * inserted, holding this tensor's values at the given indices and zeros elsewhere.
   */
  public Tensor scatter(int axis, int[] index, int axisSize) {
    Objects.requireNonNull(index, "index");
    int r = rank() + 1;
    if (axis < -r || axis >= r)
      throw new IllegalArgumentException("scatter: axis " + axis + " out of range for the result of rank " + r + " (shape "
          + shape + " with an axis inserted)");
    int a = axis < 0 ? axis + r : axis;
    if (index.length != size())
      throw new ShapeMismatchException("scatter: " + index.length + " indices for shape " + shape);
    for (int i : index)
      if (i < 0 || i >= axisSize)
        throw new IndexOutOfBoundsException("scatter: index " + i + " out of range for axis size " + axisSize);
    int[] dims = shape.dims(), movedDims = Arrays.copyOf(dims, dims.length + 1);
    movedDims[dims.length] = axisSize;
    Tensor moved = empty(dtype, Shape.of("scatter", movedDims));
    int rows = size();
    if (dtype == DType.FLOAT32) {
      float[] x = f(), y = moved.storage.f;
      for (int p = 0; p < rows; p++) y[p * axisSize + index[p]] = x[p];
    } else {
      double[] x = d(), y = moved.storage.d;
      for (int p = 0; p < rows; p++) y[p * axisSize + index[p]] = x[p];
    }
    return a == r - 1 ? moved : moved.permute(lastToAxis(r, a)).contiguous();
  }

  /**
   * Selects whole slices along {@code axis}: the result has {@code indices.length} entries there,
   * entry i being slice {@code indices[i]} of this tensor (indices may repeat). A rank-0 tensor
   * takes axis 0 or -1 and the one index 0, and gives a copy of itself, as in PyTorch.
   */
  public Tensor indexSelect(int axis, int[] indices) {
    Objects.requireNonNull(indices, "indices");
    if (rank() == 0) return scalarSelect("indexSelect", axis, indices, 1);
    int a = shape.normalizeAxis("indexSelect", axis), len = shape.dim(a);
    int[] dims = shape.dims();
    dims[a] = indices.length;
    Shape.of("indexSelect", dims); // the result's size, checked before any copy
    for (int i : indices)
      if (i < 0 || i >= len)
        throw new IndexOutOfBoundsException("indexSelect: index " + i + " out of range for axis " + a + " of size "
            + len + " (shape " + shape + ")");
    Tensor[] parts = new Tensor[indices.length];
    if (indices.length == 0) return slice(a, 0, 0).contiguous();
    for (int i = 0; i < indices.length; i++) parts[i] = narrow(a, indices[i], 1);
    return concat(List.of(parts), a);
  }

  /**
   * The adjoint of {@link #indexSelect}: a tensor with {@code axisSize} entries along
   * {@code axis}, where slice i of this tensor is added into entry {@code indices[i]}. A rank-0
   * tensor takes axis 0 or -1, the one index 0 and {@code axisSize} 1, and gives a copy of itself,
   * as PyTorch's {@code torch.zeros(()).index_add(0, tensor([0]), x)} for a 0-dim x.
   */
  public Tensor indexAdd(int axis, int[] indices, int axisSize) {
    Objects.requireNonNull(indices, "indices");
    if (rank() == 0) return scalarSelect("indexAdd", axis, indices, axisSize);
    int a = shape.normalizeAxis("indexAdd", axis);
    if (indices.length != shape.dim(a))
      throw new ShapeMismatchException("indexAdd: " + indices.length + " indices for axis " + a + " of shape " + shape);
    int[] dims = shape.dims();
    dims[a] = axisSize;
    Shape.of("indexAdd", dims); // the result's size, checked before allocating
    for (int i : indices)
      if (i < 0 || i >= axisSize)
        throw new IndexOutOfBoundsException("indexAdd: index " + i + " out of range for axis size " + axisSize);
    Tensor src = a == 0 ? this : permute(axisFirst(rank(), a));
    int inner = indices.length == 0 ? 0 : src.size() / indices.length;
    int[] md = src.shape.dims();
    md[0] = axisSize;
    Tensor out = empty(dtype, Shape.of(md));
    if (dtype == DType.FLOAT32) {
      float[] x = src.f(), y = out.storage.f;
      for (int i = 0; i < indices.length; i++)
        for (int j = 0, o = indices[i] * inner; j < inner; j++) y[o + j] += x[i * inner + j];
    } else {
      double[] x = src.d(), y = out.storage.d;
      for (int i = 0; i < indices.length; i++)
        for (int j = 0, o = indices[i] * inner; j < inner; j++) y[o + j] += x[i * inner + j];
    }
    return a == 0 ? out : out.permute(inverse(axisFirst(rank(), a))).contiguous();
  }

  /**
   * gather, indexSelect or indexAdd on a rank-0 tensor: like PyTorch, axis 0 or -1, one index, 0,
   * into its one element (an axis of size 1); a copy of this tensor.
   */
  private Tensor scalarSelect(String op, int axis, int[] index, int axisSize) {
    requireScalarAxis(op, axis);
    if (index.length != 1)
      throw new IllegalArgumentException(op + ": " + index.length + " indices for a value of shape []; it takes one");
    if (axisSize != 1)
      throw new IllegalArgumentException(op + ": axis size " + axisSize + " for a result of shape []; a scalar's one axis"
          + " has size 1");
    if (index[0] != 0)
      throw new IndexOutOfBoundsException(op + ": index " + index[0] + " out of range for axis 0 of size 1 (shape [])");
    return empty(dtype, shape).copyInPlace(this);
  }

  private Tensor permuteAxisLast(int a) {
    int[] p = new int[rank()];
    for (int i = 0, j = 0; i < rank(); i++) if (i != a) p[j++] = i;
    p[rank() - 1] = a;
    return permute(p);
  }

  private static int[] lastToAxis(int r, int a) {
    int[] p = new int[r];
    for (int i = 0, j = 0; i < r; i++) p[i] = i == a ? r - 1 : j++;
    return p;
  }

  private static int[] axisFirst(int r, int a) {
    int[] p = new int[r];
    p[0] = a;
    for (int i = 0, j = 1; i < r; i++) if (i != a) p[j++] = i;
    return p;
  }

  private static int[] inverse(int[] p) {
    int[] q = new int[p.length];
    for (int i = 0; i < p.length; i++) q[p[i]] = i;
    return q;
  }

  private static int[] removeAxis(int[] dims, int a) {
    int[] d = new int[dims.length - 1];
    for (int i = 0, j = 0; i < dims.length; i++) if (i != a) d[j++] = dims[i];
    return d;
  }

  // ---------------------------------------------------------------- comparison and printing

  /** {@link #allClose(Tensor, double, double)} with NumPy's defaults rtol 1e-5, atol 1e-8. */
  public boolean allClose(Tensor other) {
    Objects.requireNonNull(other, "other");
    return allClose(other, 1e-5, 1e-8);
  }

  /**
   * True when the shapes are equal and every |a − b| ≤ atol + rtol·|b| (NaN equals nothing; an
   * infinity equals only the same infinity, as in NumPy); dtypes may differ.
   */
  public boolean allClose(Tensor other, double rtol, double atol) {
    Objects.requireNonNull(other, "other");
    if (!shape.equals(other.shape)) return false;
    double[] a = toDoubleArray(), b = other.toDoubleArray();
    for (int i = 0; i < a.length; i++) {
      if (a[i] == b[i]) continue;
      if (Double.isInfinite(a[i]) || Double.isInfinite(b[i])) return false; // ∞ is close only to itself
      if (!(Math.abs(a[i] - b[i]) <= atol + rtol * Math.abs(b[i]))) return false;
    }
    return true;
  }

  /**
   * The values printed like NumPy's {@code str(array)}: {@code [[1. 2. 3.]\n [4. 5. 6.]]}. Each value
   * is its shortest round-trip decimal (for FLOAT32, of the float) with at most 8 fractional digits,
   * columns align on the decimal point, scientific notation ({@code 1.5e-05}) when values are tiny,
   * huge or span more than 1000×; {@code nan}, {@code inf}, {@code -inf}; rows wrap at 75 characters;
   * beyond 1000 elements only 3 items at each end of every axis are shown, around {@code ...}. A
   * scalar prints as its value ({@code 2.5}), an empty tensor as {@code []}.
   */
  @Override
  public String toString() {
    return TensorFormat.format(dtype, shape.dims(), toDoubleArray());
  }

  /**
   * The values with a header naming the shape and dtype, the way {@code Variable} prints:
   * {@code Tensor(shape=[2, 3], FLOAT64)} on the first line, then {@link #toString()}.
   */
  public String describe() {
    return "Tensor(shape=" + shape + ", " + dtype + ")\n" + this;
  }

  // ---------------------------------------------------------------- in place (optimizers only)

  /**
   * True when the {@code ...InPlace} methods may write this tensor: it is dense, starts at offset
   * 0 and owns all of its storage (not a view into a larger array).
   */
  public boolean isWritableInPlace() {
    return isDense() && storage.length() == size();
  }

  private void requireWritable(String op, Tensor src) {
    if (!isWritableInPlace())
      throw new IllegalStateException(op + ": only a dense tensor that owns its storage can be written in place, not a"
          + " view of shape " + shape);
    if (src != null) {
      requireSameDType(op, this, src);
      if (!src.shape.equals(shape))
        throw new ShapeMismatchException(op + ": shape " + src.shape + " does not match " + shape);
    }
  }

  /** this ← this + α·x, in place; bumps {@link #version()}. For optimizers. */
  public Tensor addScaledInPlace(Tensor x, double alpha) {
    Objects.requireNonNull(x, "x");
    return scaleAddInPlace("addScaledInPlace", 1, x, alpha, null, 0);
  }

  /**
   * Sets every subnormal element (0 &lt; |x| &lt; the dtype's smallest normal number) to a zero of
   * its sign, in place, by testing the exponent bits: no arithmetic on the subnormal values (which
   * is what makes them slow). What a CPU in flush-to-zero mode would store; for optimizers
   * ({@code Optimizer.flushDenormals}). Bumps {@link #version()}.
   *
   * <pre>{@code Tensor.of(new float[] {1e-39f, 1f}).flushSubnormalsInPlace()   // [0. 1.]}</pre>
   */
  public Tensor flushSubnormalsInPlace() {
    requireWritable("flushSubnormalsInPlace", null);
    int n = size();
    if (dtype == DType.FLOAT32) {
      float[] f = storage.f;
      for (int i = 0; i < n; i++) {
        int bits = Float.floatToRawIntBits(f[i]);
        if ((bits & 0x7f800000) == 0) f[i] = Float.intBitsToFloat(bits & 0x80000000);
      }
    } else {
      double[] d = storage.d;
      for (int i = 0; i < n; i++) {
        long bits = Double.doubleToRawLongBits(d[i]);
        if ((bits & 0x7ff0000000000000L) == 0) d[i] = Double.longBitsToDouble(bits & 0x8000000000000000L);
      }
    }
    storage.version++;
    return this;
  }

  /** this ← α·this, in place; bumps {@link #version()}. */
  public Tensor mulInPlace(double alpha) {
    requireWritable("mulInPlace", null);
    if (dtype == DType.FLOAT32) Update.scale(storage.f, (float) alpha, size());
    else Update.scale(storage.d, alpha, size());
    storage.version++;
    return this;
  }

  /**
   * this ← s·this + α·x + β·y in one pass, in place ({@code y} may be null); bumps
   * {@link #version()}. An optimizer's fused step, e.g. SGD with momentum μ and weight decay λ:
   * {@code buf.scaleAddInPlace(μ, grad, 1, theta, λ)}.
   */
  public Tensor scaleAddInPlace(double s, Tensor x, double alpha, Tensor y, double beta) {
    Objects.requireNonNull(x, "x");
    return scaleAddInPlace("scaleAddInPlace", s, x, alpha, y, beta);
  }

  private Tensor scaleAddInPlace(String op, double s, Tensor x, double alpha, Tensor y, double beta) {
    requireWritable(op, x);
    if (y != null) requireWritable(op, y);
    if (dtype == DType.FLOAT32)
      Update.scaleAdd(storage.f, (float) s, x.f(), (float) alpha, y == null ? null : y.f(), (float) beta, size());
    else Update.scaleAdd(storage.d, s, x.d(), alpha, y == null ? null : y.d(), beta, size());
    storage.version++;
    return this;
  }

  /** this ← src, in place (same shape and dtype); bumps {@link #version()}. */
  public Tensor copyInPlace(Tensor src) {
    Objects.requireNonNull(src, "src");
    requireWritable("copyInPlace", src);
    if (dtype == DType.FLOAT32) System.arraycopy(src.f(), 0, storage.f, 0, size());
    else System.arraycopy(src.d(), 0, storage.d, 0, size());
    storage.version++;
    return this;
  }
}
