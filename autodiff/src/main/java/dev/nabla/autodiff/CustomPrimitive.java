package dev.nabla.autodiff;

import dev.nabla.core.Tensor;

/** Adapts a user's {@link CustomOp} to the engine: one instance per call, holding its context. */
final class CustomPrimitive implements Primitive {
  private final CustomOp fn;
  private final CustomOp.Context ctx;

  CustomPrimitive(CustomOp fn) {
    this.fn = fn;
    this.ctx = new CustomOp.Context(fn.name());
  }

  public String name() {
    return fn.name();
  }

  public Tensor forward(Tensor... x) {
    return fn.forward(ctx, x);
  }

  /**
   * The user's backward; a gradient it returns that shares storage with an input, the output or a
   * saved tensor (values the user holds) is copied, so that no leaf adopts a user's tensor as its
   * gradient.
   */
  public Variable[] vjp(Variable g, Variable y, Variable... x) {
    Variable[] grads = fn.vjp(ctx, g, x, y);
    for (int i = 0; grads != null && i < grads.length; i++) {
      if (grads[i] != null && isHeld(grads[i].value(), y, x)) grads[i] = grads[i].mul(1.0);
    }
    return grads;
  }

  private boolean isHeld(Tensor t, Variable y, Variable[] x) {
    if (t.sharesStorageWith(y.value()) || ctx.holds(t)) return true;
    for (Variable v : x) if (t.sharesStorageWith(v.value())) return true;
    return false;
  }

  /** The Variable form of the user's backward receives the output; the tensor form sees only what was saved. */
  @Override
  public boolean savesOutput() {
    return fn instanceof CustomOp.OnVariables;
  }

  @Override
  public boolean supportsGradGrad() {
    return fn.supportsGradGrad();
  }
}
