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
 * W7: one training step of the {@code cnn} example's network (see {@link W7Cnn}), B = 64, in µs per call:
 * {@code step} (zeroGrad + forward + mean cross-entropy + backward + SGD-momentum step, the workload) and
 * {@code fwdLossBwd} (zeroGrad + forward + loss + backward).
 *
 * <p>The set-up checks the model it then times: its loss before the first step and after 10 steps against PyTorch's
 * within 1e-3 relative (see {@link W7Cnn#check()}). Measured 2026-12-03: both losses the same floats as PyTorch
 * 1.13's (recorded with OpenBLAS's Haswell kernels; with the Cooperlake kernels compare.py lets it pick, PyTorch's
 * first loss differs by 1e-7 relative), at 1 and 2 threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 8, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules", "jdk.incubator.vector"})
public class W7CnnBenchmark {
  @Param({"1", "2"})
  public int threads;

  private W7Cnn w;

  @Setup(Level.Trial)
  public void setUp() {
    Threads.ensure(threads);
    w = new W7Cnn(W7Cnn.BATCH);
    double[] l = w.check(); // the timed model itself
    System.out.printf("# W7 B=%d, %d thread(s); check: loss %.7f -> %.7f after 10 steps OK%n", W7Cnn.BATCH, threads,
        l[0], l[1]);
  }

  @Benchmark
  public Variable fwdLossBwd() {
    return w.forwardLossBackward();
  }

  @Benchmark
  public Variable step() {
    return w.step();
  }
}
