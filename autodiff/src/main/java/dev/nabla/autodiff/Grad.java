package dev.nabla.autodiff;

import dev.nabla.core.Shape;
import dev.nabla.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Functional gradients, higher-order derivatives and grad-mode scopes.
 *
 * <pre>{@code
 * List<Tensor> g = Grad.grad(loss, List.of(w));                 // ∂loss/∂w; w.grad() untouched
 * List<Variable> h = Grad.differentiableGrad(loss, List.of(w)); // differentiable again
 * try (var off = Grad.disabled()) { ... }                       // no graph recorded here
 * Tensor hess = Grad.hessian(x -> x.pow(3).sum(), Tensor.of(new double[] {1, 2}));
 * // [[6. 0.]
 * //  [0. 12.]]
 * }</pre>
 *
 * <p>Grad mode and anomaly mode are per thread: two threads training separate models do not
 * disturb each other.
 */
public final class Grad {
  private Grad() {}

  /** A scope that restores the previous mode when closed (use with try-with-resources). */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  /** Within the scope no graph is recorded on this thread: ops return constants. */
  public static Scope disabled() {
    return GradMode.setEnabled(false);
  }

  /** Within the scope graphs are recorded again (e.g. inside a {@link #disabled()} block). */
  public static Scope enabled() {
    return GradMode.setEnabled(true);
  }

  /** Whether this thread records graphs. */
  public static boolean isEnabled() {
    return GradMode.enabled();
  }

  /**
   * Within the scope, the first op whose forward or backward produces a NaN or infinity throws an
   * {@link AnomalyException} naming it. Slow: checks every value; for debugging.
   */
  public static Scope detectAnomaly() {
    return GradMode.setAnomaly(true);
  }

  /**
   * What the functional forms ({@link #grad}, {@link #differentiableGrad}) give for an input the
   * output does not depend on (no path from it to the output in the recorded graph, or it does
   * not require grad). An input that is reached but receives nothing (e.g. only through
   * {@code sign}) gets zeros in every mode.
   *
   * <pre>{@code
   * Grad.grad(x.sum(), List.of(x, unused));                     // IllegalArgumentException naming input 1
   * Grad.grad(x.sum(), List.of(x, unused), Grad.Unused.NULL);   // [ones, null]
   * Grad.grad(x.sum(), List.of(x, unused), Grad.Unused.ZEROS);  // [ones, zeros]
   * }</pre>
   */
  public enum Unused {
    /** Refuse with an {@link IllegalArgumentException} naming the input (the default, like PyTorch). */
    ERROR,
    /** Null in its place (PyTorch's {@code allow_unused=True}). */
    NULL,
    /** Zeros of its shape (PyTorch's {@code allow_unused=True, materialize_grads=True}). */
    ZEROS
  }

  /**
   * ∂y/∂xᵢ for a scalar {@code y}, without touching {@link Variable#grad()}; frees the graph. Every
   * xᵢ must reach y (see {@link Unused}); each result is a tensor of its own.
   *
   * @throws IllegalArgumentException if an xᵢ does not reach y, naming its index and shape
   */
  public static List<Tensor> grad(Variable y, List<Variable> xs) {
    return grad(y, xs, Unused.ERROR);
  }

  /** As {@link #grad(Variable, List)}, with what to give for an xᵢ that does not reach y. */
  public static List<Tensor> grad(Variable y, List<Variable> xs, Unused unused) {
    check(y, xs, unused);
    return values(Engine.backward("grad", y, (Tensor) null, false, false, xs, false, unused));
  }

  /** Jᵀ·seed for a non-scalar {@code y} (the vector–Jacobian product), per input; every xᵢ must reach y. */
  public static List<Tensor> grad(Variable y, List<Variable> xs, Tensor seed, boolean retainGraph) {
    return grad(y, xs, seed, retainGraph, Unused.ERROR);
  }

  /** As {@link #grad(Variable, List, Tensor, boolean)}, with what to give for an xᵢ that does not reach y. */
  public static List<Tensor> grad(Variable y, List<Variable> xs, Tensor seed, boolean retainGraph, Unused unused) {
    check(y, xs, unused);
    Objects.requireNonNull(seed, "seed");
    return values(Engine.backward("grad", y, seed, retainGraph, false, xs, false, unused));
  }

  /**
   * ∂y/∂xᵢ as Variables that are themselves differentiable (grad of grad, Hessian-vector
   * products). The graph of {@code y} is retained. Every xᵢ must reach y (see {@link Unused}).
   */
  public static List<Variable> differentiableGrad(Variable y, List<Variable> xs) {
    return differentiableGrad(y, xs, Unused.ERROR);
  }

  /** As {@link #differentiableGrad(Variable, List)}, with what to give for an xᵢ that does not reach y. */
  public static List<Variable> differentiableGrad(Variable y, List<Variable> xs, Unused unused) {
    check(y, xs, unused);
    return list(Engine.backward("differentiableGrad", y, (Variable) null, true, true, xs, false, unused));
  }

  /** Differentiable Jᵀ·seed for a non-scalar {@code y}; every xᵢ must reach y. */
  public static List<Variable> differentiableGrad(Variable y, List<Variable> xs, Variable seed) {
    return differentiableGrad(y, xs, seed, Unused.ERROR);
  }

  /** As {@link #differentiableGrad(Variable, List, Variable)}, with what to give for an xᵢ that does not reach y. */
  public static List<Variable> differentiableGrad(Variable y, List<Variable> xs, Variable seed, Unused unused) {
    check(y, xs, unused);
    Objects.requireNonNull(seed, "seed");
    return list(Engine.backward("differentiableGrad", y, seed, true, true, xs, false, unused));
  }

  private static void check(Variable y, List<Variable> xs, Unused unused) {
    Objects.requireNonNull(y, "y");
    Grad.requireElements(xs, "xs");
    Objects.requireNonNull(unused, "unused");
  }

  private static <T> List<T> list(T[] a) {
    return Collections.unmodifiableList(Arrays.asList(a));
  }

  private static List<Tensor> values(Variable[] vs) {
    List<Tensor> out = new ArrayList<>(vs.length); // a list of the caller's, as before (nulls allowed)
    for (Variable v : vs) out.add(v == null ? null : v.value());
    return out;
  }

  private static List<Variable> parameters(List<Tensor> inputs) {
    Grad.requireElements(inputs, "inputs");
    List<Variable> xs = new ArrayList<>(inputs.size());
    for (Tensor t : inputs) xs.add(Variable.parameter(t));
    return xs;
  }

  // The forms below take a function of their inputs, like torch.autograd.functional (strict=False):
  // an input the function ignores has a zero derivative, not an error (a Hessian of a linear f is 0).

  /**
   * Vector–Jacobian product: Jᵀ·v for {@code f} at {@code inputs}, one tensor per input (zeros for
   * an input {@code f} does not depend on).
   */
  public static List<Tensor> vjp(Function<List<Variable>, Variable> f, List<Tensor> inputs, Tensor v) {
    Objects.requireNonNull(f, "f");
    Objects.requireNonNull(v, "v");
    List<Variable> xs = parameters(inputs);
    Variable y = f.apply(xs);
    return grad(y, xs, v, false, Unused.ZEROS);
  }

  /**
   * Jacobian–vector product J·u: the directional derivative of {@code f} at {@code inputs} along
   * {@code u} (one direction per input, each of its input's shape), one tensor of the output's
   * shape. Computed by the double-vjp trick: J·u = ∂/∂v ⟨Jᵀ·v, u⟩ for any v.
   */
  public static Tensor jvp(Function<List<Variable>, Variable> f, List<Tensor> inputs, List<Tensor> u) {
    Objects.requireNonNull(f, "f");
    Grad.requireElements(inputs, "inputs");
    Grad.requireElements(u, "u");
    if (u.size() != inputs.size())
      throw new IllegalArgumentException("jvp: " + u.size() + " directions for " + inputs.size() + " inputs");
    List<Variable> xs = parameters(inputs);
    Variable y = f.apply(xs);
    Variable v = Variable.parameter(Tensor.zeros(y.dtype(), y.shape()));
    List<Variable> jtv = differentiableGrad(y, xs, v, Unused.ZEROS);
    Variable dot = null;
    for (int i = 0; i < xs.size(); i++) {
      checkSameShape("jvp", u.get(i), inputs.get(i));
      Variable term = jtv.get(i).mul(Variable.constant(u.get(i))).sum();
      dot = dot == null ? term : dot.add(term);
    }
    if (dot == null || !dot.requiresGrad()) return Tensor.zeros(y.dtype(), y.shape());
    return grad(dot, List.of(v), Unused.ZEROS).get(0);
  }

  /** Hessian–vector product H·v for a scalar {@code f}, one tensor per input. */
  public static List<Tensor> hvp(Function<List<Variable>, Variable> f, List<Tensor> inputs, List<Tensor> v) {
    Objects.requireNonNull(f, "f");
    Grad.requireElements(inputs, "inputs");
    Grad.requireElements(v, "v");
    if (v.size() != inputs.size())
      throw new IllegalArgumentException("hvp: " + v.size() + " vectors for " + inputs.size() + " inputs");
    List<Variable> xs = parameters(inputs);
    List<Variable> g = differentiableGrad(f.apply(xs), xs, Unused.ZEROS);
    Variable dot = null;
    for (int i = 0; i < xs.size(); i++) {
      checkSameShape("hvp", v.get(i), inputs.get(i));
      Variable term = g.get(i).mul(Variable.constant(v.get(i))).sum();
      dot = dot == null ? term : dot.add(term);
    }
    if (dot == null || !dot.requiresGrad()) {
      List<Tensor> zeros = new ArrayList<>();
      for (Tensor t : inputs) zeros.add(Tensor.zeros(t.dtype(), t.shape()));
      return zeros;
    }
    return grad(dot, xs, Unused.ZEROS);
  }

  /**
   * The full Jacobian of {@code f} at {@code x}: shape {@code f(x).shape ++ x.shape}, one backward
   * pass per output element (for small problems).
   */
  public static Tensor jacobian(Function<Variable, Variable> f, Tensor x) {
    Objects.requireNonNull(f, "f");
    Objects.requireNonNull(x, "x");
    Variable xv = Variable.parameter(x);
    Variable y = f.apply(xv);
    int m = y.size();
    List<Tensor> rows = new ArrayList<>(m);
    for (int j = 0; j < m; j++) {
      double[] e = new double[m];
      e[j] = 1;
      Tensor seed = Tensor.of(e, m).toType(y.dtype()).reshape(y.shape().dims());
      rows.add(y.requiresGrad() ? grad(y, List.of(xv), seed, j < m - 1, Unused.ZEROS).get(0) : Tensor.zeros(x.dtype(), x.shape()));
    }
    int[] dims = concat(y.shape(), x.shape());
    if (m == 0) return Tensor.zeros(x.dtype(), dims);
    return Tensor.stack(rows, 0).reshape(dims);
  }

  /** The Hessian of a scalar {@code f} at {@code x}: shape {@code x.shape ++ x.shape}. */
  public static Tensor hessian(Function<Variable, Variable> f, Tensor x) {
    Objects.requireNonNull(f, "f");
    Objects.requireNonNull(x, "x");
    Variable xv = Variable.parameter(x);
    Variable y = f.apply(xv);
    if (y.size() != 1)
      throw new IllegalArgumentException("hessian: f must return a scalar, got shape " + y.shape());
    Variable g = y.requiresGrad() ? differentiableGrad(y, List.of(xv), Unused.ZEROS).get(0) : null;
    int n = x.size();
    List<Tensor> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      if (g == null || !g.requiresGrad()) {
        rows.add(Tensor.zeros(x.dtype(), x.shape()));
        continue;
      }
      Variable gi = g.flatten().slice(0, i, i + 1).sum();
      Tensor one = Tensor.full(gi.dtype(), 1.0, gi.shape());
      rows.add(gi.requiresGrad() ? grad(gi, List.of(xv), one, i < n - 1, Unused.ZEROS).get(0) : Tensor.zeros(x.dtype(), x.shape()));
    }
    int[] dims = concat(x.shape(), x.shape());
    if (n == 0) return Tensor.zeros(x.dtype(), dims);
    return Tensor.stack(rows, 0).reshape(dims);
  }

  private static int[] concat(Shape a, Shape b) {
    int[] d = Arrays.copyOf(a.dims(), a.rank() + b.rank());
    System.arraycopy(b.dims(), 0, d, a.rank(), b.rank());
    return d;
  }

  private static void checkSameShape(String op, Tensor v, Tensor x) {
    if (!v.shape().equals(x.shape()) || v.dtype() != x.dtype())
      throw new IllegalArgumentException(op + ": vector " + v.dtype() + " " + v.shape() + " does not match input "
          + x.dtype() + " " + x.shape());
  }

  /** Checks a list argument and each of its elements for null, naming the element by position. */
  static <T> List<T> requireElements(List<T> list, String name) {
    Objects.requireNonNull(list, name);
    for (int i = 0; i < list.size(); i++) Objects.requireNonNull(list.get(i), name + "[" + i + "]");
    return list;
  }
}
