package dev.nabla.nn;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.Tensor;
import java.util.List;
import java.util.Objects;

/**
 * Gradient clipping, like {@code torch.nn.utils.clip_grad_norm_}.
 *
 * <pre>{@code
 * loss.backward();
 * double norm = GradClip.clipGradNorm(model.parameters(), 1.0);   // the norm before clipping
 * opt.step();
 * }</pre>
 */
public final class GradClip {
  private GradClip() {}

  /** {@link #clipGradNorm(List, double, double)} with the 2-norm. */
  public static double clipGradNorm(List<Variable> params, double maxNorm) {
    Objects.requireNonNull(params, "params");
    return clipGradNorm(params, maxNorm, 2);
  }

  /**
   * Rescales the gradients of {@code params} (those that have one) so that their global p-norm —
   * the p-norm of the vector of every gradient element, i.e. (Σ‖gᵢ‖ₚᵖ)^(1/p), or the largest |g|
   * for p = ∞ — is at most {@code maxNorm}: every gradient is multiplied by
   * maxNorm / (total + 1e-6) when that is below 1. The gradients are replaced with
   * {@link Variable#setGrad} (never modified in place, since a gradient tensor may be shared).
   * Returns the total norm before clipping (accumulated in double).
   */
  public static double clipGradNorm(List<Variable> params, double maxNorm, double normType) {
    Objects.requireNonNull(params, "params");
    if (!(maxNorm >= 0)) throw new IllegalArgumentException("clipGradNorm: maxNorm must be >= 0, got " + maxNorm);
    if (!(normType > 0)) throw new IllegalArgumentException("clipGradNorm: normType must be > 0, got " + normType);
    boolean inf = Double.isInfinite(normType);
    double acc = 0;
    for (Variable p : params) {
      Tensor g = p.grad();
      if (g == null) continue;
      double n = 0;
      for (double x : g.toDoubleArray()) {
        double a = Math.abs(x);
        if (inf) n = Math.max(n, a);
        else n += normType == 2 ? a * a : Math.pow(a, normType);
      }
      if (inf) acc = Math.max(acc, n);
      else acc += n;
    }
    double total = inf ? acc : normType == 2 ? Math.sqrt(acc) : Math.pow(acc, 1 / normType);
    double coef = maxNorm / (total + 1e-6);
    if (coef < 1) {
      for (Variable p : params) if (p.grad() != null) p.setGrad(p.grad().mul(coef));
    }
    return total;
  }
}
