package dev.nabla.benchmarks;

import dev.nabla.core.kernel.Parallel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one {@link Parallel#forRange} launch, in ns per call: a loop of {@code chunks} items, each of
 * {@code work} additions over its own slice of an array, forced parallel (threshold 0). With {@code work} = 0 it
 * is the launch and join alone; with {@code work} > 0 the time at 2 threads against half the time at 1 thread is
 * what a launch costs a loop of that size; {@code gap} > 0 runs serial work before each launch, so that the workers
 * have waited that long (spinning, yielding or parked) when the loop starts. Written for W7, whose parallel loops take about 10–20 µs each.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules", "jdk.incubator.vector"})
public class ParallelBenchmark {
  @Param({"1", "2"})
  public int threads;

  /** Additions per item. */
  @Param({"0", "5000"})
  public int work;

  /** Items (chunks at 2 threads: as many as threads). */
  @Param({"2"})
  public int chunks;

  /**
   * Serial work on the calling thread before each launch, in µs (a busy wait, included in the score): how long
   * the workers have been idle when the loop starts (they spin, then yield, then park).
   */
  @Param({"0"})
  public int gap;

  private float[] data;
  private float[] sums;

  @Setup(Level.Trial)
  public void setUp() {
    Threads.ensure(threads);
    data = Data.uniform(5, Math.max(1, chunks * work), -1, 1);
    sums = new float[chunks];
  }

  @Benchmark
  public float[] launch() {
    float[] d = data, s = sums;
    int w = work;
    if (gap > 0) {
      long until = System.nanoTime() + gap * 1000L;
      while (System.nanoTime() < until) Thread.onSpinWait();
    }
    Parallel.forRange(chunks, 1, 0, (lo, hi) -> {
      for (int i = lo; i < hi; i++) {
        float a = 0;
        for (int k = i * w; k < (i + 1) * w; k++) a += d[k];
        s[i] = a;
      }
    });
    return s;
  }
}
