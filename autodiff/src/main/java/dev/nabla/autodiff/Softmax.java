package dev.nabla.autodiff;

import dev.nabla.core.Tensor;
import dev.nabla.core.internal.GradientKernels;

/**
 * The fused softmax-family primitives, kept whole for numerical stability: log-softmax and the
 * softmax cross-entropy of logits (with its backward as a primitive of its own, so that grad of
 * grad works). Notation: y is the output, g = ∂L/∂y. The family is sealed without a
 * {@code permits} list: its members are the classes nested here.
 */
sealed interface Softmax extends Primitive {

  /**
   * y = x − logSumExp_axis(x), fused for stability;  ∂x = g − eʸ ⊙ Σ_axis g (softmax times the
   * row sum of g).
   */
  final class LogSoftmax implements Softmax {
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
  final class CrossEntropy implements Softmax {
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
  final class CrossEntropyGrad implements Softmax {
    final int[] labels;
    /** Each row's log Σ e^x when the forward already knows it (a value, not an input); else null. */
    final Tensor logSumExp;

    CrossEntropyGrad(int[] labels, Tensor logSumExp) {
      this.labels = labels;
      this.logSumExp = logSumExp;
    }

    public String name() { return "crossEntropyGrad"; }
    public Tensor forward(Tensor... x) {
      return GradientKernels.crossEntropyRowsGrad(x[0], labels, x[1], logSumExp);
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
