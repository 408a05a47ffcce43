package dev.nabla.benchmarks;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import dev.nabla.core.Tensor;

/**
 * W6: X[i] = u(61,100)[i], y = 3X + u(62,100) (float64, then cast to float32); θ: 1×1 from 0;
 * 1000 iterations of loss = mean((Xθ − y)²) + 0.1·½·Σθ², backward, θ ← θ − 0.01·∇θ (in place).
 */
public final class W6LinReg {
  public static final int N = 100, ITERS = 1000;
  public static final double LR = 0.01, LAMBDA = 0.1;

  public final Variable x, y;

  public W6LinReg() {
    double[] u = Data.u(61, N), e = Data.u(62, N);
    float[] xs = new float[N], ys = new float[N];
    for (int i = 0; i < N; i++) {
      xs[i] = (float) u[i];
      ys[i] = (float) (3.0 * u[i] + e[i]);
    }
    x = Variable.constant(Tensor.of(xs, N, 1));
    y = Variable.constant(Tensor.of(ys, N, 1));
  }

  /** The whole 1000-iteration fit from a fresh θ = 0; returns θ. */
  public Variable train() {
    Variable theta = Variable.parameter(Tensor.zeros(DType.FLOAT32, 1, 1));
    for (int it = 0; it < ITERS; it++) {
      Variable loss = x.matmul(theta).sub(y).square().mean().add(theta.square().sum().mul(LAMBDA * 0.5));
      loss.backward();
      theta.value().addScaledInPlace(theta.grad(), -LR);
      theta.zeroGrad();
    }
    return theta;
  }

  /** θ after training vs PyTorch's float32 3.2129672 (± 2e-5); returns θ. */
  public double check() {
    double theta = train().item();
    Reference.check("W6 theta after 1000 GD iterations (PyTorch float32)", theta, Reference.W6_THETA, 2e-5);
    return theta;
  }
}
