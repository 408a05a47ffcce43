package dev.nabla.benchmarks;

import dev.nabla.core.kernel.MatMul;
import dev.nabla.core.kernel.Parallel;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * W1: float32 square GEMM {@code C = A·B} through {@link MatMul#gemm}, A = normal(1, n²), B = normal(2, n²).
 *
 * <p>The {@code flops} secondary result, in ops/ns, is GFLOP/s (2n³ per call); the primary score is
 * calls per ns. Thread count and implementation are JVM-wide, read once, so pass them to the fork:
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar MatMulBenchmark -p n=64,256,1024,2048 -jvmArgsAppend -Dnabla.threads=1
 * java -jar benchmarks/target/benchmarks.jar MatMulBenchmark -jvmArgsAppend "-Dnabla.threads=2 -Dnabla.simd=false"
 * </pre>
 * The fork always gets {@code --add-modules jdk.incubator.vector} (as {@code jvmArgsPrepend}, which a
 * command-line {@code -jvmArgsAppend} does not replace); {@code -Dnabla.simd=false} selects the
 * plain-loop kernels instead. The set-up prints the implementation and thread count in use.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules", "jdk.incubator.vector"})
public class MatMulBenchmark {
  @Param({"64", "256", "1024"})
  public int n;

  private float[] a, b, c;

  /** Counts floating-point operations; reported per ns, i.e. as GFLOP/s. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Flops {
    public long flops;

    @Setup(Level.Iteration)
    public void reset() {
      flops = 0;
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    a = normal(1, n * n);
    b = normal(2, n * n);
    c = new float[n * n];
    System.out.println("# MatMul " + MatMul.implementation() + ", " + Parallel.threads() + " thread(s)");
  }

  @Benchmark
  public float[] gemm(Flops f) {
    MatMul.gemm(false, false, n, n, n, a, 0, n, b, 0, n, c, 0, n, false);
    f.flops += 2L * n * n * n;
    return c;
  }

  /** normal(seed, count): Box–Muller on consecutive pairs of SplittableRandom(seed) doubles, one per pair. */
  static float[] normal(long seed, int count) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[count];
    for (int i = 0; i < count; i++) {
      double u1 = r.nextDouble(), u2 = r.nextDouble();
      x[i] = (float) (Math.sqrt(-2.0 * Math.log1p(-u1)) * Math.cos(2.0 * Math.PI * u2));
    }
    return x;
  }
}
