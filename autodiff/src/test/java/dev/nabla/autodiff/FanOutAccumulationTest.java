package dev.nabla.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The engine sums the gradients that reach a variable from several consumers into a buffer of its
 * own, in place from the third on (Engine.accumulate); and grad mode is looked up through a
 * per-thread cache (GradMode.state). Both are invisible: same bits, nothing shared, each thread
 * its own mode.
 */
class FanOutAccumulationTest {
  private static Tensor random(DType dtype, long seed, int... shape) {
    SplittableRandom r = new SplittableRandom(seed);
    int n = 1;
    for (int s : shape) n *= s;
    double[] v = new double[n];
    for (int i = 0; i < n; i++) v[i] = r.nextDouble(-2, 2);
    return Tensor.of(v, shape).toType(dtype);
  }

  /**
   * x used by {@code k} consumers of different kinds (a pass-through add, products, a broadcast
   * against a matrix, a strided view), so that x gets k gradients.
   */
  private static Function<List<Variable>, Variable> fanOut(int k, Variable m, Variable c) {
    return in -> {
      Variable x = in.get(0), acc = x.tanh();
      for (int j = 1; j < k; j++) {
        Variable term = switch (j % 4) {
          case 0 -> x.add(c); // add hands its gradient to both inputs
          case 1 -> x.mul(c).sigmoid();
          case 2 -> m.mul(x).sum(0); // x [n] broadcast against m [3, n]: its gradient is summed down
          default -> x.reshape(1, -1).transpose(0, 1).square().reshape(-1); // through views
        };
        acc = acc.add(term.mul((double) j));
      }
      return acc.mul(c).sum();
    };
  }

  @Test
  void inPlaceSumsGiveTheBitsOfOutOfPlaceSums() {
    for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
      for (int n : new int[] {1, 7, 1000}) {
        for (int k = 1; k <= 7; k++) {
          Variable x = Variable.parameter(random(dtype, 10 * n + k, n));
          Variable m = Variable.constant(random(dtype, 99, 3, n)), c = Variable.constant(random(dtype, 98, n));
          Function<List<Variable>, Variable> f = fanOut(k, m, c);
          Tensor fast = Grad.grad(f.apply(List.of(x)), List.of(x)).get(0);
          // differentiableGrad records every sum as an op (never in place): the reference
          Tensor reference = Grad.differentiableGrad(f.apply(List.of(x)), List.of(x)).get(0).value();
          String what = dtype + " n=" + n + " k=" + k;
          assertArrayEquals(reference.toDoubleArray(), fast.toDoubleArray(), what);
          // anomaly mode takes the out-of-place path too
          try (Grad.Scope on = Grad.detectAnomaly()) {
            assertArrayEquals(reference.toDoubleArray(), Grad.grad(f.apply(List.of(x)), List.of(x)).get(0)
                .toDoubleArray(), what + " (anomaly mode)");
          }
          // the accumulated leaf gradient too, and once more through backward(): accumulate semantics
          f.apply(List.of(x)).backward();
          assertArrayEquals(reference.toDoubleArray(), x.grad().toDoubleArray(), what + " (backward)");
          Tensor first = x.grad();
          double[] firstBits = first.toDoubleArray();
          f.apply(List.of(x)).backward();
          assertArrayEquals(firstBits, first.toDoubleArray(), what + ": a later backward changed an earlier grad()");
          assertArrayEquals(reference.add(reference).toDoubleArray(), x.grad().toDoubleArray(), what + " (twice)");
        }
      }
    }
  }

  @Test
  void aGradientSeenElsewhereIsNeverWrittenInPlace() {
    // s = a + b hands one tensor to both a and b; a then gets two more gradients. Whatever the
    // order of arrival, b's gradient (and the retained one of s) must stay c.
    for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) for (boolean sharedFirst : new boolean[] {false, true}) {
      Variable a = Variable.parameter(Tensor.of(new double[] {1, 2, 3}).toType(dtype));
      Variable b = Variable.parameter(Tensor.of(new double[] {4, 5, 6}).toType(dtype));
      Tensor c = Tensor.of(new double[] {1, 10, 100}).toType(dtype), d = Tensor.of(new double[] {2, 3, 4}).toType(dtype);
      Variable s = a.add(b).retainGrad();
      Variable sc = s.mul(Variable.constant(c)), ad = a.mul(Variable.constant(d)).add(a.mul(Variable.constant(d)))
          .add(a.mul(Variable.constant(d)));
      // the shared gradient reaches a last (sc first in the sum) or first (sc last in the sum)
      (sharedFirst ? ad.add(sc) : sc.add(ad)).sum().backward();
      assertArrayEquals(new double[] {1, 10, 100}, b.grad().toDoubleArray(), dtype + " b, shared gradient first: " + sharedFirst);
      assertArrayEquals(new double[] {1, 10, 100}, s.grad().toDoubleArray(), dtype + " s (retained)");
      assertArrayEquals(new double[] {7, 19, 112}, a.grad().toDoubleArray(), dtype + " a");
      assertFalse(a.grad().sharesStorageWith(b.grad()) || a.grad().sharesStorageWith(s.grad())
          || b.grad().sharesStorageWith(s.grad()), dtype + ": gradients share storage");
      // several targets of Grad.grad, one of them reached many times
      Variable x = Variable.parameter(Tensor.of(new double[] {1, 2}).toType(dtype));
      Variable y = Variable.parameter(Tensor.of(new double[] {3, 4}).toType(dtype));
      Variable u = x.add(y);
      List<Tensor> g = Grad.grad(u.add(x).add(x).add(u).sum(), List.of(x, y, x));
      assertArrayEquals(new double[] {4, 4}, g.get(0).toDoubleArray(), dtype + " x");
      assertArrayEquals(new double[] {2, 2}, g.get(1).toDoubleArray(), dtype + " y");
      assertArrayEquals(new double[] {4, 4}, g.get(2).toDoubleArray(), dtype + " x again");
      assertFalse(g.get(0).sharesStorageWith(g.get(1)) || g.get(0).sharesStorageWith(g.get(2)));
    }
  }

  @Test
  void aTensorACustomOpHoldsIsNeverWrittenInPlace() {
    // the op's backward returns a tensor the op keeps (a constant derivative k), as a first
    // gradient of x and again as a later one: k must not change, the sum must be right
    for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
      Tensor k = Tensor.of(new double[] {1, 2, 3}).toType(dtype);
      CustomOp scaled = new CustomOp.OnTensors("scaled") {
        protected Tensor forward(Context ctx, Tensor... x) { return x[0].mul(k); }
        protected Tensor[] backward(Context ctx, Tensor g) { return new Tensor[] {k}; } // g is ones below
      };
      for (boolean customFirst : new boolean[] {false, true}) {
        Variable x = Variable.parameter(Tensor.of(new double[] {5, 6, 7}).toType(dtype));
        Variable custom = scaled.apply(x), others = x.mul(2.0).add(x.mul(3.0));
        (customFirst ? others.add(custom) : custom.add(others)).add(scaled.apply(x)).sum().backward();
        assertArrayEquals(new double[] {1, 2, 3}, k.toDoubleArray(), dtype + " k changed, custom first: " + customFirst);
        assertArrayEquals(new double[] {7, 9, 11}, x.grad().toDoubleArray(), dtype + " x, custom first: " + customFirst);
      }
    }
  }

  @Test
  void secondOrderThroughAFanOutStillWorks() {
    // f = Σ (x³ + x² + x) uses x five times; f'' = 6x + 2, through differentiableGrad then grad
    Variable x = Variable.parameter(Tensor.of(new double[] {-1, 0.5, 2}));
    Variable f = x.mul(x).mul(x).add(x.mul(x)).add(x).sum();
    Variable g = Grad.differentiableGrad(f, List.of(x)).get(0);
    assertArrayEquals(new double[] {3 - 2 + 1, 0.75 + 1 + 1, 12 + 4 + 1}, g.value().toDoubleArray(), 1e-12);
    Tensor h = Grad.grad(g.sum(), List.of(x)).get(0);
    assertArrayEquals(new double[] {-4, 5, 14}, h.toDoubleArray(), 1e-12);
  }

  @Test
  void gradModeStaysPerThreadWhenThreadsTakeTurns() throws Exception {
    // two threads in lockstep, one with grad mode off and one on, each op in turn: the cached
    // state flips owner every step, and each thread must see its own mode every time
    int steps = 2000;
    CyclicBarrier turn = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (boolean enabled : new boolean[] {false, true}) {
        results.add(pool.submit(() -> {
          Variable w = Variable.parameter(Tensor.of(new double[] {1, 2}));
          int wrong = 0;
          try (Grad.Scope mode = enabled ? Grad.enabled() : Grad.disabled()) {
            for (int i = 0; i < steps; i++) {
              turn.await();
              if (w.mul(2.0).requiresGrad() != enabled) wrong++;
              if (Grad.isEnabled() != enabled) wrong++;
            }
          }
          return wrong;
        }));
      }
      for (Future<Integer> r : results) assertEquals(0, r.get(), "ops saw another thread's grad mode");
    } finally {
      pool.shutdown();
    }
    assertTrue(Grad.isEnabled(), "this thread's mode changed");
  }
}
