package dev.nabla.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Backward passes on several threads through one graph: losses that share a trunk and its
 * parameters (heads on one trunk), each thread running backward on its own head at the same time.
 * Every leaf must end with the sum of all the heads' gradients, as PyTorch accumulates them. The
 * values are small integers, so every gradient is exact and any order of summation gives the same
 * bits: a lost or doubled contribution cannot hide in rounding.
 */
class ConcurrentBackwardTest {
  /** Thread counts and trials for each: 10,000 trials, more of them where synchronizing is cheap. */
  private static final int[][] THREADS_AND_TRIALS = {{2, 3000}, {3, 2500}, {4, 2000}, {6, 1500}, {8, 1000}};
  /** Backward passes per thread and trial: more overlap between threads per synchronization. */
  private static final int PASSES = 2;

  /** One trial's graph: trunk h = (x·W)² + x·W (W and the trunk nodes shared), head k: Σ (h·Hₖ) ⊙ cₖ. */
  private static final class Trial {
    final Variable w;
    final Variable[] heads;
    final Variable[] losses;

    Trial(Tensor w0, Tensor x, Tensor[] h0, Tensor[] c) {
      w = Variable.parameter(w0);
      Variable xw = Variable.constant(x).matmul(w);
      Variable h = xw.square().add(xw);
      heads = new Variable[h0.length];
      losses = new Variable[h0.length];
      for (int k = 0; k < h0.length; k++) {
        heads[k] = Variable.parameter(h0[k]);
        losses[k] = h.matmul(heads[k]).mul(Variable.constant(c[k])).sum();
      }
    }
  }

  private static Tensor ints(SplittableRandom rng, int... dims) {
    int n = 1;
    for (int d : dims) n *= d;
    double[] v = new double[n];
    for (int i = 0; i < n; i++) v[i] = rng.nextInt(-2, 3);
    return Tensor.of(v, dims);
  }

  private static boolean sameValues(Tensor expected, Tensor actual) {
    return actual != null && Arrays.equals(expected.toDoubleArray(), actual.toDoubleArray());
  }

  @Test
  void concurrentBackwardOnSharedParametersAccumulatesEveryGradient() throws Exception {
    SplittableRandom rng = new SplittableRandom(11);
    Tensor w0 = ints(rng, 3, 4), x = ints(rng, 5, 3);
    int trials = 0;
    List<String> wrong = new ArrayList<>();
    for (int[] plan : THREADS_AND_TRIALS) {
      int threads = plan[0];
      Tensor[] h0 = new Tensor[threads], c = new Tensor[threads];
      for (int k = 0; k < threads; k++) {
        h0[k] = ints(rng, 4, 2);
        c[k] = ints(rng, 5, 2);
      }
      // the expected gradients: each head's alone, summed, on one thread
      Trial ref = new Trial(w0, x, h0, c);
      Tensor expectedW = null;
      Tensor[] expectedHead = new Tensor[threads];
      for (int k = 0; k < threads; k++) {
        List<Tensor> g = Grad.grad(ref.losses[k], List.of(ref.w, ref.heads[k]), Tensor.scalar(1.0), true);
        expectedW = expectedW == null ? g.get(0).mul(PASSES) : expectedW.add(g.get(0).mul(PASSES));
        expectedHead[k] = g.get(1).mul(PASSES);
      }
      Trial[] all = new Trial[plan[1]];
      for (int t = 0; t < all.length; t++) all[t] = new Trial(w0, x, h0, c);

      // a spinning start line: every thread is running (not waking from a park) when a trial starts
      AtomicInteger arrived = new AtomicInteger();
      int n = threads;
      List<Thread> workers = new ArrayList<>();
      List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
      for (int k = 0; k < threads; k++) {
        int head = k;
        Thread th = new Thread(() -> {
          try {
            for (int t = 0; t < all.length; t++) {
              arrived.incrementAndGet();
              for (int spin = 0; arrived.get() < (t + 1) * n && errors.isEmpty(); spin++) {
                if (spin < 20) Thread.onSpinWait();
                else Thread.yield(); // more threads than cores: let the others arrive
              }
              for (int pass = 0; pass < PASSES; pass++) all[t].losses[head].backward(true);
            }
          } catch (Throwable e) {
            errors.add(e);
          }
        });
        workers.add(th);
        th.start();
      }
      for (Thread th : workers) th.join();
      assertTrue(errors.isEmpty(), () -> "backward threw on a worker: " + errors);
      for (int t = 0; t < all.length; t++) {
        Trial trial = all[t];
        if (!sameValues(expectedW, trial.w.grad()))
          wrong.add(threads + " threads, trial " + t + ": W.grad " + trial.w.grad() + " instead of " + expectedW);
        for (int k = 0; k < threads; k++)
          if (!sameValues(expectedHead[k], trial.heads[k].grad()))
            wrong.add(threads + " threads, trial " + t + ": head " + k + " gradient wrong");
        trials++;
      }
    }
    int total = trials;
    assertEquals(10_000, total);
    assertTrue(wrong.isEmpty(), () -> wrong.size() + " wrong results in " + total + " trials, e.g. "
        + wrong.subList(0, Math.min(3, wrong.size())));
  }
}
