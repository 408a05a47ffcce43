package dev.nabla.autodiff;

import dev.nabla.core.Tensor;
import dev.nabla.core.internal.LinalgKernels;
import java.util.Objects;

/**
 * Differentiable linear algebra on square matrices A [..., n, n]: {@link #solve}, {@link #cholesky},
 * {@link #inverse} and {@link #logdet}. Leading dimensions are a batch (one matrix per leading
 * index, not broadcast: A and B must have the same batch dimensions). Every op is a primitive with
 * its gradient written with Variable ops, so grad of grad works; the same ops on plain tensors
 * (no graph) are the {@code Tensor} overloads.
 *
 * <pre>{@code
 * Variable a = Variable.parameter(Tensor.of(new double[] {4, 1, 1, 3}, 2, 2));
 * Variable b = Variable.constant(Tensor.of(new double[] {1, 2}, 2));
 * Variable x = Linalg.solve(a, b);                  // [1/11, 7/11]: A·x = b
 * Linalg.logdet(a).backward();                      // a.grad() = A⁻ᵀ
 * Tensor l = Linalg.cholesky(a.value());            // [[2, 0], [0.5, 1.6583]]
 * }</pre>
 *
 * <p>Errors name the op and the shapes: {@code solve: A [2, 3] is not square: need [..., n, n]},
 * {@code solve: matrix [3, 3] is singular to working precision},
 * {@code cholesky: matrix [2, 2] is not positive definite (the leading minor of order 2 is not positive)}.
 */
public final class Linalg {
  private Linalg() {}

  /**
   * X with A·X = B, by LU with partial pivoting: A [..., n, n] and B [..., n, k] give X [..., n, k];
   * B [..., n] (a vector per matrix) gives X [..., n]. ∂B = solve(Aᵀ, G), ∂A = −∂B·Xᵀ (an outer
   * product for a vector B).
   *
   * <pre>{@code
   * Linalg.solve(a, b);   // a [3, 3], b [3, 2] -> [3, 2]; b [3] -> [3]
   * }</pre>
   *
   * @throws dev.nabla.core.ShapeMismatchException if A is not square or B does not match it
   * @throws IllegalArgumentException if a matrix of A is singular (a zero pivot)
   */
  public static Variable solve(Variable a, Variable b) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    if (LinalgKernels.checkSolve("solve", a.value(), b.value()))
      return Engine.apply(LinearAlgebra.SOLVE, a, b.unsqueeze(-1)).squeeze(-1);
    return Engine.apply(LinearAlgebra.SOLVE, a, b);
  }

  /** {@link #solve(Variable, Variable)} on tensors (no graph). */
  public static Tensor solve(Tensor a, Tensor b) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    if (LinalgKernels.checkSolve("solve", a, b)) return LinalgKernels.solve("solve", a, b.unsqueeze(-1)).squeeze(-1);
    return LinalgKernels.solve("solve", a, b);
  }

  /**
   * The lower Cholesky factor L [..., n, n] of a symmetric positive definite A [..., n, n]:
   * A = L·Lᵀ. Only A's lower triangle is read, and A is taken as symmetric, as in PyTorch: the
   * gradient is symmetric, ∂A = L⁻ᵀ·½(Φ + Φᵀ)·L⁻¹ with Φ the lower triangle of Lᵀ·G, its
   * diagonal halved.
   *
   * <pre>{@code
   * Linalg.cholesky(a);   // a = m·mᵀ + n·I, [n, n] -> lower [n, n]
   * }</pre>
   *
   * @throws IllegalArgumentException if a matrix of A is not positive definite
   */
  public static Variable cholesky(Variable a) {
    Objects.requireNonNull(a, "a");
    return Engine.apply(LinearAlgebra.CHOLESKY, a);
  }

  /** {@link #cholesky(Variable)} on a tensor (no graph). */
  public static Tensor cholesky(Tensor a) {
    return LinalgKernels.cholesky("cholesky", Objects.requireNonNull(a, "a"));
  }

  /**
   * A⁻¹ [..., n, n] for A [..., n, n], by LU with partial pivoting; ∂A = −A⁻ᵀ·G·A⁻ᵀ. To apply an
   * inverse to a matrix, {@link #solve} is cheaper and more accurate.
   *
   * <pre>{@code
   * Linalg.inverse(a).matmul(a);   // the identity, to rounding
   * }</pre>
   *
   * @throws IllegalArgumentException if a matrix of A is singular (a zero pivot)
   */
  public static Variable inverse(Variable a) {
    Objects.requireNonNull(a, "a");
    return Engine.apply(LinearAlgebra.INVERSE, a);
  }

  /** {@link #inverse(Variable)} on a tensor (no graph). */
  public static Tensor inverse(Tensor a) {
    return LinalgKernels.inverse("inverse", Objects.requireNonNull(a, "a"));
  }

  /**
   * log det A, shape [...] for A [..., n, n], from an LU factorization: Σ log |uᵢᵢ| where det A
   * &gt; 0. As PyTorch 1.13's {@code torch.logdet}: NaN where det A &lt; 0 (gradient 0 there) and
   * −∞ where det A = 0 (backward then refuses: A has no inverse). ∂A = g·A⁻ᵀ.
   *
   * <pre>{@code
   * Linalg.logdet(a);   // a [n, n] -> scalar []; for a symmetric positive definite a, 2·Σ log Lᵢᵢ
   * }</pre>
   */
  public static Variable logdet(Variable a) {
    Objects.requireNonNull(a, "a");
    return Engine.apply(LinearAlgebra.LOGDET, a);
  }

  /** {@link #logdet(Variable)} on a tensor (no graph). */
  public static Tensor logdet(Tensor a) {
    return LinalgKernels.logdet("logdet", Objects.requireNonNull(a, "a"));
  }
}
