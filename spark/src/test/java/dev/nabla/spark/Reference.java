package dev.nabla.spark;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import dev.nabla.nn.Adam;
import dev.nabla.nn.DataLoader;
import dev.nabla.nn.Dropout;
import dev.nabla.nn.Linear;
import dev.nabla.nn.Losses;
import dev.nabla.nn.Module;
import dev.nabla.nn.Optimizer;
import dev.nabla.nn.Reduction;
import dev.nabla.nn.SGD;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.Tanh;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/** Shared fixtures: data, small models, and the plain single-machine training loop to compare with. */
final class Reference {
  private Reference() {}

  /** n examples, 5 features, 3 classes, from a fixed seed. */
  static List<Example> data(int n) {
    SplittableRandom r = new SplittableRandom(99);
    List<Example> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] x = new double[5];
      for (int j = 0; j < 5; j++) x[j] = r.nextGaussian();
      out.add(Example.of(x, (x[0] + x[1] * x[2] > 0 ? 1 : 0) + (x[3] > 0.5 ? 1 : 0)));
    }
    return out;
  }

  static SparkTrainer.ModelFactory<Sequential> mlp(DType dt, boolean dropout) {
    return () -> {
      SplittableRandom r = new SplittableRandom(3);
      return dropout
          ? new Sequential(new Linear(5, 8, r, dt), new Tanh(), new Dropout(0.3, 11L), new Linear(8, 3, r, dt))
          : new Sequential(new Linear(5, 8, r, dt), new Tanh(), new Linear(8, 3, r, dt));
    };
  }

  static final Function<List<Variable>, Optimizer> SGD_MOMENTUM = p -> new SGD(p, 0.1).momentum(0.9).weightDecay(1e-3);
  static final Function<List<Variable>, Optimizer> ADAM = p -> new Adam(p, 0.01);

  static SparkTrainer.LossFunction<Sequential> sumLoss() {
    return (m, b) -> Losses.crossEntropy(m.forward(b.input()), b.labels(), Reduction.SUM);
  }

  /**
   * The ordinary one-machine loop over the same global batches ({@link BatchPlan}), with the mean
   * loss over each whole batch and the same Dropout keys (global step, example index).
   */
  static Sequential trainOnOneMachine(SparkTrainer.ModelFactory<Sequential> factory,
      Function<List<Variable>, Optimizer> optimizer, List<Example> data, int batch, int epochs, long seed, DType dt) {
    Sequential model = factory.get();
    Optimizer opt = optimizer.apply(model.parameters());
    BatchPlan plan = new BatchPlan(data.size(), batch, seed);
    long global = 0;
    for (int e = 0; e < epochs; e++)
      for (int s = 0; s < plan.stepsPerEpoch(); s++, global++) {
        long[] idx = plan.batch(e, s);
        List<Example> rows = new ArrayList<>();
        for (long i : idx) rows.add(data.get((int) i));
        DataLoader.Batch b = Example.batch(rows, dt);
        Variable loss;
        try (Dropout.Keys k = Dropout.keys(global, idx)) {
          loss = Losses.crossEntropy(model.forward(b.input()), b.labels());
        }
        opt.zeroGrad();
        loss.backward();
        opt.step();
      }
    return model;
  }

  /** max |a − b| / max |b| over all parameters. */
  static double relativeError(Module a, Module b) {
    double num = 0, den = 0;
    List<Variable> pa = a.parameters(), pb = b.parameters();
    for (int i = 0; i < pa.size(); i++) {
      double[] x = pa.get(i).value().toDoubleArray(), y = pb.get(i).value().toDoubleArray();
      for (int j = 0; j < x.length; j++) {
        num = Math.max(num, Math.abs(x[j] - y[j]));
        den = Math.max(den, Math.abs(y[j]));
      }
    }
    return num / den;
  }

  static double[] flat(Module m) {
    List<Double> out = new ArrayList<>();
    for (Variable v : m.parameters()) for (double d : v.value().toDoubleArray()) out.add(d);
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /**
   * {@code data} split into partitions of the given sizes, in order (so {@code zipWithIndex} numbers
   * the examples as the list does).
   */
  static JavaRDD<Example> partitioned(JavaSparkContext jsc, List<Example> data, int... sizes) {
    int[] bounds = new int[sizes.length + 1];
    for (int i = 0; i < sizes.length; i++) bounds[i + 1] = bounds[i] + sizes[i];
    if (bounds[sizes.length] != data.size()) throw new IllegalArgumentException("sizes do not add up");
    List<Tuple2<Integer, Example>> keyed = new ArrayList<>();
    for (int i = 0; i < data.size(); i++) keyed.add(new Tuple2<>(i, data.get(i)));
    return JavaPairRDD.fromJavaRDD(jsc.parallelize(keyed, 2)).repartitionAndSortWithinPartitions(new Ranges(bounds))
        .values();
  }

  /** Contiguous key ranges [bounds[i], bounds[i+1]) → partition i. */
  static final class Ranges extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int[] bounds;

    Ranges(int[] bounds) {
      this.bounds = bounds;
    }

    @Override
    public int numPartitions() {
      return bounds.length - 1;
    }

    @Override
    public int getPartition(Object key) {
      int k = (Integer) key, p = 0;
      while (k >= bounds[p + 1]) p++;
      return p;
    }
  }

}
