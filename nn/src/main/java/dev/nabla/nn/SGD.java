package dev.nabla.nn;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.OptimizerKernels;
import java.util.List;
import java.util.Objects;

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
 * Regularization#l2}. Nesterov needs μ &gt; 0 and τ = 0 (as PyTorch requires). The
 * hyper-parameters other than the rate are an immutable {@link Options} value ({@link #DEFAULTS}
 * are PyTorch's: all 0, no Nesterov); the builder-style setters replace one of them.
 *
 * <pre>{@code
 * var opt = new SGD(model.parameters(), 0.01).momentum(0.9).nesterov(true).weightDecay(5e-4);
 * var same = new SGD(model.parameters(), 0.01, SGD.DEFAULTS.withMomentum(0.9).withNesterov(true).withWeightDecay(5e-4));
 * opt.zeroGrad(); loss.backward(); opt.step();
 * }</pre>
 */
public class SGD extends Optimizer {
  /** PyTorch's defaults: no momentum, no dampening, no Nesterov, no weight decay. */
  public static final Options DEFAULTS = new Options(0, 0, false, 0);

  /**
   * SGD's hyper-parameters, an immutable value: change one with a {@code with…} method, which
   * returns a new value. Whether Nesterov's conditions hold is checked at {@link Optimizer#step()}, so the
   * values may be set in any order.
   *
   * @param momentum μ ≥ 0
   * @param dampening τ, finite: the momentum buffer adds (1 − τ)·g after the first step
   * @param nesterov Nesterov momentum
   * @param weightDecay λ ≥ 0: adds λθ to the gradient; a {@link ParamGroup} may override it
   */
  public record Options(double momentum, double dampening, boolean nesterov, double weightDecay) {
    /** @throws IllegalArgumentException if a value is out of its range */
    public Options {
      requireNonNegative("SGD", "momentum", momentum);
      if (Double.isNaN(dampening) || Double.isInfinite(dampening))
        throw new IllegalArgumentException("SGD: dampening must be finite, got " + dampening);
      requireNonNegative("SGD", "weight decay", weightDecay);
    }

    /** These options with momentum μ ≥ 0. */
    public Options withMomentum(double momentum) {
      return new Options(momentum, dampening, nesterov, weightDecay);
    }

    /** These options with dampening τ. */
    public Options withDampening(double dampening) {
      return new Options(momentum, dampening, nesterov, weightDecay);
    }

    /** These options with Nesterov momentum on or off. */
    public Options withNesterov(boolean nesterov) {
      return new Options(momentum, dampening, nesterov, weightDecay);
    }

    /** These options with weight decay λ ≥ 0. */
    public Options withWeightDecay(double weightDecay) {
      return new Options(momentum, dampening, nesterov, weightDecay);
    }
  }

  private Options options;

  /** Plain SGD with learning rate {@code lr}; set the rest with the builder-style setters. */
  public SGD(List<Variable> params, double lr) {
    this(params, lr, DEFAULTS);
  }

  /** SGD with learning rate {@code lr} and the given options. */
  public SGD(List<Variable> params, double lr, Options options) {
    super("SGD", params, lr);
    this.options = Objects.requireNonNull(options, "options");
  }

  /** The current options. */
  public Options options() {
    return options;
  }

  /** Replaces the options between steps; the momentum buffers are kept. */
  public void setOptions(Options options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /** Momentum μ ≥ 0 (default 0). */
  public SGD momentum(double mu) {
    options = options.withMomentum(mu);
    return this;
  }

  /** Dampening τ (default 0): the momentum buffer adds (1 − τ)·g after the first step. */
  public SGD dampening(double tau) {
    options = options.withDampening(tau);
    return this;
  }

  /** Nesterov momentum on; the same as {@code nesterov(true)}. */
  public SGD nesterov() {
    return nesterov(true);
  }

  /** Nesterov momentum (default off). */
  public SGD nesterov(boolean on) {
    options = options.withNesterov(on);
    return this;
  }

  /** Weight decay λ ≥ 0 (default 0): adds λθ to the gradient; a {@link ParamGroup} may override it. */
  public SGD weightDecay(double lambda) {
    options = options.withWeightDecay(lambda);
    return this;
  }

  @Override
  protected void validate() {
    if (options.nesterov() && (options.momentum() <= 0 || options.dampening() != 0))
      throw new IllegalStateException("SGD: Nesterov momentum requires momentum > 0 and dampening = 0, got momentum "
          + options.momentum() + ", dampening " + options.dampening());
  }

  /**
   * PyTorch's rule, fused into at most two passes without temporaries: with g' = g + λθ,
   * b ← g' on the first step, else b ← μ·b + (1−τ)·g'; then θ ← θ − lr·(nesterov ? g' + μ·b : b)
   * (without momentum, θ ← θ − lr·g'). After the first step, momentum without Nesterov is one pass
   * ({@code OptimizerKernels.sgdMomentumInPlace}, the same bits as the two).
   */
  @Override
  protected void update(int i, Tensor theta, Tensor grad) {
    ParamGroup group = groupOf(i);
    double lr = group.lr(), wd = group.weightDecayOr(options.weightDecay()), mu = options.momentum();
    if (mu == 0) {
      OptimizerKernels.scaleAddInPlace(theta, 1 - lr * wd, grad, -lr, null, 0);
      return;
    }
    Tensor b = state(i, "momentum_buffer");
    if (b == null) {
      putState(i, "momentum_buffer", b = copyOf(grad));
      if (wd != 0) b.addScaledInPlace(theta, wd);
    } else if (!options.nesterov()) { // the common case, one pass: b and then θ, element by element
      OptimizerKernels.sgdMomentumInPlace(theta, b, grad, mu, 1 - options.dampening(), wd, lr);
      return;
    } else {
      double keep = 1 - options.dampening();
      OptimizerKernels.scaleAddInPlace(b, mu, grad, keep, wd != 0 ? theta : null, keep * wd);
    }
    if (options.nesterov()) OptimizerKernels.scaleAddInPlace(theta, 1 - lr * wd, grad, -lr, b, -lr * mu);
    else theta.addScaledInPlace(b, -lr);
  }

  @Override
  protected boolean stateKey(String key) {
    return key.equals("momentum_buffer");
  }
}
