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
 * W8: one training step of the {@code makemore} model's block stack (see {@link W8Transformer}), B = 32
 * sequences of 23 tokens, in µs per call: {@code step} (zeroGrad + forward + mean cross-entropy + backward +
 * AdamW step, the workload) and {@code fwdLossBwd} (zeroGrad + forward + loss + backward).
 *
 * <p>The set-up checks the model it then times: its loss before the first step and after 10 steps against PyTorch's
 * within 1e-3 relative (see {@link W8Transformer#check()}). Measured 2026-12-03: the first loss the same float as
 * PyTorch 1.13's, the one after 10 steps 9e-8 relative (PyTorch with OpenBLAS's Cooperlake kernels: 1e-7), at 1 and
 * 2 threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 8, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules", "jdk.incubator.vector"})
public class W8TransformerBenchmark {
  @Param({"1", "2"})
  public int threads;

  private W8Transformer w;

  @Setup(Level.Trial)
  public void setUp() {
    Threads.ensure(threads);
    w = new W8Transformer(W8Transformer.BATCH);
    double[] l = w.check(); // the timed model itself
    System.out.printf("# W8 B=%d, %d thread(s); check: loss %.7f -> %.7f after 10 steps OK%n", W8Transformer.BATCH,
        threads, l[0], l[1]);
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
