package dev.nabla.core.internal;

import dev.nabla.core.ShapeMismatchException;
import dev.nabla.core.Tensor;
import dev.nabla.core.kernel.Update;
import java.util.List;
import java.util.Objects;

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

  /**
   * One SGD-with-momentum step (without Nesterov), fused into one pass over θ, its momentum buffer b and its
   * gradient g: b ← μ·b + k·g + k·λ·θ (the last term only when λ ≠ 0), then θ ← θ − lr·b. The bits are those of
   * {@code scaleAddInPlace(b, mu, g, keep, λ ≠ 0 ? theta : null, keep·λ)} followed by
   * {@code theta.addScaledInPlace(b, -lr)}; the versions of θ and b are bumped. Example:
   * {@code sgdMomentumInPlace(w, buffer, w.grad, 0.9, 1, 1e-4, 0.01)}.
   */
  public static void sgdMomentumInPlace(Tensor theta, Tensor b, Tensor g, double mu, double keep, double weightDecay,
      double lr) {
    Objects.requireNonNull(theta, "theta");
    Objects.requireNonNull(b, "b");
    Objects.requireNonNull(g, "g");
    TensorAccess access = TensorAccess.get();
    Object p = access.writableArray("sgdMomentumInPlace", theta, b);
    Object bs = access.writableArray("sgdMomentumInPlace", b, g), gs = access.denseArray(g);
    double kw = keep * weightDecay;
    boolean decay = weightDecay != 0;
    if (p instanceof float[] f)
      Update.sgdMomentum(f, (float[]) bs, (float[]) gs, (float) mu, (float) keep, (float) kw, decay, (float) -lr,
          theta.size());
    else Update.sgdMomentum((double[]) p, (double[]) bs, (double[]) gs, mu, keep, kw, decay, -lr, theta.size());
    access.bumpVersion(b);
    access.bumpVersion(theta);
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
   * One Adam or AdamW step for one parameter, in place and in one fused pass over θ, g, m, v (and vmax),
   * PyTorch's update rule and order (torch.optim.Adam/AdamW, single-tensor; step {@code t} counts from 1):
   * with weight decay λ, g ← g + λθ (Adam) or θ ← θ·(1 − lr·λ) (AdamW, {@code decoupled});
   * m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²; with AMSGrad {@code vmax ← max(vmax, v)} is used
   * for v below (else {@code vmax} is null); θ ← θ − lr/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε).
   * θ, m, v and vmax must be writable in place, all five of one shape and dtype; each written tensor's
   * version is bumped. Example: {@code adamStep(w, w.grad, m, v, null, 1, 1e-3, 0.9, 0.999, 1e-8, 0, false)}.
   */
  public static void adamStep(Tensor theta, Tensor grad, Tensor m, Tensor v, Tensor vmax, long t, double lr,
      double beta1, double beta2, double eps, double weightDecay, boolean decoupled) {
    Objects.requireNonNull(theta, "theta");
    for (Tensor x : vmax == null ? List.of(Objects.requireNonNull(grad, "grad"), Objects.requireNonNull(m, "m"),
        Objects.requireNonNull(v, "v")) : List.of(grad, m, v, vmax)) {
      if (!x.shape().equals(theta.shape()) || x.dtype() != theta.dtype())
        throw new ShapeMismatchException("adamStep: " + x.dtype() + " " + x.shape() + " does not match the parameter's "
            + theta.dtype() + " " + theta.shape());
    }
    TensorAccess access = TensorAccess.get();
    Object p = access.writableArray("adamStep", theta), g = access.denseArray(grad);
    Object ms = access.writableArray("adamStep", m), vs = access.writableArray("adamStep", v);
    Object vm = vmax == null ? null : access.writableArray("adamStep", vmax);
    if (p instanceof float[] f)
      Update.adam(f, (float[]) g, (float[]) ms, (float[]) vs, (float[]) vm, theta.size(), t, lr, beta1, beta2, eps,
          weightDecay, decoupled);
    else
      Update.adam((double[]) p, (double[]) g, (double[]) ms, (double[]) vs, (double[]) vm, theta.size(), t, lr, beta1,
          beta2, eps, weightDecay, decoupled);
    for (Tensor x : vmax == null ? List.of(theta, m, v) : List.of(theta, m, v, vmax)) access.bumpVersion(x);
  }
}
