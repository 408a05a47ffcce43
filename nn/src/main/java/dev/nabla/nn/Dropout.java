package dev.nabla.nn;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.Tensor;
import java.util.random.RandomGenerator;

/**
 * Inverted dropout: in training mode each element is zeroed with probability p and the others
 * are scaled by 1/(1 − p), so the expected value is unchanged; in evaluation mode it is the
 * identity. The mask comes from the given generator, one {@code nextDouble()} per element in
 * row-major order (an element is dropped when the draw is below p), so a seeded generator gives
 * a reproducible mask. p = 1 drops everything.
 *
 * <pre>{@code
 * var model = new Sequential(new Linear(4, 16, rng), new ReLU(), new Dropout(0.2, rng), new Linear(16, 3, rng));
 * model.eval();   // dropout off
 * }</pre>
 */
public final class Dropout extends Module {
  private final double p;
  private final RandomGenerator rng;

  /** Drops with probability {@code p} ∈ [0, 1], drawing from {@code rng}. */
  public Dropout(double p, RandomGenerator rng) {
    if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("Dropout: probability must be in [0, 1], got " + p);
    this.p = p;
    this.rng = rng;
  }

  @Override
  public Variable forward(Variable x) {
    if (!isTraining() || p == 0) return x;
    double[] m = new double[x.size()];
    double scale = p == 1 ? 0 : 1 / (1 - p);
    for (int i = 0; i < m.length; i++) m[i] = rng.nextDouble() < p ? 0 : scale;
    Tensor mask = Tensor.of(m).reshape(x.shape()).toType(x.dtype());
    return x.mul(Variable.constant(mask));
  }

  /** The drop probability. */
  public double p() {
    return p;
  }

  @Override
  protected String extraRepr() {
    return "p=" + p;
  }
}
