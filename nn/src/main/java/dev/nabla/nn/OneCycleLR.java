package dev.nabla.nn;

/**
 * The 1cycle policy (Smith &amp; Topin), PyTorch's {@code OneCycleLR} with its formulas and
 * defaults: step it once per batch, {@code totalSteps} times in all. The rate rises from
 * initial = maxLr / divFactor to maxLr over the first {@code pctStart} of the steps, then anneals
 * to min = initial / finalDivFactor; momentum (SGD's μ, Adam's β₁) moves the opposite way between
 * maxMomentum and baseMomentum. With phase ends e₀ = pctStart·T − 1 and e₁ = T − 1 (T =
 * totalSteps), at step t in phase [s, e] the value is anneal(start, end, (t − s)/(e − s)), where
 * cosine anneal(a, b, p) = b + (a − b)/2·(cos(πp) + 1) and linear anneal(a, b, p) = (b − a)·p + a.
 * With {@link #threePhase} the rate goes up to maxLr until e₀, back to initial until 2·pctStart·T
 * − 2, then down to min. Defaults: pctStart 0.3, cosine, divFactor 25, finalDivFactor 1e4,
 * momentum cycled between 0.85 and 0.95. The optimizer's own rate is ignored, as in PyTorch.
 *
 * <pre>{@code
 * var opt = new SGD(model.parameters(), 0.1).momentum(0.9);
 * var sched = new OneCycleLR(opt, 0.1, epochs * loader.numBatches());
 * for (...) { opt.step(); sched.step(); }   // once per batch
 * }</pre>
 */
public final class OneCycleLR extends LRScheduler {
  /** How a phase moves from its start value to its end value. */
  public enum Anneal {
    /** b + (a − b)/2·(cos(πp) + 1). */
    COS,
    /** (b − a)·p + a. */
    LINEAR
  }

  /**
   * The policy's settings, an immutable value; the setters replace it. Phase i runs from
   * {@code points[i]} to {@code points[i+1]}.
   */
  private record Cycle(double maxLr, int totalSteps, double pctStart, Anneal anneal, double divFactor,
      double finalDivFactor, double baseMomentum, double maxMomentum, boolean cycleMomentum, boolean threePhase)
      implements Schedule {
    static Cycle of(double maxLr, int totalSteps) {
      if (!(maxLr >= 0) || Double.isInfinite(maxLr))
        throw new IllegalArgumentException("OneCycleLR: maxLr must be finite and >= 0, got " + maxLr);
      if (totalSteps <= 0) throw new IllegalArgumentException("OneCycleLR: totalSteps must be positive, got " + totalSteps);
      return new Cycle(maxLr, totalSteps, 0.3, Anneal.COS, 25, 1e4, 0.85, 0.95, true, false);
    }

    /**
     * The rate at {@code step}. Past the last step (step = totalSteps, reached by the step after
     * the last update, which PyTorch allows) linear annealing extrapolates below 0; PyTorch then
     * sets a negative rate, Nabla 0.
     */
    @Override
    public double lr(int step, double baseLr) {
      double initial = maxLr / divFactor, min = initial / finalDivFactor;
      return Math.max(0, value(step, threePhase ? new double[] {initial, maxLr, initial, min}
          : new double[] {initial, maxLr, min}));
    }

    double momentum(int step) {
      return value(step, threePhase ? new double[] {maxMomentum, baseMomentum, maxMomentum, maxMomentum}
          : new double[] {maxMomentum, baseMomentum, maxMomentum});
    }

    @Override
    public void applyExtras(Optimizer optimizer, int step) {
      if (cycleMomentum) setMomentum(optimizer, momentum(step));
    }

    /** The piecewise annealing through {@code points} (phase i goes from points[i] to points[i+1]). */
    private double value(int step, double[] points) {
      double[] ends = threePhase
          ? new double[] {pctStart * totalSteps - 1, 2 * pctStart * totalSteps - 2, totalSteps - 1}
          : new double[] {pctStart * totalSteps - 1, totalSteps - 1};
      double start = 0;
      for (int i = 0; i < ends.length; i++) {
        if (step <= ends[i] || i == ends.length - 1) {
          double pct = (step - start) / (ends[i] - start);
          double a = points[i], b = points[i + 1];
          return anneal == Anneal.COS ? b + (a - b) / 2.0 * (Math.cos(Math.PI * pct) + 1) : (b - a) * pct + a;
        }
        start = ends[i];
      }
      throw new AssertionError();
    }
  }

  private final double momentumBefore;

  /**
   * @throws IllegalArgumentException unless maxLr is finite and ≥ 0 and totalSteps &gt; 0; if the
   *     optimizer has no momentum to cycle (SGD and Adam/AdamW have)
   */
  public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps) {
    this(momentumOf(optimizer), optimizer, Cycle.of(maxLr, totalSteps));
  }

  /** {@code epochs·stepsPerEpoch} steps in all. */
  public OneCycleLR(Optimizer optimizer, double maxLr, int epochs, int stepsPerEpoch) {
    this(optimizer, maxLr, Math.multiplyExact(epochs, stepsPerEpoch));
  }

  private OneCycleLR(double momentumBefore, Optimizer optimizer, Cycle cycle) {
    super(optimizer, cycle);
    this.momentumBefore = momentumBefore;
  }

  private static double momentumOf(Optimizer optimizer) {
    if (java.util.Objects.requireNonNull(optimizer, "optimizer") instanceof SGD sgd) return sgd.options().momentum();
    if (optimizer instanceof Adam adam) return adam.options().beta1();
    throw new IllegalArgumentException("OneCycleLR: " + optimizer.getClass().getSimpleName()
        + " has no momentum to cycle (OneCycleLR drives SGD, Adam and AdamW)");
  }

  private static void setMomentum(Optimizer optimizer, double m) {
    if (optimizer instanceof SGD sgd) sgd.momentum(m);
    else if (optimizer instanceof Adam adam) adam.setOptions(adam.options().withBetas(m, adam.options().beta2()));
  }

  private Cycle cycle() {
    return (Cycle) schedule();
  }

  /** The fraction of steps spent raising the rate, in [0, 1] (default 0.3). */
  public OneCycleLR pctStart(double p) {
    if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("OneCycleLR: pctStart must be in [0, 1], got " + p);
    Cycle c = cycle();
    reschedule(new Cycle(c.maxLr, c.totalSteps, p, c.anneal, c.divFactor, c.finalDivFactor, c.baseMomentum,
        c.maxMomentum, c.cycleMomentum, c.threePhase));
    return this;
  }

  /** Cosine (default) or linear annealing. */
  public OneCycleLR anneal(Anneal a) {
    java.util.Objects.requireNonNull(a, "anneal");
    Cycle c = cycle();
    reschedule(new Cycle(c.maxLr, c.totalSteps, c.pctStart, a, c.divFactor, c.finalDivFactor, c.baseMomentum,
        c.maxMomentum, c.cycleMomentum, c.threePhase));
    return this;
  }

  /** initial = maxLr / d (default 25). */
  public OneCycleLR divFactor(double d) {
    requirePositive("divFactor", d);
    Cycle c = cycle();
    reschedule(new Cycle(c.maxLr, c.totalSteps, c.pctStart, c.anneal, d, c.finalDivFactor, c.baseMomentum,
        c.maxMomentum, c.cycleMomentum, c.threePhase));
    return this;
  }

  /** min = initial / d (default 1e4). */
  public OneCycleLR finalDivFactor(double d) {
    requirePositive("finalDivFactor", d);
    Cycle c = cycle();
    reschedule(new Cycle(c.maxLr, c.totalSteps, c.pctStart, c.anneal, c.divFactor, d, c.baseMomentum,
        c.maxMomentum, c.cycleMomentum, c.threePhase));
    return this;
  }

  /**
   * Whether momentum is cycled (default true); when false, the optimizer keeps (gets back) the
   * momentum it had when the scheduler was created.
   */
  public OneCycleLR cycleMomentum(boolean on) {
    if (!on) setMomentum(optimizer(), momentumBefore);
    Cycle c = cycle();
    reschedule(new Cycle(c.maxLr, c.totalSteps, c.pctStart, c.anneal, c.divFactor, c.finalDivFactor, c.baseMomentum,
        c.maxMomentum, on, c.threePhase));
    return this;
  }

  /** The momentum range (default 0.85 to 0.95): max while the rate is low, base while it is high. */
  public OneCycleLR momentumRange(double base, double max) {
    if (!(base >= 0 && base < 1) || !(max >= 0 && max < 1))
      throw new IllegalArgumentException("OneCycleLR: momenta must be in [0, 1), got " + base + ", " + max);
    Cycle c = cycle();
    reschedule(new Cycle(c.maxLr, c.totalSteps, c.pctStart, c.anneal, c.divFactor, c.finalDivFactor, base, max,
        c.cycleMomentum, c.threePhase));
    return this;
  }

  /** The three-phase variant (default off): up, back down to initial, then down to min. */
  public OneCycleLR threePhase(boolean on) {
    Cycle c = cycle();
    reschedule(new Cycle(c.maxLr, c.totalSteps, c.pctStart, c.anneal, c.divFactor, c.finalDivFactor, c.baseMomentum,
        c.maxMomentum, c.cycleMomentum, on));
    return this;
  }

  private static void requirePositive(String what, double v) {
    if (!(v > 0) || Double.isInfinite(v))
      throw new IllegalArgumentException("OneCycleLR: " + what + " must be finite and > 0, got " + v);
  }

  /** Advances one step; stepping past totalSteps is an error, as in PyTorch. */
  @Override
  public void step() {
    if (lastEpoch() + 1 > cycle().totalSteps)
      throw new IllegalStateException("OneCycleLR: tried to step " + (lastEpoch() + 1) + " times; totalSteps is "
          + cycle().totalSteps);
    super.step();
  }

  /** The momentum at {@code step}. */
  public double momentumAt(int step) {
    return cycle().momentum(step);
  }
}
