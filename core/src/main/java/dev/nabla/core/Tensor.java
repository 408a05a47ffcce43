package dev.nabla.core;

import dev.nabla.core.internal.TensorAccess;
import dev.nabla.core.kernel.BinaryOp;
import dev.nabla.core.kernel.Reduce;
import dev.nabla.core.kernel.UnaryOp;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * An immutable n-dimensional array of {@link DType#FLOAT32}, {@link DType#FLOAT64} or
 * {@link DType#INT32} (indices) values.
 *
 * <p>A tensor is a view: a shape, strides and an offset into a flat storage array. Views
 * ({@link #reshape}, {@link #transpose}, {@link #permute}, {@link #slice}, {@link #expand},
 * {@link #squeeze}, {@link #unsqueeze}) share storage without copying; every other op returns a
 * new dense tensor. Binary ops broadcast like NumPy (align shapes from the right; sizes must be
 * equal or 1). Mixing dtypes in one op is refused. Ops are eager. The op vocabulary is
 * {@link Ops}, documented there: Tensor implements its core methods here, and inherits the
 * overload families (scalar operands like {@code add(double)}, the comparisons, {@code sum()},
 * {@code sum(int)}, ... of every reduction) as Ops's default methods.
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
  final DType dtype;
  final Shape shape;
  final int[] strides;
  final int offset;
  final Storage storage;

  static {
    TensorAccess.install(new Access());
  }

  Tensor(DType dtype, Shape shape, int[] strides, int offset, Storage storage) {
    this.dtype = dtype;
    this.shape = shape;
    this.strides = strides;
    this.offset = offset;
    this.storage = storage;
  }

  static Tensor dense(double[] data, Shape shape) {
    return new Tensor(DType.FLOAT64, shape, shape.sharedStrides(), 0, new Storage(data));
  }

  static Tensor dense(float[] data, Shape shape) {
    return new Tensor(DType.FLOAT32, shape, shape.sharedStrides(), 0, new Storage(data));
  }

  static Tensor dense(int[] data, Shape shape) {
    return new Tensor(DType.INT32, shape, shape.sharedStrides(), 0, new Storage(data));
  }

  /** A new zero-filled dense tensor. */
  static Tensor empty(DType dtype, Shape shape) {
    int n = shape.size();
    return dtype == DType.FLOAT32 ? dense(new float[n], shape) : dtype == DType.FLOAT64 ? dense(new double[n], shape)
        : dense(new int[n], shape);
  }

  // ---------------------------------------------------------------- creation

  /**
   * A FLOAT64 tensor holding a copy of {@code data} in row-major order; with no dims, 1-D.
   *
   * <pre>{@code Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3)   // [[1. 2. 3.]  [4. 5. 6.]]}</pre>
   */
  public static Tensor of(double[] data, int... dims) {
    return Creation.of(data, Objects.requireNonNull(data, "data").length, dims);
  }

  /** A FLOAT32 tensor holding a copy of {@code data} in row-major order; with no dims, 1-D. */
  public static Tensor of(float[] data, int... dims) {
    return Creation.of(data, Objects.requireNonNull(data, "data").length, dims);
  }

  /** An INT32 tensor (indices, labels) holding a copy of {@code data}: {@code Tensor.of(new int[] {3, 1, 4}, 3)}. */
  public static Tensor of(int[] data, int... dims) {
    return Creation.of(data, Objects.requireNonNull(data, "data").length, dims);
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
    return Creation.ofRows(Objects.requireNonNull(rows, "rows"), DType.FLOAT64);
  }

  /** A FLOAT32 matrix [rows, columns] holding a copy of {@code rows}; see {@link #of(double[][])}. */
  public static Tensor of(float[][] rows) {
    return Creation.ofRows(Objects.requireNonNull(rows, "rows"), DType.FLOAT32);
  }

  /** A rank-0 tensor of this dtype holding {@code value}. */
  @Override
  public Tensor scalarLike(double value) {
    return scalar(dtype, value);
  }

  /** A rank-0 FLOAT64 tensor. */
  public static Tensor scalar(double value) {
    return dense(new double[] {value}, Shape.scalar());
  }

  /** A rank-0 tensor of the given dtype. */
  public static Tensor scalar(DType dtype, double value) {
    return Creation.full(dtype, value, Shape.scalar());
  }

  /** All zeros. {@code Tensor.zeros(DType.FLOAT64, 3, 4)}. */
  public static Tensor zeros(DType dtype, int... dims) {
    Objects.requireNonNull(dtype, "dtype");
    return empty(dtype, Shape.of("zeros", dims));
  }

  /** All zeros, in the given shape. */
  public static Tensor zeros(DType dtype, Shape shape) {
    Objects.requireNonNull(dtype, "dtype");
    return empty(dtype, Objects.requireNonNull(shape, "shape"));
  }

  /** All ones. */
  public static Tensor ones(DType dtype, int... dims) {
    Objects.requireNonNull(dtype, "dtype");
    return Creation.full(dtype, 1.0, Shape.of("ones", dims));
  }

  /** Every element equal to {@code value}. {@code Tensor.full(DType.FLOAT32, 0.5, 2, 2)}. */
  public static Tensor full(DType dtype, double value, int... dims) {
    Objects.requireNonNull(dtype, "dtype");
    return Creation.full(dtype, value, Shape.of("full", dims));
  }

  /** Every element equal to {@code value}, in the given shape. */
  public static Tensor full(DType dtype, double value, Shape shape) {
    return Creation.full(dtype, value, shape);
  }

  /** {@code [0, 1, ..., n-1]}. */
  public static Tensor arange(DType dtype, int n) {
    return Creation.arange(dtype, 0, n, 1);
  }

  /**
   * {@code [start, start+step, ...]} up to but excluding {@code end}; element i is
   * {@code start + i·step}.
   *
   * @throws IllegalArgumentException if the bounds are not finite, the step is 0, or there would be
   *     more than {@link Shape#MAX_SIZE} elements
   */
  public static Tensor arange(DType dtype, double start, double end, double step) {
    return Creation.arange(dtype, start, end, step);
  }

  /** The n×n identity matrix. */
  public static Tensor eye(DType dtype, int n) {
    return Creation.eye(dtype, n);
  }

  /** Uniform values in [0, 1) from {@code rng.nextDouble()}, in row-major order. */
  public static Tensor rand(DType dtype, RandomGenerator rng, int... dims) {
    return Creation.random("rand", false, dtype, rng, dims);
  }

  /**
   * Standard normal values by Box–Muller on consecutive pairs {@code (u1, u2)} of
   * {@code rng.nextDouble()}: {@code sqrt(-2·ln(1-u1))·cos(2π·u2)}, one value per pair, computed
   * in double. With a {@code SplittableRandom}, NumPy can reproduce it bit for bit.
   *
   * <pre>{@code Tensor.randn(DType.FLOAT32, new SplittableRandom(42), 64, 784)}</pre>
   */
  public static Tensor randn(DType dtype, RandomGenerator rng, int... dims) {
    return Creation.random("randn", true, dtype, rng, dims);
  }

  // ---------------------------------------------------------------- accessors

  /** The dimensions. */
  @Override
  public Shape shape() {
    return shape;
  }

  /** The element type. */
  @Override
  public DType dtype() {
    return dtype;
  }

  /** The number of elements. */
  @Override
  public int size() {
    return shape.size();
  }

  /** The number of dimensions. */
  @Override
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
    return storage == Objects.requireNonNull(other, "other").storage;
  }

  /** True when the elements lie in row-major order without gaps (views may still have an offset). */
  public boolean isContiguous() {
    return Views.isContiguous(this);
  }

  /** Contiguous at offset 0: a kernel reads the storage array as it is. */
  boolean isDense() {
    return offset == 0 && isContiguous();
  }

  /** Dense (offset 0, row-major) values for a kernel to read: no copy when already dense. */
  double[] d() {
    return (isDense() ? this : Views.contiguousCopy(this)).storage.d;
  }

  /** {@link #d()} for FLOAT32. */
  float[] f() {
    return (isDense() ? this : Views.contiguousCopy(this)).storage.f;
  }

  /** {@link #d()} for INT32. */
  int[] i() {
    return (isDense() ? this : Views.contiguousCopy(this)).storage.i;
  }

  /** {@link #d()}, {@link #f()} or {@link #i()}, whichever this dtype has. */
  Object denseArray() {
    return (isDense() ? this : Views.contiguousCopy(this)).storage.array();
  }

  /** The storage array itself (write it only when this tensor {@link #isWritableInPlace}). */
  Object array() {
    return storage.array();
  }

  /** The elements as a new row-major {@code double[]} (FLOAT32 and INT32 values are widened). */
  public double[] toDoubleArray() {
    return (double[]) Views.arrayOf(this, DType.FLOAT64);
  }

  /** The elements as a new row-major {@code float[]} (FLOAT64 values and INT32 ones above 2^24 are rounded). */
  public float[] toFloatArray() {
    return (float[]) Views.arrayOf(this, DType.FLOAT32);
  }

  /** The elements as a new row-major {@code int[]}; floating values are truncated toward zero, see {@link #toType}. */
  public int[] toIntArray() {
    return (int[]) Views.arrayOf(this, DType.INT32);
  }

  /** The single element of a one-element tensor (an INT32 one widened to double). */
  public double item() {
    if (size() != 1)
      throw new IllegalStateException("item: tensor of shape " + shape + " has " + size() + " elements, not 1");
    return storage.get(offset);
  }

  /** The element at {@code index} (one index per dimension). */
  public double get(int... index) {
    Objects.requireNonNull(index, "index");
    if (index.length != rank())
      throw new IllegalArgumentException("get: " + index.length + " indices for shape " + shape);
    int p = offset;
    for (int i = 0; i < index.length; i++) {
      if (index[i] < 0 || index[i] >= shape.dim(i))
        throw new IndexOutOfBoundsException("get: index " + Arrays.toString(index) + " out of range for shape " + shape);
      p += index[i] * strides[i];
    }
    return storage.get(p);
  }

  /**
   * The same values as {@code type}; this tensor when it already has that dtype. To INT32, values are
   * truncated toward zero like PyTorch's {@code .int()} (2.7 gives 2, -2.7 gives -2); NaN, infinities
   * and values outside the int range are refused with an {@code IllegalArgumentException}.
   */
  public Tensor toType(DType type) {
    return Objects.requireNonNull(type, "type") == dtype ? this : Views.denseOf(this, type);
  }

  // ---------------------------------------------------------------- views

  /** This tensor when contiguous, else a contiguous copy. */
  public Tensor contiguous() {
    return isContiguous() ? this : Views.contiguousCopy(this);
  }

  /**
   * The same elements in a new shape; one dimension may be -1 (inferred). A view when this tensor
   * is contiguous, a copy otherwise.
   *
   * <pre>{@code Tensor.arange(DType.FLOAT64, 6).reshape(2, -1)   // [[0. 1. 2.]  [3. 4. 5.]]}</pre>
   */
  @Override
  public Tensor reshape(int... dims) {
    return Views.reshape(this, dims);
  }

  /** Reshape to the given shape. */
  public Tensor reshape(Shape target) {
    return reshape(Objects.requireNonNull(target, "target").dims());
  }

  /** A 1-D view (or copy) of all elements. */
  @Override
  public Tensor flatten() {
    return reshape(-1);
  }

  /** Swaps the last two dimensions (a view); rank 0 and 1 are returned unchanged. */
  @Override
  public Tensor transpose() {
    return rank() < 2 ? this : transpose(rank() - 2, rank() - 1);
  }

  /** Swaps two dimensions (a view); a rank-0 tensor takes axes 0 and -1 and is returned as it is, as in PyTorch. */
  @Override
  public Tensor transpose(int axis0, int axis1) {
    return Views.transpose(this, axis0, axis1);
  }

  /**
   * Reorders dimensions: dimension i of the result is dimension {@code axes[i]} of this (a view).
   * {@code x.permute(2, 0, 1)} turns [a, b, c] into [c, a, b].
   */
  @Override
  public Tensor permute(int... axes) {
    return Views.permute(this, axes);
  }

  /**
   * Elements {@code start, start+step, ...} below {@code end} along {@code axis} (a view).
   * Negative {@code start}/{@code end} count from the end; both are clamped to the dimension.
   */
  @Override
  public Tensor slice(int axis, int start, int end, int step) {
    return Views.slice(this, axis, start, end, step);
  }

  /** Elements {@code [start, end)} along {@code axis} (a view). */
  @Override
  public Tensor slice(int axis, int start, int end) {
    return slice(axis, start, end, 1);
  }

  /** {@code length} elements from {@code start} along {@code axis} (a view); must lie inside. */
  @Override
  public Tensor narrow(int axis, int start, int length) {
    return Views.narrow(this, axis, start, length);
  }

  /**
   * Broadcasts to {@code dims} (NumPy rules; -1 keeps a dimension) as a view with stride 0 in the
   * broadcast dimensions: no data is copied.
   */
  @Override
  public Tensor expand(int... dims) {
    return Views.expand(this, dims);
  }

  /** Broadcasts to {@code target} (a view). */
  public Tensor expand(Shape target) {
    return Objects.requireNonNull(target, "target").equals(shape) ? this : expand(target.dims());
  }

  /** Removes all dimensions of size 1 (a view). */
  @Override
  public Tensor squeeze() {
    return Views.squeeze(this, -1);
  }

  /**
   * Removes dimension {@code axis}, which must have size 1 (a view); a rank-0 tensor takes axis 0
   * or -1 and is returned as it is, as in PyTorch.
   */
  @Override
  public Tensor squeeze(int axis) {
    return Views.squeezeAxis(this, axis);
  }

  /** Inserts a dimension of size 1 at {@code axis} (in {@code [-rank-1, rank]}; a view). */
  @Override
  public Tensor unsqueeze(int axis) {
    return Views.unsqueeze(this, axis);
  }

  /**
   * Joins tensors along an existing {@code axis} (a copy). All must have the same dtype and the
   * same shape except along {@code axis}.
   */
  public static Tensor concat(List<Tensor> parts, int axis) {
    return Indexing.concat(parts, axis);
  }

  /** Stacks same-shape tensors along a new {@code axis} (a copy). */
  public static Tensor stack(List<Tensor> parts, int axis) {
    return Indexing.stack(parts, axis);
  }

  // ---------------------------------------------------------------- elementwise

  /** {@code op} applied to every element: {@code x.map(UnaryOp.EXP)} is {@code x.exp()}. */
  @Override
  public Tensor map(UnaryOp op) {
    return Elementwise.unary(this, Objects.requireNonNull(op, "op"));
  }

  /** {@code op(a, b)} elementwise, broadcasting: {@code a.map(BinaryOp.ADD, b)} is {@code a.add(b)}. */
  @Override
  public Tensor map(BinaryOp op, Tensor b) {
    return Elementwise.binary(Objects.requireNonNull(op, "op").opName(), op, this, b);
  }

  /**
   * {@code mask != 0 ? a : b} elementwise; all three broadcast together and share one dtype.
   *
   * <pre>{@code Tensor.where(x.gt(0), x, x.mul(0.1))   // leaky relu}</pre>
   */
  public static Tensor where(Tensor mask, Tensor a, Tensor b) {
    return Elementwise.where(mask, a, b);
  }

  /** min(max(x, lo), hi). */
  @Override
  public Tensor clamp(double lo, double hi) {
    if (!(lo <= hi)) throw new IllegalArgumentException("clamp: lower bound " + lo + " exceeds upper bound " + hi);
    return maximum(lo).minimum(hi);
  }

  // ---------------------------------------------------------------- reductions

  /** Σ along every axis in {@code axes}; kept with size 1 when {@code keepDims}. */
  @Override
  public Tensor sum(int[] axes, boolean keepDims) {
    return Reductions.reduce(this, "sum", Reduce.Kind.SUM, axes, keepDims);
  }

  /** The mean along {@code axes}: Σ / (number of reduced elements); NaN over no elements. */
  @Override
  public Tensor mean(int[] axes, boolean keepDims) {
    return Reductions.mean(this, axes, keepDims);
  }

  /** The largest element along {@code axes} (NaN if any is NaN); refuses a zero-size axis. */
  @Override
  public Tensor max(int[] axes, boolean keepDims) {
    return Reductions.reduce(this, "max", Reduce.Kind.MAX, axes, keepDims);
  }

  /** The smallest element along {@code axes} (NaN if any is NaN); refuses a zero-size axis. */
  @Override
  public Tensor min(int[] axes, boolean keepDims) {
    return Reductions.reduce(this, "min", Reduce.Kind.MIN, axes, keepDims);
  }

  /** The index of the first largest element along {@code axis}, as INT32: {@code t.argmax(1)}. */
  public Tensor argmax(int axis) {
    return argmax(axis, false);
  }

  /** The index of the first largest element along {@code axis}, kept with size 1 when asked. */
  public Tensor argmax(int axis, boolean keepDims) {
    return Reductions.argReduce(this, "argmax", Reduce.Kind.ARGMAX, axis, keepDims);
  }

  /** The index of the first smallest element along {@code axis}, as INT32. */
  public Tensor argmin(int axis) {
    return argmin(axis, false);
  }

  /** The index of the first smallest element along {@code axis}, kept with size 1 when asked. */
  public Tensor argmin(int axis, boolean keepDims) {
    return Reductions.argReduce(this, "argmin", Reduce.Kind.ARGMIN, axis, keepDims);
  }

  /** The indices of the first largest element in each row of the last axis, as ints. */
  public int[] argmaxIndices() {
    return Reductions.argmaxIndices(this);
  }

  /**
   * log Σ exp along {@code axes} = m + log Σ exp(x − m) with m the maximum, so logits of ±1000 do
   * not overflow; a row of all −∞ gives −∞.
   */
  @Override
  public Tensor logSumExp(int[] axes, boolean keepDims) {
    return Reductions.reduce(this, "logSumExp", Reduce.Kind.LOG_SUM_EXP, axes, keepDims);
  }

  /**
   * softmax along {@code axis}: exp(x − m) / Σ exp(x − m); a row of all −∞ gives NaN, like PyTorch.
   * A rank-0 tensor takes axis 0 or -1 and gives 1 (NaN for a non-finite value).
   */
  @Override
  public Tensor softmax(int axis) {
    return Reductions.softmaxLike(this, "softmax", false, axis);
  }

  /**
   * log-softmax along {@code axis}: x − logSumExp(x), stable for large logits. A rank-0 tensor takes
   * axis 0 or -1 and gives 0 (NaN for a non-finite value).
   */
  @Override
  public Tensor logSoftmax(int axis) {
    return Reductions.softmaxLike(this, "logSoftmax", true, axis);
  }

  /**
   * Sums a broadcast result back down to {@code target}, the shape it was broadcast from: over leading
   * dimensions and those where {@code target} has size 1; the adjoint of {@link #expand}.
   */
  @Override
  public Tensor sumTo(Shape target) {
    return Reductions.sumTo(this, target);
  }

  /**
   * Softmax cross-entropy of each row of logits [B, C] against class indices:
   * {@code loss[i] = log Σⱼ e^{x[i,j]} − x[i, labels[i]]}, stable for logits of any size; shape [B].
   *
   * <pre>{@code Tensor.of(new double[] {0, 0}, 1, 2).crossEntropyRows(new int[] {1})   // [0.69314718]}</pre>
   */
  @Override
  public Tensor crossEntropyRows(int[] labels) {
    return Reductions.crossEntropy("crossEntropyRows", this, Objects.requireNonNull(labels, "labels"), null, null);
  }

  // ---------------------------------------------------------------- products

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
  @Override
  public Tensor matmul(Tensor b) {
    return Products.matmul(this, b);
  }

  /**
   * The affine map of a linear layer, fused: {@code x·Wᵀ + b} for x of shape [..., in], weight W
   * [out, in] and bias b [out] (or null), giving [..., out]. The bias is written first and the
   * product accumulated onto it, and W is read transposed in place: no intermediate tensors.
   *
   * <pre>{@code Tensor.ones(DType.FLOAT32, 2, 3).linear(Tensor.ones(DType.FLOAT32, 4, 3), null)   // [2, 4] of 3s}</pre>
   */
  @Override
  public Tensor linear(Tensor weight, Tensor bias) {
    return Products.linear(this, weight, bias);
  }

  // ---------------------------------------------------------------- indexing

  /**
   * Picks one element along {@code axis} for every position of the other axes:
   * {@code out[..., ...] = x[..., index[p], ...]} where p runs over the result in row-major
   * order. The result has this shape with {@code axis} removed; {@code index} (INT32) has that shape
   * or is 1-D of its size. For logits [B, C] and labels [B], {@code logits.gather(1, labels)} is [B].
   * A rank-0 tensor takes axis 0 or -1 and the one index 0, and gives a copy of itself, as in PyTorch.
   */
  @Override
  public Tensor gather(int axis, Tensor index) {
    return Indexing.gather(this, axis, index);
  }

  /**
   * The adjoint of {@link #gather}: a tensor with {@code axis} (of size {@code axisSize})
   * inserted, holding this tensor's values at the given indices and zeros elsewhere.
   */
  @Override
  public Tensor scatter(int axis, Tensor index, int axisSize) {
    return Indexing.scatter(this, axis, index, axisSize);
  }

  /**
   * Selects whole slices along {@code axis}: the result has {@code indices.size()} entries there,
   * entry i being slice {@code indices[i]} of this tensor (indices, 1-D INT32, may repeat). A rank-0
   * tensor takes axis 0 or -1 and the one index 0, and gives a copy of itself, as in PyTorch.
   */
  @Override
  public Tensor indexSelect(int axis, Tensor indices) {
    return Indexing.indexSelect(this, axis, indices);
  }

  /**
   * The adjoint of {@link #indexSelect}: a tensor with {@code axisSize} entries along
   * {@code axis}, where slice i of this tensor is added into entry {@code indices[i]}. A rank-0
   * tensor takes axis 0 or -1, the one index 0 and {@code axisSize} 1, and gives a copy of itself,
   * as PyTorch's {@code torch.zeros(()).index_add(0, tensor([0]), x)} for a 0-dim x.
   */
  @Override
  public Tensor indexAdd(int axis, Tensor indices, int axisSize) {
    return Indexing.indexAdd(this, axis, indices, axisSize);
  }

  // ---------------------------------------------------------------- comparison and printing

  /** {@link #allClose(Tensor, double, double)} with NumPy's defaults rtol 1e-5, atol 1e-8. */
  public boolean allClose(Tensor other) {
    return allClose(Objects.requireNonNull(other, "other"), 1e-5, 1e-8);
  }

  /**
   * True when the shapes are equal and every |a − b| ≤ atol + rtol·|b| (NaN equals nothing; an
   * infinity equals only the same infinity, as in NumPy); dtypes may differ (INT32 compares exactly
   * as its double values).
   */
  public boolean allClose(Tensor other, double rtol, double atol) {
    return Checks.allClose(this, Objects.requireNonNull(other, "other"), rtol, atol);
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
    return InPlace.isWritable(this);
  }

  /**
   * this ← this + α·x, in place; bumps {@link #version()}. For optimizers: plain SGD is
   * {@code theta.addScaledInPlace(grad, -lr)}.
   */
  public Tensor addScaledInPlace(Tensor x, double alpha) {
    return InPlace.addScaled(this, x, alpha);
  }

  /** this ← α·this, in place; bumps {@link #version()}. {@code theta.mulInPlace(1 - lr * wd)}. */
  public Tensor mulInPlace(double alpha) {
    return InPlace.mul(this, alpha);
  }

  /** this ← src, in place (same shape and dtype); bumps {@link #version()}. */
  public Tensor copyInPlace(Tensor src) {
    return InPlace.copy(this, src);
  }
}
