package dev.nabla.spark;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import dev.nabla.nn.DataLoader;
import dev.nabla.nn.Linear;
import dev.nabla.nn.Losses;
import dev.nabla.nn.Optimizer;
import dev.nabla.nn.ReLU;
import dev.nabla.nn.Reduction;
import dev.nabla.nn.SGD;
import dev.nabla.nn.Sequential;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Timed harness (not a unit test) for the README's "Scale out" figures; run with the test class
 * path and {@code -Dnabla.threads=1}, e.g. {@code java … dev.nabla.spark.ScaleOutHarness overhead}.
 * <ul>
 *   <li>{@code overhead}: median step time on {@code local[2]} (two partitions, one example each)
 *       for a Linear layer of 10 k, 1 M and 10 M parameters, against the same forward/backward
 *       and optimizer step on one machine; the difference is the broadcast + aggregate overhead.
 *   <li>{@code scaling}: median step time of an MLP 784-1024-1024-10, global batch 512 (or
 *       {@code -Dscaleout.batch=N}), on
 *       {@code local[1]} and {@code local[2]} (two partitions), and on one machine.
 * </ul>
 */
public final class ScaleOutHarness {
  private ScaleOutHarness() {}

  public static void main(String[] args) {
    String what = args.length > 0 ? args[0] : "overhead";
    if (what.equals("overhead")) overhead();
    else scaling();
  }

  private static JavaSparkContext spark(String master) {
    JavaSparkContext jsc = new JavaSparkContext(new SparkConf().setMaster(master).setAppName("ScaleOutHarness")
        .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1"));
    jsc.setLogLevel("ERROR");
    return jsc;
  }

  private static List<Example> data(int n, int features, int classes) {
    SplittableRandom r = new SplittableRandom(1);
    List<Example> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] x = new double[features];
      for (int j = 0; j < features; j++) x[j] = r.nextGaussian();
      out.add(Example.of(x, r.nextInt(classes)));
    }
    return out;
  }

  private static final Function<List<Variable>, Optimizer> SGD_M = p -> new SGD(p, 0.01).momentum(0.9);
  private static final SparkTrainer.LossFunction<Sequential> LOSS = (m, b) -> Losses.crossEntropy(
      m.forward(b.input()), b.labels(), Reduction.SUM);

  /** Median step time (ms) on Spark over {@code steps} steps after the first epoch's warm-up steps. */
  private static double sparkStep(JavaSparkContext jsc, SparkTrainer.ModelFactory<Sequential> f, List<Example> d,
      int partitions, int batch, int epochs) {
    List<Double> ms = new ArrayList<>();
    SparkTrainer.builder(f, SGD_M, LOSS).batchSize(batch).epochs(epochs).progress(p -> {
      if (p.epoch() > 0) ms.add(p.stepNanos() / 1e6);
    }).build().fit(jsc.parallelize(d, partitions));
    return median(ms);
  }

  /** Median step time (ms) of the plain loop on one machine: forward, backward, optimizer step. */
  private static double localStep(SparkTrainer.ModelFactory<Sequential> f, List<Example> d, int batch, int steps) {
    Sequential m = f.get();
    Optimizer opt = SGD_M.apply(m.parameters());
    DataLoader.Batch b = Example.batch(d.subList(0, batch), DType.FLOAT32);
    List<Double> ms = new ArrayList<>();
    for (int i = 0; i < steps + 3; i++) {
      long t0 = System.nanoTime();
      Variable l = Losses.crossEntropy(m.forward(b.input()), b.labels());
      opt.zeroGrad();
      l.backward();
      opt.step();
      if (i >= 3) ms.add((System.nanoTime() - t0) / 1e6);
    }
    return median(ms);
  }

  private static double median(List<Double> xs) {
    double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(a);
    return a.length == 0 ? Double.NaN : a[a.length / 2];
  }

  static void overhead() {
    List<Example> d = data(20, 1000, 10);
    int[] outs = {10, 1000, 10000};
    try (JavaSparkContext jsc = spark("local[2]")) {
      for (int out : outs) {
        SparkTrainer.ModelFactory<Sequential> f = () -> new Sequential(new Linear(1000, out, new SplittableRandom(1)));
        long params = f.get().parameterCount();
        double spark = sparkStep(jsc, f, d, 2, 2, 2); // batch 2 over 2 partitions: 10 steps an epoch
        double local = localStep(f, d, 1, 10);
        System.out.printf("overhead: %,d parameters: local[2] step %.1f ms, one-machine step (1 example) %.1f ms, "
            + "broadcast + aggregate ≈ %.1f ms%n", params, spark, local, spark - local);
      }
    }
  }

  static void scaling() {
    int batch = Integer.getInteger("scaleout.batch", 512);
    List<Example> d = data(batch * 4, 784, 10);
    SparkTrainer.ModelFactory<Sequential> f = () -> {
      SplittableRandom r = new SplittableRandom(1);
      return new Sequential(new Linear(784, 1024, r), new ReLU(), new Linear(1024, 1024, r), new ReLU(),
          new Linear(1024, 10, r));
    };
    System.out.printf("scaling: MLP 784-1024-1024-10 (%,d parameters), global batch %d, nabla.threads=%s%n",
        f.get().parameterCount(), batch, System.getProperty("nabla.threads", "all"));
    System.out.printf("scaling: one machine: %.1f ms/step%n", localStep(f, d, batch, 8));
    for (String master : new String[] {"local[1]", "local[2]"})
      try (JavaSparkContext jsc = spark(master)) {
        System.out.printf("scaling: %s, 2 partitions: %.1f ms/step%n", master, sparkStep(jsc, f, d, 2, batch, 3));
      }
  }
}
