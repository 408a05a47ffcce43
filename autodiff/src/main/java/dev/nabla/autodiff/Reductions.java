package dev.nabla.autodiff;

import dev.nabla.core.Shape;
import dev.nabla.core.Tensor;

/**
 * Reductions over a set of axes. Notation: y is the output, g = ∂L/∂y; "g↑" is g with the reduced
 * axes restored as size 1 and expanded back to the input's shape. The axes are checked by the
 * forward (core's {@code Tensor}), once; the rules trust them. The family is sealed without a
 * {@code permits} list: its members are the classes nested here.
 */
sealed interface Reductions extends Primitive {

  /**
   * The output shape with reduced axes kept as size 1, for broadcasting back to x. A rank-0 x was
   * reduced along axis 0 or -1 (its one element), which keeps no axis.
   */
  static int[] keptDims(Shape x, int[] axes) {
    int[] d = x.dims();
    if (x.rank() == 0) return d;
    for (int a : axes) d[x.normalizeAxis("reduce", a)] = 1;
    return d;
  }

  /** Restores the reduced axes of {@code v} (size 1) and expands it to {@code x}'s shape. */
  static Variable up(Variable v, Shape x, int[] axes) {
    return v.reshape(keptDims(x, axes)).expand(x.dims());
  }

  /** As {@link #up(Variable, Shape, int[])} on values. */
  static Tensor up(Tensor v, Shape x, int[] axes) {
    return v.reshape(keptDims(x, axes)).expand(x.dims());
  }

  /** y = Σ_axes x;  ∂x = g↑. */
  final class Sum implements Reductions {
    final int[] axes;
    final boolean keepDims;

    Sum(int[] axes, boolean keepDims) {
      this.axes = axes;
      this.keepDims = keepDims;
    }

    public String name() { return "sum"; }
    public Tensor forward(Tensor... x) { return x[0].sum(axes, keepDims); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) {
      return new Variable[] {up(g, x[0].shape(), axes)};
    }
  }

  /**
   * y = max_axes x (or min_axes x);  ∂x = g↑ ⊙ [x = y↑] / #ties: the gradient goes to the elements
   * equal to the extremum, split evenly among ties.
   */
  final class Extremum implements Reductions {
    final boolean max;
    final int[] axes;
    final boolean keepDims;

    Extremum(boolean max, int[] axes, boolean keepDims) {
      this.max = max;
      this.axes = axes;
      this.keepDims = keepDims;
    }

    public String name() { return max ? "max" : "min"; }
    public boolean savesOutput() { return true; }
    public Tensor forward(Tensor... x) { return max ? x[0].max(axes, keepDims) : x[0].min(axes, keepDims); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) {
      Tensor xv = x[0].value(), hit = xv.eq(up(y.value(), xv.shape(), axes));
      Tensor w = hit.div(up(hit.sum(axes, true), xv.shape(), axes));
      return new Variable[] {up(g, xv.shape(), axes).mul(Variable.constant(w))};
    }
  }

  /** y = log Σ_axes eˣ (stable);  ∂x = g↑ ⊙ exp(x − y↑) = g↑ ⊙ softmax(x). */
  final class LogSumExp implements Reductions {
    final int[] axes;
    final boolean keepDims;

    LogSumExp(int[] axes, boolean keepDims) {
      this.axes = axes;
      this.keepDims = keepDims;
    }

    public String name() { return "logSumExp"; }
    public boolean savesOutput() { return true; }
    public Tensor forward(Tensor... x) { return x[0].logSumExp(axes, keepDims); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) {
      Shape s = x[0].shape();
      return new Variable[] {up(g, s, axes).mul(x[0].sub(up(y, s, axes)).exp())};
    }
  }
}
