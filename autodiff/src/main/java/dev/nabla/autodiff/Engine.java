package dev.nabla.autodiff;

import dev.nabla.core.DType;
import dev.nabla.core.Shape;
import dev.nabla.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Records ops (define-by-run) and runs reverse mode over the recorded graph.
 *
 * <p>Backward walks the graph in an iterative topological order (an explicit stack: a chain of a
 * million ops needs no deep recursion), seeds the output, and for each node calls its rule once
 * with the sum of all gradients that reached it (fan-out accumulates, in place into a buffer the
 * pass owns from the second gradient on: see {@code accumulate}). The general cases live here
 * and nowhere else: a gradient in a broadcast shape is summed down to its input's shape; inputs
 * that need no gradient are skipped; a rule's output is checked (count, shape, dtype) and the op
 * named if it is wrong; saved values are freed afterwards unless the graph is retained; a value
 * changed in place after it was saved is refused.
 */
final class Engine {
  private Engine() {}

  /** Runs {@code op} forward and records it when grad mode is on and an input requires grad. */
  static Variable apply(Primitive op, Variable... inputs) {
    GradMode.State mode = GradMode.state();
    if (mode.segment != null) inputs = mode.segment.see(inputs); // inside a checkpoint segment
    Tensor[] values = new Tensor[inputs.length];
    boolean track = false;
    for (int i = 0; i < inputs.length; i++) {
      values[i] = inputs[i].value();
      track |= inputs[i].requiresGrad();
    }
    Tensor out = op.forward(values);
    if (mode.anomaly) checkFinite(op.name(), "forward", out, null);
    if (!track || !mode.enabled || out.dtype() == DType.INT32) return new Variable(out, false, null, null); // ints: no grad
    return new Variable(out, true, op, inputs);
  }

  /**
   * Reverse mode from {@code root}. Gradients reaching a variable in {@code targets} are returned
   * in that order; a target the output does not depend on is refused, or given null or zeros, as
   * {@code unused} says. When {@code accumulate}, leaves add theirs into {@link Variable#grad()}.
   */
  static Variable[] backward(String api, Variable root, Tensor seed, boolean retainGraph, boolean createGraph,
      List<Variable> targets, boolean accumulate) {
    return backward(api, root, seed == null ? null : Variable.constant(seed), retainGraph, createGraph, targets,
        accumulate, Grad.Unused.ERROR);
  }

  static Variable[] backward(String api, Variable root, Tensor seed, boolean retainGraph, boolean createGraph,
      List<Variable> targets, boolean accumulate, Grad.Unused unused) {
    return backward(api, root, seed == null ? null : Variable.constant(seed), retainGraph, createGraph, targets,
        accumulate, unused);
  }

  /**
   * As above with a seed that may itself be part of a graph (for the double-vjp trick).
   *
   * <p>All scratch state (the visit marks, the gradients summed so far) lives in this call, never
   * on the variables, so that backward passes on several threads may share parts of a graph;
   * leaves accumulate under their own lock.
   */
  static Variable[] backward(String api, Variable root, Variable seed, boolean retainGraph, boolean createGraph,
      List<Variable> targets, boolean accumulate, Grad.Unused unused) {
    if (!root.requiresGrad())
      throw new IllegalStateException(api + ": the output does not require grad: no parameter reached it"
          + " (or it was computed under Grad.disabled())");
    Owner owner = new Owner(seed == null ? null : seed.value());
    if (seed == null) {
      if (root.value().size() != 1)
        throw new IllegalStateException(api + ": output has shape " + root.shape() + ", not a scalar; pass a seed"
            + " gradient of shape " + root.shape());
      seed = Variable.constant(Tensor.full(root.dtype(), 1.0, root.shape()));
    } else if (!seed.shape().equals(root.shape()) || seed.dtype() != root.dtype()) {
      throw new IllegalArgumentException(api + ": seed " + seed.dtype() + " " + seed.shape()
          + " does not match the output " + root.dtype() + " " + root.shape());
    }
    Scratch scratch = Scratch.take();
    Plan plan = Plan.of(api, root, scratch);
    int n = plan.size;
    // where each target sits in the plan (-1: it does not reach the output); checked before any rule runs
    int[] at = new int[targets.size()];
    boolean[] keep = null;
    Variable[] pending = scratch.pending(n);
    int k = n - 1; // nodes[k + 1 ...] are done and released
    try {
      for (int i = 0; i < at.length; i++) {
        Variable x = targets.get(i);
        int p = plan.position(x);
        if (p == NodeIndex.ABSENT) {
          if (unused == Grad.Unused.ERROR)
            throw new IllegalArgumentException(api + ": input " + i + " (" + x.dtype() + " " + x.shape() + ") "
                + (x.requiresGrad() ? "does not reach the output" : "does not require grad, so it cannot reach the output")
                + "; pass Grad.Unused.ZEROS or Grad.Unused.NULL to allow inputs the output does not depend on");
          at[i] = -1;
          continue;
        }
        at[i] = p;
        if (keep == null) keep = new boolean[n];
        keep[p] = true;
      }
      pending[n - 1] = seed;
      boolean anomaly = GradMode.anomaly();
      // owned[e]: pending[e] is a sum this pass made (see accumulate), so later gradients add into it
      // in place; not when the sums are recorded ops (a graph to create) or checked ops (anomaly mode)
      boolean[] owned = createGraph || anomaly ? null : scratch.owned(n);
      try (Grad.Scope scope = GradMode.setEnabled(createGraph)) {
        // node k's consumers come after it and are done before it: once k is done its position is
        // looked up no more, and it is released
        for (Variable[] nodes = plan.nodes, inputs[] = plan.inputs; k >= 0; k--) {
          Variable g = pending[k], v = nodes[k];
          if (keep == null || !keep[k]) pending[k] = null;
          if (g != null) {
            if (accumulate && (v.op == null || v.retainsGrad())) v.accumulateGrad(g.value(), owner);
            if (v.op != null) {
              propagate(api, v, inputs[k], plan, g, pending, createGraph, owned, anomaly);
              if (!retainGraph) v.free();
            }
          }
          plan.unclaim(v);
        }
      }
    } finally {
      plan.release(k + 1); // what is still claimed after an exception
    }
    Variable[] found = new Variable[at.length];
    for (int i = 0; i < at.length; i++) {
      Variable x = targets.get(i), g = at[i] < 0 ? null : pending[at[i]];
      if (g == null && (at[i] >= 0 || unused == Grad.Unused.ZEROS)) // reached but nothing flowed (e.g. sign)
        g = Variable.constant(Tensor.zeros(x.dtype(), x.shape()));
      if (g != null && !createGraph) { // handed to the caller: its own tensor, like a leaf's grad
        Tensor t = owner.own(g.value());
        if (t != g.value()) g = Variable.constant(t);
      }
      found[i] = g;
    }
    scratch.give(n); // only after a pass that ended normally: an exception drops it
    return found;
  }

  private static void propagate(String api, Variable v, Variable[] in, Plan plan, Variable g, Variable[] pending,
      boolean createGraph, boolean[] owned, boolean anomaly) {
    Primitive op = v.op;
    if (createGraph && !op.supportsGradGrad())
      throw new IllegalStateException(api + ": " + op.name() + " does not support grad of grad (its backward is"
          + " not differentiable)");
    for (int i = 0; i < in.length; i++) {
      if (in[i].value().version() != v.savedVersion(i))
        throw new IllegalStateException(api + ": " + op.name() + ": input " + i + " of shape " + in[i].shape()
            + " was modified in place after it was saved (version " + in[i].value().version() + ", saved at version "
            + v.savedVersion(i) + ")");
    }
    if (v.value().version() != v.outputVersion && op.savesOutput()) // the cheap test first: savesOutput is a megamorphic call
      throw new IllegalStateException(api + ": " + op.name() + ": its output of shape " + v.shape()
          + " was modified in place after it was saved (version " + v.value().version() + ", saved at version "
          + v.outputVersion + "); the backward of " + op.name() + " needs it unchanged");
    boolean builtIn = !(op instanceof CustomPrimitive || op instanceof Checkpoint.Recompute);
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
      int e = plan.position(x);
      if (e < 0) continue; // not in the plan: cannot happen for an input that requires grad
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
      // a first gradient the rule made for this input alone may be summed into in place (see accumulate)
      boolean adopt = owned != null && pending[e] == null && builtIn && isPrivate(gx.value(), i, g, v, in, grads);
      accumulate(pending, owned, e, gx, adopt);
    }
  }

  /**
   * Whether {@code t}, the gradient a built-in rule returned for input i, is provably seen by no one
   * else: dense with storage of its own, and sharing storage with neither the incoming gradient,
   * the op's output, its inputs, nor its other gradients. A built-in rule computes from those
   * alone, so a tensor that is none of them was made by the rule, for this input (add hands g on
   * to both inputs; reshape hands on a view of g; sum an expanded one: all refused here). Custom
   * ops and checkpoints may hold tensors of their own and are never asked.
   */
  private static boolean isPrivate(Tensor t, int i, Variable g, Variable v, Variable[] in, Variable[] grads) {
    if (!t.isWritableInPlace() || t.sharesStorageWith(g.value()) || t.sharesStorageWith(v.value())) return false;
    for (int j = 0; j < in.length; j++) {
      if (t.sharesStorageWith(in[j].value())) return false;
      if (j != i && grads[j] != null && t.sharesStorageWith(grads[j].value())) return false;
    }
    return true;
  }

  /**
   * pending[e] ← pending[e] + gx (fan-out: several consumers send x a gradient). A gradient a rule
   * returned may be seen elsewhere (add hands the same one to both inputs; a rule may return a
   * saved value), so a first gradient is summed into in place only when {@code adopt} says it is
   * provably the pass's own ({@link #isPrivate}); otherwise the second makes a new sum, which is.
   * Such a buffer is marked in {@code owned} and every later gradient is added into it in place:
   * node e's gradients all arrive before e's rule runs, so nothing has read it yet, and the bits
   * are those of the out-of-place sums (a + b, in the same order). With {@code owned} null (a graph
   * to create, or anomaly mode) every sum is a Variable op, recorded or checked as any other.
   */
  private static void accumulate(Variable[] pending, boolean[] owned, int e, Variable gx, boolean adopt) {
    Variable p = pending[e];
    if (p == null) {
      pending[e] = gx;
      if (adopt) owned[e] = true;
    } else if (owned == null) {
      pending[e] = p.add(gx);
    } else if (owned[e]) {
      p.value().addScaledInPlace(gx.value(), 1.0); // y + 1·x = y + x exactly
    } else {
      Tensor sum = p.value().add(gx.value()); // grad mode is off here: the Variable op would record nothing
      pending[e] = Variable.constant(sum);
      owned[e] = sum.isWritableInPlace();
    }
  }

  /**
   * The part of a graph a backward pass walks: the variables that require grad and reach the
   * root, in post-order (inputs before the ops that use them, the root last), and each op's inputs
   * as read once at the start (a concurrent pass may free them meanwhile).
   *
   * <p>The plan marks the variables it has met by claiming them: {@link Variable#claimedBy} set
   * from null to this plan, the position kept in {@link Variable#planIndex}. Only the pass holding
   * {@link #SOLE} claims (one compare-and-set per pass; a CAS per node, a full fence, stalled the
   * walk on each cache miss), so claims are plain writes. Other passes (other threads, or nested,
   * like a checkpoint's recomputation) keep their marks in a table of their own ({@link #others}),
   * as the sole pass does for a variable it finds claimed: passes never see each other's marks. The
   * backward loop releases each node once done ({@link #unclaim}); {@link #release} frees the rest.
   */
  static final class Plan {
    /** Held by the one pass that may claim variables (see above); set back by {@link #release}. */
    private static final AtomicBoolean SOLE = new AtomicBoolean();

    /** Positions of the variables another pass had claimed when this one met them. */
    private final NodeIndex others = new NodeIndex();
    private final Scratch scratch;
    private Variable[] stack; // the walk's: the variables met and not finished (null above the top)
    Variable[] nodes;
    Variable[][] inputs;
    int size;
    /** This pass holds {@link #SOLE}: it claims variables (plain writes; no other pass writes claims meanwhile). */
    private boolean sole;

    private Plan(Scratch scratch) {
      this.scratch = scratch;
      stack = scratch.stack;
      nodes = scratch.nodes;
      inputs = scratch.inputs;
    }

    /**
     * An iterative depth-first walk from {@code root} (an explicit stack: no recursion depth
     * limit). On an error every claim is released before the exception leaves.
     */
    static Plan of(String api, Variable root, Scratch scratch) {
      Plan plan = new Plan(scratch);
      plan.sole = SOLE.compareAndSet(false, true);
      try {
        plan.walk(api, root);
      } catch (RuntimeException | Error e) {
        plan.release(plan.size);
        throw e;
      }
      return plan;
    }

    private void walk(String api, Variable root) {
      Variable[] stack = this.stack, nodes = this.nodes;
      Variable[][] inputs = this.inputs;
      int size = 0;
      Variable[][] stackInputs = scratch.stackInputs;
      int[] next = scratch.next;
      int top = 0;
      stack[0] = root;
      mark(root);
      stackInputs[0] = inputsOf(api, root);
      next[0] = 0;
      try {
        while (top >= 0) {
          Variable[] in = stackInputs[top];
          if (in != null && next[top] < in.length) {
            Variable x = in[next[top]++];
            if (!x.requiresGrad() || position(x) != NodeIndex.ABSENT) continue; // met before: a DAG has no edge back
            if (++top == stack.length) {
              this.stack = scratch.stack = stack = Arrays.copyOf(stack, top * 2);
              scratch.stackInputs = stackInputs = Arrays.copyOf(stackInputs, top * 2);
              scratch.next = next = Arrays.copyOf(next, top * 2);
            }
            stack[top] = x;
            mark(x); // met from now on
            stackInputs[top] = inputsOf(api, x);
            next[top] = 0;
          } else {
            Variable v = stack[top];
            if (size == nodes.length) {
              this.nodes = scratch.nodes = nodes = Arrays.copyOf(nodes, size * 2);
              this.inputs = scratch.inputs = inputs = Arrays.copyOf(inputs, size * 2);
            }
            nodes[size] = v;
            inputs[size] = in;
            if (v.claimedBy == this) v.planIndex = size;
            else others.put(v, size);
            size++;
            stack[top] = null;
            stackInputs[top--] = null;
          }
        }
      } finally {
        this.size = size;
      }
    }

    /** v's position: its index in {@link #nodes} (unspecified while it is on the walk's stack), ABSENT when not met. */
    int position(Variable v) {
      if (v.claimedBy == this) return v.planIndex; // only this thread writes this plan into the slot
      return others.isEmpty() ? NodeIndex.ABSENT : others.get(v);
    }

    /** Marks v as met: claims it when this pass is sole and v is free, else notes it in {@link #others}. */
    private void mark(Variable v) {
      if (sole && v.claimedBy == null) v.claimedBy = this;
      else others.put(v, -1);
    }

    /**
     * Releases nodes[0 ... held) and what an exception left on the walk's stack, then gives back
     * {@link #SOLE} (a volatile write: the next sole pass sees the releases). Idempotent.
     */
    void release(int held) {
      for (int i = 0; i < held; i++) unclaim(nodes[i]);
      for (int i = 0; i < stack.length && stack[i] != null; i++) { // left there only by an exception
        unclaim(stack[i]);
        stack[i] = null;
      }
      if (sole) {
        sole = false;
        SOLE.set(false);
      }
    }

    /** Gives v back: this pass looks its position up no more. */
    void unclaim(Variable v) {
      if (v.claimedBy == this) v.claimedBy = null;
    }

    private static Variable[] inputsOf(String api, Variable v) {
      Variable[] in = v.inputs;
      if (v.op != null && in == null)
        throw new IllegalStateException(api + ": the graph was already freed; use retainGraph to backward twice"
            + " (freed at " + v.op.name() + ", output shape " + v.shape() + ")");
      return in;
    }
  }

  /**
   * The arrays of one backward pass (the plan's walk, its nodes, the pending gradients). A pass takes
   * its thread's spare ({@link #take}), so a pass nested in another (a checkpoint's recomputation)
   * finds none and makes its own; it gives it back ({@link #give}) only after ending normally, and
   * only up to {@value #KEEP} nodes: a huge graph leaves no huge arrays behind.
   *
   * <p>Only the primitive arrays (the walk's positions, the owned marks) are kept for the next pass,
   * cleared. The arrays of variables are made afresh for each pass, at the sizes the last pass
   * reached (so the walk does not grow them step by step): a kept array is soon in the old
   * generation, and under G1 every store of a young variable into an old array runs the write
   * barrier's slow path (a StoreLoad fence, then the card check). With them kept, W3's backward
   * (10,000 scalar ops, median of 3,000 passes) took 0.080 µs per op under G1 and 0.052 under the
   * Parallel GC (plain card marks); made afresh, 0.062 under G1, for about 20 bytes per node to
   * allocate and zero. Holding no variable between passes, the spare keeps no graph alive.
   */
  static final class Scratch {
    private static final int KEEP = 1 << 16;
    private static final ThreadLocal<Scratch> SPARE = new ThreadLocal<>();
    /** Capacities for the next pass's arrays of variables: what the last pass on this thread grew them to. */
    private int depth = 64, size = 16;
    Variable[] stack;
    Variable[][] stackInputs;
    int[] next = new int[64];
    Variable[] nodes;
    Variable[][] inputs;
    private boolean[] owned = new boolean[0];

    /** This thread's spare, or a new one if it has none (or it is in use by an outer pass), with fresh arrays of variables. */
    static Scratch take() {
      Scratch s = SPARE.get();
      if (s == null) s = new Scratch();
      else SPARE.set(null);
      s.stack = new Variable[s.depth];
      s.stackInputs = new Variable[s.depth][];
      if (s.next.length < s.depth) s.next = new int[s.depth];
      s.nodes = new Variable[s.size];
      s.inputs = new Variable[s.size][];
      return s;
    }

    Variable[] pending(int n) { // n nulls
      return new Variable[n];
    }

    boolean[] owned(int n) { // n falses at least
      return owned.length < n ? (owned = new boolean[n]) : owned;
    }

    /**
     * Keeps this scratch for the thread's next pass: the sizes its arrays reached, its primitive
     * arrays cleared of what a pass of {@code n} nodes wrote, and none of its arrays of variables.
     */
    void give(int n) {
      if (nodes.length > KEEP || stack.length > KEEP) return;
      depth = stack.length;
      size = nodes.length;
      stack = nodes = null;
      stackInputs = inputs = null;
      Arrays.fill(owned, 0, Math.min(n, owned.length), false); // not grown by a pass that did not use it
      SPARE.set(this);
    }
  }

  /**
   * Variable → int, by identity: open addressing with linear probing on the identity hash. Owned
   * by one backward pass; holds only the variables another pass had claimed, so it stays empty
   * unless passes overlap.
   */
  static final class NodeIndex {
    static final int ABSENT = Integer.MIN_VALUE;
    private Variable[] keys = new Variable[16];
    private int[] values = new int[16];
    private int size;

    boolean isEmpty() { return size == 0; }

    int get(Variable v) {
      int i = slot(v);
      return keys[i] == null ? ABSENT : values[i];
    }

    /** Sets v's value, adding v when absent. */
    void put(Variable v, int value) {
      int i = slot(v);
      if (keys[i] == null) {
        keys[i] = v;
        size++;
      }
      values[i] = value;
      if (2 * size > keys.length) grow();
    }

    private int slot(Variable v) {
      int mask = keys.length - 1;
      int h = System.identityHashCode(v);
      int i = (h ^ (h >>> 16)) & mask;
      while (keys[i] != null && keys[i] != v) i = (i + 1) & mask;
      return i;
    }

    private void grow() {
      Variable[] oldKeys = keys;
      int[] oldValues = values;
      keys = new Variable[oldKeys.length * 2];
      values = new int[oldKeys.length * 2];
      size = 0;
      for (int i = 0; i < oldKeys.length; i++) if (oldKeys[i] != null) put(oldKeys[i], oldValues[i]);
    }
  }

  /**
   * Gives every gradient a variable keeps (a leaf's grad, a retained grad, a result handed to the
   * caller) storage of its own. A tensor is kept as it is when the pass can prove it fresh: dense
   * with storage of its own, not the caller's seed, and sharing storage with nothing kept before in
   * this pass (a rule may hand the same gradient, or a view of it, to several inputs, as add
   * does). Otherwise it is copied. Rules almost always compute fresh tensors: no copy.
   */
  static final class Owner {
    private final Tensor seed;
    private final ArrayList<Tensor> kept = new ArrayList<>();

    Owner(Tensor seed) {
      this.seed = seed;
    }

    Tensor own(Tensor t) {
      boolean fresh = t.isWritableInPlace() && (seed == null || !t.sharesStorageWith(seed));
      for (int i = 0; fresh && i < kept.size(); i++) fresh = !t.sharesStorageWith(kept.get(i));
      if (!fresh) return t.mul(1.0); // an exact copy (x·1 = x for every value, −0 and NaN included)
      kept.add(t);
      return t;
    }
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
