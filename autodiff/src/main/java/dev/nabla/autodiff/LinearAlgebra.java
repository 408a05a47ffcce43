package dev.nabla.autodiff;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.LinalgKernels;

/**
 * Dense linear algebra on square matrices [..., n, n] (every leading index is one matrix of a
 * batch): the primitives behind {@link Linalg}. Each backward is written with Variable ops,
 * including these primitives themselves, so grad of grad works. The family is sealed without a
 * {@code permits} list: its members are nested here.
 */
sealed interface LinearAlgebra extends Primitive {
  Solve SOLVE = new Solve();
  Inverse INVERSE = new Inverse();
  Cholesky CHOLESKY = new Cholesky();
  LogDet LOGDET = new LogDet();

  /**
   * X = A⁻¹·B for A [..., n, n] and B [..., n, k] (LU with partial pivoting; the vector form is
   * reshaped by {@link Linalg#solve}); ∂B = A⁻ᵀ·G = solve(Aᵀ, G), ∂A = −∂B·Xᵀ.
   */
  final class Solve implements LinearAlgebra {
    public String name() { return "solve"; }
    public Tensor forward(Tensor... x) { return LinalgKernels.solve("solve", x[0], x[1]); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) {
      Variable a = x[0], b = x[1];
      Variable gb = Linalg.solve(a.transpose(), g);
      return new Variable[] {a.requiresGrad() ? gb.matmul(y.transpose()).neg() : null, b.requiresGrad() ? gb : null};
    }
    @Override
    public boolean savesOutput() { return true; }
  }

  /** Y = A⁻¹ for A [..., n, n]; ∂A = −Yᵀ·G·Yᵀ. */
  final class Inverse implements LinearAlgebra {
    public String name() { return "inverse"; }
    public Tensor forward(Tensor... x) { return LinalgKernels.inverse("inverse", x[0]); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) {
      Variable yt = y.transpose();
      return new Variable[] {yt.matmul(g).matmul(yt).neg()};
    }
    @Override
    public boolean savesOutput() { return true; }
  }

  /**
   * L = cholesky(A), lower, with A = L·Lᵀ, for A [..., n, n] symmetric positive definite (only its
   * lower triangle is read). A is taken as symmetric, as PyTorch does, so the gradient is the
   * symmetric one (Murray 2016): with P = Lᵀ·G and Φ(P) its lower triangle with the diagonal
   * halved, S = ½(Φ + Φᵀ) and ∂A = L⁻ᵀ·S·L⁻¹ (two solves with Lᵀ). Along a symmetric direction
   * E = Eᵀ the derivative of ⟨G, L⟩ is ⟨∂A, E⟩.
   */
  final class Cholesky implements LinearAlgebra {
    public String name() { return "cholesky"; }
    public Tensor forward(Tensor... x) { return LinalgKernels.cholesky("cholesky", x[0]); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) {
      int n = y.shape().dim(-1);
      Variable lt = y.transpose();
      Variable phi = lt.matmul(g).mul(Variable.constant(lowerHalfDiagonal(n, y.dtype())));
      Variable s = phi.add(phi.transpose()).mul(0.5);
      Variable left = Linalg.solve(lt, s); // L⁻ᵀ·S
      return new Variable[] {Linalg.solve(lt, left.transpose()).transpose()}; // (L⁻ᵀ·(L⁻ᵀ·S)ᵀ)ᵀ = L⁻ᵀ·S·L⁻¹
    }
    @Override
    public boolean savesOutput() { return true; }

    /** The mask of Φ: 1 below the diagonal, ½ on it, 0 above. */
    private static Tensor lowerHalfDiagonal(int n, DType dtype) {
      double[] m = new double[n * n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < i; j++) m[i * n + j] = 1;
        m[i * n + i] = 0.5;
      }
      return Tensor.of(m, n, n).toType(dtype);
    }
  }

  /**
   * y = log det A for A [..., n, n], shape [...]. As PyTorch 1.13's {@code torch.logdet}: NaN where
   * det A &lt; 0 (with gradient 0 there, as PyTorch's), −∞ where det A = 0. ∂A = g·A⁻ᵀ (an
   * {@code inverse}, so backward refuses a singular A).
   */
  final class LogDet implements LinearAlgebra {
    public String name() { return "logdet"; }
    public Tensor forward(Tensor... x) { return LinalgKernels.logdet("logdet", x[0]); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) {
      Variable gm = g.unsqueeze(-1).unsqueeze(-1);
      Variable grad = Linalg.inverse(x[0]).transpose().mul(gm);
      Variable negative = y.ne(y); // NaN: det A < 0
      if (negative.value().sum().item() != 0)
        grad = Variable.where(negative.unsqueeze(-1).unsqueeze(-1), grad.mul(0.0), grad);
      return new Variable[] {grad};
    }
    @Override
    public boolean savesOutput() { return true; }
  }
}
