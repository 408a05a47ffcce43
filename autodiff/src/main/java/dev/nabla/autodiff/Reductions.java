package dev.nabla.autodiff;

import dev.nabla.core.Shape;
import dev.nabla.core.Tensor;

/**
 * Reductions over a set of axes. Notation: y is the output, g = ∂L/∂y; "g↑" is g with the reduced
 * axes restored as size 1 and expanded back to the input's shape.
 */
final class Reductions {
  private Reductions() {}

  /** The output shape with reduced axes kept as size 1, for broadcasting back to x. */
  static int[] keptDims(Shape x, int[] axes) {
    int[] d = x.dims();
    for (int a : axes) d[x.normalizeAxis("reduce", a)] = 1;
    return d;
  }

  /** Restores the reduced axes of {@code v} (size 1) and expands it to {@code x}'s shape. */
  static Variable up(Variable v, Shape x, int[] axes) {
    return v.reshape(keptDims(x, axes)).expand(x.dims());
  }

  static Tensor up(Tensor v, Shape x, int[] axes) {
    return v.reshape(keptDims(x, axes)).expand(x.dims());
  }

  /** y = Σ_axes x;  ∂x = g↑. */
  static final class Sum implements Primitive {
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

  /** Weights that split g evenly among the elements equal to the extremum y. */
  private static Tensor tieWeights(Tensor x, Tensor y, int[] axes) {
    Tensor hit = x.eq(up(y, x.shape(), axes));
    return hit.div(up(hit.sum(axes, true), x.shape(), axes));
  }

  /** y = max_axes x;  ∂x = g↑ ⊙ [x = y↑] / #ties: ties split evenly. */
  static final class Max implements Primitive {
    final int[] axes;
    final boolean keepDims;

    Max(int[] axes, boolean keepDims) {
      this.axes = axes;
      this.keepDims = keepDims;
    }

    public String name() { return "max"; }
    public boolean savesOutput() { return true; }
    public Tensor forward(Tensor... x) { return x[0].max(axes, keepDims); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) {
      Tensor w = tieWeights(x[0].value(), y.value(), axes);
      return new Variable[] {up(g, x[0].shape(), axes).mul(Variable.constant(w))};
    }
  }

  /** y = min_axes x;  ∂x = g↑ ⊙ [x = y↑] / #ties: ties split evenly. */
  static final class Min implements Primitive {
    final int[] axes;
    final boolean keepDims;

    Min(int[] axes, boolean keepDims) {
      this.axes = axes;
      this.keepDims = keepDims;
    }

    public String name() { return "min"; }
    public boolean savesOutput() { return true; }
    public Tensor forward(Tensor... x) { return x[0].min(axes, keepDims); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) {
      Tensor w = tieWeights(x[0].value(), y.value(), axes);
      return new Variable[] {up(g, x[0].shape(), axes).mul(Variable.constant(w))};
    }
  }

  /** y = log Σ_axes eˣ (stable);  ∂x = g↑ ⊙ exp(x − y↑) = g↑ ⊙ softmax(x). */
  static final class LogSumExp implements Primitive {
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

  /**
   * y = x − logSumExp_axis(x), fused for stability;  ∂x = g − eʸ ⊙ Σ_axis g (softmax times the
   * row sum of g).
   */
  static final class LogSoftmax implements Primitive {
    final int axis;

    LogSoftmax(int axis) {
      this.axis = axis;
    }

    public String name() { return "logSoftmax"; }
    public boolean savesOutput() { return true; }
    public Tensor forward(Tensor... x) { return x[0].logSoftmax(axis); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) {
      return new Variable[] {g.sub(y.exp().mul(g.sum(axis, true)))};
    }
  }

  /**
   * Softmax cross-entropy per row, fused: y[i] = logΣⱼ e^{x[i,j]} − x[i, label[i]] for logits
   * x [B, C];  ∂x = (softmax(x) − onehot(label)) ⊙ g[:, None], computed by the fused
   * {@link CrossEntropyGrad} so that first-order backward is one pass and grad of grad still works.
   */
  static final class CrossEntropy implements Primitive {
    final int[] labels;

    CrossEntropy(int[] labels) {
      this.labels = labels;
    }

    public String name() { return "crossEntropy"; }
    public boolean savesOutput() { return true; }
    public Tensor forward(Tensor... x) { return x[0].crossEntropyRows(labels); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) {
      Tensor lse = y.value().add(x[0].value().gather(1, labels)); // log Σ e^x per row, from the loss
      return new Variable[] {Engine.apply(new CrossEntropyGrad(labels, lse), x[0], g)};
    }
  }

  /**
   * The backward of {@link CrossEntropy} as a primitive: z = (p − e) ⊙ g[:, None] with
   * p = softmax(x), e = onehot(label). With G = ∂L/∂z:  ∂g[i] = Σⱼ G[i,j]·(p − e)[i,j] and
   * ∂x = g[:, None] ⊙ (p ⊙ G − p ⊙ Σⱼ(p ⊙ G)), the softmax Jacobian applied to G.
   */
  static final class CrossEntropyGrad implements Primitive {
    final int[] labels;
    /** Each row's log Σ e^x when the forward already knows it (a value, not an input); else null. */
    final Tensor logSumExp;

    CrossEntropyGrad(int[] labels, Tensor logSumExp) {
      this.labels = labels;
      this.logSumExp = logSumExp;
    }

    public String name() { return "crossEntropyGrad"; }
    public Tensor forward(Tensor... x) {
      return dev.nabla.core.internal.GradientKernels.crossEntropyRowsGrad(x[0], labels, x[1], logSumExp);
    }
    public Variable[] vjp(Variable gz, Variable z, Variable... x) {
      Variable logits = x[0], g = x[1], p = logits.softmax(-1);
      Variable dx = null, dg = null;
      if (logits.requiresGrad()) {
        Variable pg = p.mul(gz);
        dx = pg.sub(p.mul(pg.sum(-1, true))).mul(g.unsqueeze(-1));
      }
      if (g.requiresGrad()) {
        Tensor onehot = Tensor.zeros(logits.dtype(), logits.shape().dim(0)).add(1.0).scatter(1, labels,
            logits.shape().dim(1));
        dg = gz.mul(p.sub(Variable.constant(onehot))).sum(-1);
      }
      return new Variable[] {dx, dg};
    }
  }
}
