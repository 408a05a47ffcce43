package dev.nabla.core.kernel;

/**
 * In-place updates for optimizers: {@code y ← s·y + a·x + b·z} in one pass over dense arrays
 * ({@code z} may be null), {@code y ← s·y}, and the fused SGD-momentum and Adam/AdamW steps. Same-index loops, so the JIT
 * vectorizes them; FLOAT32 arithmetic stays in float, as an optimizer step in PyTorch does. One source
 * for both dtypes: {@code DoubleUpdate} (the FLOAT32 twin is generated from it).
 */
public final class Update {
  private Update() {}

  public static void scaleAdd(double[] y, double s, double[] x, double a, double[] z, double b, int n) {
    DoubleUpdate.scaleAdd(y, s, x, a, z, b, n);
  }

  public static void scaleAdd(float[] y, float s, float[] x, float a, float[] z, float b, int n) {
    FloatUpdate.scaleAdd(y, s, x, a, z, b, n);
  }

  /**
   * One step of SGD with momentum (without Nesterov) over the first {@code n} elements, in place and in one pass:
   * b ← μ·b + k·g (+ kw·θ when {@code decay}), then θ ← θ + step·b, with the bits of the two passes
   * {@code scaleAdd(b, mu, g, keep, theta or null, kw, n)} and {@code scaleAdd(theta, 1, b, step, null, 0, n)}.
   * Example, momentum 0.9, no dampening, weight decay 1e-4, rate 0.01:
   * {@code sgdMomentum(theta, b, g, 0.9, 1, 1e-4, true, -0.01, n)}.
   */
  public static void sgdMomentum(double[] theta, double[] b, double[] g, double mu, double keep, double kw,
      boolean decay, double step, int n) {
    DoubleUpdate.sgdMomentum(theta, b, g, mu, keep, kw, decay, step, n);
  }

  /** The FLOAT32 {@link #sgdMomentum(double[], double[], double[], double, double, double, boolean, double, int) sgdMomentum}. */
  public static void sgdMomentum(float[] theta, float[] b, float[] g, float mu, float keep, float kw, boolean decay,
      float step, int n) {
    FloatUpdate.sgdMomentum(theta, b, g, mu, keep, kw, decay, step, n);
  }

  public static void scale(double[] y, double s, int n) {
    DoubleUpdate.scale(y, s, n);
  }

  public static void scale(float[] y, float s, int n) {
    FloatUpdate.scale(y, s, n);
  }

  /**
   * One Adam or AdamW step over the first {@code n} elements, in place and in one pass, in PyTorch's order
   * (torch.optim.Adam/AdamW, single-tensor): with weight decay λ, θ ← θ·(1 − lr·λ) ({@code decoupled}, AdamW)
   * or g ← g + θ·λ (Adam); m ← m·β₁ + (1 − β₁)·g; v ← v·β₂ + (1 − β₂)·g²; with AMSGrad
   * ({@code vmax} non-null) vmax ← max(vmax, v), used for v below; θ ← θ + (−lr/(1 − β₁ᵗ))·(m / (√v / √(1 − β₂ᵗ) + ε)).
   * Scalars are computed in double and rounded once to the arrays' dtype, so the result is bit for bit
   * that of the same steps done as separate tensor ops. Example, the first step (t = 1) moves each θ by
   * about −lr·sign(g): {@code adam(theta, grad, m, v, null, n, 1, 1e-3, 0.9, 0.999, 1e-8, 0, false)}.
   */
  public static void adam(double[] theta, double[] grad, double[] m, double[] v, double[] vmax, int n, long t,
      double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupled) {
    DoubleUpdate.adam(theta, grad, m, v, vmax, n, t, lr, beta1, beta2, eps, weightDecay, decoupled);
  }

  /** The FLOAT32 {@link #adam(double[], double[], double[], double[], double[], int, long, double, double, double, double, double, boolean) adam}. */
  public static void adam(float[] theta, float[] grad, float[] m, float[] v, float[] vmax, int n, long t,
      double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupled) {
    FloatUpdate.adam(theta, grad, m, v, vmax, n, t, lr, beta1, beta2, eps, weightDecay, decoupled);
  }
}
