package dev.nabla.nn;

import dev.nabla.autodiff.Variable;

/**
 * The Gaussian error linear unit. By default the exact form gelu(x) = x·Φ(x) = ½x·(1 + erf(x/√2)),
 * like PyTorch's {@code nn.GELU()}; {@code new GELU(true)} is the tanh approximation
 * ½x·(1 + tanh(√(2/π)·(x + 0.044715x³))), like {@code nn.GELU(approximate="tanh")}. See
 * {@link Functional#gelu} and, for erf's accuracy, {@link Functional#erf(double)}.
 */
public final class GELU extends Module {
  private final boolean tanh;

  /** The exact (erf) form. */
  public GELU() {
    this(false);
  }

  /** The tanh approximation when {@code tanhApproximation}, else the exact form. */
  public GELU(boolean tanhApproximation) {
    this.tanh = tanhApproximation;
  }

  @Override
  public Variable forward(Variable x) {
    return Functional.gelu(x, tanh);
  }

  @Override
  protected String extraRepr() {
    return "approximate=" + (tanh ? "tanh" : "none");
  }
}
