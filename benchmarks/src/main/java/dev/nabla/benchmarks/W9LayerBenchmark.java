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
 * W9: one layer kernel (conv2d, layernorm, attention, embedding; see {@link W9Layers}), µs per call:
 * {@code fwdBwd} (the workload: grads cleared, forward, backward of Σ y ⊙ G) and {@code fwd} (graph
 * recorded). The set-up checks y and every gradient against PyTorch's ({@link W9Layers#check()}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules", "jdk.incubator.vector"})
public class W9LayerBenchmark {
  @Param({"conv2d", "layernorm", "attention", "embedding"})
  public String kernel;

  @Param({"1", "2"})
  public int threads;

  private W9Layers w;

  @Setup(Level.Trial)
  public void setUp() {
    Threads.ensure(threads);
    w = W9Layers.of(kernel);
    double[] r = w.check();
    System.out.printf("# W9 %s %d thread(s); check OK: %s%n", kernel, threads, java.util.Arrays.toString(r));
  }

  @Benchmark
  public Variable fwdBwd() {
    return w.forwardBackward();
  }

  @Benchmark
  public Variable fwd() {
    return w.forward();
  }
}
