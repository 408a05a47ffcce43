package dev.nabla.nn;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.OptimizerKernels;
import java.util.List;
import java.util.Objects;

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
 * <p>The hyper-parameters other than the rate are an immutable {@link Options} value; {@link
 * #DEFAULTS} are PyTorch's: β = (0.9, 0.999), ε = 1e-8, λ = 0, no amsgrad. {@link AdamW}
 * decouples the weight decay instead.
 *
 * <pre>{@code
 * var opt = new Adam(model.parameters(), 1e-3, Adam.DEFAULTS.withBetas(0.9, 0.99).withAmsgrad(true));
 * }</pre>
 */
public class Adam extends Optimizer {
  /** PyTorch's defaults: β = (0.9, 0.999), ε = 1e-8, no weight decay, no amsgrad. */
  public static final Options DEFAULTS = new Options(0.9, 0.999, 1e-8, 0, false);

  /**
   * Adam's hyper-parameters, an immutable value: change one with a {@code with…} method, which
   * returns a new value.
   *
   * <pre>{@code Adam.Options o = Adam.DEFAULTS.withEps(1e-6).withWeightDecay(1e-4);}</pre>
   *
   * @param beta1 decay rate of the first moment m, in [0, 1)
   * @param beta2 decay rate of the second moment v, in [0, 1)
   * @param eps ε ≥ 0, added to the denominator
   * @param weightDecay λ ≥ 0 (Adam: λθ is added to the gradient; AdamW: θ ← θ·(1 − lr·λ)); a
   *     {@link ParamGroup} may override it
   * @param amsgrad the AMSGrad variant: divide by the running maximum of v
   */
  public record Options(double beta1, double beta2, double eps, double weightDecay, boolean amsgrad) {
    /** @throws IllegalArgumentException if a value is out of its range */
    public Options {
      if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1))
        throw new IllegalArgumentException("Adam: betas must be in [0, 1), got (" + beta1 + ", " + beta2 + ")");
      requireNonNegative("Adam", "eps", eps);
      requireNonNegative("Adam", "weight decay", weightDecay);
    }

    /** These options with the decay rates β₁, β₂ ∈ [0, 1). */
    public Options withBetas(double beta1, double beta2) {
      return new Options(beta1, beta2, eps, weightDecay, amsgrad);
    }

    /** These options with ε ≥ 0. */
    public Options withEps(double eps) {
      return new Options(beta1, beta2, eps, weightDecay, amsgrad);
    }

    /** These options with weight decay λ ≥ 0. */
    public Options withWeightDecay(double weightDecay) {
      return new Options(beta1, beta2, eps, weightDecay, amsgrad);
    }

    /** These options with the AMSGrad variant on or off. */
    public Options withAmsgrad(boolean amsgrad) {
      return new Options(beta1, beta2, eps, weightDecay, amsgrad);
    }
  }

  private Options options;
  private final boolean decoupled;

  /** Adam with learning rate {@code lr} and PyTorch's defaults ({@link #DEFAULTS}). */
  public Adam(List<Variable> params, double lr) {
    this(params, lr, DEFAULTS);
  }

  /** Adam with learning rate {@code lr} and the given options. */
  public Adam(List<Variable> params, double lr, Options options) {
    this("Adam", params, lr, options, false);
  }

  Adam(String name, List<Variable> params, double lr, Options options, boolean decoupled) {
    super(name, params, lr);
    this.options = Objects.requireNonNull(options, "options");
    this.decoupled = decoupled;
  }

  /** The current options. */
  public Options options() {
    return options;
  }

  /**
   * Replaces the options between steps (as {@link OneCycleLR} does with β₁); the state buffers
   * are kept.
   *
   * <pre>{@code adam.setOptions(adam.options().withEps(1e-6));}</pre>
   */
  public void setOptions(Options options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  @Override
  protected void update(int i, Tensor theta, Tensor grad) {
    Tensor m = state(i, "exp_avg"), v = state(i, "exp_avg_sq"), vmax = null;
    if (m == null) {
      putState(i, "exp_avg", m = Tensor.zeros(theta.dtype(), theta.shape()));
      putState(i, "exp_avg_sq", v = Tensor.zeros(theta.dtype(), theta.shape()));
    }
    if (options.amsgrad()) {
      vmax = state(i, "max_exp_avg_sq");
      if (vmax == null) putState(i, "max_exp_avg_sq", vmax = Tensor.zeros(theta.dtype(), theta.shape()));
    }
    Tensor step = state(i, "step");
    long t = (step == null ? 0 : (long) step.item()) + 1;
    putState(i, "step", Tensor.scalar(t));
    ParamGroup group = groupOf(i);
    OptimizerKernels.adamStep(theta, grad, m, v, vmax, t, group.lr(), options.beta1(), options.beta2(), options.eps(),
        group.weightDecayOr(options.weightDecay()), decoupled);
  }

  @Override
  protected boolean stateKey(String key) {
    return switch (key) {
      case "step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq" -> true;
      default -> false;
    };
  }
}
