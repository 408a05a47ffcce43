package dev.nabla.nn;

import dev.nabla.autodiff.Variable;

/** max(x, 0) elementwise; relu′(0) = 0 (PyTorch's choice). */
public final class ReLU extends Module {
  @Override
  public Variable forward(Variable x) {
    return x.relu();
  }
}
