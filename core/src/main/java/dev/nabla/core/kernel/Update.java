package dev.nabla.core.kernel;

/**
 * In-place updates for optimizers: {@code y ← s·y + a·x + b·z} in one pass over dense arrays
 * ({@code z} may be null), and {@code y ← s·y}. Same-index loops, so the JIT vectorizes them; FLOAT32 arithmetic stays
 * in float, as an optimizer step in PyTorch does.
 */
public final class Update {
  private Update() {}

  public static void scaleAdd(double[] y, double s, double[] x, double a, double[] z, double b, int n) {
    if (z == null) for (int i = 0; i < n; i++) y[i] = s * y[i] + a * x[i];
    else for (int i = 0; i < n; i++) y[i] = s * y[i] + a * x[i] + b * z[i];
  }

  public static void scaleAdd(float[] y, float s, float[] x, float a, float[] z, float b, int n) {
    if (z == null) for (int i = 0; i < n; i++) y[i] = s * y[i] + a * x[i];
    else for (int i = 0; i < n; i++) y[i] = s * y[i] + a * x[i] + b * z[i];
  }

  public static void scale(double[] y, double s, int n) {
    for (int i = 0; i < n; i++) y[i] *= s;
  }

  public static void scale(float[] y, float s, int n) {
    for (int i = 0; i < n; i++) y[i] *= s;
  }
}
