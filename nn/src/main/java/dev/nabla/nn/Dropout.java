package dev.nabla.nn;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.Tensor;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Inverted dropout: in training mode each element is zeroed with probability p and the others
 * are scaled by 1/(1 − p), so the expected value is unchanged; in evaluation mode it is the
 * identity. p = 1 drops everything.
 *
 * <p>Two sources of randomness:
 * <ul>
 *   <li>{@link #Dropout(double, RandomGenerator)}: the mask comes from the given generator, one
 *       {@code nextDouble()} per element in row-major order (an element is dropped when the draw is
 *       below p), so a seeded generator gives a reproducible mask.
 *   <li>{@link #Dropout(double, long)}, <em>keyed</em>: the mask of row r is a pure function of
 *       (seed, step, example index of row r), where the step and the example index of every row are
 *       given by an enclosing {@link #keys(long, long[])} scope. The mask of an example then does not
 *       depend on which other examples share its batch or in what order, which is what lets
 *       data-parallel training (the {@code spark} module) give the same numbers on any number of
 *       workers as on one machine. Row r draws its elements, row-major, from
 *       {@code new SplittableRandom(mix(seed, step, index[r]))}.
 * </ul>
 *
 * <pre>{@code
 * var model = new Sequential(new Linear(4, 16, rng), new ReLU(), new Dropout(0.2, rng), new Linear(16, 3, rng));
 * model.eval();   // dropout off
 *
 * var keyed = new Sequential(new Linear(4, 16, rng), new ReLU(), new Dropout(0.2, 7L), new Linear(16, 3, rng));
 * try (Dropout.Keys k = Dropout.keys(step, exampleIndices)) {   // one index per row of the batch
 *   loss = Losses.crossEntropy(keyed.forward(x), labels);
 * }
 * }</pre>
 */
public final class Dropout extends Module {
  private static final ThreadLocal<Keys> CURRENT = new ThreadLocal<>();

  private final double p;
  private final RandomGenerator rng;
  private final long seed;

  /** Drops with probability {@code p} ∈ [0, 1], drawing from {@code rng}. */
  public Dropout(double p, RandomGenerator rng) {
    this(p, Objects.requireNonNull(rng, "rng"), 0);
  }

  /**
   * Keyed dropout with probability {@code p} ∈ [0, 1]: in training mode, the mask of each row is
   * determined by ({@code seed}, step, example index) from the enclosing {@link #keys(long, long[])}
   * scope, which must exist. Give two keyed layers of one model different seeds, or their masks
   * coincide.
   */
  public Dropout(double p, long seed) {
    this(p, null, seed);
  }

  private Dropout(double p, RandomGenerator rng, long seed) {
    if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("Dropout: probability must be in [0, 1], got " + p);
    this.p = p;
    this.rng = rng;
    this.seed = seed;
  }

  /**
   * The keys of the batch being computed on this thread: the training step and, for every row of
   * the batch, the index of its example in the whole dataset. Closing restores the enclosing scope.
   */
  public static final class Keys implements AutoCloseable {
    private final long step;
    private final long[] examples;
    private final Keys outer;
    private boolean closed;

    private Keys(long step, long[] examples, Keys outer) {
      this.step = step;
      this.examples = examples;
      this.outer = outer;
    }

    /** The training step. */
    public long step() {
      return step;
    }

    /** The number of rows these keys cover. */
    public int rows() {
      return examples.length;
    }

    @Override
    public void close() {
      if (closed) return;
      closed = true;
      if (outer == null) CURRENT.remove();
      else CURRENT.set(outer);
    }
  }

  /**
   * Opens a scope in which keyed {@link Dropout} layers on this thread use {@code step} and, for row
   * r of their input, the example index {@code exampleIndices[r]} (copied). Use with
   * try-with-resources.
   */
  public static Keys keys(long step, long[] exampleIndices) {
    Objects.requireNonNull(exampleIndices, "exampleIndices");
    Keys k = new Keys(step, exampleIndices.clone(), CURRENT.get());
    CURRENT.set(k);
    return k;
  }

  @Override
  public Variable forward(Variable x) {
    if (!isTraining() || p == 0) return x;
    double[] m = new double[x.size()];
    double scale = p == 1 ? 0 : 1 / (1 - p);
    if (rng != null) {
      for (int i = 0; i < m.length; i++) m[i] = rng.nextDouble() < p ? 0 : scale;
    } else {
      Keys k = CURRENT.get();
      if (k == null)
        throw new IllegalStateException("Dropout(p=" + p + ", seed=" + seed + "): keyed dropout on input " + x.shape()
            + " needs the step and example indices of its rows: wrap the forward pass in Dropout.keys(step, indices)");
      int rows = x.shape().rank() == 0 ? 1 : x.shape().dim(0);
      if (rows != k.examples.length)
        throw new IllegalArgumentException("Dropout(p=" + p + ", seed=" + seed + "): input " + x.shape() + " has "
            + rows + " rows but Dropout.keys gave " + k.examples.length + " example indices");
      int perRow = rows == 0 ? 0 : m.length / rows;
      for (int r = 0; r < rows; r++) {
        SplittableRandom g = new SplittableRandom(mix(mix(mix(seed) ^ k.step) ^ k.examples[r]));
        for (int j = r * perRow, end = j + perRow; j < end; j++) m[j] = g.nextDouble() < p ? 0 : scale;
      }
    }
    Tensor mask = Tensor.of(m).reshape(x.shape()).toType(x.dtype());
    return x.mul(Variable.constant(mask));
  }

  /** A 64-bit finalizer (Stafford's variant 13): every input bit affects every output bit. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** The drop probability. */
  public double p() {
    return p;
  }

  /** Whether the mask is keyed by (seed, step, example index) rather than drawn from a generator. */
  public boolean isKeyed() {
    return rng == null;
  }

  @Override
  protected String extraRepr() {
    return rng == null ? "p=" + p + ", keyed, seed=" + seed : "p=" + p;
  }
}
