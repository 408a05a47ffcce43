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
    java.util.Objects.requireNonNull(t, "t");
    java.util.Objects.requireNonNull(x, "x");
    TensorAccess access = TensorAccess.get();
    Object target = access.writableArray("scaleAddInPlace", t, x); // x and y are only read: any layout
    if (y != null) access.writableArray("scaleAddInPlace", t, y);
    Object xs = access.denseArray(x), ys = y == null ? null : access.denseArray(y);
    if (target instanceof float[] f)
      dev.nabla.core.kernel.Update.scaleAdd(f, (float) s, (float[]) xs, (float) alpha, (float[]) ys, (float) beta,
          t.size());
    else dev.nabla.core.kernel.Update.scaleAdd((double[]) target, s, (double[]) xs, alpha, (double[]) ys, beta, t.size());
    access.bumpVersion(t);
    return t;
  }

  /** Sets every subnormal element of {@code t} to a zero of its sign, by its exponent bits. */
  public static Tensor flushSubnormalsInPlace(Tensor t) {
    java.util.Objects.requireNonNull(t, "t");
    TensorAccess access = TensorAccess.get();
    Object target = access.writableArray("flushSubnormalsInPlace", t);
    if (target instanceof float[] f) {
      for (int i = 0; i < f.length; i++) {
        int bits = Float.floatToRawIntBits(f[i]);
        if ((bits & 0x7f800000) == 0) f[i] = Float.intBitsToFloat(bits & 0x80000000);
      }
    } else {
      double[] d = (double[]) target;
      for (int i = 0; i < d.length; i++) {
        long bits = Double.doubleToRawLongBits(d[i]);
        if ((bits & 0x7ff0000000000000L) == 0) d[i] = Double.longBitsToDouble(bits & 0x8000000000000000L);
      }
    }
    access.bumpVersion(t);
    return t;
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
