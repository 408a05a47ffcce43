package dev.nabla.nn;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * The common base of optimizers: a fixed list of parameters, a learning rate, and per-parameter
 * state. {@link #step()} updates every parameter whose gradient is not null, in place (through
 * the core's {@code ...InPlace} methods, which bump the tensor's version counter); parameters
 * without a gradient are skipped, state and all, as in PyTorch.
 *
 * <pre>{@code
 * Optimizer opt = new Adam(model.parameters(), 1e-3);
 * for (var batch : loader) {
 *   opt.zeroGrad();
 *   Losses.crossEntropy(model.forward(batch.input()), batch.labels()).backward();
 *   opt.step();
 * }
 * }</pre>
 *
 * <p>State buffers are private copies: a gradient tensor may be shared between parameters (the
 * engine can hand the same tensor to two leaves), so it is never written to or kept.
 */
public abstract class Optimizer {
  private final String name;
  private final List<Variable> params;
  private double lr;

  /**
   * @throws IllegalArgumentException if {@code params} is empty, contains a parameter twice, a
   *     variable that is not a trainable leaf or a view that cannot be written in place, or if
   *     {@code lr} is negative or not finite
   */
  protected Optimizer(String name, List<Variable> params, double lr) {
    this.name = name;
    if (params == null || params.isEmpty())
      throw new IllegalArgumentException(name + ": got an empty parameter list (does the model have parameters?)");
    IdentityHashMap<Variable, Integer> seen = new IdentityHashMap<>();
    for (int i = 0; i < params.size(); i++) {
      Variable p = params.get(i);
      if (p == null) throw new IllegalArgumentException(name + ": parameter " + i + " is null");
      Integer first = seen.put(p, i);
      if (first != null)
        throw new IllegalArgumentException(name + ": parameters " + first + " and " + i + " are the same variable");
      if (!p.isLeaf() || !p.requiresGrad())
        throw new IllegalArgumentException(name + ": parameter " + i + " of shape " + p.shape()
            + " is not a trainable leaf (Variable.parameter)");
      if (!p.value().isWritableInPlace())
        throw new IllegalArgumentException(name + ": parameter " + i + " of shape " + p.shape()
            + " is a view into other storage; optimizers update in place, so copy it into a tensor of its own");
    }
    this.params = Collections.unmodifiableList(new ArrayList<>(params));
    setLr(lr);
  }

  /** The parameters, in the order given. */
  public List<Variable> parameters() {
    return params;
  }

  /** The current learning rate. */
  public double lr() {
    return lr;
  }

  /** Sets the learning rate (schedulers call this); must be finite and ≥ 0. */
  public Optimizer setLr(double lr) {
    if (!(lr >= 0) || Double.isInfinite(lr))
      throw new IllegalArgumentException(name + ": learning rate must be finite and >= 0, got " + lr);
    this.lr = lr;
    return this;
  }

  /** Clears every parameter's gradient (to null, like PyTorch's {@code set_to_none=True}). */
  public void zeroGrad() {
    for (Variable p : params) p.zeroGrad();
  }

  /** One update of every parameter that has a gradient. */
  public void step() {
    validate();
    for (int i = 0; i < params.size(); i++) {
      Variable p = params.get(i);
      Tensor g = p.grad();
      if (g != null) update(i, p.value(), g);
    }
  }

  /** Checks the hyper-parameters before a step (they may be changed between steps). */
  protected void validate() {}

  /** Updates parameter {@code index}, whose value is {@code theta}, given its gradient (read-only). */
  protected abstract void update(int index, Tensor theta, Tensor grad);

  /** The optimizer's name, for messages. */
  protected String name() {
    return name;
  }

  /** A private dense copy of {@code t}, for a state buffer. */
  protected static Tensor copyOf(Tensor t) {
    return Tensor.zeros(t.dtype(), t.shape()).copyInPlace(t);
  }

  /** Refuses a negative or non-finite hyper-parameter. */
  protected void requireNonNegative(String what, double v) {
    if (!(v >= 0) || Double.isInfinite(v))
      throw new IllegalArgumentException(name + ": " + what + " must be finite and >= 0, got " + v);
  }
}
