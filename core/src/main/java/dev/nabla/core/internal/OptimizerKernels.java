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
    return t.scaleAddInPlace(s, x, alpha, y, beta);
  }

  /** Sets every subnormal element of {@code t} to a zero of its sign, by its exponent bits. */
  public static Tensor flushSubnormalsInPlace(Tensor t) {
    return t.flushSubnormalsInPlace();
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
