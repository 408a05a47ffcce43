package dev.nabla.autodiff;

import dev.nabla.core.DType;
import dev.nabla.core.kernel.BinaryOp;
import dev.nabla.core.kernel.UnaryOp;
import dev.nabla.core.Ops;
import dev.nabla.core.Shape;
import dev.nabla.core.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A node of a differentiable computation: a {@link Tensor} value, whether it requires a gradient,
 * and (when an op made it while grad mode was on) that op and its inputs.
 *
 * <p>Variables have {@link Tensor}'s op vocabulary, with the same names and broadcasting; every
 * op is differentiable. Define-by-run: ops record the graph as they run, and {@link #backward()}
 * walks it in reverse.
 *
 * <pre>{@code
 * Variable w = Variable.parameter(Tensor.of(new double[] {0.5, -1}, 2, 1));
 * Variable x = Variable.constant(Tensor.of(new double[] {1, 2, 3, 4}, 2, 2));
 * Variable loss = x.matmul(w).square().mean().add(w.square().sum().mul(0.05));
 * loss.backward();
 * w.grad();   // ∂loss/∂w, shape [2, 1]
 * }</pre>
 *
 * <p>Gradients accumulate across {@code backward} calls, as in PyTorch; clear them with
 * {@link #zeroGrad()}. Kinks use the minimum-norm subgradient: relu′(0) = 0, abs′(0) = 0, and ties
 * of max/min split the gradient evenly.
 */
public final class Variable implements Ops<Variable> {
  private final Tensor value;
  private final boolean requiresGrad;
  Primitive op;
  Variable[] inputs;
  int[] versions;
  /**
   * Backward scratch, claimed by one pass at a time (see {@code Engine.Plan}): the plan that has
   * claimed this variable (null when none; only the sole pass claims), and its position there.
   */
  Object claimedBy;
  int planIndex;
  /** The version of {@link #value} when the op made it (checked on backward when the op saves its output). */
  final int outputVersion;
  // written under this variable's lock (accumulation from concurrent backward passes); read freely
  private volatile Tensor grad;
  private boolean retainGrad;

  Variable(Tensor value, boolean requiresGrad, Primitive op, Variable[] inputs) {
    this.value = value;
    this.requiresGrad = requiresGrad;
    this.op = op;
    this.inputs = inputs;
    this.outputVersion = value.version();
    if (inputs != null) { // versions stays null while every input is at version 0 (the common case)
      for (int i = 0; i < inputs.length; i++) {
        int ver = inputs[i].value.version();
        if (ver != 0 && versions == null) versions = new int[inputs.length];
        if (versions != null) versions[i] = ver;
      }
    }
  }

  /** The version input i had when this variable was recorded. */
  int savedVersion(int i) {
    return versions == null ? 0 : versions[i];
  }

  /** A leaf that requires a gradient: a trainable parameter (not of an INT32 tensor, which has no gradient). */
  public static Variable parameter(Tensor value) {
    if (Objects.requireNonNull(value, "value").dtype() == DType.INT32)
      throw new IllegalArgumentException("parameter: INT32 tensors cannot require a gradient (shape " + value.shape() + ")");
    return new Variable(value, true, null, null);
  }

  /** A leaf without a gradient: data, labels, fixed coefficients. */
  public static Variable constant(Tensor value) {
    return new Variable(Objects.requireNonNull(value, "value"), false, null, null);
  }

  /** The value. */
  public Tensor value() {
    return value;
  }

  /**
   * The accumulated gradient of a leaf (same shape), or null before any backward reached it. Each
   * leaf owns its gradient: no other variable's gradient, no seed passed to {@code backward} and
   * no value shares its storage, so changing it in place changes nothing else.
   *
   * <p>A non-leaf (a variable an op made) keeps its gradient only if {@link #retainGrad()} was
   * called before backward; otherwise asking for it is a mistake, and the exception says what to do
   * instead (PyTorch returns None there, with a warning):
   * <pre>{@code
   * IllegalStateException: grad: this variable [3, 1] was made by matmul, and only leaves keep their
   * gradient; call retainGrad() on it before backward(), or use Grad.grad(loss, List.of(it))
   * }</pre>
   */
  public Tensor grad() {
    if (op != null && !retainGrad)
      throw new IllegalStateException("grad: this variable " + value.shape() + " was made by " + op.name()
          + ", and only leaves keep their gradient; call retainGrad() on it before backward(), or use"
          + " Grad.grad(loss, List.of(it))");
    return grad;
  }

  /** Forgets the accumulated gradient. */
  public void zeroGrad() {
    synchronized (this) {
      grad = null;
    }
  }

  /**
   * Replaces the accumulated gradient (e.g. after clipping); must match shape and dtype; null
   * forgets it. The tensor is kept as given (not copied).
   */
  public void setGrad(Tensor g) {
    if (g != null && (!g.shape().equals(value.shape()) || g.dtype() != value.dtype()))
      throw new IllegalArgumentException("setGrad: gradient " + g.dtype() + " " + g.shape() + " does not match "
          + value.dtype() + " " + value.shape());
    synchronized (this) {
      grad = g;
    }
  }

  /** Whether gradients flow into this variable. */
  public boolean requiresGrad() {
    return requiresGrad;
  }

  /** True for a variable no op made (a parameter or a constant). */
  public boolean isLeaf() {
    return op == null;
  }

  /** The name of the op that made this variable, or null for a leaf. */
  public String opName() {
    return op == null ? null : op.name();
  }

  /** Keeps the gradient of this non-leaf in {@link #grad()} on backward. */
  public Variable retainGrad() {
    retainGrad = true;
    return this;
  }

  boolean retainsGrad() {
    return retainGrad;
  }

  /**
   * grad ← grad + g, atomically (backward passes on several threads may reach the same leaf); the
   * first gradient is adopted through {@code owner}, which copies it unless it is provably fresh.
   */
  void accumulateGrad(Tensor g, Engine.Owner owner) {
    synchronized (this) {
      Tensor old = grad;
      grad = old == null ? owner.own(g) : old.add(g);
    }
  }

  /** Drops the references to the inputs (their values), so that memory can be reclaimed. */
  void free() {
    inputs = null;
  }

  /** The same value as a constant, cut from the graph: no gradient flows through it. */
  public Variable detach() {
    return constant(value);
  }

  public Shape shape() {
    return value.shape();
  }

  public DType dtype() {
    return value.dtype();
  }

  /** The single element of a one-element value. */
  public double item() {
    return value.item();
  }

  // ---------------------------------------------------------------- backward

  /** Reverse mode from this scalar output, seeded with 1; leaves accumulate into {@link #grad()}. */
  public void backward() {
    Engine.backward("backward", this, (Tensor) null, false, false, List.of(), true);
  }

  /** As {@link #backward()}, keeping the graph so that backward can run through it again. */
  public void backward(boolean retainGraph) {
    Engine.backward("backward", this, (Tensor) null, retainGraph, false, List.of(), true);
  }

  /** Reverse mode from a non-scalar output: {@code seed} (same shape) is ∂L/∂this. */
  public void backward(Tensor seed) {
    Objects.requireNonNull(seed, "seed");
    Engine.backward("backward", this, seed, false, false, List.of(), true);
  }

  /** As {@link #backward(Tensor)}, optionally keeping the graph. */
  public void backward(Tensor seed, boolean retainGraph) {
    Objects.requireNonNull(seed, "seed");
    Engine.backward("backward", this, seed, retainGraph, false, List.of(), true);
  }

  // ---------------------------------------------------------------- elementwise

  /** A rank-0 constant of this dtype holding {@code value}. */
  @Override
  public Variable scalarLike(double value) {
    return constant(Tensor.scalar(this.value.dtype(), value));
  }

  /** {@code op} elementwise, by its rule ({@code Pointwise.rule(op)}). */
  @Override
  public Variable map(UnaryOp op) {
    return Engine.apply(Pointwise.rule(Objects.requireNonNull(op, "op")), this);
  }

  /**
   * {@code op} elementwise with broadcasting, by its rule ({@code Pointwise.rule(op)}); a
   * comparison has none and gives a constant.
   */
  @Override
  public Variable map(BinaryOp op, Variable b) {
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(b, "b");
    Pointwise rule = Pointwise.rule(op);
    return rule == null ? constant(value.map(op, b.value)) : Engine.apply(rule, this, b);
  }

  /** min(max(x, lo), hi); the gradient passes where lo ≤ x ≤ hi. */
  public Variable clamp(double lo, double hi) { return Engine.apply(new Pointwise.Clamp(lo, hi), this); }

  /** {@code mask != 0 ? a : b}, broadcasting; the mask gets no gradient. */
  public static Variable where(Variable mask, Variable a, Variable b) {
    Objects.requireNonNull(mask, "mask");
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    return Engine.apply(Pointwise.WHERE, mask.detach(), a, b);
  }


  // ---------------------------------------------------------------- reductions

  // The axes are checked by the forward (Tensor's reductions), once; the overloads are Ops' defaults.

  /** Σ along {@code axes}; ∂x = g broadcast back over the reduced axes. */
  @Override
  public Variable sum(int[] axes, boolean keepDims) {
    Objects.requireNonNull(axes, "axes");
    return Engine.apply(new Reductions.Sum(axes.clone(), keepDims), this);
  }

  /** The mean along {@code axes}: Σ / n (composite: sum, then a division). */
  @Override
  public Variable mean(int[] axes, boolean keepDims) {
    Objects.requireNonNull(axes, "axes");
    if (rank() == 0) value.mean(axes, keepDims); // Tensor's check of a scalar's axes, in mean's words (one element)
    else for (int a : axes) shape().normalizeAxis("mean", a);
    Variable s = sum(axes, keepDims);
    return s.size() == 0 ? s : s.div((double) size() / s.size());
  }

  /** The maximum along {@code axes}; ties split the gradient evenly. */
  @Override
  public Variable max(int[] axes, boolean keepDims) {
    Objects.requireNonNull(axes, "axes");
    return Engine.apply(new Reductions.Extremum(true, axes.clone(), keepDims), this);
  }

  /** The minimum along {@code axes}; ties split the gradient evenly. */
  @Override
  public Variable min(int[] axes, boolean keepDims) {
    Objects.requireNonNull(axes, "axes");
    return Engine.apply(new Reductions.Extremum(false, axes.clone(), keepDims), this);
  }

  /** log Σ exp along {@code axes}; ∂x = g ⊙ softmax(x). */
  @Override
  public Variable logSumExp(int[] axes, boolean keepDims) {
    Objects.requireNonNull(axes, "axes");
    return Engine.apply(new Reductions.LogSumExp(axes.clone(), keepDims), this);
  }

  /**
   * x − logSumExp(x) along {@code axis} (fused, stable). A rank-0 value takes axis 0 or -1 and
   * gives 0, with gradient 0, as in PyTorch.
   */
  public Variable logSoftmax(int axis) {
    return Engine.apply(new Softmax.LogSoftmax(axis), this); // Tensor.logSoftmax checks the axis, rank 0 too
  }

  /**
   * Softmax cross-entropy of each row of logits [B, C] against class indices, fused and stable:
   * {@code y[i] = logΣⱼ e^{x[i,j]} − x[i, labels[i]]}, shape [B]; ∂x = (softmax(x) − onehot)·g.
   */
  public Variable crossEntropyRows(int[] labels) {
    Objects.requireNonNull(labels, "labels");
    return Engine.apply(new Softmax.CrossEntropy(labels.clone()), this);
  }

  /**
   * exp(logSoftmax(x)) along {@code axis} (composite). A rank-0 value takes axis 0 or -1 and gives
   * 1, with gradient 0, as in PyTorch.
   */
  public Variable softmax(int axis) {
    if (rank() == 0) value.softmax(axis); // Tensor's check of a scalar's axis, in softmax's words (one element)
    else shape().normalizeAxis("softmax", axis);
    return logSoftmax(axis).exp();
  }

  /** Sums a broadcast value back down to {@code target} (composite: sum, then reshape). */
  public Variable sumTo(Shape target) {
    Objects.requireNonNull(target, "target");
    if (shape().equals(target)) return this;
    if (!target.broadcastsTo(shape()))
      throw new IllegalArgumentException("sumTo: " + target + " does not broadcast to " + shape());
    int lead = rank() - target.rank();
    int[] axes = new int[rank()];
    int k = 0;
    for (int i = 0; i < rank(); i++) if (i < lead || target.dim(i - lead) == 1 && shape().dim(i) != 1) axes[k++] = i;
    return sum(Arrays.copyOf(axes, k), true).reshape(target.dims());
  }

  // ---------------------------------------------------------------- products

  /**
   * Matrix product with NumPy semantics (see {@link Tensor#matmul}); a 1-D operand is promoted to
   * a matrix and the added dimension removed afterwards. ∂A = G·Bᵀ, ∂B = Aᵀ·G.
   */
  public Variable matmul(Variable b) {
    Objects.requireNonNull(b, "b");
    if (rank() == 0 || b.rank() == 0) value.matmul(b.value); // throws the shape error
    if (rank() >= 2 && b.rank() >= 2) return Engine.apply(Products.MATMUL, this, b);
    Variable x = rank() == 1 ? unsqueeze(0) : this, y = b.rank() == 1 ? b.unsqueeze(1) : b;
    if (x.shape().dim(-1) != y.shape().dim(-2)) value.matmul(b.value); // throws with the caller's shapes
    Variable out = Engine.apply(Products.MATMUL, x, y);
    if (rank() == 1) out = out.squeeze(-2);
    if (b.rank() == 1) out = out.squeeze(-1);
    return out;
  }

  /**
   * The affine map of a linear layer, fused: {@code this·Wᵀ + b} for this [..., in], weight
   * [out, in] and bias [out] (or null). ∂x = G·W, ∂W = Gᵀ·x, ∂b = Σ G over rows.
   */
  public Variable linear(Variable weight, Variable bias) {
    Objects.requireNonNull(weight, "weight");
    return bias == null ? Engine.apply(Products.LINEAR, this, weight) : Engine.apply(Products.LINEAR, this, weight, bias);
  }

  // ---------------------------------------------------------------- movement

  public Variable reshape(int... dims) {
    Objects.requireNonNull(dims, "dims");
    return Engine.apply(new Movement.Reshape(dims.clone()), this);
  }

  public Variable permute(int... axes) {
    Objects.requireNonNull(axes, "axes");
    return Engine.apply(new Movement.Permute(axes.clone()), this);
  }

  public Variable transpose() {
    return rank() < 2 ? this : transpose(rank() - 2, rank() - 1);
  }

  /** Swaps two dimensions; a rank-0 value takes axes 0 and -1 and is returned as it is, as in PyTorch. */
  public Variable transpose(int axis0, int axis1) {
    if (rank() == 0) {
      value.transpose(axis0, axis1); // checks a scalar's axes (0 or -1), as Tensor does
      return this;
    }
    int a = shape().normalizeAxis("transpose", axis0), b = shape().normalizeAxis("transpose", axis1);
    int[] p = new int[rank()];
    for (int i = 0; i < p.length; i++) p[i] = i;
    p[a] = b;
    p[b] = a;
    return permute(p);
  }

  /** Broadcasts to {@code dims}; ∂x = g summed over the broadcast dimensions. */
  public Variable expand(int... dims) {
    Objects.requireNonNull(dims, "dims");
    return Engine.apply(new Movement.Expand(dims.clone()), this);
  }

  public Variable slice(int axis, int start, int end) {
    return slice(axis, start, end, 1);
  }

  public Variable slice(int axis, int start, int end, int step) {
    int a = shape().normalizeAxis("slice", axis);
    if (step <= 0) throw new IllegalArgumentException("slice: step must be positive, got " + step);
    return Engine.apply(new Movement.Slice(a, start, end, step), this);
  }

  public Variable narrow(int axis, int start, int length) {
    int a = shape().normalizeAxis("narrow", axis);
    value.narrow(a, start, length); // validates the range
    return slice(a, start, start + length, 1);
  }

  public Variable squeeze() {
    return reshape(value.squeeze().shape().dims());
  }

  /** Removes dimension {@code axis}, which must have size 1; a rank-0 value takes axis 0 or -1 and stays as it is. */
  public Variable squeeze(int axis) {
    return reshape(value.squeeze(axis).shape().dims());
  }

  public Variable unsqueeze(int axis) {
    return reshape(value.unsqueeze(axis).shape().dims());
  }

  public Variable flatten() {
    return reshape(-1);
  }

  /** Joins along an existing axis; ∂xᵢ is the slice of g where xᵢ landed. */
  public static Variable concat(List<Variable> parts, int axis) {
    Grad.requireElements(parts, "parts");
    if (parts.isEmpty()) throw new IllegalArgumentException("concat: no variables given");
    if (parts.get(0).rank() == 0) Tensor.concat(parts.stream().map(Variable::value).toList(), axis); // throws, as PyTorch
    int a = parts.get(0).shape().normalizeAxis("concat", axis);
    return Engine.apply(new Movement.Concat(a), parts.toArray(new Variable[0]));
  }

  /** Stacks same-shape variables along a new axis (composite: unsqueeze, then concat). */
  public static Variable stack(List<Variable> parts, int axis) {
    Grad.requireElements(parts, "parts");
    if (parts.isEmpty()) throw new IllegalArgumentException("stack: no variables given");
    Tensor.stack(parts.stream().map(Variable::value).toList(), axis); // validates shapes and axis
    int r = parts.get(0).rank(), a = axis < 0 ? axis + r + 1 : axis;
    return concat(parts.stream().map(p -> p.unsqueeze(a)).toList(), a);
  }

  /**
   * One element along {@code axis} per position of the other axes (see {@link Tensor#gather}). A
   * rank-0 value takes axis 0 or -1 and the single index 0, and is returned as it is, as in PyTorch.
   */
  public Variable gather(int axis, Tensor index) {
    if (rank() == 0) {
      value.gather(axis, index); // checks axis and index (refuses what PyTorch refuses)
      return this; // a scalar's one element, selected: the identity
    }
    return Engine.apply(new Movement.Gather(axis, index), this);
  }

  /** The adjoint of {@link #gather}: values placed at {@code index} along a new axis, zeros elsewhere. */
  public Variable scatter(int axis, Tensor index, int axisSize) {
    return Engine.apply(new Movement.Scatter(axis, Objects.requireNonNull(index, "index"), axisSize), this);
  }

  /**
   * Whole slices along {@code axis} at {@code indices} (see {@link Tensor#indexSelect}). A rank-0
   * value takes axis 0 or -1 and the single index 0, and is returned as it is, as in PyTorch.
   */
  public Variable indexSelect(int axis, Tensor indices) {
    if (rank() == 0) {
      value.indexSelect(axis, indices); // checks axis and index (refuses what PyTorch refuses)
      return this; // a scalar's one element, selected: the identity
    }
    int a = shape().normalizeAxis("indexSelect", axis);
    return Engine.apply(new Movement.IndexSelect(a, indices), this);
  }

  /**
   * The adjoint of {@link #indexSelect}: slices added into {@code axisSize} entries (see
   * {@link Tensor#indexAdd}). A rank-0 value takes axis 0 or -1, the single index 0 and
   * {@code axisSize} 1, and is returned as it is, as in PyTorch.
   */
  public Variable indexAdd(int axis, Tensor indices, int axisSize) {
    if (rank() == 0) {
      value.indexAdd(axis, indices, axisSize); // checks axis, index and size (refuses what PyTorch refuses)
      return this; // a scalar added into its one entry: the identity
    }
    int a = shape().normalizeAxis("indexAdd", axis);
    return Engine.apply(new Movement.IndexAdd(a, indices, axisSize), this);
  }

  /** Like {@code Variable(op=matmul, shape=[2, 3], FLOAT64)} followed by the values. */
  @Override
  public String toString() {
    return "Variable(" + (op == null ? (requiresGrad ? "parameter" : "constant") : "op=" + op.name()) + ", shape="
        + shape() + ", " + dtype() + ")\n" + value;
  }
}
