package dev.nabla.nn;

import dev.nabla.autodiff.Variable;
import java.util.List;

/**
 * Adam with decoupled weight decay (Loshchilov &amp; Hutter), PyTorch's {@code torch.optim.AdamW}:
 * first θ ← θ·(1 − lr·λ), then the {@link Adam} update without any L2 term in the gradient.
 * Default λ = 0.01, as PyTorch.
 *
 * <pre>{@code
 * var opt = new AdamW(model.parameters(), 1e-3).weightDecay(0.05);
 * }</pre>
 */
public class AdamW extends Adam {
  /** AdamW with learning rate {@code lr}, weight decay 0.01 and Adam's other defaults. */
  public AdamW(List<Variable> params, double lr) {
    super("AdamW", params, lr, true);
    weightDecay(0.01);
  }

  @Override
  public AdamW betas(double b1, double b2) {
    super.betas(b1, b2);
    return this;
  }

  @Override
  public AdamW eps(double e) {
    super.eps(e);
    return this;
  }

  @Override
  public AdamW weightDecay(double lambda) {
    super.weightDecay(lambda);
    return this;
  }

  @Override
  public AdamW amsgrad() {
    super.amsgrad();
    return this;
  }

  @Override
  public AdamW amsgrad(boolean on) {
    super.amsgrad(on);
    return this;
  }

  @Override
  public AdamW flushDenormals(boolean on) {
    super.flushDenormals(on);
    return this;
  }

  @Override
  public AdamW setLr(double lr) {
    super.setLr(lr);
    return this;
  }
}
