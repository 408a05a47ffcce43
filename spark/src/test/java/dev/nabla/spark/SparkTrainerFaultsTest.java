package dev.nabla.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.DType;
import dev.nabla.nn.Dropout;
import dev.nabla.nn.Linear;
import dev.nabla.nn.Losses;
import dev.nabla.nn.Reduction;
import dev.nabla.nn.Sequential;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A task that fails once and is retried changes nothing; bad input is refused on the driver with a clear message. */
class SparkTrainerFaultsTest {
  private static final List<Example> DATA = Reference.data(40);
  /** Armed by a test; the first task of partition 1 that sees it armed throws. */
  private static final AtomicBoolean FAIL_ONCE = new AtomicBoolean();
  private static final AtomicInteger RETRIED = new AtomicInteger();
  private static JavaSparkContext jsc;

  @BeforeAll
  static void start() {
    // local[2, 2]: two threads, and a failed task is tried again once
    jsc = new JavaSparkContext(new SparkConf().setMaster("local[2,2]").setAppName("SparkTrainerFaultsTest")
        .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1"));
    jsc.setLogLevel("OFF"); // the injected failure would otherwise print a stack trace
  }

  @AfterAll
  static void stop() {
    if (jsc != null) jsc.stop();
  }

  private static SparkTrainer.Builder<Sequential> trainer(SparkTrainer.LossFunction<Sequential> loss) {
    return SparkTrainer.builder(Reference.mlp(DType.FLOAT64, true), Reference.ADAM, loss).batchSize(8).epochs(1)
        .seed(3);
  }

  @Test
  void aTaskFailureThatIsRetriedChangesNothing() {
    SparkTrainer.LossFunction<Sequential> sum = Reference.sumLoss();
    SparkTrainer.LossFunction<Sequential> flaky = (m, b) -> {
      TaskContext t = TaskContext.get();
      if (t != null && t.attemptNumber() > 0) RETRIED.incrementAndGet();
      if (t != null && t.partitionId() == 1 && FAIL_ONCE.getAndSet(false)) {
        m.forward(b.input()); // half-done work on the replica, then the task dies
        throw new IllegalStateException("injected failure");
      }
      return sum.apply(m, b);
    };
    double[] clean = Reference.flat(trainer(sum).build().fit(jsc.parallelize(DATA, 3)).model());
    FAIL_ONCE.set(true);
    RETRIED.set(0);
    double[] retried = Reference.flat(trainer(flaky).build().fit(jsc.parallelize(DATA, 3)).model());
    assertFalse(FAIL_ONCE.get(), "the failure was injected");
    assertTrue(RETRIED.get() > 0, "Spark ran a second attempt");
    assertArrayEquals(clean, retried, 0.0, "bit for bit the same parameters");
  }

  @Test
  void anEmptyDatasetIsRefused() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> trainer(Reference.sumLoss()).build().fit(jsc.parallelize(List.<Example>of(), 2)));
    assertTrue(e.getMessage().contains("dataset is empty"), e.getMessage());
  }

  @Test
  void aBatchLargerThanTheDataIsRefused() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> trainer(Reference.sumLoss()).batchSize(41).build().fit(jsc.parallelize(DATA, 2)));
    assertEquals("SparkTrainer.fit: batch size 41 is larger than the dataset (40 examples)", e.getMessage());
  }

  @Test
  void aLossThatIsNotAScalarIsRefused() {
    SparkTrainer.LossFunction<Sequential> perExample = (m, b) -> Losses.crossEntropy(m.forward(b.input()), b.labels(),
        Reduction.NONE);
    var e = assertThrows(IllegalArgumentException.class, () -> trainer(perExample).build().fit(jsc.parallelize(DATA,
        2)));
    assertTrue(e.getMessage().contains("must return a scalar") && e.getMessage().contains("[2]"), e.getMessage());
  }

  @Test
  void aMeanReducedLossIsRefused() {
    SparkTrainer.LossFunction<Sequential> mean = (m, b) -> Losses.crossEntropy(m.forward(b.input()), b.labels());
    var e = assertThrows(IllegalArgumentException.class, () -> trainer(mean).build().fit(jsc.parallelize(DATA, 2)));
    assertTrue(e.getMessage().contains("looks like a mean"), e.getMessage());
  }

  @Test
  void dropoutDrawingFromAGeneratorIsRefused() {
    SparkTrainer.ModelFactory<Sequential> unkeyed = () -> new Sequential(new Linear(5, 3, new SplittableRandom(1),
        DType.FLOAT64), new Dropout(0.5, new SplittableRandom(2)));
    var e = assertThrows(IllegalArgumentException.class, () -> SparkTrainer.builder(unkeyed, Reference.ADAM,
        Reference.sumLoss()).batchSize(8).build().fit(jsc.parallelize(DATA, 2)));
    assertTrue(e.getMessage().contains("module model.1 is a Dropout drawing from a generator"), e.getMessage());
  }
}
