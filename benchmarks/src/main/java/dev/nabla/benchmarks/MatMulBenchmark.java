package dev.nabla.benchmarks;

import dev.nabla.core.kernel.MatMul;
import dev.nabla.core.kernel.Parallel;
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
 * W1: float32 square GEMM {@code C = A·B} through {@link MatMul#gemm}, A = normal(1, n²), B =
 * normal(2, n²), C preallocated. The score is µs per product; GFLOP/s = 2n³ / (score·10³)
 * ({@code compare.py} prints it).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar MatMulBenchmark -p n=256,1024 -p threads=1,2
 * java -jar benchmarks/target/benchmarks.jar MatMulBenchmark -jvmArgsAppend -Dnabla.simd=false   # plain loops
 * </pre>
 * The fork always gets {@code --add-modules jdk.incubator.vector} (as {@code jvmArgsPrepend}, which a
 * command-line {@code -jvmArgsAppend} does not replace). The thread count is the {@code threads}
 * parameter (see {@link Threads}). The set-up checks the product (see {@link W1Gemm#check()}) and
 * prints the implementation and thread count in use.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules", "jdk.incubator.vector"})
public class MatMulBenchmark {
  @Param({"64", "128", "256", "512", "1024", "2048"})
  public int n;

  @Param({"1", "2"})
  public int threads;

  private W1Gemm w;

  @Setup(Level.Trial)
  public void setUp() {
    Threads.ensure(threads);
    w = new W1Gemm(n);
    w.run();
    double err = w.check();
    System.out.printf("# W1 n=%d MatMul %s, %d thread(s); check: normalised error %.1e OK%n", n,
        MatMul.implementation(), Parallel.threads(), err);
  }

  @Benchmark
  public float[] gemm() {
    return w.run();
  }
}
