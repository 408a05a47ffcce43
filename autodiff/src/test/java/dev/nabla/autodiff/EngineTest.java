package dev.nabla.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The engine's known pitfalls, one test each. */
class EngineTest {
  private static Variable p(double... v) {
    return Variable.parameter(Tensor.of(v));
  }

  private static void assertValues(double[] expected, Tensor actual, double tol) {
    double[] a = actual.toDoubleArray();
    assertEquals(expected.length, a.length, "size of " + actual.shape());
    for (int i = 0; i < a.length; i++) assertEquals(expected[i], a[i], tol, "element " + i + " of " + actual);
  }

  @Test
  void sharedSubexpressionsAccumulate() {
    // d(x² + x³)/dx = 2x + 3x²
    Variable x = p(-1.5, 0.5, 2);
    x.square().add(x.pow(3)).sum().backward();
    assertValues(new double[] {2 * -1.5 + 3 * 2.25, 1 + 0.75, 4 + 12}, x.grad(), 1e-12);
  }

  @Test
  void broadcastGradientIsSummedToTheInputShape() {
    Variable a = Variable.parameter(Tensor.ones(DType.FLOAT64, 2, 3));
    Variable b = Variable.parameter(Tensor.of(new double[] {1, 2, 3}, 3));
    Variable c = Variable.parameter(Tensor.scalar(2.0));
    a.mul(b).add(c).sum().backward();
    assertEquals(b.shape(), b.grad().shape());
    assertValues(new double[] {2, 2, 2}, b.grad(), 0);
    assertValues(new double[] {1, 2, 3, 1, 2, 3}, a.grad(), 0);
    assertEquals(0, c.grad().rank());
    assertEquals(6.0, c.grad().item());
  }

  @Test
  void kinksUseTheMinimumNormSubgradient() {
    Variable x = p(-1, 0, 1);
    x.relu().sum().backward();
    assertValues(new double[] {0, 0, 1}, x.grad(), 0);
    x.zeroGrad();
    x.abs().sum().backward();
    assertValues(new double[] {-1, 0, 1}, x.grad(), 0);
  }

  @Test
  void tiesSplitTheGradientEvenly() {
    Variable x = p(3, 1, 3);
    x.max().backward();
    assertValues(new double[] {0.5, 0, 0.5}, x.grad(), 0);
    Variable a = p(2, 5), b = p(2, 1);
    a.maximum(b).sum().backward();
    assertValues(new double[] {0.5, 1}, a.grad(), 0);
    assertValues(new double[] {0.5, 0}, b.grad(), 0);
    Variable m = Variable.parameter(Tensor.of(new double[] {1, 1, 1, 0, 4, 4}, 2, 3));
    m.min(1).sum().backward();
    assertValues(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0, 1, 0, 0}, m.grad(), 1e-15);
  }

  @Test
  void logSoftmaxAndLogSumExpAreStableAtLargeLogits() {
    Variable x = Variable.parameter(Tensor.of(new double[] {1000, 0, -1000, -1000, 1000, 1000}, 2, 3));
    Variable ls = x.logSoftmax(1);
    assertValues(new double[] {0, -1000, -2000, -2000 - Math.log(2), -Math.log(2), -Math.log(2)}, ls.value(), 1e-9);
    Variable lse = x.logSumExp(1);
    assertValues(new double[] {1000, 1000 + Math.log(2)}, lse.value(), 1e-9);
    lse.sum().backward();
    assertValues(new double[] {1, 0, 0, 0, 0.5, 0.5}, x.grad(), 1e-12);
    x.zeroGrad();
    ls.sum().backward();
    for (double g : x.grad().toDoubleArray()) assertTrue(Double.isFinite(g), "finite gradient " + x.grad());
  }

  @Test
  void rowsOfMinusInfinity() {
    double ninf = Double.NEGATIVE_INFINITY;
    Tensor t = Tensor.of(new double[] {ninf, ninf, 0, ninf}, 2, 2);
    assertValues(new double[] {ninf, 0}, t.logSumExp(1), 0);
    // a row with some −∞ gives exact zeros there; a row of all −∞ is NaN, as in PyTorch
    assertValues(new double[] {1, 0}, t.softmax(1).slice(0, 1, 2).reshape(2), 0);
    assertTrue(Double.isNaN(t.softmax(1).get(0, 0)));
  }

  @Test
  void detachCutsTheGraph() {
    Variable x = p(2);
    Variable y = x.detach().mul(x);
    y.sum().backward();
    assertValues(new double[] {2}, x.grad(), 0); // not 2x = 4
    assertFalse(x.detach().requiresGrad());
  }

  @Test
  void noGradScopeRecordsNothingAndRestores() {
    Variable x = p(1, 2);
    Variable y;
    try (Grad.Scope off = Grad.disabled()) {
      y = x.mul(3.0);
      assertFalse(Grad.isEnabled());
      try (Grad.Scope on = Grad.enabled()) {
        assertTrue(x.mul(2.0).requiresGrad());
      }
      assertFalse(Grad.isEnabled());
    }
    assertTrue(Grad.isEnabled());
    assertFalse(y.requiresGrad());
    assertTrue(y.isLeaf());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
    assertTrue(e.getMessage().startsWith("backward: the output does not require grad"), e.getMessage());
  }

  @Test
  void gradientsAccumulateUntilZeroGrad() {
    Variable x = p(1, 2);
    assertNull(x.grad());
    x.mul(3.0).sum().backward();
    x.mul(3.0).sum().backward();
    assertValues(new double[] {6, 6}, x.grad(), 0);
    x.zeroGrad();
    assertNull(x.grad());
    x.square().sum().backward();
    assertValues(new double[] {2, 4}, x.grad(), 0);
  }

  @Test
  void secondBackwardThroughAFreedGraphIsAClearError() {
    Variable x = p(1, 2);
    Variable y = x.exp().sum();
    y.backward();
    IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
    assertTrue(e.getMessage().startsWith("backward: the graph was already freed; use retainGraph to backward twice"),
        e.getMessage());
    Variable z = x.exp().sum();
    x.zeroGrad();
    z.backward(true);
    z.backward();
    assertValues(new double[] {2 * Math.E, 2 * Math.exp(2)}, x.grad(), 1e-12);
  }

  @Test
  void nonScalarOutputNeedsASeed() {
    Variable x = p(1, 2, 3, 4);
    Variable y = x.mul(2.0);
    IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
    assertEquals("backward: output has shape [4], not a scalar; pass a seed gradient of shape [4]", e.getMessage());
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> y.backward(Tensor.ones(DType.FLOAT64, 3)));
    assertEquals("backward: seed FLOAT64 [3] does not match the output FLOAT64 [4]", bad.getMessage());
    y.backward(Tensor.of(new double[] {1, 0, -1, 2}));
    assertValues(new double[] {2, 0, -2, 4}, x.grad(), 0);
  }

  @Test
  void millionNodeChain() {
    Variable x = Variable.parameter(Tensor.scalar(1.0));
    Variable y = x;
    for (int i = 0; i < 1_000_000; i++) y = y.add(1e-6);
    y.backward();
    assertEquals(1.0, x.grad().item());
    assertEquals(2.0, y.item(), 1e-6);
  }

  @Test
  void threadsDoNotDisturbEachOther() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Callable<double[]> withNoGrad = () -> {
        Variable w = p(1, 2, 3);
        double[] last = null;
        for (int i = 0; i < 2000; i++) {
          try (Grad.Scope off = Grad.disabled()) {
            assertFalse(w.mul(2.0).requiresGrad());
          }
        }
        return last;
      };
      Callable<double[]> training = () -> {
        Variable w = p(1, 2, 3);
        for (int i = 0; i < 2000; i++) {
          w.zeroGrad();
          w.square().sum().backward();
          assertTrue(w.grad() != null, "no-grad on another thread leaked into this one");
        }
        return w.grad().toDoubleArray();
      };
      Future<double[]> a = pool.submit(withNoGrad), b = pool.submit(training);
      a.get();
      assertArrayEquals(new double[] {2, 4, 6}, b.get());
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void inPlaceChangeAfterSaveIsRefused() {
    Variable w = Variable.parameter(Tensor.of(new double[] {1, 2}));
    Variable y = w.square().sum();
    w.value().addScaledInPlace(Tensor.of(new double[] {1, 1}), 0.5);
    IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
    assertEquals("backward: square: input 0 of shape [2] was modified in place after it was saved (version 1, saved"
        + " at version 0)", e.getMessage());
  }

  @Test
  void anomalyModeNamesTheOp() {
    Variable x = p(-1, 1);
    try (Grad.Scope s = Grad.detectAnomaly()) {
      AnomalyException f = assertThrows(AnomalyException.class, () -> x.log());
      assertEquals("log", f.op());
      assertTrue(f.getMessage().startsWith("anomaly: forward of log produced NaN"), f.getMessage());
      Variable z = p(0, 1);
      Variable r = z.sqrt().sum(); // finite forward; ∂ = 1/(2·0) = inf in backward
      AnomalyException b = assertThrows(AnomalyException.class, r::backward);
      assertEquals("sqrt", b.op());
      assertTrue(b.getMessage().contains("backward of sqrt"), b.getMessage());
    }
    assertTrue(Double.isNaN(x.log().value().get(0)), "anomaly mode ends with its scope");
  }

  @Test
  void gradFunctionalDoesNotAccumulate() {
    Variable x = p(1, 2);
    List<Tensor> g = Grad.grad(x.square().sum(), List.of(x));
    assertValues(new double[] {2, 4}, g.get(0), 0);
    assertNull(x.grad());
  }

  @Test
  void gradRefusesAnInputThatDoesNotReachTheOutputUnlessAllowed() {
    Variable x = p(1, 2), unused = Variable.parameter(Tensor.zeros(DType.FLOAT64, 3, 1));
    Variable data = Variable.constant(Tensor.ones(DType.FLOAT64, 2));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Grad.grad(x.square().sum(), List.of(x, unused)));
    assertEquals("grad: input 1 (FLOAT64 [3, 1]) does not reach the output; pass Grad.Unused.ZEROS or"
        + " Grad.Unused.NULL to allow inputs the output does not depend on", e.getMessage());
    IllegalArgumentException c = assertThrows(IllegalArgumentException.class,
        () -> Grad.grad(x.mul(data).sum(), List.of(data)));
    assertTrue(c.getMessage().startsWith("grad: input 0 (FLOAT64 [2]) does not require grad"), c.getMessage());
    IllegalArgumentException d = assertThrows(IllegalArgumentException.class,
        () -> Grad.differentiableGrad(x.square().sum(), List.of(unused, x)));
    assertTrue(d.getMessage().startsWith("differentiableGrad: input 0 (FLOAT64 [3, 1]) does not reach"), d.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> Grad.grad(x.mul(2.0), List.of(unused), Tensor.ones(DType.FLOAT64, 2), false));
    assertThrows(IllegalArgumentException.class,
        () -> Grad.differentiableGrad(x.mul(2.0), List.of(unused), Variable.constant(Tensor.ones(DType.FLOAT64, 2))));
    // refused before any rule ran: the graph is intact and a second try with the opt-in works
    Variable y = x.square().sum();
    assertThrows(IllegalArgumentException.class, () -> Grad.grad(y, List.of(x, unused)));
    List<Tensor> zeros = Grad.grad(y, List.of(x, unused), Grad.Unused.ZEROS);
    assertValues(new double[] {2, 4}, zeros.get(0), 0);
    assertValues(new double[] {0, 0, 0}, zeros.get(1), 0);
    assertEquals(unused.shape(), zeros.get(1).shape());
    List<Tensor> nulls = Grad.grad(x.square().sum(), List.of(x, unused), Grad.Unused.NULL);
    assertValues(new double[] {2, 4}, nulls.get(0), 0);
    assertNull(nulls.get(1));
    assertNull(Grad.differentiableGrad(x.square().sum(), List.of(unused), Grad.Unused.NULL).get(0));
    // reached, but nothing flows back (sign has gradient 0): zeros, not an error, as in PyTorch
    assertValues(new double[] {0, 0}, Grad.grad(x.sign().sum(), List.of(x)).get(0), 0);
    // the functional forms of a function of its inputs: an ignored input has derivative 0
    Tensor t = Tensor.of(new double[] {1, 2});
    assertValues(new double[] {0, 0, 0, 0}, Grad.hessian(v -> v.sum(), t), 0);
    List<Tensor> vjp = Grad.vjp(v -> v.get(0).mul(2.0), List.of(t, t), Tensor.ones(DType.FLOAT64, 2));
    assertValues(new double[] {0, 0}, vjp.get(1), 0);
  }

  @Test
  void softmaxOfAScalarIsOneWithGradientZero() {
    // PyTorch: torch.tensor(x).softmax(0) == 1, log_softmax == 0, gradient 0 (axis 0 or -1)
    Variable x = p(0.7, -2.5);
    Variable s = x.sum();
    Variable soft = s.softmax(0), logSoft = s.logSoftmax(-1);
    assertEquals(0, soft.rank());
    assertEquals(1.0, soft.item());
    assertEquals(0.0, logSoft.item());
    soft.add(logSoft).backward();
    assertValues(new double[] {0, 0}, x.grad(), 0);
    Variable z = Variable.parameter(Tensor.scalar(3.0));
    Variable dz = Grad.differentiableGrad(z.softmax(-1).mul(z), List.of(z)).get(0);
    assertEquals(1.0, dz.item()); // d(1·z)/dz
    assertValues(new double[] {0}, Grad.grad(dz, List.of(z), Grad.Unused.ZEROS).get(0).reshape(1), 0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.softmax(1));
    assertEquals("softmax: axis 1 out of range for shape []", e.getMessage());
    // the other axis-taking reductions on a scalar: the value itself, gradient 1
    for (var f : List.<java.util.function.UnaryOperator<Variable>>of(v -> v.sum(0), v -> v.mean(-1),
        v -> v.max(0), v -> v.min(-1, true), v -> v.logSumExp(0), v -> v.transpose(0, -1), v -> v.squeeze(0))) {
      Variable w = Variable.parameter(Tensor.scalar(0.7));
      Variable y = f.apply(w);
      assertEquals(0, y.rank());
      assertEquals(0.7, y.item(), 1e-15);
      y.backward();
      assertEquals(1.0, w.grad().item(), 1e-15);
    }
  }

  @Test
  void powWithExponentZeroHasGradientZeroAtZero() {
    // d(x⁰)/dx = 0 everywhere, also at x = 0 (was 0·0⁻¹ = NaN); PyTorch gives 0
    Variable x = p(0, 2, -1);
    x.pow(0.0).sum().backward();
    assertValues(new double[] {0, 0, 0}, x.grad(), 0);
    // tensor exponent: ∂a = 0 at a = b = 0; ∂b = 0 at a = 0, b ≥ 0 (PyTorch), y·ln a elsewhere
    Variable a = p(0, 2, 0), b = p(0, 0, 1.5);
    a.pow(b).sum().backward();
    assertValues(new double[] {0, 0, 0}, a.grad(), 0);
    assertValues(new double[] {0, Math.log(2), 0}, b.grad(), 1e-15);
    // grad of grad: no NaN at the zeros (PyTorch gives NaN for the tensor exponent; 0 is the limit)
    Variable u = p(0, 2), e = p(0, 0);
    List<Variable> g = Grad.differentiableGrad(u.pow(e).sum(), List.of(u, e));
    List<Tensor> gg = Grad.grad(g.get(0).sum(), List.of(u, e), Grad.Unused.ZEROS);
    assertValues(new double[] {0, 0}, gg.get(0), 0);
    assertValues(new double[] {1, 0.5}, gg.get(1), 0); // ∂²(aᵇ)/∂a∂b = 1/a at b = 0 (a = 0: a finite stand-in)
    Variable w = p(0, 3);
    Variable dw = Grad.differentiableGrad(w.pow(1.0).sum(), List.of(w)).get(0);
    assertValues(new double[] {1, 1}, dw.value(), 0);
    assertValues(new double[] {0, 0}, Grad.grad(dw.sum(), List.of(w), Grad.Unused.ZEROS).get(0), 0);
  }

  @Test
  void savedOutputChangedInPlaceIsRefused() {
    // exp, tanh, sigmoid (and every rule that reads its output) save y; changing it must not go unnoticed
    for (var f : List.<java.util.function.UnaryOperator<Variable>>of(Variable::exp, Variable::tanh,
        Variable::sigmoid)) {
      Variable w = p(1, 2);
      Variable y = f.apply(w);
      y.value().mulInPlace(2);
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
      assertEquals("backward: " + y.opName() + ": its output of shape [2] was modified in place after it was saved"
          + " (version 1, saved at version 0); the backward of " + y.opName() + " needs it unchanged", e.getMessage());
    }
    // a rule that does not read its output (add) is not disturbed
    Variable w = p(1, 2);
    Variable y = w.add(1.0);
    y.value().mulInPlace(2);
    y.sum().backward();
    assertValues(new double[] {1, 1}, w.grad(), 0);
  }

  @Test
  void customOpSavedTensorChangedInPlaceIsRefused() {
    Tensor t = Tensor.of(new double[] {1, 2});
    Variable x = Variable.constant(t);
    Variable w = p(3, 4);
    CustomOp scale = new CustomOp.OnTensors("scaleBy") {
      @Override
      protected Tensor forward(Context ctx, Tensor... in) {
        ctx.save(in[0]);
        return in[0].mul(in[1]);
      }

      @Override
      protected Tensor[] backward(Context ctx, Tensor g) {
        return new Tensor[] {null, g.mul(ctx.saved(0))};
      }
    };
    Variable y = scale.apply(x, w).sum();
    t.mulInPlace(2);
    IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
    assertTrue(e.getMessage().contains("scaleBy") && e.getMessage().contains("modified in place"), e.getMessage());
  }

  @Test
  void eachLeafOwnsItsGradient() {
    Variable w1 = p(1, 2), w2 = p(3, 4);
    w1.add(w2).square().sum().backward();
    assertTrue(w1.grad() != w2.grad() && !w1.grad().sharesStorageWith(w2.grad()), "w1 and w2 share a gradient");
    assertValues(new double[] {8, 12}, w2.grad(), 0);
    w1.grad().mulInPlace(0);
    assertValues(new double[] {8, 12}, w2.grad(), 0);
    // the caller's seed is never adopted, nor a view of it
    Variable w = p(1, 2), v = Variable.parameter(Tensor.zeros(DType.FLOAT64, 1, 2));
    Tensor seed = Tensor.of(new double[] {5, 6});
    w.add(v.reshape(2)).backward(seed);
    assertTrue(w.grad() != seed && !w.grad().sharesStorageWith(seed), "w adopted the seed");
    assertFalse(v.grad().sharesStorageWith(seed) || v.grad().sharesStorageWith(w.grad()), "v's grad is shared");
    seed.mulInPlace(0);
    w.grad().mulInPlace(10);
    assertValues(new double[] {50, 60}, w.grad(), 0);
    assertValues(new double[] {5, 6}, v.grad(), 0);
    // a broadcast (stride-0) gradient becomes a dense tensor of the leaf's own
    Variable s = p(1, 2, 3);
    s.sum().backward();
    assertTrue(s.grad().isWritableInPlace(), "gradient of sum is a view");
    s.grad().mulInPlace(2);
    assertValues(new double[] {2, 2, 2}, s.grad(), 0);
    // Grad.grad results too: two targets never share a tensor
    Variable a = p(1), b = p(2);
    List<Tensor> g = Grad.grad(a.add(b).mul(3.0).sum(), List.of(a, b, a));
    assertFalse(g.get(0).sharesStorageWith(g.get(1)) || g.get(0).sharesStorageWith(g.get(2)));
    // the hot path keeps a fresh gradient as it is: accumulating twice adds, without a stale alias
    Variable q = p(1, 2);
    q.square().sum().backward();
    Tensor first = q.grad();
    q.square().sum().backward();
    assertValues(new double[] {2, 4}, first, 0);
    assertValues(new double[] {4, 8}, q.grad(), 0);
  }

  @Test
  void retainedGradOfANonLeafIsItsOwn() {
    Variable w = p(1, 2);
    Variable h = w.mul(1.0).retainGrad();
    Variable other = w.mul(1.0);
    h.reshape(2, 1).sum().backward();
    IllegalStateException e = assertThrows(IllegalStateException.class, other::grad,
        "a non-leaf keeps no gradient unless retained, and asking for it says so");
    assertEquals("grad: this variable [2] was made by mul, and only leaves keep their gradient; call retainGrad()"
        + " on it before backward(), or use Grad.grad(loss, List.of(it))", e.getMessage());
    assertValues(new double[] {1, 1}, h.grad(), 0);
    assertFalse(h.grad().sharesStorageWith(w.grad()));
  }

  @Test
  void gradOfIntermediateVariables() {
    Variable x = p(1, 2);
    Variable h = x.mul(3.0);
    List<Tensor> g = Grad.grad(h.square().sum(), List.of(h, x));
    assertValues(new double[] {6, 12}, g.get(0), 0);
    assertValues(new double[] {18, 36}, g.get(1), 0);
  }

  @Test
  void higherOrder() {
    // f = Σ x³: gradient 3x², Hessian diag(6x)
    Tensor x = Tensor.of(new double[] {1, 2});
    assertValues(new double[] {6, 0, 0, 12}, Grad.hessian(v -> v.pow(3).sum(), x), 1e-12);
    List<Tensor> hv = Grad.hvp(v -> v.get(0).pow(3).sum(), List.of(x), List.of(Tensor.of(new double[] {1, -1})));
    assertValues(new double[] {6, -12}, hv.get(0), 1e-12);
    // J of x ↦ x² is diag(2x); J·u and Jᵀ·v
    assertValues(new double[] {2, 0, 0, 4}, Grad.jacobian(Variable::square, x), 0);
    Tensor ju = Grad.jvp(v -> v.get(0).square(), List.of(x), List.of(Tensor.of(new double[] {1, 1})));
    assertValues(new double[] {2, 4}, ju, 1e-12);
    List<Tensor> jtv = Grad.vjp(v -> v.get(0).square(), List.of(x), Tensor.of(new double[] {1, 1}));
    assertValues(new double[] {2, 4}, jtv.get(0), 1e-12);
    // d/dx (d/dx sin x) = −sin x
    Variable s = p(0.3);
    Variable ds = Grad.differentiableGrad(s.sin().sum(), List.of(s)).get(0);
    assertValues(new double[] {Math.cos(0.3)}, ds.value(), 1e-15);
    assertValues(new double[] {-Math.sin(0.3)}, Grad.grad(ds.sum(), List.of(s)).get(0), 1e-15);
  }

  @Test
  void gradCheckFailsOnAWrongGradient() {
    Tensor t = Tensor.randn(DType.FLOAT64, new SplittableRandom(3), 2, 3);
    GradCheck.Result ok = GradCheck.check(v -> v.get(0).tanh().sum(), List.of(t));
    assertTrue(ok.passed(), ok.message());
    assertTrue(ok.maxError() < 1e-6, ok.message());
    // x.detach()·x has autodiff gradient x, but its true derivative is 2x
    GradCheck.Result bad = GradCheck.check(v -> v.get(0).detach().mul(v.get(0)).sum(), List.of(t));
    assertFalse(bad.passed());
    assertTrue(bad.message().startsWith("gradient check failed: input 0 element ["), bad.message());
    assertEquals(bad.numeric(), 2 * bad.analytic(), 1e-6);
    assertFalse(GradCheck.checkFast(v -> v.get(0).detach().mul(v.get(0)).sum(), List.of(t), 7).passed());
    IllegalArgumentException f32 = assertThrows(IllegalArgumentException.class,
        () -> GradCheck.check(v -> v.get(0).sum(), List.of(t.toType(DType.FLOAT32))));
    assertTrue(f32.getMessage().contains("gradient checks need FLOAT64"), f32.getMessage());
  }

  @Test
  void customOpWithWrongBackwardIsCaught() {
    CustomOp wrong = new CustomOp.OnTensors("wrongSquare") {
      @Override
      protected Tensor forward(Context ctx, Tensor... x) {
        ctx.save(x[0]);
        return x[0].square();
      }

      @Override
      protected Tensor[] backward(Context ctx, Tensor g) {
        return new Tensor[] {g.mul(ctx.saved(0))}; // should be 2x·g
      }
    };
    Tensor t = Tensor.of(new double[] {0.5, -1, 2});
    assertFalse(GradCheck.check(v -> wrong.apply(v.get(0)).sum(), List.of(t)).passed());
    assertTrue(GradCheck.check(v -> OpRegistry.CUBE.apply(v.get(0)).sum(), List.of(t)).passed());
  }

  @Test
  void graphExportNamesTheOps() {
    Variable w = Variable.parameter(Tensor.ones(DType.FLOAT32, 3, 1));
    Variable x = Variable.constant(Tensor.ones(DType.FLOAT32, 4, 3));
    String dot = Graph.toDot(x.matmul(w).relu().mean());
    assertTrue(dot.startsWith("digraph nabla {"), dot);
    for (String s : List.of("matmul\\n[4, 1] float32", "relu", "div", "sum", "parameter\\n[3, 1]",
        "constant\\n[4, 3]"))
      assertTrue(dot.contains(s), s + " in " + dot);
  }

  @Test
  void tutorialGradientIsWhatAutodiffComputes() {
    // J(θ) = mean((Xθ − y)²) + λ·½‖θ‖²  ⇒  ∇J = (2/n)·Xᵀ(Xθ − y) + λθ
    SplittableRandom rng = new SplittableRandom(5);
    Tensor X = Tensor.rand(DType.FLOAT64, rng, 10, 2), y = Tensor.rand(DType.FLOAT64, rng, 10, 1);
    Variable theta = Variable.parameter(Tensor.of(new double[] {0.3, -0.2}, 2, 1));
    double lambda = 0.1;
    Variable j = Variable.constant(X).matmul(theta).sub(Variable.constant(y)).square().mean()
        .add(theta.square().sum().mul(0.5 * lambda));
    j.backward();
    Tensor expected = X.transpose().matmul(X.matmul(theta.value()).sub(y)).mul(2.0 / 10).add(theta.value().mul(lambda));
    assertTrue(theta.grad().allClose(expected, 1e-12, 1e-12), theta.grad() + " vs " + expected);
  }
}
