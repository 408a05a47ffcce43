package dev.nabla.autodiff;

import dev.nabla.core.Tensor;
import dev.nabla.core.internal.AttentionKernels;
import dev.nabla.core.internal.GradientKernels;

/**
 * The fused softmax-family primitives, kept whole for numerical stability: log-softmax, the
 * softmax cross-entropy of logits and the attention weights (each fused backward as a primitive of
 * its own, so that grad of grad works). Notation: y is the output, g = ∂L/∂y. The family is sealed without a
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

  /**
   * The attention weights, fused (see {@link Attention}): P = softmax(s·q·kᵀ + M) along the last
   * axis for q [..., Tq, d] and k [..., Tk, d], with scale s, an additive constant mask M (or none)
   * and, when causal, M[i, j] = −∞ for j &gt; i; a row with every key masked is 0. The scores q·kᵀ
   * are turned into P in place, so P is the only [Tq, Tk] value kept. With G = ∂L/∂P and
   * dS = s·P ⊙ (G − Σ_lastaxis G ⊙ P) (the fused {@link AttentionWeightsGrad}):
   * ∂q = dS·k, ∂k = dSᵀ·q. The mask and the causal cut need no term: P and so dS are 0 there.
   */
  final class AttentionWeights implements Softmax {
    final Tensor mask;
    final boolean causal;
    final double scale;

    AttentionWeights(Tensor mask, boolean causal, double scale) {
      this.mask = mask;
      this.causal = causal;
      this.scale = scale;
    }

    public String name() { return "attentionWeights"; }
    public boolean savesOutput() { return true; }
    public Tensor forward(Tensor... x) {
      return AttentionKernels.weights(name(), x[0], x[1], mask, causal, scale);
    }
    public Variable[] vjp(Variable g, Variable p, Variable... x) {
      Variable q = x[0], k = x[1];
      Variable ds = Engine.apply(new AttentionWeightsGrad(scale), p, g);
      return new Variable[] {
        q.requiresGrad() ? ds.matmul(k) : null, k.requiresGrad() ? ds.transpose().matmul(q) : null
      };
    }
  }

  /**
   * The backward of {@link AttentionWeights} with respect to the scores, as a primitive of two
   * inputs P and G (same shape): z = s·P ⊙ (G − r) with r = Σ_lastaxis G ⊙ P. With H = ∂L/∂z:
   * ∂P = s·(H ⊙ (G − r) − G ⊙ Σ_lastaxis H ⊙ P) and ∂G = s·P ⊙ (H − Σ_lastaxis H ⊙ P).
   */
  final class AttentionWeightsGrad implements Softmax {
    final double scale;

    AttentionWeightsGrad(double scale) {
      this.scale = scale;
    }

    public String name() { return "attentionWeightsGrad"; }
    public Tensor forward(Tensor... x) { return AttentionKernels.weightsBackward(name(), x[0], x[1], scale); }
    public Variable[] vjp(Variable h, Variable z, Variable... x) {
      Variable p = x[0], g = x[1];
      Variable hp = h.mul(p).sum(-1, true);
      Variable dp = null, dg = null;
      if (p.requiresGrad()) dp = h.mul(g.sub(g.mul(p).sum(-1, true))).sub(g.mul(hp)).mul(scale);
      if (g.requiresGrad()) dg = p.mul(h.sub(hp)).mul(scale);
      return new Variable[] {dp, dg};
    }
  }
}
