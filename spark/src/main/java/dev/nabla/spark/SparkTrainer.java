package dev.nabla.spark;

import dev.nabla.autodiff.Grad;
import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import dev.nabla.nn.DataLoader;
import dev.nabla.nn.Dropout;
import dev.nabla.nn.LRScheduler;
import dev.nabla.nn.Module;
import dev.nabla.nn.Optimizer;
import dev.nabla.spark.PartitionWork.Partial;
import dev.nabla.spark.PartitionWork.Shard;
import dev.nabla.spark.PartitionWork.StepTask;
import dev.nabla.spark.PartitionWork.Weights;
import java.io.PrintStream;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

/**
 * Synchronous data-parallel training on Spark that gives the numbers of one machine: every step is
 * one optimizer step on the mean gradient of one global batch, exactly as in the loop
 *
 * <pre>{@code
 * for each step: loss = lossFn(model, batch) / batch.size(); opt.zeroGrad(); loss.backward(); opt.step();
 * }</pre>
 *
 * <p>How a step runs: the driver broadcasts the parameters; every partition rebuilds the model
 * (from the factory, once per executor thread, then only copies the broadcast in), runs the loss —
 * which must be the <em>sum</em> over the examples — on its slice of the batch and backward, and
 * returns (Σ gradients, Σ loss, count). The driver collects these and adds them <em>in partition
 * order</em> (an ordered {@code collect}, not {@code treeAggregate}, whose combine order follows task
 * completion: ordered summation makes a run bit-reproducible, retries included), then sets
 * ∇ = Σ gradients / count on its own model and calls {@code beforeStep}, the optimizer's
 * {@code step()} and, once per epoch, the scheduler. Since ∇(Σᵢ ℓᵢ) = Σ over partitions of
 * ∇(Σ over the partition's ℓᵢ), this is the single-machine gradient up to floating-point
 * reassociation (≈ 1e-16 relative in FLOAT64).
 *
 * <p>Batch membership does not depend on partitioning: examples are numbered by
 * {@code zipWithIndex} and a {@link BatchPlan} assigns each to a (step, slot) per epoch. Dropout must
 * be keyed ({@link Dropout#Dropout(double, long)}): the trainer opens {@link Dropout#keys} with the
 * global step and the example indices, so every example gets the same mask on any number of
 * partitions. A {@link Dropout} drawing from a generator is refused, and so are modules with batch
 * statistics (any module whose class name starts with {@code BatchNorm}): their statistics would be
 * per partition, not over the global batch.
 *
 * <pre>{@code
 * SparkTrainer<Sequential> trainer = SparkTrainer.builder(
 *         () -> new Sequential(new Linear(64, 128, new SplittableRandom(7)), new ReLU(), new Linear(128, 10, ...)),
 *         params -> new SGD(params, 0.05).momentum(0.9),
 *         (model, b) -> Losses.crossEntropy(model.forward(b.input()), b.labels(), Reduction.SUM))
 *     .batchSize(32).epochs(30).seed(1).progress(SparkTrainer.console(System.out)).build();
 * Sequential model = trainer.fit(jsc.parallelize(Example.of(train), 2)).model();
 * }</pre>
 *
 * @param <M> the model type
 */
public final class SparkTrainer<M extends Module> {
  /** Builds the model, on the driver and on every executor; must give the same architecture each time. */
  @FunctionalInterface
  public interface ModelFactory<M extends Module> extends Supplier<M>, Serializable {}

  /**
   * The loss of a batch, <em>summed</em> over its examples (e.g. {@code Reduction.SUM}); it runs on
   * the executors. A per-batch term such as a regularization penalty does not belong here (it would
   * be added once per partition): use the optimizer's weight decay.
   */
  @FunctionalInterface
  public interface LossFunction<M extends Module> extends Serializable {
    /** The summed loss of {@code batch} under {@code model}, a scalar. */
    Variable apply(M model, DataLoader.Batch batch);
  }

  /**
   * Reported on the driver after every step.
   *
   * @param epoch 0-based epoch
   * @param epochs the number of epochs
   * @param step 0-based step within the epoch
   * @param stepsPerEpoch steps in an epoch
   * @param globalStep 0-based step counted over all epochs
   * @param loss the mean loss of this step's global batch
   * @param epochLoss the mean loss over the epoch so far
   * @param examples examples in this step's batch
   * @param stepNanos wall time of the step (broadcast, tasks, reduction, optimizer)
   */
  public record Progress(int epoch, int epochs, int step, int stepsPerEpoch, long globalStep, double loss,
      double epochLoss, int examples, long stepNanos) {}

  /**
   * The outcome of {@link #fit}.
   *
   * @param model the trained model (the driver's)
   * @param optimizer its optimizer, with its state
   * @param epochLoss the mean training loss of each epoch
   */
  public record Result<M extends Module>(M model, Optimizer optimizer, double[] epochLoss) {}

  private final ModelFactory<M> modelFactory;
  private final Function<List<Variable>, ? extends Optimizer> optimizerFactory;
  private final LossFunction<M> loss;
  private final int batchSize;
  private final int epochs;
  private final long seed;
  private final DType dtype;
  private final Consumer<Progress> progress;
  private final BiConsumer<M, Optimizer> beforeStep;
  private final Function<Optimizer, ? extends LRScheduler> scheduler;

  private SparkTrainer(Builder<M> b) {
    modelFactory = b.modelFactory;
    optimizerFactory = b.optimizerFactory;
    loss = b.loss;
    batchSize = b.batchSize;
    epochs = b.epochs;
    seed = b.seed;
    dtype = b.dtype;
    progress = b.progress;
    beforeStep = b.beforeStep;
    scheduler = b.scheduler;
  }

  /**
   * Starts a trainer.
   *
   * @param modelFactory builds the model (serializable: it also runs on the executors)
   * @param optimizerFactory builds the optimizer over the driver model's parameters, e.g.
   *     {@code params -> new Adam(params, 1e-3)}; runs on the driver only
   * @param loss the summed loss of a batch (serializable)
   */
  public static <M extends Module> Builder<M> builder(ModelFactory<M> modelFactory,
      Function<List<Variable>, ? extends Optimizer> optimizerFactory, LossFunction<M> loss) {
    return new Builder<>(modelFactory, optimizerFactory, loss);
  }

  /** Settings of a {@link SparkTrainer}; defaults: batch 32, 1 epoch, seed 0, the model's dtype, no progress. */
  public static final class Builder<M extends Module> {
    private final ModelFactory<M> modelFactory;
    private final Function<List<Variable>, ? extends Optimizer> optimizerFactory;
    private final LossFunction<M> loss;
    private int batchSize = 32;
    private int epochs = 1;
    private long seed;
    private DType dtype;
    private Consumer<Progress> progress = p -> {};
    private BiConsumer<M, Optimizer> beforeStep = (m, o) -> {};
    private Function<Optimizer, ? extends LRScheduler> scheduler;

    private Builder(ModelFactory<M> modelFactory, Function<List<Variable>, ? extends Optimizer> optimizerFactory,
        LossFunction<M> loss) {
      this.modelFactory = Objects.requireNonNull(modelFactory, "modelFactory");
      this.optimizerFactory = Objects.requireNonNull(optimizerFactory, "optimizerFactory");
      this.loss = Objects.requireNonNull(loss, "loss");
    }

    /** The global batch size B (over all partitions). */
    public Builder<M> batchSize(int b) {
      if (b <= 0) throw new IllegalArgumentException("SparkTrainer: batch size must be positive, got " + b);
      batchSize = b;
      return this;
    }

    /** The number of passes over the data. */
    public Builder<M> epochs(int n) {
      if (n <= 0) throw new IllegalArgumentException("SparkTrainer: epochs must be positive, got " + n);
      epochs = n;
      return this;
    }

    /** The seed of the per-epoch shuffle ({@link BatchPlan}). */
    public Builder<M> seed(long s) {
      seed = s;
      return this;
    }

    /** The dtype batches are built in; by default that of the model's first parameter. */
    public Builder<M> dtype(DType d) {
      dtype = Objects.requireNonNull(d, "dtype");
      return this;
    }

    /** Called on the driver after every step (see {@link SparkTrainer#console(PrintStream)}). */
    public Builder<M> progress(Consumer<Progress> p) {
      progress = Objects.requireNonNull(p, "progress");
      return this;
    }

    /** Called on the driver with the averaged gradients in place, just before each optimizer step (e.g. clipping). */
    public Builder<M> beforeStep(BiConsumer<M, Optimizer> hook) {
      beforeStep = Objects.requireNonNull(hook, "beforeStep");
      return this;
    }

    /** A learning-rate schedule over the optimizer, stepped once at the end of every epoch. */
    public Builder<M> scheduler(Function<Optimizer, ? extends LRScheduler> s) {
      scheduler = Objects.requireNonNull(s, "scheduler");
      return this;
    }

    /** The trainer. */
    public SparkTrainer<M> build() {
      return new SparkTrainer<>(this);
    }
  }

  /**
   * A compact progress printer: one line at the end of every epoch, plus one at most every two
   * seconds within an epoch, e.g. {@code epoch  3/30  step 45/45  loss 0.1032  21.4 ms/step}.
   */
  public static Consumer<Progress> console(PrintStream out) {
    Objects.requireNonNull(out, "out");
    long[] last = {System.nanoTime()};
    long[] nanos = {0};
    return p -> {
      nanos[0] += p.stepNanos();
      boolean end = p.step() == p.stepsPerEpoch() - 1;
      long now = System.nanoTime();
      if (end || now - last[0] > 2_000_000_000L) {
        last[0] = now;
        out.printf("epoch %2d/%d  step %d/%d  loss %.4f  %.1f ms/step%n", p.epoch() + 1, p.epochs(), p.step() + 1,
            p.stepsPerEpoch(), p.epochLoss(), nanos[0] / 1e6 / (p.step() + 1));
      }
      if (end) nanos[0] = 0;
    };
  }

  /** Trains a fresh model from the factory on {@code data}; see {@link #fit(JavaRDD, Module)}. */
  public Result<M> fit(JavaRDD<Example> data) {
    return fit(data, modelFactory.get());
  }

  /**
   * Trains {@code model} (which must have the factory's architecture; its values are the starting
   * point) on {@code data} and returns it. The data is numbered with {@code zipWithIndex} and cached
   * for the run, so its partition order must be deterministic.
   *
   * @throws IllegalArgumentException if the data is empty or smaller than a batch, the loss is not
   *     a scalar or not a sum over examples, the model holds a non-keyed Dropout or batch statistics,
   *     or the factory builds a different architecture
   */
  public Result<M> fit(JavaRDD<Example> data, M model) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(model, "model");
    refuseUnsupported(model, "model");
    List<Variable> params = model.parameters();
    DType dt = dtype != null ? dtype : params.isEmpty() ? DType.FLOAT32 : params.get(0).dtype();
    JavaPairRDD<Example, Long> indexed = data.zipWithIndex().persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long n = indexed.count();
      if (n == 0) throw new IllegalArgumentException("SparkTrainer.fit: the dataset is empty");
      if (batchSize > n)
        throw new IllegalArgumentException("SparkTrainer.fit: batch size " + batchSize + " is larger than the dataset ("
            + n + " examples)");
      checkLoss(model, indexed.keys().take(2), dt);
      return train(JavaSparkContext.fromSparkContext(data.context()), indexed, model, params, dt, new BatchPlan(n,
          batchSize, seed));
    } finally {
      indexed.unpersist(false);
    }
  }

  private Result<M> train(JavaSparkContext jsc, JavaPairRDD<Example, Long> indexed, M model, List<Variable> params,
      DType dt, BatchPlan plan) {
    Optimizer opt = optimizerFactory.apply(params);
    LRScheduler sched = scheduler == null ? null : scheduler.apply(opt);
    String run = UUID.randomUUID().toString();
    int steps = plan.stepsPerEpoch(), b = batchSize;
    double[] epochLoss = new double[epochs];
    long global = 0;
    for (int epoch = 0; epoch < epochs; epoch++) {
      Broadcast<int[]> positions = jsc.broadcast(plan.positions(epoch));
      JavaRDD<Shard> shards = indexed.mapPartitions(it -> List.of(Shard.of(it, positions.value(), b, steps))
          .iterator()).persist(StorageLevel.MEMORY_ONLY());
      double lossSum = 0;
      long seen = 0;
      try {
        for (int step = 0; step < steps; step++) {
          long t0 = System.nanoTime();
          Broadcast<Weights> weights = jsc.broadcast(Weights.of(params));
          List<Partial> parts;
          try {
            parts = shards.map(new StepTask<>(modelFactory, loss, run, step, global, weights, dt)).collect();
          } finally {
            weights.destroy(false);
          }
          Partial total = Partial.sumInOrder(parts, params);
          total.applyMean(params);
          beforeStep.accept(model, opt);
          opt.step();
          lossSum += total.loss();
          seen += total.count();
          progress.accept(new Progress(epoch, epochs, step, steps, global, total.loss() / total.count(),
              lossSum / seen, total.count(), System.nanoTime() - t0));
          global++;
        }
      } finally {
        shards.unpersist(false);
        positions.destroy(false);
      }
      epochLoss[epoch] = lossSum / seen;
      if (sched != null) sched.step();
    }
    return new Result<>(model, opt, epochLoss);
  }

  /** The loss must be a scalar and a sum over examples: L(a, b) = L(a) + L(b), checked on the driver in eval mode. */
  private void checkLoss(M model, List<Example> two, DType dt) {
    boolean wasTraining = model.isTraining();
    model.eval();
    try (Grad.Scope off = Grad.disabled()) {
      Variable both = loss.apply(model, Example.batch(two, dt));
      if (both == null) throw new IllegalArgumentException("SparkTrainer: the loss function returned null");
      if (both.size() != 1)
        throw new IllegalArgumentException("SparkTrainer: the loss function must return a scalar (the sum over the "
            + "batch), got shape " + both.shape() + " for a batch of " + two.size());
      if (two.size() < 2) return;
      double ab = both.item();
      double a = loss.apply(model, Example.batch(two.subList(0, 1), dt)).item();
      double c = loss.apply(model, Example.batch(two.subList(1, 2), dt)).item();
      double tol = (dt == DType.FLOAT64 ? 1e-9 : 1e-4) * (Math.abs(a) + Math.abs(c)) + 1e-12;
      if (!(Math.abs(ab - (a + c)) <= tol))
        throw new IllegalArgumentException(String.format("SparkTrainer: the loss must be the sum over the batch's "
            + "examples (Reduction.SUM), but loss(2 examples) = %.6g while their losses add up to %.6g (%s); a mean "
            + "reduction or a per-batch term such as a regularization penalty would be counted once per partition: "
            + "use Reduction.SUM and the optimizer's weight decay", ab, a + c,
            Math.abs(ab - (a + c) / 2) <= tol ? "it looks like a mean" : "neither sum nor mean"));
    } finally {
      model.train(wasTraining);
    }
  }

  static void refuseUnsupported(Module m, String name) {
    String cls = m.getClass().getSimpleName();
    if (cls.startsWith("BatchNorm"))
      throw new IllegalArgumentException("SparkTrainer: module " + name + " (" + cls + ") keeps batch statistics, "
          + "which would be computed per partition rather than over the global batch; data-parallel BatchNorm is "
          + "not supported (use LayerNorm, or train on one machine)");
    if (m instanceof Dropout d && !d.isKeyed())
      throw new IllegalArgumentException("SparkTrainer: module " + name + " is a Dropout drawing from a generator, "
          + "so its masks would depend on the partitioning; use keyed dropout, new Dropout(" + d.p() + ", seed)");
    m.children().forEach((k, c) -> refuseUnsupported(c, name + "." + k));
  }
}
