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
 * W3: the scalar tape (see {@link W3ScalarTape}), µs per repetition of 9,999 ops; divide by 9,999
 * for µs per op ({@code compare.py} does). {@code forward} builds the graph from fresh leaves;
 * {@code backward} runs backward over a graph built (untimed) just before; {@code total} does
 * both. Leaf creation is never timed. Per-invocation fixtures are fine here: one invocation takes
 * milliseconds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules", "jdk.incubator.vector"})
public class W3ScalarTapeBenchmark {
  @Param({"1", "2"})
  public int threads;

  @Setup(Level.Trial)
  public void setUp() {
    Threads.ensure(threads);
    double[] r = W3ScalarTape.check();
    System.out.printf("# W3 %d thread(s); check: x=%.9g dx/da=%.9g dx/db=%.9g OK%n", threads, r[0], r[1], r[2]);
  }

  /** Fresh leaves before each invocation. */
  @State(Scope.Thread)
  public static class Leaves {
    W3ScalarTape t;

    @Setup(Level.Invocation)
    public void fresh() {
      t = new W3ScalarTape();
    }
  }

  /** Fresh leaves and the graph built, before each invocation. */
  @State(Scope.Thread)
  public static class Built {
    W3ScalarTape t;

    @Setup(Level.Invocation)
    public void build() {
      t = new W3ScalarTape();
      t.forward();
    }
  }

  @Benchmark
  public Variable forward(Leaves l) {
    return l.t.forward();
  }

  @Benchmark
  public Variable backward(Built b) {
    b.t.backward();
    return b.t.a;
  }

  @Benchmark
  public Variable total(Leaves l) {
    l.t.forward();
    l.t.backward();
    return l.t.a;
  }
}
