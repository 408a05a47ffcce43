package dev.nabla.autodiff;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Checks reverse-mode gradients against central finite differences, in FLOAT64.
 *
 * <p>For every input element k and output element j, the analytic ∂yⱼ/∂xₖ (one backward pass per
 * output element) is compared with (f(x + ε·eₖ) − f(x − ε·eₖ))ⱼ / 2ε; the check passes when every
 * |analytic − numeric| ≤ atol + rtol·|numeric| (PyTorch's gradcheck defaults: ε = 1e-6,
 * atol = 1e-5, rtol = 1e-3).
 *
 * <pre>{@code
 * GradCheck.Result r = GradCheck.check(v -> v.get(0).tanh().sum(), List.of(t));
 * r.passed();    // true
 * GradCheck.check(v -> v.get(0).detach().mul(v.get(0)).sum(), List.of(t)).passed();   // false:
 * // "gradient check failed: input 0 element [0]: analytic 0.5 vs numeric 1.0 (...)"
 * }</pre>
 *
 * <p>{@link #checkFast} compares one random direction only (⟨v, J·u⟩ against ⟨Jᵀ·v, u⟩), cheap at
 * any size; {@link #checkGradGrad} checks the second derivative through a random projection.
 */
public final class GradCheck {
  private GradCheck() {}

  /** Tolerances and step. */
  public record Options(double eps, double atol, double rtol) {
    /** PyTorch's gradcheck defaults: eps 1e-6, atol 1e-5, rtol 1e-3. */
    public static Options defaults() {
      return new Options(1e-6, 1e-5, 1e-3);
    }

    public Options withEps(double e) { return new Options(e, atol, rtol); }
    public Options withAtol(double a) { return new Options(eps, a, rtol); }
    public Options withRtol(double r) { return new Options(eps, atol, r); }
  }

  /**
   * The outcome of a check: whether it passed, the largest |analytic − numeric|, and where the
   * worst disagreement (relative to the tolerance) was.
   */
  public record Result(boolean passed, double maxError, int worstInput, int[] worstElement, double analytic,
      double numeric, String message) {
    /** A one-line account, e.g. "gradient check passed: max error 3.1e-10". */
    @Override
    public String toString() {
      return message;
    }
  }

  /** The full check with default tolerances. */
  public static Result check(Function<List<Variable>, Variable> fn, List<Tensor> inputs) {
    return check(fn, inputs, Options.defaults());
  }

  /** The full check: every input element against every output element. */
  public static Result check(Function<List<Variable>, Variable> fn, List<Tensor> inputs, Options o) {
    requireArguments(fn, inputs, o);
    requireFloat64("check", inputs);
    List<Variable> xs = new ArrayList<>();
    for (Tensor t : inputs) xs.add(Variable.parameter(t));
    Variable y = fn.apply(xs);
    int m = y.size();
    // analytic[i][j*n_i + k] = ∂y_j/∂x_ik, one backward pass per output element
    double[][] analytic = new double[inputs.size()][];
    for (int i = 0; i < inputs.size(); i++) analytic[i] = new double[m * inputs.get(i).size()];
    for (int j = 0; j < m && y.requiresGrad(); j++) {
      double[] e = new double[m];
      e[j] = 1;
      Tensor seed = Tensor.of(e, m).reshape(y.shape().dims());
      List<Tensor> g = Grad.grad(y, xs, seed, j < m - 1, Grad.Unused.ZEROS); // an ignored input: 0 vs 0
      for (int i = 0; i < g.size(); i++) {
        double[] gi = g.get(i).toDoubleArray();
        System.arraycopy(gi, 0, analytic[i], j * gi.length, gi.length);
      }
    }
    Worst w = new Worst(o);
    for (int i = 0; i < inputs.size(); i++) {
      Tensor x = inputs.get(i);
      double[] base = x.toDoubleArray();
      int n = base.length;
      for (int k = 0; k < n; k++) {
        double[] num = centralDifference(fn, inputs, i, k, base, o.eps());
        for (int j = 0; j < m; j++) w.offer(analytic[i][j * n + k], num[j], i, x, k);
      }
    }
    return w.result();
  }

  /**
   * The one-direction dot-product test: for random u (inputs) and v (output),
   * ⟨v, J·u⟩ by central differences against ⟨Jᵀ·v, u⟩ by one backward pass.
   */
  public static Result checkFast(Function<List<Variable>, Variable> fn, List<Tensor> inputs, long seed) {
    return checkFast(fn, inputs, seed, Options.defaults());
  }

  /** The dot-product test with the given tolerances. */
  public static Result checkFast(Function<List<Variable>, Variable> fn, List<Tensor> inputs, long seed, Options o) {
    requireArguments(fn, inputs, o);
    requireFloat64("checkFast", inputs);
    Worst w = new Worst(o);
    if (inputs.stream().allMatch(t -> t.size() == 0)) return w.result(); // no direction to test
    SplittableRandom rng = new SplittableRandom(seed);
    List<Tensor> u = new ArrayList<>();
    for (Tensor t : inputs) u.add(Tensor.randn(DType.FLOAT64, rng, t.shape().dims()));
    List<Variable> xs = new ArrayList<>();
    for (Tensor t : inputs) xs.add(Variable.parameter(t));
    Variable y = fn.apply(xs);
    Tensor v = Tensor.randn(DType.FLOAT64, rng, y.shape().dims());
    double analytic = 0;
    if (y.requiresGrad()) {
      List<Tensor> jtv = Grad.grad(y, xs, v, false, Grad.Unused.ZEROS);
      for (int i = 0; i < inputs.size(); i++) analytic += dot(jtv.get(i), u.get(i));
    }
    List<Tensor> plus = new ArrayList<>(), minus = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      plus.add(inputs.get(i).add(u.get(i).mul(o.eps())));
      minus.add(inputs.get(i).sub(u.get(i).mul(o.eps())));
    }
    double numeric = (dot(evaluate(fn, plus), v) - dot(evaluate(fn, minus), v)) / (2 * o.eps());
    w.offer(analytic, numeric, -1, null, 0);
    return w.result();
  }

  /**
   * Checks second derivatives: the function x ↦ Σᵢ⟨wᵢ, ∂⟨v, f(x)⟩/∂xᵢ⟩ (random v, w from
   * {@code seed}) is built with {@link Grad#differentiableGrad} and checked like any function.
   * Throws {@link IllegalStateException} if an op in {@code fn} refuses grad of grad.
   */
  public static Result checkGradGrad(Function<List<Variable>, Variable> fn, List<Tensor> inputs, long seed) {
    return checkGradGrad(fn, inputs, seed, Options.defaults());
  }

  /** {@link #checkGradGrad(Function, List, long)} with the given tolerances. */
  public static Result checkGradGrad(Function<List<Variable>, Variable> fn, List<Tensor> inputs, long seed,
      Options o) {
    requireArguments(fn, inputs, o);
    requireFloat64("checkGradGrad", inputs);
    SplittableRandom rng = new SplittableRandom(seed);
    List<Variable> probe = new ArrayList<>();
    for (Tensor t : inputs) probe.add(Variable.parameter(t));
    Tensor v = Tensor.randn(DType.FLOAT64, rng, fn.apply(probe).shape().dims());
    List<Tensor> w = new ArrayList<>();
    for (Tensor t : inputs) w.add(Tensor.randn(DType.FLOAT64, rng, t.shape().dims()));
    Function<List<Variable>, Variable> firstOrder = xs -> {
      Variable y = fn.apply(xs);
      Variable total = Variable.constant(Tensor.scalar(0.0));
      if (!y.requiresGrad()) return total;
      List<Variable> g = Grad.differentiableGrad(y.mul(Variable.constant(v)).sum(), xs, Grad.Unused.ZEROS);
      for (int i = 0; i < xs.size(); i++) total = total.add(g.get(i).mul(Variable.constant(w.get(i))).sum());
      return total;
    };
    Result r = check(firstOrder, inputs, o);
    return new Result(r.passed(), r.maxError(), r.worstInput(), r.worstElement(), r.analytic(), r.numeric(),
        r.message().replaceFirst("^gradient check", "grad-of-grad check"));
  }

  /**
   * Runs {@link #check} and throws an {@link AssertionError} with the result's account when it
   * fails: the form to call inside a property (see {@link GradProperty}).
   */
  public static void assertGradientsMatch(Function<List<Variable>, Variable> fn, List<Tensor> inputs) {
    requireArguments(fn, inputs, Options.defaults());
    Result r = check(fn, inputs);
    if (!r.passed()) throw new AssertionError(r.message());
  }

  // ---------------------------------------------------------------- internals

  private static void requireArguments(Function<List<Variable>, Variable> fn, List<Tensor> inputs, Options o) {
    Objects.requireNonNull(fn, "fn");
    Grad.requireElements(inputs, "inputs");
    Objects.requireNonNull(o, "options");
  }

  private static void requireFloat64(String api, List<Tensor> inputs) {
    for (int i = 0; i < inputs.size(); i++)
      if (inputs.get(i).dtype() != DType.FLOAT64)
        throw new IllegalArgumentException("GradCheck." + api + ": input " + i + " is " + inputs.get(i).dtype()
            + " " + inputs.get(i).shape() + "; gradient checks need FLOAT64 (convert with toType(DType.FLOAT64))");
  }

  private static double[] centralDifference(Function<List<Variable>, Variable> fn, List<Tensor> inputs, int i,
      int k, double[] base, double eps) {
    double[] p = base.clone(), q = base.clone();
    p[k] += eps;
    q[k] -= eps;
    int[] dims = inputs.get(i).shape().dims();
    List<Tensor> plus = new ArrayList<>(inputs), minus = new ArrayList<>(inputs);
    plus.set(i, Tensor.of(p, p.length).reshape(dims));
    minus.set(i, Tensor.of(q, q.length).reshape(dims));
    double[] fp = evaluate(fn, plus).toDoubleArray(), fq = evaluate(fn, minus).toDoubleArray();
    double[] d = new double[fp.length];
    for (int j = 0; j < d.length; j++) d[j] = (fp[j] - fq[j]) / (2 * eps);
    return d;
  }

  /** f at the given inputs; as parameters, since f may take gradients itself (grad-of-grad). */
  private static Tensor evaluate(Function<List<Variable>, Variable> fn, List<Tensor> inputs) {
    List<Variable> xs = new ArrayList<>();
    for (Tensor t : inputs) xs.add(Variable.parameter(t));
    return fn.apply(xs).value();
  }

  private static double dot(Tensor a, Tensor b) {
    double[] x = a.toDoubleArray(), y = b.toDoubleArray();
    double s = 0;
    for (int i = 0; i < x.length; i++) s += x[i] * y[i];
    return s;
  }

  private static int[] unravel(int k, int[] dims) {
    int[] idx = new int[dims.length];
    for (int d = dims.length - 1; d >= 0; d--) {
      idx[d] = dims[d] == 0 ? 0 : k % dims[d];
      k = dims[d] == 0 ? 0 : k / dims[d];
    }
    return idx;
  }

  /** Tracks the worst disagreement relative to the tolerance. */
  private static final class Worst {
    final Options o;
    double maxError, excess = Double.NEGATIVE_INFINITY, analytic, numeric;
    int input = -1;
    int[] element = new int[0];
    boolean passed = true;
    Tensor where;
    int flat;

    Worst(Options o) {
      this.o = o;
    }

    void offer(double a, double n, int i, Tensor x, int k) {
      double err = Math.abs(a - n), ex = err - (o.atol() + o.rtol() * Math.abs(n));
      if (Double.isNaN(a) != Double.isNaN(n) || Double.isNaN(err) && !(Double.isNaN(a) && Double.isNaN(n))) {
        ex = Double.POSITIVE_INFINITY;
        err = Double.POSITIVE_INFINITY;
      }
      if (Double.isNaN(a) && Double.isNaN(n)) return;
      maxError = Math.max(maxError, err);
      if (ex > 0) passed = false;
      if (ex > excess) {
        excess = ex;
        analytic = a;
        numeric = n;
        input = i;
        where = x;
        flat = k;
      }
    }

    Result result() {
      element = where == null ? new int[0] : unravel(flat, where.shape().dims());
      String at = input < 0 ? "along a random direction" : "input " + input + " element " + Arrays.toString(element);
      String msg = passed
          ? String.format("gradient check passed: max error %.3g", maxError)
          : String.format("gradient check failed: %s: analytic %.10g vs numeric %.10g (|diff| %.3g > atol %.1g + rtol %.1g·|numeric|)",
              at, analytic, numeric, Math.abs(analytic - numeric), o.atol(), o.rtol());
      return new Result(passed, maxError, input, element, analytic, numeric, msg);
    }
  }
}
