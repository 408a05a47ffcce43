package dev.nabla.nn;

/**
 * Decays the rate by γ every epoch: lr(t) = base·γᵗ, PyTorch's {@code ExponentialLR}.
 *
 * <pre>{@code new ExponentialLR(opt, 0.9)   // base 0.1: 0.1, 0.09, 0.081, ...}</pre>
 */
public final class ExponentialLR extends LRScheduler {
  /** Decay factor {@code gamma} per epoch. */
  public ExponentialLR(Optimizer optimizer, double gamma) {
    super(optimizer, (epoch, baseLr) -> baseLr * Math.pow(gamma, epoch));
  }
}
