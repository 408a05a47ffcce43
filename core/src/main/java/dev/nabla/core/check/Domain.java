package dev.nabla.core.check;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The values a generated tensor may hold: a closed range {@code [lo, hi]}, optionally minus a
 * neighbourhood of radius {@link #KINK_RADIUS} around each "kink" (points where an op is not
 * differentiable, such as 0 for relu and abs). Shrinking stays inside the domain.
 *
 * <pre>{@code
 * Domain.ANY                    // [-2, 2]
 * Domain.POSITIVE               // [0.1, 2], for log, sqrt, reciprocal
 * Domain.awayFrom(0)            // [-2, 2] without (-0.1, 0.1), for relu, abs
 * Domain.range(-5, 5).exceptNear(1, -1)
 * Domain.ANY.shiftedBy(1e4)     // [9998, 10002]: large logits with O(1) differences
 * }</pre>
 */
public final class Domain {
  /** Half-width of the excluded neighbourhood around each kink. */
  public static final double KINK_RADIUS = 0.1;

  /** Uniform in [-2, 2]. */
  public static final Domain ANY = range(-2, 2);
  /** Uniform in [0.1, 2]: safe for log, sqrt, reciprocal, pow with any exponent. */
  public static final Domain POSITIVE = range(0.1, 2);
  /** [-2, 2] with |x| &gt; 0.1: for relu, abs, sign. */
  public static final Domain AWAY_FROM_ZERO = awayFrom(0);
  /** (-0.9, 0.9): for functions with poles at ±1 (atanh-like) or small-argument checks. */
  public static final Domain UNIT = range(-0.9, 0.9);

  private final double lo, hi;
  private final double[] kinks;

  private Domain(double lo, double hi, double[] kinks) {
    if (!(lo <= hi) || !Double.isFinite(lo) || !Double.isFinite(hi))
      throw new IllegalArgumentException("Domain: need finite lo <= hi, got [" + lo + ", " + hi + "]");
    this.lo = lo;
    this.hi = hi;
    this.kinks = kinks;
  }

  /** Uniform values in {@code [lo, hi]}. */
  public static Domain range(double lo, double hi) {
    return new Domain(lo, hi, new double[0]);
  }

  /** {@link #ANY} without the points within {@link #KINK_RADIUS} of any of {@code kinks}. */
  public static Domain awayFrom(double... kinks) {
    Objects.requireNonNull(kinks, "kinks");
    return ANY.exceptNear(kinks);
  }

  /** This domain without the points within {@link #KINK_RADIUS} of any of {@code kinks}. */
  public Domain exceptNear(double... more) {
    Objects.requireNonNull(more, "more");
    double[] k = Arrays.copyOf(kinks, kinks.length + more.length);
    System.arraycopy(more, 0, k, kinks.length, more.length);
    return new Domain(lo, hi, k);
  }

  /**
   * This domain moved by {@code offset}: {@code [lo + offset, hi + offset]}, kinks moved with it. For
   * the ops that claim stability (softmax, logSumExp, cross-entropy) {@code ANY.shiftedBy(±1000)} gives
   * logits far beyond e^x's range whose differences, and so whose gradients, stay of order one.
   *
   * <pre>{@code Domain.ANY.shiftedBy(-1000)   // [-1002, -998]}</pre>
   */
  public Domain shiftedBy(double offset) {
    double[] k = kinks.clone();
    for (int i = 0; i < k.length; i++) k[i] += offset;
    return new Domain(lo + offset, hi + offset, k);
  }

  public double lo() {
    return lo;
  }

  public double hi() {
    return hi;
  }

  /** True when {@code x} lies in the range and away from every kink. */
  public boolean contains(double x) {
    if (!(x >= lo && x <= hi)) return false;
    for (double k : kinks) if (Math.abs(x - k) <= KINK_RADIUS) return false;
    return true;
  }

  /** One value, uniform over the domain (rejection sampling around kinks). */
  public double sample(SplittableRandom rng) {
    Objects.requireNonNull(rng, "rng");
    for (int attempt = 0; attempt < 1000; attempt++) {
      double x = lo + (hi - lo) * rng.nextDouble();
      if (contains(x)) return x;
    }
    throw new IllegalStateException("Domain: could not sample from " + this + " (kinks cover the range?)");
  }

  /**
   * The simplest value of the domain, the target of value shrinking: 0 if allowed, else the first
   * allowed of 1, -1, 0.5, -0.5, 2, -2, else the allowed end point nearest to 0.
   */
  public double simplest() {
    for (double c : new double[] {0, 1, -1, 0.5, -0.5, 2, -2}) if (contains(c)) return c;
    double best = Double.NaN;
    for (double c : new double[] {lo, hi, (lo + hi) / 2})
      if (contains(c) && (Double.isNaN(best) || Math.abs(c) < Math.abs(best))) best = c;
    return Double.isNaN(best) ? sampleMid() : best;
  }

  private double sampleMid() {
    return sample(new SplittableRandom(0));
  }

  @Override
  public String toString() {
    String r = "[" + lo + ", " + hi + "]";
    return kinks.length == 0 ? r : r + " away from " + Arrays.toString(kinks);
  }
}
