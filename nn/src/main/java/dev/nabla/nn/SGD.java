package dev.nabla.nn;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.Tensor;
import java.util.List;

/**
 * Stochastic gradient descent with PyTorch's exact update ({@code torch.optim.SGD}). For each
 * parameter θ with gradient g, at step t:
 *
 * <pre>
 * g ← g + λθ                                   (weight decay λ, if λ ≠ 0)
 * if μ ≠ 0:  b ← g                   (t = 1)
 *            b ← μ·b + (1 − τ)·g     (t > 1)   (momentum μ, dampening τ)
 *            g ← nesterov ? g + μ·b : b
 * θ ← θ − lr·g
 * </pre>
 *
 * <p>With μ = 0 and weight decay λ, the update equals plain SGD on loss + λ·{@link
 * Regularization#l2}. Nesterov needs μ &gt; 0 and τ = 0 (as PyTorch requires).
 *
 * <pre>{@code
 * var opt = new SGD(model.parameters(), 0.01).momentum(0.9).nesterov(true).weightDecay(5e-4);
 * opt.zeroGrad(); loss.backward(); opt.step();
 * }</pre>
 */
public class SGD extends Optimizer {
  private double momentum, dampening, weightDecay;
  private boolean nesterov;

  /** Plain SGD with learning rate {@code lr}; set the rest with the builder-style setters. */
  public SGD(List<Variable> params, double lr) {
    super("SGD", params, lr);
  }

  /** Momentum μ ≥ 0 (default 0). */
  public SGD momentum(double mu) {
    requireNonNegative("momentum", mu);
    momentum = mu;
    return this;
  }

  /** Dampening τ (default 0): the momentum buffer adds (1 − τ)·g after the first step. */
  public SGD dampening(double tau) {
    if (Double.isNaN(tau) || Double.isInfinite(tau))
      throw new IllegalArgumentException("SGD: dampening must be finite, got " + tau);
    dampening = tau;
    return this;
  }

  /** Nesterov momentum on; the same as {@code nesterov(true)}. */
  public SGD nesterov() {
    return nesterov(true);
  }

  /** Nesterov momentum (default off). */
  public SGD nesterov(boolean on) {
    nesterov = on;
    return this;
  }

  /** Weight decay λ ≥ 0 (default 0): adds λθ to the gradient; a {@link ParamGroup} may override it. */
  public SGD weightDecay(double lambda) {
    requireNonNegative("weight decay", lambda);
    weightDecay = lambda;
    return this;
  }

  @Override
  public SGD setLr(double lr) {
    super.setLr(lr);
    return this;
  }

  @Override
  public SGD flushDenormals(boolean on) {
    super.flushDenormals(on);
    return this;
  }

  public double momentum() {
    return momentum;
  }

  public double dampening() {
    return dampening;
  }

  public boolean isNesterov() {
    return nesterov;
  }

  public double weightDecay() {
    return weightDecay;
  }

  @Override
  protected void validate() {
    if (nesterov && (momentum <= 0 || dampening != 0))
      throw new IllegalStateException("SGD: Nesterov momentum requires momentum > 0 and dampening = 0, got momentum "
          + momentum + ", dampening " + dampening);
  }

  /**
   * PyTorch's rule, fused into at most two passes without temporaries: with g' = g + λθ,
   * b ← g' on the first step, else b ← μ·b + (1−τ)·g'; then θ ← θ − lr·(nesterov ? g' + μ·b : b)
   * (without momentum, θ ← θ − lr·g').
   */
  @Override
  protected void update(int i, Tensor theta, Tensor grad) {
    ParamGroup group = groupOf(i);
    double lr = group.lr(), wd = group.weightDecayOr(weightDecay);
    if (momentum == 0) {
      dev.nabla.core.internal.OptimizerKernels.scaleAddInPlace(theta, 1 - lr * wd, grad, -lr, null, 0);
      return;
    }
    Tensor b = state(i, "momentum_buffer");
    if (b == null) {
      putState(i, "momentum_buffer", b = copyOf(grad));
      if (wd != 0) b.addScaledInPlace(theta, wd);
    } else {
      dev.nabla.core.internal.OptimizerKernels.scaleAddInPlace(b, momentum, grad, 1 - dampening,
          wd != 0 ? theta : null, (1 - dampening) * wd);
    }
    if (nesterov)
      dev.nabla.core.internal.OptimizerKernels.scaleAddInPlace(theta, 1 - lr * wd, grad, -lr, b, -lr * momentum);
    else theta.addScaledInPlace(b, -lr);
  }

  @Override
  protected boolean stateKey(String key) {
    return key.equals("momentum_buffer");
  }
}
