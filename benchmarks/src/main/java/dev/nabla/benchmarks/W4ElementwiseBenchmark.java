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
 * W4: the elementwise chain loss = sum(tanh(x·w + b)²·σ(x)) (see {@link W4Elementwise}), µs per
 * call: {@code fwdBwd} (grads cleared, forward, backward — the workload) and {@code fwd} (forward
 * with the graph recorded, then dropped). The set-up checks loss and gradients.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules", "jdk.incubator.vector"})
public class W4ElementwiseBenchmark {
  @Param({"10000", "1000000"})
  public int n;

  @Param({"1", "2"})
  public int threads;

  private W4Elementwise w;

  @Setup(Level.Trial)
  public void setUp() {
    Threads.ensure(threads);
    w = new W4Elementwise(n);
    double[] r = w.check();
    System.out.printf("# W4 n=%d, %d thread(s); check: loss %.6f (float64 %.6f), max grad error %.1e OK%n", n,
        threads, r[0], r[1], r[2]);
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
