package dev.nabla.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import dev.nabla.nn.Optimizer;
import dev.nabla.nn.Sequential;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * After K steps, data-parallel training on 1–4 partitions (equal and unequal) leaves the same
 * parameters as the plain one-machine loop over the same global batches.
 */
class SparkTrainerEquivalenceTest {
  private static final int N = 53, BATCH = 16, EPOCHS = 2; // 4 steps an epoch, the last one of 5 examples
  private static final long SEED = 5;
  private static final List<Example> DATA = Reference.data(N);
  private static JavaSparkContext jsc;

  @BeforeAll
  static void start() {
    jsc = new JavaSparkContext(new SparkConf().setMaster("local[4]").setAppName("SparkTrainerEquivalenceTest")
        .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1"));
    jsc.setLogLevel("ERROR");
  }

  @AfterAll
  static void stop() {
    if (jsc != null) jsc.stop();
  }

  /** 1, 2, 3 equal partitions and 4 unequal ones (one of a single example, so most steps see empty slices). */
  static List<JavaRDD<Example>> partitionings() {
    List<JavaRDD<Example>> out = new ArrayList<>();
    for (int p = 1; p <= 3; p++) out.add(jsc.parallelize(DATA, p));
    out.add(Reference.partitioned(jsc, DATA, 3, 30, 1, 19));
    return out;
  }

  static Stream<Arguments> optimizers() {
    return Stream.of(Arguments.of("SGD+momentum", Reference.SGD_MOMENTUM), Arguments.of("Adam", Reference.ADAM));
  }

  private static Sequential spark(JavaRDD<Example> rdd, SparkTrainer.ModelFactory<Sequential> factory,
      Function<List<Variable>, Optimizer> opt) {
    return SparkTrainer.builder(factory, opt, Reference.sumLoss()).batchSize(BATCH).epochs(EPOCHS).seed(SEED).build()
        .fit(rdd).model();
  }

  private static void assertSameAsOneMachine(SparkTrainer.ModelFactory<Sequential> factory,
      Function<List<Variable>, Optimizer> opt, DType dt, double tol, List<JavaRDD<Example>> partitionings) {
    Sequential reference = Reference.trainOnOneMachine(factory, opt, DATA, BATCH, EPOCHS, SEED, dt);
    assertTrue(Reference.relativeError(reference, factory.get()) > 1e-2, "training must move the parameters");
    for (JavaRDD<Example> rdd : partitionings) {
      double err = Reference.relativeError(spark(rdd, factory, opt), reference);
      assertTrue(err <= tol, rdd.getNumPartitions() + " partitions " + sizes(rdd) + ": relative error " + err);
    }
  }

  private static List<Integer> sizes(JavaRDD<Example> rdd) {
    return rdd.glom().map(List::size).collect();
  }

  @ParameterizedTest(name = "{0}, FLOAT64")
  @MethodSource("optimizers")
  void float64MatchesOneMachineOnAnyPartitioning(String name, Function<List<Variable>, Optimizer> opt) {
    assertSameAsOneMachine(Reference.mlp(DType.FLOAT64, false), opt, DType.FLOAT64, 1e-12, partitionings());
  }

  @ParameterizedTest(name = "{0}, FLOAT32")
  @MethodSource("optimizers")
  void float32MatchesOneMachine(String name, Function<List<Variable>, Optimizer> opt) {
    List<JavaRDD<Example>> some = List.of(jsc.parallelize(DATA, 2), Reference.partitioned(jsc, DATA, 3, 30, 1, 19));
    assertSameAsOneMachine(Reference.mlp(DType.FLOAT32, false), opt, DType.FLOAT32, 1e-6, some);
  }

  @Test
  void keyedDropoutMatchesOneMachineOnAnyPartitioning() {
    var withDropout = Reference.mlp(DType.FLOAT64, true);
    assertSameAsOneMachine(withDropout, Reference.SGD_MOMENTUM, DType.FLOAT64, 1e-12, partitionings());
    // the masks are really applied: without dropout the same run ends elsewhere
    Sequential plain = Reference.trainOnOneMachine(Reference.mlp(DType.FLOAT64, false), Reference.SGD_MOMENTUM, DATA,
        BATCH, EPOCHS, SEED, DType.FLOAT64);
    Sequential dropped = Reference.trainOnOneMachine(withDropout, Reference.SGD_MOMENTUM, DATA, BATCH, EPOCHS, SEED,
        DType.FLOAT64);
    assertTrue(Reference.relativeError(dropped, plain) > 1e-3);
  }

  @Test
  void reportsEveryStepAndTheEpochLoss() {
    List<SparkTrainer.Progress> seen = new ArrayList<>();
    var result = SparkTrainer.builder(Reference.mlp(DType.FLOAT64, false), Reference.ADAM, Reference.sumLoss())
        .batchSize(BATCH).epochs(EPOCHS).seed(SEED).progress(seen::add).build().fit(jsc.parallelize(DATA, 3));
    assertEquals(EPOCHS * 4, seen.size());
    for (int i = 0; i < seen.size(); i++) {
      assertEquals(i, seen.get(i).globalStep());
      assertEquals(i % 4 == 3 ? N - 3 * BATCH : BATCH, seen.get(i).examples());
    }
    double sum = 0;
    for (int i = 0; i < 4; i++) sum += seen.get(i).loss() * seen.get(i).examples();
    assertEquals(sum / N, result.epochLoss()[0], 1e-12);
    assertTrue(result.epochLoss()[1] < result.epochLoss()[0], "loss must fall: " + List.of(result.epochLoss()[0],
        result.epochLoss()[1]));
  }
}
