package dev.nabla.autodiff;

import dev.nabla.core.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A user-defined differentiable op with its own forward and backward, like PyTorch's
 * {@code torch.autograd.Function}. Verify the backward with {@link GradCheck}.
 *
 * <p>It comes in two shapes, and which one you extend decides whether grad of grad works: each
 * has exactly one backward to write.
 * <ul>
 *   <li>{@link OnTensors}: the backward works on tensors. Simple and fast, but not itself
 *       differentiable: grad of grad through the op is refused with a message naming it.
 *   <li>{@link OnVariables}: the backward is written with {@link Variable} ops, so it is
 *       differentiable and grad of grad works. It also receives the inputs and the output.
 * </ul>
 *
 * <pre>{@code
 * // y = x³, ∂x = 3x²·g, first order only
 * CustomOp cube = new CustomOp.OnTensors("cube") {
 *   protected Tensor forward(Context ctx, Tensor... x) { ctx.save(x[0]); return x[0].pow(3); }
 *   protected Tensor[] backward(Context ctx, Tensor g) {
 *     return new Tensor[] {g.mul(ctx.saved(0).square().mul(3))};
 *   }
 * };
 * // the same op with a differentiable backward
 * CustomOp cube2 = new CustomOp.OnVariables("cube2") {
 *   protected Tensor forward(Context ctx, Tensor... x) { return x[0].pow(3); }
 *   protected Variable[] backward(Context ctx, Variable g, Variable[] x, Variable y) {
 *     return new Variable[] {g.mul(x[0].square()).mul(3)};
 *   }
 * };
 * Variable y = cube.apply(x);
 * GradCheck.check(v -> cube.apply(v.get(0)).sum(), List.of(t)).passed();           // true
 * GradCheck.checkGradGrad(v -> cube2.apply(v.get(0)).sum(), List.of(t), 1).passed(); // true
 * }</pre>
 */
public abstract sealed class CustomOp permits CustomOp.OnTensors, CustomOp.OnVariables {
  private final String name;

  private CustomOp(String name) {
    this.name = Objects.requireNonNull(name, "name");
  }

  /** The op's name. */
  public final String name() {
    return name;
  }

  /** Computes the output values; save what backward needs with {@link Context#save}. */
  protected abstract Tensor forward(Context ctx, Tensor... inputs);

  /** Whether grad of grad works through this op: true for {@link OnVariables}, false for {@link OnTensors}. */
  public final boolean supportsGradGrad() {
    return this instanceof OnVariables;
  }

  /** Applies the op, recording it in the graph when any input requires grad. */
  public final Variable apply(Variable... inputs) {
    Objects.requireNonNull(inputs, "inputs");
    for (int i = 0; i < inputs.length; i++) Objects.requireNonNull(inputs[i], "inputs[" + i + "]");
    return Engine.apply(new CustomPrimitive(this), inputs);
  }

  /** The engine's view of the backward: one gradient per input, given g, the inputs and the output. */
  abstract Variable[] vjp(Context ctx, Variable grad, Variable[] inputs, Variable output);

  /**
   * A custom op whose backward works on tensors: first order only (grad of grad through it is
   * refused). The backward sees what forward saved, not the output.
   */
  public abstract static non-sealed class OnTensors extends CustomOp {
    /** @param name the op's name in error messages and graph dumps */
    protected OnTensors(String name) {
      super(name);
    }

    /**
     * ∂L/∂xᵢ for every input given g = ∂L/∂y (one per input; null where no gradient flows).
     * Returned gradients may have the output's broadcast shape; they are summed down for you.
     */
    protected abstract Tensor[] backward(Context ctx, Tensor grad);

    @Override
    final Variable[] vjp(Context ctx, Variable grad, Variable[] inputs, Variable output) {
      Tensor[] g = backward(ctx, grad.value());
      if (g == null || g.length != inputs.length)
        throw new IllegalStateException(name() + ": backward returned " + (g == null ? "null" : g.length + " gradients")
            + " for " + inputs.length + " inputs");
      Variable[] out = new Variable[g.length];
      for (int i = 0; i < g.length; i++) out[i] = g[i] == null ? null : Variable.constant(g[i]);
      return out;
    }
  }

  /**
   * A custom op whose backward is written with {@link Variable} ops: differentiable, so grad of
   * grad works through it. The backward receives g, the inputs and the output (the engine then
   * refuses to backward once the output was changed in place).
   */
  public abstract static non-sealed class OnVariables extends CustomOp {
    /** @param name the op's name in error messages and graph dumps */
    protected OnVariables(String name) {
      super(name);
    }

    /**
     * ∂L/∂xᵢ for every input given g = ∂L/∂y, the inputs and the output, with Variable ops (one
     * per input; null where no gradient flows). Returned gradients may have the output's
     * broadcast shape; they are summed down for you.
     */
    protected abstract Variable[] backward(Context ctx, Variable grad, Variable[] inputs, Variable output);

    @Override
    final Variable[] vjp(Context ctx, Variable grad, Variable[] inputs, Variable output) {
      return backward(ctx, grad, inputs, output);
    }
  }

  /**
   * What forward keeps for backward. Each saved tensor's version is recorded, so that a tensor
   * changed in place between forward and backward is refused when backward asks for it, as the
   * engine does for every input and saved output.
   */
  public static final class Context {
    private final String op;
    private final List<Tensor> saved = new ArrayList<>();
    private final List<Integer> versions = new ArrayList<>();

    /** A context for an op with no name to report. */
    public Context() {
      this("custom op");
    }

    Context(String op) {
      this.op = op;
    }

    /** Keeps tensors for backward. */
    public void save(Tensor... tensors) {
      Objects.requireNonNull(tensors, "tensors");
      for (int i = 0; i < tensors.length; i++) Objects.requireNonNull(tensors[i], "tensors[" + i + "]");
      for (Tensor t : tensors) {
        saved.add(t);
        versions.add(t.version());
      }
    }

    /** Whether {@code t} shares storage with a saved tensor. */
    boolean holds(Tensor t) {
      for (Tensor s : saved) if (s.sharesStorageWith(t)) return true;
      return false;
    }

    /**
     * The i-th saved tensor.
     *
     * @throws IllegalStateException if it was changed in place after it was saved
     */
    public Tensor saved(int i) {
      Tensor t = saved.get(i);
      if (t.version() != versions.get(i))
        throw new IllegalStateException(op + ": saved tensor " + i + " of shape " + t.shape() + " was modified in"
            + " place after it was saved (version " + t.version() + ", saved at version " + versions.get(i) + ")");
      return t;
    }
  }
}
