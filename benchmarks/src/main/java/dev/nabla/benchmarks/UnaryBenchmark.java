package dev.nabla.benchmarks;

import dev.nabla.core.Tensor;
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
 * The pointwise kernel of one function over 1M float32 values, 1 thread, µs per call ({@code erf}: a fresh
 * output each call, as {@code Tensor.erf()} does). Inputs ({@code input}): {@code gelu} = x/√2 with x =
 * normal(41, n), the arguments GELU's exact form gives erf; {@code wide} = u(42, n)→[−6, 6], which spreads
 * over every range of the approximation. The set-up checks 1000 sampled outputs with |x| ≤ 3 against erf's
 * Taylor series in double (absolute error ≤ 1e-6). Written to time the erf rewrite (Cody's rationals,
 * commit 1748125) against the series it replaced; it uses only API both have.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules", "jdk.incubator.vector"})
public class UnaryBenchmark {
  @Param({"gelu", "wide"})
  public String input;

  @Param({"1000000"})
  public int n;

  private Tensor x;

  @Setup(Level.Trial)
  public void setUp() {
    Threads.ensure(1);
    float[] v;
    if (input.equals("gelu")) {
      v = Data.normal(41, n);
      for (int i = 0; i < n; i++) v[i] = (float) (v[i] / Math.sqrt(2));
    } else if (input.equals("wide")) {
      v = Data.uniform(42, n, -6, 6);
    } else {
      throw new IllegalArgumentException("input must be gelu or wide, got " + input);
    }
    x = Tensor.of(v, n);
    float[] y = x.erf().toFloatArray();
    double worst = 0;
    for (int i = 0, checked = 0; i < n && checked < 1000; i += 97) {
      if (Math.abs(v[i]) > 3) continue;
      worst = Math.max(worst, Math.abs(y[i] - erfSeries(v[i])));
      checked++;
    }
    Reference.check("erf (" + input + ") max abs error vs series", worst, 0, 1e-6);
  }

  /** erf(x) = 2/√π Σ (−1)ᵏ x^(2k+1) / (k! (2k+1)), in double; accurate to ~1e-13 for |x| ≤ 3. */
  static double erfSeries(double x) {
    double term = x, sum = x, x2 = x * x;
    for (int k = 1; k < 80; k++) {
      term *= -x2 / k;
      sum += term / (2 * k + 1);
    }
    return 2 / Math.sqrt(Math.PI) * sum;
  }

  @Benchmark
  public Tensor erf() {
    return x.erf();
  }
}
