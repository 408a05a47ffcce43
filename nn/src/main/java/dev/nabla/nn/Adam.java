package dev.nabla.nn;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.Tensor;
import java.util.List;

/**
 * Adam with PyTorch's exact update ({@code torch.optim.Adam}). For each parameter θ with gradient
 * g, at its step t (counted per parameter, from 1):
 *
 * <pre>
 * g ← g + λθ                                  (weight decay as an L2 term, if λ ≠ 0)
 * m ← β₁·m + (1 − β₁)·g
 * v ← β₂·v + (1 − β₂)·g²
 * v̂ ← amsgrad ? (vmax ← max(vmax, v)) : v
 * θ ← θ − (lr / (1 − β₁ᵗ)) · m / (√v̂ / √(1 − β₂ᵗ) + ε)
 * </pre>
 *
 * <p>Defaults as PyTorch: β = (0.9, 0.999), ε = 1e-8, λ = 0, no amsgrad. {@link AdamW} decouples
 * the weight decay instead.
 *
 * <pre>{@code
 * var opt = new Adam(model.parameters(), 1e-3).betas(0.9, 0.99).amsgrad(true);
 * }</pre>
 */
public class Adam extends Optimizer {
  private double beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weightDecay;
  private boolean amsgrad;
  private final boolean decoupled;

  /** Adam with learning rate {@code lr} and PyTorch's defaults. */
  public Adam(List<Variable> params, double lr) {
    this("Adam", params, lr, false);
  }

  Adam(String name, List<Variable> params, double lr, boolean decoupled) {
    super(name, params, lr);
    this.decoupled = decoupled;
  }

  /** The decay rates β₁, β₂ ∈ [0, 1). */
  public Adam betas(double b1, double b2) {
    if (!(b1 >= 0 && b1 < 1) || !(b2 >= 0 && b2 < 1))
      throw new IllegalArgumentException(name() + ": betas must be in [0, 1), got (" + b1 + ", " + b2 + ")");
    beta1 = b1;
    beta2 = b2;
    return this;
  }

  /** ε ≥ 0, added to the denominator (default 1e-8). */
  public Adam eps(double e) {
    requireNonNegative("eps", e);
    eps = e;
    return this;
  }

  /**
   * Weight decay λ ≥ 0 (Adam: added to the gradient as λθ; AdamW: θ ← θ·(1 − lr·λ)); a {@link
   * ParamGroup} may override it.
   */
  public Adam weightDecay(double lambda) {
    requireNonNegative("weight decay", lambda);
    weightDecay = lambda;
    return this;
  }

  /** The AMSGrad variant on; the same as {@code amsgrad(true)}. */
  public Adam amsgrad() {
    return amsgrad(true);
  }

  /** The AMSGrad variant: divide by the running maximum of v. */
  public Adam amsgrad(boolean on) {
    amsgrad = on;
    return this;
  }

  @Override
  public Adam setLr(double lr) {
    super.setLr(lr);
    return this;
  }

  @Override
  public Adam flushDenormals(boolean on) {
    super.flushDenormals(on);
    return this;
  }

  public double beta1() {
    return beta1;
  }

  public double beta2() {
    return beta2;
  }

  public double eps() {
    return eps;
  }

  public double weightDecay() {
    return weightDecay;
  }

  public boolean isAmsgrad() {
    return amsgrad;
  }

  @Override
  protected void update(int i, Tensor theta, Tensor grad) {
    Tensor m = state(i, "exp_avg"), v = state(i, "exp_avg_sq");
    if (m == null) {
      putState(i, "exp_avg", m = Tensor.zeros(theta.dtype(), theta.shape()));
      putState(i, "exp_avg_sq", v = Tensor.zeros(theta.dtype(), theta.shape()));
    }
    Tensor step = state(i, "step");
    double t = (step == null ? 0 : step.item()) + 1;
    putState(i, "step", Tensor.scalar(t));
    ParamGroup group = groupOf(i);
    double lr = group.lr(), wd = group.weightDecayOr(weightDecay);
    Tensor g = grad;
    if (wd != 0) {
      if (decoupled) theta.mulInPlace(1 - lr * wd);
      else g = g.add(theta.mul(wd));
    }
    m.mulInPlace(beta1).addScaledInPlace(g, 1 - beta1);
    v.mulInPlace(beta2).addScaledInPlace(g.square(), 1 - beta2);
    double bc1 = 1 - Math.pow(beta1, t), bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, t));
    Tensor second = v;
    if (amsgrad) {
      Tensor vmax = state(i, "max_exp_avg_sq");
      if (vmax == null) putState(i, "max_exp_avg_sq", vmax = Tensor.zeros(theta.dtype(), theta.shape()));
      vmax.copyInPlace(vmax.maximum(v));
      second = vmax;
    }
    Tensor denom = second.sqrt().div(bc2Sqrt).add(eps);
    theta.addScaledInPlace(m.div(denom), -lr / bc1);
  }

  @Override
  protected boolean stateKey(String key) {
    return switch (key) {
      case "step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq" -> true;
      default -> false;
    };
  }
}
