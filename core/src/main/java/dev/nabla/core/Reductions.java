package dev.nabla.core;

import dev.nabla.core.kernel.Reduce;
import java.util.Arrays;
import java.util.Objects;

/**
 * Tensor's reductions (sum, mean, max, min, argmax, argmin, logSumExp), the row-wise fused ops
 * (softmax, log-softmax, softmax cross-entropy and its gradient) and {@code sumTo}. Reductions run
 * in a fixed order (the kernels'), so a result is the same bits on every run.
 */
final class Reductions {
  private Reductions() {}

  /**
   * The axes of a reduction, sorted and non-negative. A rank-0 tensor reduces along axis 0 or -1 as
   * along no axis (its one element), as PyTorch treats a scalar like shape [1] there.
   */
  private static int[] normalizeAxes(Tensor t, String op, int[] axes) {
    Objects.requireNonNull(axes, "axes");
    if (t.rank() == 0) {
      for (int i = 0; i < axes.length; i++) {
        Checks.requireScalarAxis(op, axes[i]);
        if (i > 0)
          throw new IllegalArgumentException(op + ": axis 0 repeated in " + Arrays.toString(axes) + " for shape []");
      }
      return new int[0];
    }
    boolean[] seen = new boolean[t.rank()];
    for (int ax : axes) {
      int a = t.shape.normalizeAxis(op, ax);
      if (seen[a]) throw new IllegalArgumentException(op + ": axis " + ax + " repeated in " + Arrays.toString(axes)
          + " for shape " + t.shape);
      seen[a] = true;
    }
    int[] out = new int[axes.length];
    for (int i = 0, j = 0; i < t.rank(); i++) if (seen[i]) out[j++] = i;
    return out;
  }

  /**
   * {@code kind} along {@code axes} of {@code t}, named {@code name} in errors. An INT32 {@code t} is
   * reduced exactly through FLOAT64 (sum, max, min; a sum outside the int range is refused).
   */
  static Tensor reduce(Tensor t, String name, Reduce.Kind kind, int[] axes, boolean keepDims) {
    if (t.dtype == DType.INT32) {
      if (kind == Reduce.Kind.LOG_SUM_EXP) Checks.requireFloating(name, t);
      Tensor r = reduce(t.toType(DType.FLOAT64), name, kind, axes, keepDims);
      for (double v : r.storage.d)
        if (Math.abs(v) > Integer.MAX_VALUE + 1.0 || v == Integer.MAX_VALUE + 1.0)
          throw new IllegalArgumentException(name + ": the INT32 result " + (long) v + " for shape " + t.shape
              + " is outside the int range; reduce toType(DType.FLOAT64) instead");
      return r.toType(DType.INT32);
    }
    int[] red = normalizeAxes(t, name, axes);
    int rank = t.rank();
    boolean[] isRed = new boolean[rank];
    for (int a : red) isRed[a] = true;
    int[] perm = new int[rank];
    int k = 0;
    for (int i = 0; i < rank; i++) if (!isRed[i]) perm[k++] = i;
    for (int a : red) perm[k++] = a;
    int[] outDims = new int[keepDims ? rank : rank - red.length];
    for (int i = 0, j = 0; i < rank; i++) {
      if (!isRed[i]) outDims[j++] = t.shape.dim(i);
      else if (keepDims) outDims[j++] = 1;
    }
    Shape outShape = Shape.of(name, outDims);
    int rows = outShape.size();
    if (t.size() == 0) { // nothing to reduce over, or nothing to reduce into
      if (kind != Reduce.Kind.SUM && kind != Reduce.Kind.LOG_SUM_EXP && rows > 0)
        throw new IllegalArgumentException(name + ": cannot reduce over a zero-size dimension of shape " + t.shape);
      return kind == Reduce.Kind.LOG_SUM_EXP ? Tensor.full(t.dtype, Double.NEGATIVE_INFINITY, outShape)
          : Tensor.empty(t.dtype, outShape);
    }
    int len = t.size() / rows;
    Tensor src = t.permute(perm), out = Tensor.empty(t.dtype, outShape);
    int first = red.length == 0 ? 0 : red[0], last = red.length == 0 ? -1 : red[red.length - 1];
    boolean block = red.length > 0 && last - first == red.length - 1 && last < rank - 1 && t.isDense()
        && (kind == Reduce.Kind.SUM || kind == Reduce.Kind.MAX || kind == Reduce.Kind.MIN);
    if (block) { // reduce a middle block of axes in place: no transposed copy
      int outer = 1, inner = 1;
      for (int i = 0; i < first; i++) outer *= t.shape.dim(i);
      for (int i = last + 1; i < rank; i++) inner *= t.shape.dim(i);
      if (t.dtype == DType.FLOAT32) Reduce.middleAxis(kind, t.storage.f, out.storage.f, outer, len, inner);
      else Reduce.middleAxis(kind, t.storage.d, out.storage.d, outer, len, inner);
      return out;
    }
    if (t.dtype == DType.FLOAT32) Reduce.rows(kind, src.f(), out.storage.f, rows, len);
    else Reduce.rows(kind, src.d(), out.storage.d, rows, len);
    return out;
  }

  static Tensor mean(Tensor t, int[] axes, boolean keepDims) {
    Checks.requireFloating("mean", t);
    Tensor s = reduce(t, "mean", Reduce.Kind.SUM, axes, keepDims);
    return s.size() == 0 ? s : s.div((double) t.size() / s.size());
  }

  /**
   * argmax or argmin ({@code kind}) along {@code axis}: the index of the first extreme element, as
   * INT32 (found in this dtype, or in FLOAT64 for INT32 values, which it holds exactly).
   */
  static Tensor argReduce(Tensor t, String name, Reduce.Kind kind, int axis, boolean keepDims) {
    Tensor x = t.dtype == DType.INT32 ? t.toType(DType.FLOAT64) : t;
    return reduce(x, name, kind, new int[] {axis}, keepDims).toType(DType.INT32);
  }

  static int[] argmaxIndices(Tensor t) {
    if (t.rank() == 0) return new int[] {0};
    return t.argmax(-1).toIntArray();
  }

  static Tensor softmaxLike(Tensor t, String name, boolean log, int axis) {
    Checks.requireFloating(name, t);
    if (t.rank() == 0) {
      Checks.requireScalarAxis(name, axis);
      return softmaxRows(name, log, 0, t.unsqueeze(0)).reshape();
    }
    return softmaxRows(name, log, axis, t);
  }

  private static Tensor softmaxRows(String name, boolean log, int axis, Tensor x) {
    int a = x.shape.normalizeAxis(name, axis), last = x.rank() - 1;
    Tensor src = a == last ? x : x.transpose(a, last);
    Tensor out = Tensor.empty(x.dtype, src.shape);
    int len = src.shape.dim(last), rows = len == 0 ? 0 : src.size() / len;
    if (x.dtype == DType.FLOAT32) Reduce.softmaxRows(log, src.f(), out.storage.f, rows, len);
    else Reduce.softmaxRows(log, src.d(), out.storage.d, rows, len);
    return a == last ? out : out.transpose(a, last).contiguous();
  }

  static Tensor sumTo(Tensor t, Shape target) {
    Objects.requireNonNull(target, "target");
    if (t.shape.equals(target)) return t;
    if (!target.broadcastsTo(t.shape))
      throw new ShapeMismatchException("sumTo: " + target + " does not broadcast to " + t.shape);
    int rank = t.rank(), lead = rank - target.rank();
    int[] axes = new int[rank];
    int k = 0;
    for (int i = 0; i < rank; i++) if (i < lead || target.dim(i - lead) == 1 && t.shape.dim(i) != 1) axes[k++] = i;
    return t.sum(Arrays.copyOf(axes, k), true).reshape(target.dims());
  }

  /**
   * Softmax cross-entropy of each row of {@code x} [B, C] against {@code labels}, named {@code op}
   * in errors: with {@code g} null the losses [B]; else the gradient [B, C] given ∂L/∂loss = g [B]
   * (and each row's log Σ e^x when {@code lse} is not null). The caller checked g and lse.
   */
  static Tensor crossEntropy(String op, Tensor x, int[] labels, Tensor g, Tensor lse) {
    Checks.requireFloating(op, x);
    if (x.rank() != 2) throw new ShapeMismatchException(op + ": logits must have shape [batch, classes], got " + x.shape);
    int rows = x.shape.dim(0), len = x.shape.dim(1);
    if (labels.length != rows)
      throw new ShapeMismatchException(op + ": " + labels.length + " labels for logits of shape " + x.shape);
    for (int i = 0; i < rows; i++)
      if (labels[i] < 0 || labels[i] >= len)
        throw new IllegalArgumentException(op + ": label " + labels[i] + " at position " + i + " out of range for "
            + len + " classes (logits of shape " + x.shape + ")");
    Tensor out = g == null ? Tensor.empty(x.dtype, Shape.of(rows)) : Tensor.empty(x.dtype, x.shape);
    if (x.dtype == DType.FLOAT32)
      Reduce.crossEntropyRows(x.f(), labels, g == null ? out.storage.f : null, g == null ? null : g.f(),
          lse == null ? null : lse.f(), g == null ? null : out.storage.f, rows, len);
    else
      Reduce.crossEntropyRows(x.d(), labels, g == null ? out.storage.d : null, g == null ? null : g.d(),
          lse == null ? null : lse.d(), g == null ? null : out.storage.d, rows, len);
    return out;
  }
}
