package dev.nabla.autodiff;

import dev.nabla.core.Shape;
import dev.nabla.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records ops (define-by-run) and runs reverse mode over the recorded graph.
 *
 * <p>Backward walks the graph in an iterative topological order (an explicit stack: a chain of a
 * million ops needs no deep recursion), seeds the output, and for each node calls its rule once
 * with the sum of all gradients that reached it (fan-out accumulates). The general cases live here
 * and nowhere else: a gradient in a broadcast shape is summed down to its input's shape; inputs
 * that need no gradient are skipped; a rule's output is checked (count, shape, dtype) and the op
 * named if it is wrong; saved values are freed afterwards unless the graph is retained; a value
 * changed in place after it was saved is refused.
 */
final class Engine {
  private static final AtomicInteger EPOCH = new AtomicInteger();

  private Engine() {}

  /** Runs {@code op} forward and records it when grad mode is on and an input requires grad. */
  static Variable apply(Primitive op, Variable... inputs) {
    Tensor[] values = new Tensor[inputs.length];
    boolean track = false;
    for (int i = 0; i < inputs.length; i++) {
      values[i] = inputs[i].value();
      track |= inputs[i].requiresGrad();
    }
    Tensor out = op.forward(values);
    GradMode.State mode = GradMode.state();
    if (mode.anomaly) checkFinite(op.name(), "forward", out, null);
    if (!track || !mode.enabled) return new Variable(out, false, null, null);
    return new Variable(out, true, op, inputs);
  }

  /**
   * Reverse mode from {@code root}. Gradients reaching a variable in {@code targets} are returned
   * in that order (zeros where none arrives); when {@code accumulate}, leaves add theirs into
   * {@link Variable#grad()}.
   */
  static Variable[] backward(String api, Variable root, Tensor seed, boolean retainGraph, boolean createGraph,
      List<Variable> targets, boolean accumulate) {
    return backward(api, root, seed == null ? null : Variable.constant(seed), retainGraph, createGraph, targets,
        accumulate);
  }

  /** As above with a seed that may itself be part of a graph (for the double-vjp trick). */
  static Variable[] backward(String api, Variable root, Variable seed, boolean retainGraph, boolean createGraph,
      List<Variable> targets, boolean accumulate) {
    if (!root.requiresGrad())
      throw new IllegalStateException(api + ": the output does not require grad: no parameter reached it"
          + " (or it was computed under Grad.disabled())");
    if (seed == null) {
      if (root.value().size() != 1)
        throw new IllegalStateException(api + ": output has shape " + root.shape() + ", not a scalar; pass a seed"
            + " gradient of shape " + root.shape());
      seed = Variable.constant(Tensor.full(root.dtype(), 1.0, root.shape()));
    } else if (!seed.shape().equals(root.shape()) || seed.dtype() != root.dtype()) {
      throw new IllegalArgumentException(api + ": seed " + seed.dtype() + " " + seed.shape()
          + " does not match the output " + root.dtype() + " " + root.shape());
    }
    IdentityHashMap<Variable, Integer> want = new IdentityHashMap<>();
    for (int i = 0; i < targets.size(); i++) want.putIfAbsent(targets.get(i), i);
    Variable[] found = new Variable[targets.size()];

    List<Variable> order = topologicalOrder(api, root);
    boolean anomaly = GradMode.anomaly();
    root.pending = seed;
    try (Grad.Scope scope = GradMode.setEnabled(createGraph)) {
      for (Variable v : order) {
        Variable g = v.pending;
        v.pending = null;
        if (g == null) continue;
        Integer t = want.isEmpty() ? null : want.get(v); // no identity hash for every node of a plain backward()
        if (t != null) found[t] = g;
        if (accumulate && (v.op == null || v.retainsGrad())) v.accumulateGrad(g.value());
        if (v.op == null) continue;
        propagate(api, v, g, createGraph, anomaly);
        if (!retainGraph) v.free();
      }
    } finally {
      for (Variable v : order) v.pending = null;
    }
    for (int i = 0; i < found.length; i++) {
      Variable x = targets.get(i);
      if (found[i] == null) found[i] = found[want.get(x)];
      if (found[i] == null) found[i] = Variable.constant(Tensor.zeros(x.dtype(), x.shape()));
    }
    return found;
  }

  private static void propagate(String api, Variable v, Variable g, boolean createGraph, boolean anomaly) {
    Primitive op = v.op;
    Variable[] in = v.inputs;
    if (createGraph && !op.supportsGradGrad())
      throw new IllegalStateException(api + ": " + op.name() + " does not support grad of grad (its backward is"
          + " not differentiable)");
    for (int i = 0; i < in.length; i++) {
      if (in[i].value().version() != v.savedVersion(i))
        throw new IllegalStateException(api + ": " + op.name() + ": input " + i + " of shape " + in[i].shape()
            + " was modified in place after it was saved (version " + in[i].value().version() + ", saved at version "
            + v.savedVersion(i) + ")");
    }
    Variable[] grads;
    try {
      grads = op.vjp(g, v, in);
    } catch (AnomalyException e) { // an op inside the rule: the rule's op is the one to name
      throw new AnomalyException(op.name(), "anomaly: backward of " + op.name() + " produced a non-finite value ("
          + e.getMessage() + ")");
    }
    if (grads.length != in.length)
      throw new IllegalStateException("internal: backward of " + op.name() + " returned " + grads.length
          + " gradients for " + in.length + " inputs");
    for (int i = 0; i < in.length; i++) {
      Variable x = in[i], gx = grads[i];
      if (gx == null || !x.requiresGrad()) continue;
      Shape s = x.shape();
      if (gx.dtype() != x.dtype())
        throw new IllegalStateException("internal: backward of " + op.name() + " returned a " + gx.dtype()
            + " gradient for " + x.dtype() + " input " + i);
      if (!gx.shape().equals(s)) {
        if (!s.broadcastsTo(gx.shape()))
          throw new IllegalStateException("internal: backward of " + op.name() + " returned shape " + gx.shape()
              + " for input " + i + " of shape " + s);
        gx = gx.sumTo(s);
      }
      if (anomaly) checkFinite(op.name(), "backward", gx.value(), i);
      x.pending = x.pending == null ? gx : x.pending.add(gx);
    }
  }

  /** Reverse post-order from {@code root} over variables that require grad; root first. */
  private static List<Variable> topologicalOrder(String api, Variable root) {
    int epoch = EPOCH.incrementAndGet();
    ArrayList<Variable> post = new ArrayList<>();
    Variable[] stack = new Variable[64];
    int[] next = new int[64];
    int top = 0;
    stack[0] = root;
    next[0] = 0;
    root.mark = epoch;
    while (top >= 0) {
      Variable v = stack[top];
      if (v.op != null && v.inputs == null)
        throw new IllegalStateException(api + ": the graph was already freed; use retainGraph to backward twice"
            + " (freed at " + v.op.name() + ", output shape " + v.shape() + ")");
      Variable[] in = v.inputs;
      if (in != null && next[top] < in.length) {
        Variable x = in[next[top]++];
        if (x.requiresGrad() && x.mark != epoch) {
          x.mark = epoch;
          if (++top == stack.length) {
            stack = Arrays.copyOf(stack, top * 2);
            next = Arrays.copyOf(next, top * 2);
          }
          stack[top] = x;
          next[top] = 0;
        }
      } else {
        post.add(v);
        stack[top--] = null;
      }
    }
    Collections.reverse(post);
    return post;
  }

  private static void checkFinite(String op, String phase, Tensor t, Integer input) {
    double[] v = t.toDoubleArray();
    for (double x : v) {
      if (!Double.isFinite(x))
        throw new AnomalyException(op, "anomaly: " + phase + " of " + op + " produced " + x
            + (input == null ? " in its output of shape " + t.shape() : " in the gradient of input " + input
                + " (shape " + t.shape() + ")"));
    }
  }
}
