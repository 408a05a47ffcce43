package dev.nabla.nn;

import dev.nabla.autodiff.Variable;
import java.util.List;

/**
 * Adam with decoupled weight decay (Loshchilov &amp; Hutter), PyTorch's {@code torch.optim.AdamW}:
 * first θ ← θ·(1 − lr·λ), then the {@link Adam} update without any L2 term in the gradient. Its
 * {@link #DEFAULTS} are Adam's with λ = 0.01, as PyTorch's.
 *
 * <pre>{@code
 * var opt = new AdamW(model.parameters(), 1e-3, AdamW.DEFAULTS.withWeightDecay(0.05));
 * }</pre>
 */
public class AdamW extends Adam {
  /** PyTorch's AdamW defaults: {@link Adam#DEFAULTS} with weight decay λ = 0.01. */
  public static final Options DEFAULTS = Adam.DEFAULTS.withWeightDecay(0.01);

  /** AdamW with learning rate {@code lr} and PyTorch's defaults ({@link #DEFAULTS}: λ = 0.01). */
  public AdamW(List<Variable> params, double lr) {
    this(params, lr, DEFAULTS);
  }

  /** AdamW with learning rate {@code lr} and the given options (start from {@link #DEFAULTS}). */
  public AdamW(List<Variable> params, double lr, Options options) {
    super("AdamW", params, lr, options, true);
  }
}
