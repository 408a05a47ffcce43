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
 * W6: the linear regression (see {@link W6LinReg}), µs per whole 1000-iteration fit from a fresh θ.
 * The set-up checks θ against PyTorch's 3.2129672.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules", "jdk.incubator.vector"})
public class W6LinRegBenchmark {
  @Param({"1", "2"})
  public int threads;

  private W6LinReg w;

  @Setup(Level.Trial)
  public void setUp() {
    Threads.ensure(threads);
    w = new W6LinReg();
    double theta = w.check();
    System.out.printf("# W6 %d thread(s); check: theta %.7f (PyTorch %.7f, optimum %.7f) OK%n", threads, theta,
        Reference.W6_THETA, Reference.W6_THETA_STAR);
  }

  @Benchmark
  public Variable train() {
    return w.train();
  }
}
