package dev.nabla.benchmarks;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.Tensor;

/**
 * W4: x = u(21,n)→[−1,1], w = u(22,n)→[−1,1] (both require grad), b = u(23,n)→[−1,1];
 * loss = sum(tanh(x·w + b)² · sigmoid(x)); forward + backward.
 */
public final class W4Elementwise {
  public final int n;
  public final Variable x, w, b;

  public W4Elementwise(int n) {
    this.n = n;
    x = Variable.parameter(Tensor.of(Data.uniform(21, n, -1, 1), n));
    w = Variable.parameter(Tensor.of(Data.uniform(22, n, -1, 1), n));
    b = Variable.constant(Tensor.of(Data.uniform(23, n, -1, 1), n));
  }

  /** The loss, graph recorded. */
  public Variable loss() {
    return x.mul(w).add(b).tanh().square().mul(x.sigmoid()).sum();
  }

  /** Gradients cleared (two field writes, PyTorch's {@code x.grad = None}), forward, backward. */
  public Variable forwardBackward() {
    x.zeroGrad();
    w.zeroGrad();
    Variable l = loss();
    l.backward();
    return l;
  }

  /**
   * One forward + backward checked in float64 against the formulas (loss relative error ≤ 1e-5;
   * ∂/∂x = 2t(1−t²)ws + t²s(1−s), ∂/∂w = 2t(1−t²)xs with t = tanh(xw+b), s = σ(x): max abs error
   * ≤ 1e-5), and for n = 10⁴, 10⁶ against PyTorch's float32 loss (relative 1e-5). Returns
   * {loss, float64 loss, max grad error}.
   */
  public double[] check() {
    double loss = forwardBackward().item();
    float[] xs = x.value().toFloatArray(), ws = w.value().toFloatArray(), bs = b.value().toFloatArray();
    float[] gx = x.grad().toFloatArray(), gw = w.grad().toFloatArray();
    double ref = 0, err = 0;
    for (int i = 0; i < n; i++) {
      double t = Math.tanh((double) xs[i] * ws[i] + bs[i]), s = 1 / (1 + Math.exp(-(double) xs[i]));
      ref += t * t * s;
      double dx = 2 * t * (1 - t * t) * ws[i] * s + t * t * s * (1 - s), dw = 2 * t * (1 - t * t) * xs[i] * s;
      err = Math.max(err, Math.max(Math.abs(gx[i] - dx), Math.abs(gw[i] - dw)));
    }
    Reference.check("W4 n=" + n + " loss vs float64", loss, ref, 1e-5 * Math.abs(ref));
    Reference.check("W4 n=" + n + " max gradient error vs float64", err, 0, 1e-5);
    if (n == 10_000) Reference.check("W4 n=10000 loss (PyTorch)", loss, Reference.W4_LOSS_10K, 1e-5 * Reference.W4_LOSS_10K);
    if (n == 1_000_000) Reference.check("W4 n=1e6 loss (PyTorch)", loss, Reference.W4_LOSS_1M, 1e-5 * Reference.W4_LOSS_1M);
    return new double[] {loss, ref, err};
  }
}
