package dev.nabla.benchmarks;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import dev.nabla.core.Tensor;

/**
 * W3: rank-0 float32 leaves x0 = 0.5, a = 0.9, b = 0.1 requiring grad; x = x0; 3,333 times
 * x = tanh(x·a + b) (9,999 ops); then backward. Fresh leaves for every repetition.
 */
public final class W3ScalarTape {
  public static final int ITERS = 3333, OPS = 3 * ITERS;

  public final Variable x0, a, b;
  public Variable x;

  /** Fresh leaves (not timed). */
  public W3ScalarTape() {
    x0 = Variable.parameter(Tensor.scalar(DType.FLOAT32, 0.5));
    a = Variable.parameter(Tensor.scalar(DType.FLOAT32, 0.9));
    b = Variable.parameter(Tensor.scalar(DType.FLOAT32, 0.1));
  }

  /** Builds the graph (forward). */
  public Variable forward() {
    Variable v = x0;
    for (int i = 0; i < ITERS; i++) v = v.mul(a).add(b).tanh();
    return x = v;
  }

  /** Runs backward over the graph built by {@link #forward()}. */
  public void backward() {
    x.backward();
  }

  /** Forward + backward on fresh leaves, checked against PyTorch's float32 x, ∂x/∂a, ∂x/∂b. Returns them. */
  public static double[] check() {
    W3ScalarTape t = new W3ScalarTape();
    t.forward();
    t.backward();
    double x = t.x.item(), da = t.a.grad().item(), db = t.b.grad().item(), dx0 = t.x0.grad().item();
    Reference.check("W3 final x (PyTorch)", x, Reference.W3_X, 2e-6);
    Reference.check("W3 dx/da (PyTorch)", da, Reference.W3_DA, 1e-4 * Reference.W3_DA);
    Reference.check("W3 dx/db (PyTorch)", db, Reference.W3_DB, 1e-4 * Reference.W3_DB);
    Reference.check("W3 dx/dx0 (vanishes: the product of 3333 factors < 1)", dx0, 0, 1e-30);
    return new double[] {x, da, db, dx0};
  }
}
