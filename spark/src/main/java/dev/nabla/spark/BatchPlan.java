package dev.nabla.spark;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * Which examples form which global batch, independently of how the data is partitioned. Examples
 * are numbered 0 … n−1 (Spark's {@code zipWithIndex}); epoch e shuffles them with a Fisher–Yates
 * permutation π<sub>e</sub> drawn from {@code new SplittableRandom(seed + e·0x9E3779B97F4A7C15)},
 * and the example at position k of π<sub>e</sub> goes to step ⌊k / B⌋, slot k mod B. The last batch
 * of an epoch may be smaller, as with {@link dev.nabla.nn.DataLoader}.
 *
 * <pre>{@code
 * var plan = new BatchPlan(1000, 64, 7);
 * plan.stepsPerEpoch();        // 16
 * long[] b = plan.batch(0, 3); // the example indices of epoch 0, step 3, by slot
 * }</pre>
 */
public final class BatchPlan implements Serializable {
  private static final long serialVersionUID = 1L;
  private final int size;
  private final int batchSize;
  private final long seed;

  /**
   * A plan for {@code size} examples in batches of {@code batchSize}.
   *
   * @throws IllegalArgumentException if there are no examples, the batch is not positive or is
   *     larger than the data, or there are more than {@code Integer.MAX_VALUE} examples
   */
  public BatchPlan(long size, int batchSize, long seed) {
    if (size <= 0) throw new IllegalArgumentException("BatchPlan: the dataset is empty");
    if (size > Integer.MAX_VALUE)
      throw new IllegalArgumentException("BatchPlan: " + size + " examples; at most " + Integer.MAX_VALUE + " supported");
    if (batchSize <= 0) throw new IllegalArgumentException("BatchPlan: batch size must be positive, got " + batchSize);
    if (batchSize > size)
      throw new IllegalArgumentException("BatchPlan: batch size " + batchSize + " is larger than the dataset ("
          + size + " examples)");
    this.size = (int) size;
    this.batchSize = batchSize;
    this.seed = seed;
  }

  /** The number of examples. */
  public int size() {
    return size;
  }

  /** The global batch size B. */
  public int batchSize() {
    return batchSize;
  }

  /** ⌈n / B⌉. */
  public int stepsPerEpoch() {
    return (size + batchSize - 1) / batchSize;
  }

  /** π<sub>e</sub>: position k → example index. */
  public int[] order(int epoch) {
    int[] p = new int[size];
    for (int i = 0; i < size; i++) p[i] = i;
    SplittableRandom r = new SplittableRandom(seed + epoch * 0x9E3779B97F4A7C15L);
    for (int i = size - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** π<sub>e</sub><sup>−1</sup>: example index → position k (step k / B, slot k mod B). */
  public int[] positions(int epoch) {
    int[] p = order(epoch), q = new int[size];
    for (int k = 0; k < size; k++) q[p[k]] = k;
    return q;
  }

  /** The example indices of {@code step} in {@code epoch}, by slot. */
  public long[] batch(int epoch, int step) {
    if (step < 0 || step >= stepsPerEpoch())
      throw new IllegalArgumentException("BatchPlan: step " + step + " out of range [0, " + stepsPerEpoch() + ")");
    int[] p = order(epoch);
    int from = step * batchSize, to = Math.min(size, from + batchSize);
    long[] out = new long[to - from];
    for (int k = from; k < to; k++) out[k - from] = p[k];
    return out;
  }
}
