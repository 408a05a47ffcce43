package dev.nabla.nn;

/**
 * Decays the rate by γ every {@code stepSize} epochs: lr(t) = base·γ^⌊t / stepSize⌋, PyTorch's
 * {@code StepLR}.
 *
 * <pre>{@code new StepLR(opt, 3, 0.5)   // base 0.1: 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, ...}</pre>
 */
public final class StepLR extends LRScheduler {
  /** γ = 0.1, PyTorch's default. */
  public StepLR(Optimizer optimizer, int stepSize) {
    this(optimizer, stepSize, 0.1);
  }

  /** @throws IllegalArgumentException if {@code stepSize} is not positive */
  public StepLR(Optimizer optimizer, int stepSize, double gamma) {
    super(optimizer, schedule(stepSize, gamma));
  }

  private static Schedule schedule(int stepSize, double gamma) {
    if (stepSize <= 0) throw new IllegalArgumentException("StepLR: stepSize must be positive, got " + stepSize);
    return (epoch, baseLr) -> baseLr * Math.pow(gamma, epoch / stepSize);
  }
}
