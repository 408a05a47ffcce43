package dev.nabla.nn;

import dev.nabla.autodiff.Variable;

/** logSoftmax(x) = x − log Σ eˣ along an axis (the last by default); fused and stable. */
public final class LogSoftmax extends Module {
  private final int axis;

  /** Along the last axis. */
  public LogSoftmax() {
    this(-1);
  }

  /** Along {@code axis} (negative counts from the end). */
  public LogSoftmax(int axis) {
    this.axis = axis;
  }

  @Override
  public Variable forward(Variable x) {
    return x.logSoftmax(axis);
  }

  @Override
  protected String extraRepr() {
    return "dim=" + axis;
  }
}
