package dev.nabla.autodiff;

import dev.nabla.core.Tensor;

/**
 * A differentiable primitive: its forward call into core and its vector–Jacobian product.
 *
 * <p>{@link #vjp} receives g = ∂L/∂y and returns one gradient per input ({@code null} where none
 * flows, e.g. into a constant). Rules are written with {@link Variable} ops, so the same code
 * builds a differentiable graph when higher-order gradients are asked for and costs nothing extra
 * otherwise. A rule may return a gradient in the broadcast (output) shape: the engine sums it
 * down to the input's shape in one place. Every primitive has an entry in the op registry that
 * drives the gradient property tests.
 *
 * <p>Primitives come in families, one file each: a sealed interface whose members are the classes
 * nested in it (so it needs no {@code permits} list), e.g. {@link Pointwise} and {@link Reductions}.
 * A new primitive in a family needs no edit here; a new family is one more name below.
 */
sealed interface Primitive permits Pointwise, Reductions, Softmax, Movement, Products, Convolution, Normalization, LinearAlgebra,
    CustomPrimitive, Checkpoint.Recompute {

  /** The op's name, as used in error messages and graph dumps. */
  String name();

  /** y = f(x…) on values. Shapes are checked here (by core), while the graph is built. */
  Tensor forward(Tensor... x);

  /** ∂L/∂xᵢ for each input, given g = ∂L/∂y, the output y and the inputs x. */
  Variable[] vjp(Variable g, Variable y, Variable... x);

  /**
   * Whether {@link #vjp} reads the output y (e.g. exp: ∂x = g ⊙ y). The engine then refuses to
   * backward once y's value was changed in place after the op ran, as it does for every input.
   */
  default boolean savesOutput() {
    return false;
  }

  /** Whether {@link #vjp} is itself differentiable (grad of grad). */
  default boolean supportsGradGrad() {
    return true;
  }
}
