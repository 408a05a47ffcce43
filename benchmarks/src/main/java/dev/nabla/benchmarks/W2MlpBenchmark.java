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
 * W2: the MLP 784-256-128-10 training step (see {@link W2Mlp}), one benchmark per phase, in µs per
 * call: {@code fwdNoGrad} (forward under {@code Grad.disabled()}), {@code fwdLoss} (forward + loss,
 * graph recorded), {@code fwdLossBwd} (+ backward), {@code step} (zeroGrad + forward + loss +
 * backward + SGD step). backward/forward = (fwdLossBwd − fwdLoss) / fwdLoss.
 *
 * <p>The set-up checks the model it then times: its loss before and after 10 steps against
 * PyTorch's (see {@link W2Mlp#check()}). Bytes allocated per step:
 * <pre>java -jar benchmarks/target/benchmarks.jar 'W2MlpBenchmark.step' -p batch=32 -p threads=1 -prof gc</pre>
 * ({@code gc.alloc.rate.norm}, bytes per call).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules", "jdk.incubator.vector"})
public class W2MlpBenchmark {
  @Param({"32", "256"})
  public int batch;

  @Param({"1", "2"})
  public int threads;

  private W2Mlp w;

  @Setup(Level.Trial)
  public void setUp() {
    Threads.ensure(threads);
    w = new W2Mlp(batch);
    double[] l = w.check(); // the timed model itself
    long[] bytes = W2Mlp.essentialBytes(batch);
    System.out.printf("# W2 B=%d, %d thread(s); check: loss %.7f -> %.7f after 10 steps OK"
        + " (activations %d B + parameter gradients %d B per step)%n", batch, threads, l[0], l[1], bytes[0], bytes[1]);
  }

  @Benchmark
  public Variable fwdNoGrad() {
    return w.forwardNoGrad();
  }

  @Benchmark
  public Variable fwdLoss() {
    return w.forwardLoss();
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
