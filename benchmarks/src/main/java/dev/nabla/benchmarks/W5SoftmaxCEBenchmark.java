package dev.nabla.benchmarks;

import dev.nabla.autodiff.Variable;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W5: mean softmax cross-entropy of 1024×1000 logits (see {@link W5SoftmaxCE}), µs per call:
 * {@code fwdBwd} (the workload) and {@code fwd} (graph recorded). The set-up checks loss and gradient.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules", "jdk.incubator.vector"})
public class W5SoftmaxCEBenchmark {
  @Param({"1", "2"})
  public int threads;

  private W5SoftmaxCE w;

  @Setup(Level.Trial)
  public void setUp() {
    Threads.ensure(threads);
    w = new W5SoftmaxCE(1024, 1000);
    double[] r = w.check();
    System.out.printf("# W5 %d thread(s); check: loss %.7f (float64 %.7f), max relative grad error %.1e OK%n", threads, r[0],
        r[1], r[2]);
  }

  @Benchmark
  public Variable fwdBwd() {
    return w.forwardBackward();
  }

  @Benchmark
  public Variable fwd() {
    return w.loss();
  }
}
