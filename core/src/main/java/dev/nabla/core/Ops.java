package dev.nabla.core;

import dev.nabla.core.kernel.BinaryOp;
import java.util.Objects;

/**
 * The op vocabulary that {@link Tensor} and {@code dev.nabla.autodiff.Variable} share: every op is
 * declared once, here (the functions of one argument in {@link PointwiseOps}, which is generated from their
 * definitions), with its math; the overload families (scalar operands, the comparisons with a
 * number, reductions over all axes or one axis) are default methods, so they exist once for both.
 * On a {@code Tensor} an op computes values; on a {@code Variable} the same op also records itself for
 * backward. Binary ops broadcast like NumPy; mixed dtypes are refused; errors name the op and every
 * shape.
 *
 * <pre>{@code
 * static <T extends Ops<T>> T softsign(T x) { return x.div(x.abs().add(1)); }
 * softsign(Tensor.of(new double[] {-3, 1}));               // [-0.75, 0.5]
 * softsign(Variable.parameter(Tensor.scalar(1.0)));         // 0.5, and differentiable
 * }</pre>
 *
 * @param <T> the implementing type itself
 */
public interface Ops<T extends Ops<T>> extends PointwiseOps<T> {

  // ---------------------------------------------------------------- what it is

  /** The element type. */
  DType dtype();

  /** The dimensions. */
  Shape shape();

  /** The number of elements. */
  default int size() {
    return shape().size();
  }

  /** The number of dimensions. */
  default int rank() {
    return shape().rank();
  }

  /** A rank-0 value of this dtype (on a Variable, a constant): {@code x.add(2.0)} is {@code x.add(x.scalarLike(2.0))}. */
  T scalarLike(double value);

  // ---------------------------------------------------------------- elementwise, one argument

  // the named functions of one argument (neg, abs, exp, log, tanh, sigmoid, relu, erf, silu, ...) and
  // map(UnaryOp) are in PointwiseOps, generated from kernel/UnaryOp.java (one default method per constant)

  /** min(max(x, lo), hi); the gradient is 1 inside [lo, hi] and 0 outside. */
  T clamp(double lo, double hi);

  // ---------------------------------------------------------------- elementwise, two arguments

  /**
   * {@code op} applied to a and b elementwise, broadcasting: the one entry point of the elementwise
   * functions of two arguments and the comparisons. For Nabla's own modules: {@code op}'s type is
   * internal. A null {@code b} is refused with the message "b".
   */
  T map(BinaryOp op, T b);

  /** a + b, broadcasting. */
  default T add(T b) {
    return map(BinaryOp.ADD, b);
  }

  /** a − b, broadcasting. */
  default T sub(T b) {
    return map(BinaryOp.SUB, b);
  }

  /** a · b, broadcasting. */
  default T mul(T b) {
    return map(BinaryOp.MUL, b);
  }

  /** a / b, broadcasting. */
  default T div(T b) {
    return map(BinaryOp.DIV, b);
  }

  /** aᵇ, broadcasting. */
  default T pow(T b) {
    return map(BinaryOp.POW, b);
  }

  /** max(a, b), broadcasting; ties split the gradient evenly. */
  default T maximum(T b) {
    return map(BinaryOp.MAXIMUM, b);
  }

  /** min(a, b), broadcasting; ties split the gradient evenly. */
  default T minimum(T b) {
    return map(BinaryOp.MINIMUM, b);
  }

  /** a + s, s converted to this dtype: {@code [1, 2].add(0.5)} is {@code [1.5, 2.5]}. */
  default T add(double s) {
    return add(scalarLike(s));
  }

  /** a − s. */
  default T sub(double s) {
    return sub(scalarLike(s));
  }

  /** a · s. */
  default T mul(double s) {
    return mul(scalarLike(s));
  }

  /** a / s. */
  default T div(double s) {
    return div(scalarLike(s));
  }

  /** aˢ. */
  default T pow(double s) {
    return pow(scalarLike(s));
  }

  /** max(a, s). */
  default T maximum(double s) {
    return maximum(scalarLike(s));
  }

  /** min(a, s). */
  default T minimum(double s) {
    return minimum(scalarLike(s));
  }

  // ---------------------------------------------------------------- comparisons: 1 where true, else 0, no gradient

  /** 1 where a = b, else 0. */
  default T eq(T b) {
    return map(BinaryOp.EQ, b);
  }

  /** 1 where a ≠ b, else 0. */
  default T ne(T b) {
    return map(BinaryOp.NE, b);
  }

  /** 1 where a &lt; b, else 0. */
  default T lt(T b) {
    return map(BinaryOp.LT, b);
  }

  /** 1 where a ≤ b, else 0. */
  default T le(T b) {
    return map(BinaryOp.LE, b);
  }

  /** 1 where a &gt; b, else 0. */
  default T gt(T b) {
    return map(BinaryOp.GT, b);
  }

  /** 1 where a ≥ b, else 0. */
  default T ge(T b) {
    return map(BinaryOp.GE, b);
  }

  /** 1 where a = s, else 0, in this dtype: {@code [1, 2].eq(2)} is {@code [0, 1]}. */
  default T eq(double s) {
    return eq(scalarLike(s));
  }

  /** 1 where a ≠ s, else 0. */
  default T ne(double s) {
    return ne(scalarLike(s));
  }

  /** 1 where a &lt; s, else 0. */
  default T lt(double s) {
    return lt(scalarLike(s));
  }

  /** 1 where a ≤ s, else 0. */
  default T le(double s) {
    return le(scalarLike(s));
  }

  /** 1 where a &gt; s, else 0. */
  default T gt(double s) {
    return gt(scalarLike(s));
  }

  /** 1 where a ≥ s, else 0. */
  default T ge(double s) {
    return ge(scalarLike(s));
  }

  // ---------------------------------------------------------------- reductions

  /**
   * Σ along {@code axes} (negative axes count from the end), which are removed unless
   * {@code keepDims}; a rank-0 value takes axis 0 or -1 as PyTorch does.
   */
  T sum(int[] axes, boolean keepDims);

  /** The mean along {@code axes}: their sum divided by the number of elements summed. */
  T mean(int[] axes, boolean keepDims);

  /** The largest element along {@code axes} (NaN if any is NaN). */
  T max(int[] axes, boolean keepDims);

  /** The smallest element along {@code axes} (NaN if any is NaN). */
  T min(int[] axes, boolean keepDims);

  /** log Σ eˣ along {@code axes}, stable for any x (shifted by the maximum). */
  T logSumExp(int[] axes, boolean keepDims);

  /** Σ of all elements (rank 0). */
  default T sum() {
    return sum(allAxes(rank()), false);
  }

  /** Σ along {@code axis}, which is removed: {@code [[1, 2, 3], [4, 5, 6]].sum(1)} is {@code [6, 15]}. */
  default T sum(int axis) {
    return sum(new int[] {axis}, false);
  }

  /** Σ along {@code axis}, kept with size 1 when {@code keepDims}. */
  default T sum(int axis, boolean keepDims) {
    return sum(new int[] {axis}, keepDims);
  }

  /** The mean of all elements (rank 0); NaN for an empty value. */
  default T mean() {
    return mean(allAxes(rank()), false);
  }

  /** The mean along {@code axis}, which is removed. */
  default T mean(int axis) {
    return mean(new int[] {axis}, false);
  }

  /** The mean along {@code axis}, kept with size 1 when {@code keepDims}. */
  default T mean(int axis, boolean keepDims) {
    return mean(new int[] {axis}, keepDims);
  }

  /** The largest element (rank 0; NaN if any is NaN); refuses an empty value. */
  default T max() {
    return max(allAxes(rank()), false);
  }

  /** The largest element along {@code axis}, which is removed. */
  default T max(int axis) {
    return max(new int[] {axis}, false);
  }

  /** The largest element along {@code axis}, kept with size 1 when {@code keepDims}. */
  default T max(int axis, boolean keepDims) {
    return max(new int[] {axis}, keepDims);
  }

  /** The smallest element (rank 0; NaN if any is NaN); refuses an empty value. */
  default T min() {
    return min(allAxes(rank()), false);
  }

  /** The smallest element along {@code axis}, which is removed. */
  default T min(int axis) {
    return min(new int[] {axis}, false);
  }

  /** The smallest element along {@code axis}, kept with size 1 when {@code keepDims}. */
  default T min(int axis, boolean keepDims) {
    return min(new int[] {axis}, keepDims);
  }

  /** log Σ eˣ over all elements (rank 0), stable (shifted by the maximum). */
  default T logSumExp() {
    return logSumExp(allAxes(rank()), false);
  }

  /** log Σ eˣ along {@code axis}, which is removed. */
  default T logSumExp(int axis) {
    return logSumExp(new int[] {axis}, false);
  }

  /** log Σ eˣ along {@code axis}, kept with size 1 when {@code keepDims}. */
  default T logSumExp(int axis, boolean keepDims) {
    return logSumExp(new int[] {axis}, keepDims);
  }

  /** e^{x − max} / Σ e^{x − max} along {@code axis}; a rank-0 value gives 1. */
  T softmax(int axis);

  /** x − logSumExp(x) along {@code axis}, fused and stable; a rank-0 value gives 0. */
  T logSoftmax(int axis);

  /**
   * Softmax cross-entropy of each row of logits [B, C] against class indices, fused and stable:
   * {@code y[i] = log Σⱼ e^{x[i,j]} − x[i, labels[i]]}, shape [B]; ∂x = (softmax(x) − onehot)·g.
   */
  T crossEntropyRows(int[] labels);

  /** Sums a broadcast value back down to {@code target} (the reverse of broadcasting). */
  T sumTo(Shape target);

  // ---------------------------------------------------------------- products

  /** The matrix product a·b, batched over leading dimensions, like NumPy's matmul. */
  T matmul(T b);

  /** x·Wᵀ + b for x [..., in], W [out, in] and b [out] (or null): PyTorch's linear, fused. */
  T linear(T weight, T bias);

  // ---------------------------------------------------------------- views

  /** The same elements in a new shape (one dim may be −1); a view when the data is contiguous. */
  T reshape(int... dims);

  /** All elements in one dimension. */
  T flatten();

  /** The dimensions reordered: dimension i of the result is dimension {@code axes[i]} of this. */
  T permute(int... axes);

  /** The last two dimensions swapped; rank 0 and 1 are returned unchanged. */
  T transpose();

  /** Two dimensions swapped. */
  T transpose(int axis0, int axis1);

  /** Broadcast to {@code dims} (size-1 dimensions repeat, new ones are prepended); a view. */
  T expand(int... dims);

  /** Elements {@code start, start + step, …} below {@code end} along {@code axis}; a view. */
  T slice(int axis, int start, int end, int step);

  /** Elements {@code start} to {@code end} (exclusive) along {@code axis}; a view. */
  T slice(int axis, int start, int end);

  /** {@code length} elements from {@code start} along {@code axis}; a view. */
  T narrow(int axis, int start, int length);

  /** Every dimension of size 1 removed. */
  T squeeze();

  /** Dimension {@code axis} removed; it must have size 1. */
  T squeeze(int axis);

  /** A dimension of size 1 inserted at {@code axis}. */
  T unsqueeze(int axis);

  // ---------------------------------------------------------------- indexing: INT32 index tensors, or int[] (wrapped as one)

  /** Along {@code axis}, element j of row i is this[..., index[i, j], ...]: PyTorch's gather with an index of this shape but {@code axis}. */
  T gather(int axis, Tensor index);

  /** The adjoint of {@link #gather}: values added at {@code index} into a zero tensor of size {@code axisSize} along {@code axis}. */
  T scatter(int axis, Tensor index, int axisSize);

  /** The slices at {@code indices} (1-D INT32) along {@code axis}, in that order (repeats allowed). */
  T indexSelect(int axis, Tensor indices);

  /** The adjoint of {@link #indexSelect}: slice i added at {@code indices[i]} of a zero tensor of size {@code axisSize}. */
  T indexAdd(int axis, Tensor indices, int axisSize);

  /** {@link #gather(int, Tensor)} with the indices as a 1-D INT32 tensor. */
  default T gather(int axis, int[] index) {
    return gather(axis, Tensor.of(Objects.requireNonNull(index, "index")));
  }

  /** {@link #scatter(int, Tensor, int)} with the indices as a 1-D INT32 tensor. */
  default T scatter(int axis, int[] index, int axisSize) {
    return scatter(axis, Tensor.of(Objects.requireNonNull(index, "index")), axisSize);
  }

  /** {@link #indexSelect(int, Tensor)} with the indices as a 1-D INT32 tensor. */
  default T indexSelect(int axis, int[] indices) {
    return indexSelect(axis, Tensor.of(Objects.requireNonNull(indices, "indices")));
  }

  /** {@link #indexAdd(int, Tensor, int)} with the indices as a 1-D INT32 tensor. */
  default T indexAdd(int axis, int[] indices, int axisSize) {
    return indexAdd(axis, Tensor.of(Objects.requireNonNull(indices, "indices")), axisSize);
  }

  /** {0, 1, …, rank − 1}: every axis, for the whole-tensor reductions. */
  private static int[] allAxes(int rank) {
    int[] a = new int[rank];
    for (int i = 0; i < rank; i++) a[i] = i;
    return a;
  }
}
