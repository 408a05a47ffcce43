package dev.nabla.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * CI smoke run: every workload's body once, at a small size where that keeps it to milliseconds,
 * through the same correctness checks the JMH set-ups run (they throw on a wrong result). Not a
 * timing.
 */
class WorkloadSmokeTest {
  @Test
  void dataMatchesSplittableRandomAndPyTorchsGenerator() {
    // common.py: new SplittableRandom(42).nextDouble() == 0.7415648787718233, 0.1599103928769201, ...
    double[] u = Data.u(42, 3);
    assertEquals(0.7415648787718233, u[0], 0);
    assertEquals(0.1599103928769201, u[1], 0);
    assertEquals(0.27860113025513866, u[2], 0);
    float[] n = Data.normal(42, 1);
    assertEquals((float) (Math.sqrt(-2 * Math.log1p(-u[0])) * Math.cos(2 * Math.PI * u[1])), n[0], 0);
  }

  @Test
  void w1GemmIsCorrect() {
    for (int n : new int[] {64, 96}) {
      W1Gemm w = new W1Gemm(n);
      w.run();
      assertTrue(w.check() < 1e-5);
    }
  }

  @Test
  void w1CheckRejectsAWrongProduct() {
    W1Gemm w = new W1Gemm(64);
    w.run();
    w.c[5 * 64 + 7] += 1f; // one entry off by ~|C|/10: the Freivalds product sees it
    boolean caught = false;
    try {
      w.check();
    } catch (AssertionError e) {
      caught = true;
    }
    assertTrue(caught, "a perturbed entry must fail the W1 check");
  }

  @Test
  void w2LossesMatchPyTorch() {
    double[] l = new W2Mlp(32).check();
    assertEquals(Reference.W2_B32_LOSS10, l[1], Reference.W2_TOL);
    W2Mlp w = new W2Mlp(8);
    w.forwardNoGrad();
    w.forwardLossBackward();
    w.step();
    assertTrue(W2Mlp.essentialBytes(32)[1] == 4L * (784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10));
  }

  /** SGD without its weight decay moves B = 32's loss after 10 steps by 3.3e-5: the check must see it. */
  @Test
  void w2CheckRejectsIgnoredWeightDecay() {
    W2Mlp w = new W2Mlp(32);
    w.opt.weightDecay(0);
    AssertionError e = assertThrows(AssertionError.class, w::check);
    assertTrue(e.getMessage().contains("W2 B=32 loss after 10 steps"), e.getMessage());
  }

  /** A gradient entry 1% off, at the smallest |entry|, fails W5's relative check (an absolute 1e-7 passed it). */
  @Test
  void w5CheckRejectsASmallGradientEntryOff() {
    W5SoftmaxCE w = new W5SoftmaxCE(16, 100);
    double loss = w.check()[0];
    float[] g = w.logits.grad().toFloatArray();
    int smallest = 0;
    for (int i = 1; i < g.length; i++) if (Math.abs(g[i]) < Math.abs(g[smallest])) smallest = i;
    assertTrue(Math.abs(g[smallest]) < 1e-4, "entries as small as " + g[smallest]);
    g[smallest] *= 1.01f;
    AssertionError e = assertThrows(AssertionError.class, () -> w.check(loss, g));
    assertTrue(e.getMessage().contains("relative gradient error"), e.getMessage());
  }

  @Test
  void w3ScalarTapeMatchesPyTorch() {
    W3ScalarTape.check();
  }

  @Test
  void w4ElementwiseMatchesFloat64AndPyTorch() {
    new W4Elementwise(1000).check();
    new W4Elementwise(10_000).check();
  }

  @Test
  void w5SoftmaxCrossEntropyMatchesFloat64() {
    new W5SoftmaxCE(16, 100).check();
  }

  @Test
  void w6LinearRegressionEndsWherePyTorchDoes() {
    new W6LinReg().check();
  }

  /**
   * Threads.ensure accepts the thread count the kernels run with and refuses any other (surefire
   * does not set nabla.threads, so it is set here from the kernels' count, as a benchmark's set-up
   * would from its parameter), and refuses a count below 1.
   */
  @Test
  void threadCountIsTheParameter() {
    int t = dev.nabla.core.kernel.Parallel.threads();
    Threads.ensure(t);
    assertEquals(Integer.toString(t), System.getProperty("nabla.threads"));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Threads.ensure(t + 1));
    assertTrue(e.getMessage().contains("conflicts with the benchmark parameter threads=" + (t + 1)), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Threads.ensure(0));
  }

  @Test
  void unaryBenchmarksErfReferenceIsErf() {
    // UnaryBenchmark's set-up check: its series against tabulated erf, and the kernel against the series
    assertEquals(0.5204998778130465, UnaryBenchmark.erfSeries(0.5), 1e-15);
    assertEquals(0.8427007929497149, UnaryBenchmark.erfSeries(1), 1e-15);
    assertEquals(-0.9999779095030014, UnaryBenchmark.erfSeries(-3), 1e-13);
    float[] v = Data.uniform(42, 1000, -3, 3);
    float[] y = dev.nabla.core.Tensor.of(v, 1000).erf().toFloatArray();
    for (int i = 0; i < v.length; i++) assertEquals(UnaryBenchmark.erfSeries(v[i]), y[i], 1e-6, "x = " + v[i]);
  }
}
