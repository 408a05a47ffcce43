package dev.nabla.autodiff;

import dev.nabla.core.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A user-defined differentiable op with its own forward and backward, like PyTorch's
 * {@code torch.autograd.Function}. Verify the backward with {@link GradCheck}.
 *
 * <pre>{@code
 * // y = x³, ∂x = 3x²·g
 * CustomOp cube = new CustomOp("cube") {
 *   protected Tensor forward(Context ctx, Tensor... x) { ctx.save(x[0]); return x[0].pow(3); }
 *   protected Tensor[] backward(Context ctx, Tensor g) {
 *     return new Tensor[] {g.mul(ctx.saved(0).square().mul(3))};
 *   }
 * };
 * Variable y = cube.apply(x);
 * GradCheck.check(v -> cube.apply(v.get(0)).sum(), List.of(t)).passed();   // true
 * }</pre>
 *
 * <p>A backward written on tensors is not itself differentiable: grad of grad through this op is
 * refused with a message naming it. To support it, override
 * {@link #backward(Context, Variable, Variable[], Variable)} with Variable ops and
 * {@link #supportsGradGrad()} to return true.
 */
public abstract class CustomOp {
  private final String name;
  /** Whether the Variable form of backward is overridden: it receives the output, which may then be read. */
  private final boolean readsOutput;

  /** @param name the op's name in error messages and graph dumps */
  protected CustomOp(String name) {
    this.name = Objects.requireNonNull(name, "name");
    this.readsOutput = overridesVariableBackward(getClass());
  }

  /** The op's name. */
  public final String name() {
    return name;
  }

  /** Computes the output values; save what backward needs with {@link Context#save}. */
  protected abstract Tensor forward(Context ctx, Tensor... inputs);

  /**
   * ∂L/∂xᵢ for every input given g = ∂L/∂y (one per input; null where no gradient flows).
   * Returned gradients may have the output's broadcast shape; they are summed down for you.
   */
  protected abstract Tensor[] backward(Context ctx, Tensor grad);

  /**
   * The differentiable form of {@link #backward(Context, Tensor)}, given g, the inputs and the
   * output as Variables. The default calls the tensor form, so it is not differentiable.
   */
  protected Variable[] backward(Context ctx, Variable grad, Variable[] inputs, Variable output) {
    Tensor[] g = backward(ctx, grad.value());
    if (g == null || g.length != inputs.length)
      throw new IllegalStateException(name + ": backward returned " + (g == null ? "null" : g.length + " gradients")
          + " for " + inputs.length + " inputs");
    Variable[] out = new Variable[g.length];
    for (int i = 0; i < g.length; i++) out[i] = g[i] == null ? null : Variable.constant(g[i]);
    return out;
  }

  /** Whether the backward is differentiable (override together with the Variable form). */
  public boolean supportsGradGrad() {
    return false;
  }

  /** Applies the op, recording it in the graph when any input requires grad. */
  public final Variable apply(Variable... inputs) {
    Objects.requireNonNull(inputs, "inputs");
    for (int i = 0; i < inputs.length; i++) Objects.requireNonNull(inputs[i], "inputs[" + i + "]");
    return Engine.apply(new CustomPrimitive(this), inputs);
  }

  boolean readsOutput() {
    return readsOutput;
  }

  private static boolean overridesVariableBackward(Class<?> c) {
    for (; c != CustomOp.class; c = c.getSuperclass()) {
      try {
        c.getDeclaredMethod("backward", Context.class, Variable.class, Variable[].class, Variable.class);
        return true;
      } catch (NoSuchMethodException e) {
        // not here; look further up
      }
    }
    return false;
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
