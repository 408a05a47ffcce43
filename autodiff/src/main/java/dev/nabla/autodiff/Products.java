package dev.nabla.autodiff;

import dev.nabla.core.Tensor;

/** Matrix products. */
final class Products {
  private Products() {}

  static final MatMul MATMUL = new MatMul();

  /**
   * Y = A·B on the last two dimensions (rank ≥ 2, leading dimensions broadcast);
   * ∂A = G·Bᵀ, ∂B = Aᵀ·G (summed over broadcast batch dimensions by the engine).
   * Vector operands are promoted by {@link Variable#matmul} before they reach this primitive.
   */
  static final class MatMul implements Primitive {
    public String name() { return "matmul"; }
    public Tensor forward(Tensor... x) { return x[0].matmul(x[1]); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) {
      Variable a = x[0], b = x[1];
      return new Variable[] {
        a.requiresGrad() ? g.matmul(b.transpose()) : null, b.requiresGrad() ? a.transpose().matmul(g) : null
      };
    }
  }
}
