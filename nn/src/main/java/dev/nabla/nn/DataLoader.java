package dev.nabla.nn;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.Tensor;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Mini-batches over a {@link Dataset}. Each iteration is one epoch: with {@link #shuffle} a new
 * permutation is drawn from the generator at the start of every epoch (Fisher–Yates), otherwise
 * samples come in order; the last, smaller batch is kept unless {@link #dropLast}.
 *
 * <pre>{@code
 * var loader = new DataLoader(train, 32).shuffle(new SplittableRandom(7)).dropLast(true);
 * for (int epoch = 0; epoch < 10; epoch++)
 *   for (DataLoader.Batch b : loader) {
 *     opt.zeroGrad();
 *     Losses.crossEntropy(model.forward(b.input()), b.labels()).backward();
 *     opt.step();
 *   }
 * }</pre>
 */
public final class DataLoader implements Iterable<DataLoader.Batch> {
  private final Dataset data;
  private final int batchSize;
  private RandomGenerator rng;
  private boolean dropLast;

  /** Batches of {@code batchSize} samples, in order, keeping the last partial batch. */
  public DataLoader(Dataset data, int batchSize) {
    Objects.requireNonNull(data, "data");
    if (batchSize <= 0) throw new IllegalArgumentException("DataLoader: batch size must be positive, got " + batchSize);
    this.data = data;
    this.batchSize = batchSize;
  }

  /** Reshuffles every epoch with {@code rng} (null: no shuffling). */
  public DataLoader shuffle(RandomGenerator rng) {
    this.rng = rng;
    return this;
  }

  /** Drops the last batch when it is smaller than the batch size. */
  public DataLoader dropLast(boolean on) {
    this.dropLast = on;
    return this;
  }

  /** The number of batches per epoch. */
  public int numBatches() {
    int n = data.size();
    return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
  }

  /** One batch: features [b, F] (or [b, C, H, W], …: the dataset's trailing dimensions) and labels (classification) or targets (regression). */
  public record Batch(Tensor features, int[] labels, Tensor targets) {
    /** The features as a constant Variable, ready for {@code model.forward}. */
    public Variable input() {
      return Variable.constant(features);
    }

    /** The number of samples. */
    public int size() {
      return features.shape().dim(0);
    }

    /** The labels as an INT32 tensor [b] (e.g. for {@code Metrics.accuracy}), or null for regression data. */
    public Tensor labelTensor() {
      return labels == null ? null : Tensor.of(labels);
    }
  }

  /** One epoch of batches. */
  @Override
  public Iterator<Batch> iterator() {
    int n = data.size();
    int[] order = rng != null ? Dataset.permutation(n, rng) : null;
    int batches = numBatches();
    int[] labels = data.labels(); // one copy per epoch
    return new Iterator<>() {
      int next = 0;

      @Override
      public boolean hasNext() {
        return next < batches;
      }

      @Override
      public Batch next() {
        if (!hasNext()) throw new NoSuchElementException();
        int start = next++ * batchSize, len = Math.min(batchSize, n - start);
        if (order == null) {
          Tensor f = data.features().narrow(0, start, len).contiguous();
          int[] l = null;
          if (labels != null) l = Arrays.copyOfRange(labels, start, start + len);
          Tensor t = data.targets() == null ? null : data.targets().narrow(0, start, len).contiguous();
          return new Batch(f, l, t);
        }
        Dataset d = data.subset(Arrays.copyOfRange(order, start, start + len));
        return new Batch(d.features(), d.labels(), d.targets());
      }
    };
  }
}
