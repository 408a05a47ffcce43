package dev.nabla.nn;

/**
 * Scales the rate by a factor that moves linearly from {@code startFactor} to {@code endFactor}
 * over {@code totalIters} epochs and then stays: lr(t) = base·(s + (e − s)·min(t, T)/T), PyTorch's
 * {@code LinearLR}. With s &lt; 1 = e it is a linear warm-up.
 *
 * <pre>{@code
 * new LinearLR(opt, 0.1, 1.0, 5)       // warm-up: base·0.1, 0.28, 0.46, 0.64, 0.82, then base
 * LinearLR.warmup(opt, 5)              // the same
 * }</pre>
 */
public final class LinearLR extends LRScheduler {
  /** PyTorch's defaults: start 1/3, end 1, over 5 epochs. */
  public LinearLR(Optimizer optimizer) {
    this(optimizer, 1.0 / 3, 1.0, 5);
  }

  /**
   * @throws IllegalArgumentException unless 0 &lt; startFactor ≤ 1, 0 ≤ endFactor ≤ 1 and
   *     totalIters &gt; 0 (PyTorch's conditions)
   */
  public LinearLR(Optimizer optimizer, double startFactor, double endFactor, int totalIters) {
    super(optimizer, schedule(startFactor, endFactor, totalIters));
  }

  /** A linear warm-up from base·0.1 to base over {@code iters} epochs. */
  public static LinearLR warmup(Optimizer optimizer, int iters) {
    return new LinearLR(optimizer, 0.1, 1.0, iters);
  }

  private static Schedule schedule(double startFactor, double endFactor, int totalIters) {
    if (!(startFactor > 0 && startFactor <= 1))
      throw new IllegalArgumentException("LinearLR: startFactor must be in (0, 1], got " + startFactor);
    if (!(endFactor >= 0 && endFactor <= 1))
      throw new IllegalArgumentException("LinearLR: endFactor must be in [0, 1], got " + endFactor);
    if (totalIters <= 0) throw new IllegalArgumentException("LinearLR: totalIters must be positive, got " + totalIters);
    return (epoch, baseLr) -> baseLr * (startFactor + (endFactor - startFactor) * Math.min(epoch, totalIters) / totalIters);
  }
}
