package dev.nabla.nn;

import dev.nabla.autodiff.Variable;
import java.util.List;

/**
 * A group of an {@link Optimizer}'s parameters with its own learning rate and, optionally, its own
 * weight decay, like one entry of PyTorch's {@code optimizer.param_groups}. The first group holds
 * the parameters given to the optimizer's constructor; {@link Optimizer#addParamGroup} adds more.
 * A group's rate starts at the optimizer's rate when it is added (PyTorch's defaults); its weight
 * decay follows the optimizer's setting until {@link #weightDecay(double)} overrides it.
 * Schedulers drive every group's rate from the group's own base rate.
 *
 * <pre>{@code
 * var opt = new AdamW(backbone.parameters(), 1e-4, AdamW.DEFAULTS.withWeightDecay(0.05));
 * opt.addParamGroup(head.parameters()).setLr(1e-3).weightDecay(0);   // faster head, no decay
 * }</pre>
 */
public final class ParamGroup {
  private final String owner;
  private final List<Variable> params;
  private double lr;
  private Double weightDecay;

  ParamGroup(String owner, List<Variable> params, double lr) {
    this.owner = owner;
    this.params = List.copyOf(params);
    setLr(lr);
  }

  /** The group's parameters, in the order given. */
  public List<Variable> parameters() {
    return params;
  }

  /** The group's learning rate. */
  public double lr() {
    return lr;
  }

  /** Sets the group's learning rate (finite, ≥ 0); schedulers call this. */
  public ParamGroup setLr(double lr) {
    if (!(lr >= 0) || Double.isInfinite(lr))
      throw new IllegalArgumentException(owner + ": learning rate must be finite and >= 0, got " + lr);
    this.lr = lr;
    return this;
  }

  /** Overrides the optimizer's weight decay λ ≥ 0 for this group. */
  public ParamGroup weightDecay(double lambda) {
    if (!(lambda >= 0) || Double.isInfinite(lambda))
      throw new IllegalArgumentException(owner + ": weight decay must be finite and >= 0, got " + lambda);
    weightDecay = lambda;
    return this;
  }

  /** Whether this group overrides the optimizer's weight decay. */
  public boolean hasWeightDecay() {
    return weightDecay != null;
  }

  /** The group's weight decay, or {@code fallback} (the optimizer's) when not overridden. */
  public double weightDecayOr(double fallback) {
    return weightDecay != null ? weightDecay : fallback;
  }
}
