package dev.nabla.nn;

import dev.nabla.autodiff.Variable;

/**
 * softmax(x)ᵢ = e^(xᵢ) / Σⱼ e^(xⱼ) along an axis (the last by default), computed as
 * exp(logSoftmax(x)) so it is stable for any logits.
 */
public final class Softmax extends Module {
  private final int axis;

  /** Along the last axis. */
  public Softmax() {
    this(-1);
  }

  /** Along {@code axis} (negative counts from the end). */
  public Softmax(int axis) {
    this.axis = axis;
  }

  @Override
  public Variable forward(Variable x) {
    return x.softmax(axis);
  }

  @Override
  protected String extraRepr() {
    return "dim=" + axis;
  }
}
