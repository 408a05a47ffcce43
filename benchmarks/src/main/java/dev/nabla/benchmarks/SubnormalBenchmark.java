package dev.nabla.benchmarks;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.nn.Adam;
import java.util.List;
import java.util.SplittableRandom;
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
 * Issue 11's slowdown from subnormal numbers: one Adam step (FLOAT32, 26,122 parameters, one
 * thread) whose gradients are normal (|g| ~ 1e-3) or subnormal (|g| ~ 1e-39, below
 * Float.MIN_NORMAL ≈ 1.18e-38), with {@code flushDenormals} off (the default) and on. The
 * gradient is set once (a backward of Σ θ·c, so g = c) and kept; after warm-up the state m, v is
 * in its steady state (subnormal m without flushing).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar SubnormalBenchmark -jvmArgsAppend -XX:+UseSerialGC
 * </pre>
 *
 * <p>SerialGC steadies the wall-clock figures on a shared machine. Measured figures:
 * {@code benchmarks/RESULTS.md}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules", "jdk.incubator.vector"})
public class SubnormalBenchmark {
  /** Gradient magnitude: normal (1e-3) or subnormal (1e-39). */
  @Param({"normal", "subnormal"})
  public String gradients;

  /** Adam's flushDenormals option. */
  @Param({"false", "true"})
  public boolean flush;

  private Adam opt;

  @Setup(Level.Trial)
  public void setUp() {
    Threads.ensure(1);
    int n = 26_122;
    var rng = new SplittableRandom(3);
    Variable theta = Variable.parameter(Tensor.randn(DType.FLOAT32, rng, n).mul(0.1));
    double scale = gradients.equals("normal") ? 1e-3 : 1e-39;
    Tensor c = Tensor.randn(DType.FLOAT32, rng, n).mul(scale);
    theta.mul(Variable.constant(c)).sum().backward();
    long subnormal = 0;
    for (float g : theta.grad().toFloatArray()) if (g != 0 && Math.abs(g) < Float.MIN_NORMAL) subnormal++;
    System.out.printf("# %s gradients: %d of %d subnormal; flushDenormals %s%n", gradients, subnormal, n, flush);
    opt = new Adam(List.of(theta), 1e-3);
    opt.flushDenormals(flush);
  }

  @Benchmark
  public Adam step() {
    opt.step();
    return opt;
  }
}
