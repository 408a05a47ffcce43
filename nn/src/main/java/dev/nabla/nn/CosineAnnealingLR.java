package dev.nabla.nn;

/**
 * Cosine annealing from the base rate to η_min over T_max epochs, PyTorch's
 * {@code CosineAnnealingLR} (without restarts): lr(t) = η_min + (base − η_min)·(1 + cos(π·t/T_max))/2.
 * Past T_max the cosine continues, so the rate rises again (as PyTorch's does).
 *
 * <pre>{@code new CosineAnnealingLR(opt, 100, 1e-5)}</pre>
 */
public final class CosineAnnealingLR extends LRScheduler {
  /** η_min = 0. */
  public CosineAnnealingLR(Optimizer optimizer, int tMax) {
    this(optimizer, tMax, 0);
  }

  /** @throws IllegalArgumentException if {@code tMax} is not positive */
  public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
    super(optimizer, schedule(tMax, etaMin));
  }

  private static Schedule schedule(int tMax, double etaMin) {
    if (tMax <= 0) throw new IllegalArgumentException("CosineAnnealingLR: tMax must be positive, got " + tMax);
    return (epoch, baseLr) -> etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * epoch / tMax)) / 2;
  }
}
