package dev.nabla.nn;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.List;
import java.util.Objects;

/**
 * Penalty terms on parameters, to add to a loss.
 *
 * <pre>{@code
 * Variable loss = Losses.mse(pred, y).add(Regularization.l2(model.parameters()).mul(lambda));
 * // ∂/∂θ of λ·l2 is λθ: the same update as new SGD(params, lr).weightDecay(lambda)
 * }</pre>
 */
public final class Regularization {
  private Regularization() {}

  /**
   * ½·Σθ² over every element of every given parameter, so that λ·l2 has gradient λθ (this is
   * what SGD's weight decay adds to the gradient). No parameters give a FLOAT32 zero.
   */
  public static Variable l2(List<Variable> params) {
    Objects.requireNonNull(params, "params");
    Variable s = sum("l2", params, true);
    return params.isEmpty() ? s : s.mul(0.5);
  }

  /** Σ|θ| over every element of every given parameter; its gradient at 0 is 0. */
  public static Variable l1(List<Variable> params) {
    Objects.requireNonNull(params, "params");
    return sum("l1", params, false);
  }

  private static Variable sum(String name, List<Variable> params, boolean square) {
    if (params.isEmpty()) return Variable.constant(Tensor.scalar(DType.FLOAT32, 0));
    DType t = params.get(0).dtype();
    Variable total = null;
    for (int i = 0; i < params.size(); i++) {
      Variable p = params.get(i);
      if (p.dtype() != t)
        throw new IllegalArgumentException("Regularization." + name + ": parameter " + i + " is " + p.dtype() + " "
            + p.shape() + " but parameter 0 is " + t + "; all parameters must share one dtype");
      Variable term = (square ? p.square() : p.abs()).sum();
      total = total == null ? term : total.add(term);
    }
    return total;
  }
}
