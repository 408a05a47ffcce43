package dev.nabla.autodiff;

import dev.nabla.core.Tensor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Gradient checkpointing: a segment of a model whose intermediate values are not kept for
 * backward but recomputed there, trading compute for memory (PyTorch's
 * {@code torch.utils.checkpoint}).
 *
 * <pre>{@code
 * Function<List<Variable>, Variable> block = in -> in.get(0).linear(w1, b1).tanh().linear(w2, b2).tanh();
 * Variable h = Checkpoint.apply(block, List.of(x));   // same value as block.apply(List.of(x))
 * h.sum().backward();                                  // same gradients for x, w1, b1, w2, b2
 * }</pre>
 *
 * <p>Forward runs {@code fn} with grad mode off, so nothing inside the segment is recorded or
 * saved, and records one node ({@code checkpoint}) whose inputs are the given inputs and every
 * variable requiring grad that {@code fn} reached from outside (parameters captured by the
 * function, like {@code w1} above). Its backward runs {@code fn} again with grad mode on, on
 * detached copies of those inputs, and backpropagates through that recomputation; gradients flow
 * on to the inputs and to the captured variables like through any other op, so both
 * {@code backward()} and {@link Grad#grad} work.
 *
 * <p>{@code fn} must compute the same values when run again (no fresh randomness; a dropout inside
 * must be keyed, not drawn anew). Grad of grad through a checkpoint is not supported: the
 * recomputation's backward is not itself recorded (a create-graph backward refuses the node, naming
 * it). Checkpoints nest.
 */
public final class Checkpoint {
  private Checkpoint() {}

  /**
   * {@code fn(inputs)}, recorded as one node whose backward recomputes {@code fn}; see the class
   * comment. With grad mode off it is just {@code fn(inputs)}.
   *
   * @param fn the segment, a deterministic function of its inputs (and of captured variables)
   * @param inputs the segment's explicit inputs
   * @return the segment's output
   */
  public static Variable apply(Function<List<Variable>, Variable> fn, List<Variable> inputs) {
    Objects.requireNonNull(fn, "fn");
    Grad.requireElements(inputs, "inputs");
    GradMode.State mode = GradMode.state();
    if (!mode.enabled) return fn.apply(inputs);
    Segment outer = mode.segment;
    Variable[] explicit = inputs.toArray(new Variable[0]);
    if (outer != null) explicit = outer.see(explicit); // a checkpoint inside a recomputation
    Segment segment = new Segment(outer, null);
    Variable out;
    mode.segment = segment;
    try (Grad.Scope off = GradMode.setEnabled(false)) {
      out = fn.apply(List.of(explicit));
    } finally {
      mode.segment = outer;
    }
    if (out == null) throw new IllegalStateException("checkpoint: the function returned null");
    List<Variable> all = new ArrayList<>(List.of(explicit));
    boolean track = false;
    for (Variable v : explicit) track |= v.requiresGrad();
    for (Variable v : segment.captured) {
      if (!containsIdentity(explicit, v)) all.add(v);
      track = true;
    }
    if (!track) return out;
    return new Variable(out.value(), true, new Recompute(fn, explicit.length), all.toArray(new Variable[0]));
  }

  private static boolean containsIdentity(Variable[] vs, Variable v) {
    for (Variable x : vs) if (x == v) return true;
    return false;
  }

  /**
   * What {@link Engine#apply} does with the inputs of every op while a segment runs on this thread:
   * in forward (no substitutes), note each input that requires grad (it comes from outside: nothing
   * made inside requires grad); in a recomputation, replace each outside variable by its detached
   * copy. An enclosing segment's rewrite comes first.
   */
  static final class Segment {
    private final Segment parent;
    private final Map<Variable, Variable> substitutes;
    private final Map<Variable, Boolean> seen = new IdentityHashMap<>();
    final List<Variable> captured = new ArrayList<>();

    Segment(Segment parent, Map<Variable, Variable> substitutes) {
      this.parent = parent;
      this.substitutes = substitutes;
    }

    Variable[] see(Variable[] inputs) {
      Variable[] in = parent == null ? inputs : parent.see(inputs);
      if (substitutes == null) {
        for (Variable v : in) if (v.requiresGrad() && seen.put(v, Boolean.TRUE) == null) captured.add(v);
        return in;
      }
      Variable[] out = in;
      for (int i = 0; i < in.length; i++) {
        Variable s = substitutes.get(in[i]);
        if (s != null) {
          if (out == in) out = in.clone();
          out[i] = s;
        }
      }
      return out;
    }
  }

  /**
   * The checkpoint node: inputs are the segment's explicit inputs, then the variables it captured.
   * vjp: run {@code fn} again with grad on, each input replaced by a detached copy (a leaf that
   * requires grad where the input does), and backpropagate g through the recomputed output to those
   * copies. Not differentiable again (no grad of grad).
   */
  static final class Recompute implements Primitive {
    private final Function<List<Variable>, Variable> fn;
    private final int explicit;

    Recompute(Function<List<Variable>, Variable> fn, int explicit) {
      this.fn = fn;
      this.explicit = explicit;
    }

    public String name() {
      return "checkpoint";
    }

    /** Never called: {@link Checkpoint#apply} runs the segment and records the node itself. */
    public Tensor forward(Tensor... x) {
      throw new UnsupportedOperationException("checkpoint: forward runs through Checkpoint.apply");
    }

    public Variable[] vjp(Variable g, Variable y, Variable... x) {
      Map<Variable, Variable> copies = new IdentityHashMap<>();
      Variable[] stand = new Variable[x.length];
      List<Variable> targets = new ArrayList<>();
      for (int i = 0; i < x.length; i++) {
        stand[i] = x[i].requiresGrad() ? Variable.parameter(x[i].value()) : Variable.constant(x[i].value());
        copies.putIfAbsent(x[i], stand[i]);
        if (x[i].requiresGrad()) targets.add(stand[i]);
      }
      GradMode.State mode = GradMode.state();
      Segment outer = mode.segment;
      // the substitution stays on through the backward below: a checkpoint recorded in the
      // recomputation recomputes its own segment there, and its function captured the originals too
      mode.segment = new Segment(outer, copies);
      try {
        Variable out;
        try (Grad.Scope on = GradMode.setEnabled(true)) {
          List<Variable> in = new ArrayList<>();
          for (int i = 0; i < explicit; i++) in.add(copies.get(x[i]));
          out = fn.apply(in);
        }
        if (out == null || !out.shape().equals(y.shape()) || out.dtype() != y.dtype())
          throw new IllegalStateException("checkpoint: recomputing the segment gave "
              + (out == null ? "null" : out.dtype() + " " + out.shape()) + ", not " + y.dtype() + " " + y.shape()
              + " as in forward; the function must be deterministic");
        Variable[] grads = new Variable[x.length];
        if (!out.requiresGrad() || targets.isEmpty()) return grads;
        Variable[] found = Engine.backward("checkpoint", out, Variable.constant(g.value()), false, false, targets,
            false, Grad.Unused.NULL);
        for (int i = 0, t = 0; i < x.length; i++) {
          if (!x[i].requiresGrad()) continue;
          Variable s = copies.get(x[i]); // an input given twice: its one copy's gradient, once
          grads[i] = s == stand[i] ? found[t] : null;
          t++;
        }
        return grads;
      } finally {
        mode.segment = outer;
      }
    }

    @Override
    public boolean supportsGradGrad() {
      return false;
    }
  }
}
