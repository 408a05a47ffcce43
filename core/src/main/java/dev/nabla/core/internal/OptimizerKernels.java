package dev.nabla.core.internal;

import dev.nabla.core.Tensor;

/**
 * Fused in-place updates for {@code dev.nabla.nn}'s optimizers: one pass over the parameter and its
 * state, no temporaries. Every tensor written must be {@link Tensor#isWritableInPlace()}, and each
 * write bumps its version.
 */
public final class OptimizerKernels {
  private OptimizerKernels() {}

  /** t ← s·t + α·x + β·y in one pass ({@code y} may be null). */
  public static Tensor scaleAddInPlace(Tensor t, double s, Tensor x, double alpha, Tensor y, double beta) {
    return t.scaleAddInPlace(s, x, alpha, y, beta);
  }

  /** Sets every subnormal element of {@code t} to a zero of its sign, by its exponent bits. */
  public static Tensor flushSubnormalsInPlace(Tensor t) {
    return t.flushSubnormalsInPlace();
  }

  /**
   * One Adam or AdamW step for one parameter, PyTorch's update rule (step {@code t} counts from 1):
   * with weight decay λ, g ← g + λθ (Adam) or θ ← θ·(1 − lr·λ) (AdamW, {@code decoupled});
   * m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²; with AMSGrad {@code vmax ← max(vmax, v)} is used
   * for v below (else {@code vmax} is null); θ ← θ − lr/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε).
   */
  public static void adamStep(Tensor theta, Tensor grad, Tensor m, Tensor v, Tensor vmax, long t, double lr,
      double beta1, double beta2, double eps, double weightDecay, boolean decoupled) {
    Tensor g = grad;
    if (weightDecay != 0) {
      if (decoupled) theta.mulInPlace(1 - lr * weightDecay);
      else g = g.add(theta.mul(weightDecay));
    }
    m.mulInPlace(beta1).addScaledInPlace(g, 1 - beta1);
    v.mulInPlace(beta2).addScaledInPlace(g.square(), 1 - beta2);
    double bc1 = 1 - Math.pow(beta1, t), bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, t));
    Tensor second = v;
    if (vmax != null) {
      vmax.copyInPlace(vmax.maximum(v));
      second = vmax;
    }
    Tensor denom = second.sqrt().div(bc2Sqrt).add(eps);
    theta.addScaledInPlace(m.div(denom), -lr / bc1);
  }
}
