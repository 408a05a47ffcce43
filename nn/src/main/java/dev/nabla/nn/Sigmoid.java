package dev.nabla.nn;

import dev.nabla.autodiff.Variable;

/** σ(x) = 1 / (1 + e⁻ˣ) elementwise. */
public final class Sigmoid extends Module {
  @Override
  public Variable forward(Variable x) {
    return x.sigmoid();
  }
}
