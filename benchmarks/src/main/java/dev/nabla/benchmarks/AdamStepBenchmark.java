package dev.nabla.benchmarks;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.OptimizerKernels;
import java.util.SplittableRandom;
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
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One Adam step of a 1M-parameter FLOAT32 tensor: composed of tensor ops (the former
 * {@code OptimizerKernels.adamStep}: about five temporaries and nine passes) against the fused kernel
 * (one pass over θ, g, m, v, in place). Both give the same bits (AdamStepTest).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar AdamStepBenchmark -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules", "jdk.incubator.vector"})
public class AdamStepBenchmark {
  private static final double LR = 1e-3, B1 = 0.9, B2 = 0.999, EPS = 1e-8, WD = 0.01;

  /** AdamW's decoupled weight decay (0.01) or none. */
  @Param({"false", "true"})
  public boolean adamW;

  private Tensor theta, grad, m, v;
  private long t;

  @Setup
  public void setUp() {
    SplittableRandom rng = new SplittableRandom(7);
    int n = 1 << 20;
    theta = Tensor.randn(DType.FLOAT32, rng, n);
    grad = Tensor.randn(DType.FLOAT32, rng, n).mul(1e-2);
    m = Tensor.zeros(DType.FLOAT32, n);
    v = Tensor.zeros(DType.FLOAT32, n);
  }

  @Benchmark
  public Tensor composed() {
    long step = ++t;
    double wd = adamW ? WD : 0;
    if (wd != 0) theta.mulInPlace(1 - LR * wd);
    m.mulInPlace(B1).addScaledInPlace(grad, 1 - B1);
    v.mulInPlace(B2).addScaledInPlace(grad.square(), 1 - B2);
    Tensor denom = v.sqrt().div(Math.sqrt(1 - Math.pow(B2, step))).add(EPS);
    return theta.addScaledInPlace(m.div(denom), -LR / (1 - Math.pow(B1, step)));
  }

  @Benchmark
  public Tensor fused() {
    OptimizerKernels.adamStep(theta, grad, m, v, null, ++t, LR, B1, B2, EPS, adamW ? WD : 0, true);
    return theta;
  }
}
