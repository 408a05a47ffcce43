package dev.nabla.nn;

import dev.nabla.autodiff.CustomOp;
import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import dev.nabla.core.Tensor;

/**
 * Differentiable functions that the activation modules are made of and that autodiff lacks:
 * {@link #erf} and the two forms of {@link #gelu}. Everything else is composed from
 * {@link Variable} ops.
 *
 * <pre>{@code
 * Functional.gelu(x, false);   // x·Φ(x), exact (erf) form, PyTorch's default
 * Functional.gelu(x, true);    // tanh approximation, PyTorch's approximate="tanh"
 * }</pre>
 */
public final class Functional {
  private Functional() {}

  private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
  private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

  /**
   * The error function erf x = 2/√π ∫₀ˣ e^(−t²) dt, elementwise; ∂x = g·(2/√π)·e^(−x²). Its
   * backward is written with Variable ops, so grad of grad works.
   */
  public static Variable erf(Variable x) {
    return ERF.apply(x);
  }

  private static final CustomOp ERF = new CustomOp.OnVariables("erf") {
    @Override
    protected Tensor forward(Context ctx, Tensor... x) {
      return erf(x[0]);
    }

    @Override
    protected Variable[] backward(Context ctx, Variable g, Variable[] in, Variable out) {
      Variable x = in[0];
      return new Variable[] {g.mul(x.square().neg().exp().mul(TWO_OVER_SQRT_PI))};
    }
  };

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

  /** erf elementwise on a tensor (computed in double, rounded to the tensor's dtype). */
  public static Tensor erf(Tensor x) {
    double[] v = x.toDoubleArray();
    for (int i = 0; i < v.length; i++) v[i] = erf(v[i]);
    Tensor t = Tensor.of(v).reshape(x.shape());
    return x.dtype() == DType.FLOAT64 ? t : t.toType(x.dtype());
  }

  /**
   * erf in double, to within a few ulp (about 4e-16 absolute near 1): for |x| &lt; 2.5 the series
   * erf x = 2/√π·e^(−x²)·Σₙ 2ⁿx^(2n+1)/(1·3·…·(2n+1)), whose terms are all positive (no
   * cancellation); for 2.5 ≤ |x| &lt; 6, 1 − erfc x with erfc x = e^(−x²)/√π · 1/(x + ½/(x + 1/(x +
   * (3/2)/(x + …)))), the continued fraction evaluated bottom-up from 120 terms; beyond 6, ±1
   * (erfc 6 ≈ 2e-17 is below half an ulp of 1).
   */
  public static double erf(double x) {
    if (Double.isNaN(x)) return x;
    double a = Math.abs(x), r;
    if (a < 2.5) {
      double x2 = a * a, term = a, sum = a;
      for (int n = 1; n < 200 && term > sum * 1e-17; n++) {
        term *= 2 * x2 / (2 * n + 1);
        sum += term;
      }
      r = TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
    } else if (a < 6) {
      double t = a;
      for (int k = 120; k >= 1; k--) t = a + (k / 2.0) / t;
      r = 1 - Math.exp(-a * a) / Math.sqrt(Math.PI) / t;
    } else {
      r = 1;
    }
    return Math.copySign(r, x);
  }
}
