package dev.nabla.autodiff;

import dev.nabla.core.Tensor;

/** Adapts a user's {@link CustomOp} to the engine: one instance per call, holding its context. */
final class CustomPrimitive implements Primitive {
  private final CustomOp fn;
  private final CustomOp.Context ctx = new CustomOp.Context();

  CustomPrimitive(CustomOp fn) {
    this.fn = fn;
  }

  public String name() {
    return fn.name();
  }

  public Tensor forward(Tensor... x) {
    return fn.forward(ctx, x);
  }

  public Variable[] vjp(Variable g, Variable y, Variable... x) {
    return fn.backward(ctx, g, x, y);
  }

  @Override
  public boolean supportsGradGrad() {
    return fn.supportsGradGrad();
  }
}
