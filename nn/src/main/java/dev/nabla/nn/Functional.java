package dev.nabla.nn;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.Tensor;

/**
 * Differentiable functions that the activation modules are made of: the two forms of {@link #gelu},
 * composed from {@link Variable} ops, and {@link #erf}, which is {@code x.erf()} (a registered
 * primitive since it moved into the op vocabulary).
 *
 * <pre>{@code
 * Functional.gelu(x, false);   // x·Φ(x), exact (erf) form, PyTorch's default
 * Functional.gelu(x, true);    // tanh approximation, PyTorch's approximate="tanh"
 * }</pre>
 */
public final class Functional {
  private Functional() {}

  private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

  /**
   * The error function erf x = 2/√π ∫₀ˣ e^(−t²) dt, elementwise: the same as {@code x.erf()}, a
   * registered primitive (∂x = g·(2/√π)·e^(−x²), differentiable again).
   */
  public static Variable erf(Variable x) {
    return java.util.Objects.requireNonNull(x, "x").erf();
  }

  /**
   * GELU. Exact form ({@code tanhApproximation = false}, PyTorch's default):
   * gelu(x) = x·Φ(x) = x·½·(1 + erf(x/√2)). Tanh form: ½·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).
   */
  public static Variable gelu(Variable x, boolean tanhApproximation) {
    if (tanhApproximation) {
      Variable inner = x.add(x.pow(3).mul(0.044715)).mul(SQRT_2_OVER_PI);
      return x.mul(inner.tanh().add(1)).mul(0.5);
    }
    return x.mul(erf(x.mul(Math.sqrt(0.5))).add(1).mul(0.5));
  }

  /** erf elementwise on a tensor: the same as {@code x.erf()}. */
  public static Tensor erf(Tensor x) {
    return java.util.Objects.requireNonNull(x, "x").erf();
  }

  /** erf of one number, to within 2 ulp: {@code Tensor.scalar(x).erf().item()}. */
  public static double erf(double x) {
    return Tensor.scalar(x).erf().item();
  }
}
