package dev.nabla.nn;

import dev.nabla.autodiff.Variable;

/** tanh x elementwise. */
public final class Tanh extends Module {
  @Override
  public Variable forward(Variable x) {
    return x.tanh();
  }
}
