package dev.nabla.core.kernel;

/**
 * The one source of {@link Update}'s kernels (FLOAT32 twin generated): same-index loops the JIT
 * vectorizes; FLOAT32 arithmetic stays in float, as an optimizer step in PyTorch does.
 */
final class DoubleUpdate {
  /** Elements below which a loop runs on the calling thread. */
  private static final long THRESHOLD = 1 << 15;
  /**
   * Work below which a memory-bound same-index loop (a few loads and a store per element, cost 1 to 3) runs on
   * the calling thread: as {@link DoubleBinary}'s, about 2¹⁵ elements and up go parallel.
   */
  private static final long STREAM_THRESHOLD = 1 << 16;

  private DoubleUpdate() {}

  /** Elementwise, so split anywhere (the engine's gradient fan-in sums and SGD go through here). */
  static void scaleAdd(double[] y, double s, double[] x, double a, double[] z, double b, int n) {
    if ((long) n * 2 < STREAM_THRESHOLD) scaleAdd(y, s, x, a, z, b, 0, n);
    else Parallel.forRange(n, z == null ? 2 : 3, STREAM_THRESHOLD, Parallel.SPLIT,
        (lo, hi) -> scaleAdd(y, s, x, a, z, b, lo, hi));
  }

  private static void scaleAdd(double[] y, double s, double[] x, double a, double[] z, double b, int lo, int hi) {
    if (z == null) for (int i = lo; i < hi; i++) y[i] = s * y[i] + a * x[i];
    else for (int i = lo; i < hi; i++) y[i] = s * y[i] + a * x[i] + b * z[i];
  }

  /**
   * SGD with momentum in one pass, see {@link Update}'s {@code sgdMomentum}: per element, the bits of
   * {@code scaleAdd(b, mu, g, keep, decay ? theta : null, kw, n)} followed by
   * {@code scaleAdd(theta, 1, b, step, null, 0, n)} (1·θ = θ exactly), each element read before it is written.
   */
  static void sgdMomentum(double[] theta, double[] b, double[] g, double mu, double keep, double kw, boolean decay,
      double step, int n) {
    if ((long) n * 3 < STREAM_THRESHOLD) sgdMomentum(theta, b, g, mu, keep, kw, decay, step, 0, n);
    else Parallel.forRange(n, 3, STREAM_THRESHOLD, Parallel.SPLIT,
        (lo, hi) -> sgdMomentum(theta, b, g, mu, keep, kw, decay, step, lo, hi));
  }

  private static void sgdMomentum(double[] theta, double[] b, double[] g, double mu, double keep, double kw,
      boolean decay, double step, int lo, int hi) {
    if (decay) {
      for (int i = lo; i < hi; i++) {
        double p = theta[i], bi = mu * b[i] + keep * g[i] + kw * p;
        b[i] = bi;
        theta[i] = p + step * bi;
      }
    } else {
      for (int i = lo; i < hi; i++) {
        double bi = mu * b[i] + keep * g[i];
        b[i] = bi;
        theta[i] = theta[i] + step * bi;
      }
    }
  }

  static void scale(double[] y, double s, int n) {
    if (n < STREAM_THRESHOLD) scale(y, s, 0, n);
    else Parallel.forRange(n, 1, STREAM_THRESHOLD, Parallel.SPLIT, (lo, hi) -> scale(y, s, lo, hi));
  }

  private static void scale(double[] y, double s, int lo, int hi) {
    for (int i = lo; i < hi; i++) y[i] *= s;
  }

  /**
   * One Adam/AdamW step in place, see {@link Update}'s {@code adam}. The coefficients are worked out wide and
   * rounded once to the dtype, as the composed tensor ops round their scalars.
   */
  static void adam(double[] theta, double[] grad, double[] m, double[] v, double[] vmax, int n, long t,
      /*wide*/ double lr, /*wide*/ double beta1, /*wide*/ double beta2, /*wide*/ double eps,
      /*wide*/ double weightDecay, boolean decoupled) {
    double decay = (double) (1 - lr * weightDecay), lambda = (double) weightDecay;
    double b1 = (double) beta1, c1 = (double) (1 - beta1), b2 = (double) beta2, c2 = (double) (1 - beta2);
    double bc2Sqrt = (double) Math.sqrt(1 - Math.pow(beta2, t)), e = (double) eps;
    double step = (double) (-lr / (1 - Math.pow(beta1, t)));
    boolean coupled = weightDecay != 0 && !decoupled, shrink = weightDecay != 0 && decoupled;
    Parallel.forRange(n, 16, THRESHOLD, (lo, hi) -> {
      for (int i = lo; i < hi; i++) {
        double p = theta[i], g = grad[i];
        if (shrink) p = p * decay;
        if (coupled) g = g + p * lambda;
        double mi = m[i] * b1 + c1 * g, vi = v[i] * b2 + c2 * (g * g);
        m[i] = mi;
        v[i] = vi;
        if (vmax != null) vi = vmax[i] = Math.max(vmax[i], vi);
        theta[i] = p + step * (mi / ((double) Math.sqrt(vi) / bc2Sqrt + e));
      }
    });
  }
}
