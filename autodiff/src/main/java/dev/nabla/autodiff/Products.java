package dev.nabla.autodiff;

import dev.nabla.core.Tensor;

/** Matrix products. The family is sealed without a {@code permits} list: its members are nested here. */
sealed interface Products extends Primitive {
  MatMul MATMUL = new MatMul();
  Linear LINEAR = new Linear();

  /**
   * Y = A·B on the last two dimensions (rank ≥ 2, leading dimensions broadcast);
   * ∂A = G·Bᵀ, ∂B = Aᵀ·G (summed over broadcast batch dimensions by the engine).
   * Vector operands are promoted by {@link Variable#matmul} before they reach this primitive.
   */
  final class MatMul implements Products {
    public String name() { return "matmul"; }
    public Tensor forward(Tensor... x) { return x[0].matmul(x[1]); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) {
      Variable a = x[0], b = x[1];
      return new Variable[] {
        a.requiresGrad() ? g.matmul(b.transpose()) : null, b.requiresGrad() ? a.transpose().matmul(g) : null
      };
    }
  }

  /**
   * The fused affine map of a linear layer: Y = X·Wᵀ + b for X [..., in], W [out, in], b [out]
   * (optional third input); ∂X = G·W, ∂W = Gᵀ·X and ∂b = Σ G over all rows, with X and G taken as
   * matrices [rows, ·]. One primitive instead of matmul + transpose + broadcast add, so neither
   * the forward nor the backward materializes a transpose or a broadcast bias.
   */
  final class Linear implements Products {
    public String name() { return "linear"; }
    public Tensor forward(Tensor... x) { return x[0].linear(x[1], x.length > 2 ? x[2] : null); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) {
      Variable in = x[0], w = x[1];
      int out = w.shape().dim(0), features = w.shape().dim(1);
      Variable g2 = g.reshape(rows(g), out);
      Variable[] grads = new Variable[x.length];
      if (in.requiresGrad()) grads[0] = g.matmul(w);
      if (w.requiresGrad()) grads[1] = g2.transpose().matmul(in.reshape(rows(g), features));
      if (x.length > 2 && x[2].requiresGrad()) grads[2] = g2.sum(0);
      return grads;
    }

    private static int rows(Variable g) {
      int n = 1;
      for (int i = 0; i < g.rank() - 1; i++) n *= g.shape().dim(i);
      return n;
    }
  }
}
