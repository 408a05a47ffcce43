package dev.nabla.spark.examples;

import dev.nabla.autodiff.Grad;
import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.nn.DataLoader;
import dev.nabla.nn.Dataset;
import dev.nabla.nn.Linear;
import dev.nabla.nn.Losses;
import dev.nabla.nn.Optimizer;
import dev.nabla.nn.ReLU;
import dev.nabla.nn.Reduction;
import dev.nabla.nn.SGD;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.Standardizer;
import dev.nabla.spark.BatchPlan;
import dev.nabla.spark.Example;
import dev.nabla.spark.SparkTrainer;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The flagship digits MLP (64 → 128 → 10, ReLU; SGD with momentum 0.9, weight decay 1e-4, batch
 * 32) trained data-parallel on an embedded Spark ({@code local[2]}, two partitions), then the same
 * training on one machine with the plain loop over the same batches, to show the two agree.
 * The data is the examples module's {@code digits.csv.gz}, split 80/20 with seed 42 and
 * standardized with the training statistics, as in the {@code digits} example.
 */
public final class SparkDigits {
  private static final int EPOCHS = 10, BATCH = 32;
  private static final long SEED = 1;

  private SparkDigits() {}

  /** {@code args[0]}: the Spark master, {@code local[2]} by default. */
  public static void main(String[] args) throws IOException {
    String master = args.length > 0 ? args[0] : "local[2]";
    Dataset.Split split = load().split(0.2, 42);
    Standardizer std = Standardizer.fit(split.train().features());
    Dataset train = split.train().withFeatures(std.transform(split.train().features()));
    Dataset test = split.test().withFeatures(std.transform(split.test().features()));
    List<Example> examples = Example.of(train);

    SparkTrainer.ModelFactory<Sequential> mlp = () -> {
      SplittableRandom rng = new SplittableRandom(7);
      return new Sequential(new Linear(64, 128, rng), new ReLU(), new Linear(128, 10, rng));
    };
    Function<List<Variable>, Optimizer> sgd = p -> new SGD(p, 0.05).momentum(0.9).weightDecay(1e-4);
    SparkTrainer.LossFunction<Sequential> loss = (m, b) -> Losses.crossEntropy(m.forward(b.input()), b.labels(),
        Reduction.SUM);

    System.out.printf("spark-digits: %d train / %d test images on Spark %s, 2 partitions; MLP 64-128-10%n",
        train.size(), test.size(), master);
    Sequential distributed;
    SparkConf conf = new SparkConf().setMaster(master).setAppName("spark-digits");
    if (master.startsWith("local")) conf.set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1");
    try (JavaSparkContext jsc = new JavaSparkContext(conf)) {
      jsc.setLogLevel("WARN");
      long t0 = System.nanoTime();
      distributed = SparkTrainer.builder(mlp, sgd, loss).batchSize(BATCH).epochs(EPOCHS).seed(SEED)
          .progress(SparkTrainer.console(System.out)).build().fit(jsc.parallelize(examples, 2)).model();
      System.out.printf("trained on Spark in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }
    double accuracy = accuracy(distributed, test);
    System.out.printf("test accuracy: %.4f%n", accuracy);

    Sequential local = trainOnOneMachine(mlp.get(), sgd, examples);
    double diff = maxRelativeDifference(distributed, local), localAccuracy = accuracy(local, test);
    System.out.printf("one machine, same batches: test accuracy %.4f; largest parameter difference %.2e of the "
        + "largest parameter (FLOAT32 rounding)%n", localAccuracy, diff);
    System.out.println(diff < 1e-4 && accuracy == localAccuracy ? "matches one machine" : "DOES NOT match one machine");
  }

  /** The digits as packaged in the examples module. */
  static Dataset load() throws IOException {
    InputStream raw = SparkDigits.class.getResourceAsStream("/digits.csv.gz");
    if (raw == null) throw new IOException("digits.csv.gz is not on the class path (spark-examples.jar packs it; run the example from that jar)");
    try (Reader in = new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8)) {
      return Dataset.readCsv(in, "digits.csv.gz", DType.FLOAT32);
    }
  }

  /** The plain loop: mean loss over each whole batch of the same {@link BatchPlan}, one step each. */
  static Sequential trainOnOneMachine(Sequential model, Function<List<Variable>, Optimizer> optimizer,
      List<Example> data) {
    Optimizer opt = optimizer.apply(model.parameters());
    BatchPlan plan = new BatchPlan(data.size(), BATCH, SEED);
    for (int e = 0; e < EPOCHS; e++)
      for (int s = 0; s < plan.stepsPerEpoch(); s++) {
        List<Example> rows = new ArrayList<>();
        for (long i : plan.batch(e, s)) rows.add(data.get((int) i));
        DataLoader.Batch b = Example.batch(rows, DType.FLOAT32);
        Variable l = Losses.crossEntropy(model.forward(b.input()), b.labels());
        opt.zeroGrad();
        l.backward();
        opt.step();
      }
    return model;
  }

  static double accuracy(Sequential model, Dataset data) {
    try (Grad.Scope off = Grad.disabled()) {
      model.eval();
      Tensor logits = model.forward(Variable.constant(data.features())).value();
      model.train();
      int[] pred = logits.argmaxIndices(), y = data.labels();
      int hit = 0;
      for (int i = 0; i < y.length; i++) if (pred[i] == y[i]) hit++;
      return (double) hit / y.length;
    }
  }

  static double maxRelativeDifference(Sequential a, Sequential b) {
    double num = 0, den = 0;
    for (int i = 0; i < a.parameters().size(); i++) {
      double[] x = a.parameters().get(i).value().toDoubleArray(), y = b.parameters().get(i).value().toDoubleArray();
      for (int j = 0; j < x.length; j++) {
        num = Math.max(num, Math.abs(x[j] - y[j]));
        den = Math.max(den, Math.abs(y[j]));
      }
    }
    return num / den;
  }
}
