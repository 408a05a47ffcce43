package dev.nabla.autodiff;

import dev.nabla.core.DType;
import dev.nabla.core.Shape;
import dev.nabla.core.ShapeMismatchException;
import dev.nabla.core.Tensor;
import dev.nabla.core.check.Domain;
import dev.nabla.core.check.Gen;
import dev.nabla.core.check.Gens;
import dev.nabla.core.kernel.UnaryOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Every differentiable op, with its input domain, shapes, tolerance, whether it claims grad of
 * grad, and its error cases. The gradient property tests ({@link OpGradientTest}) are generated
 * from this table; a primitive without an entry fails {@code everyPrimitiveHasAnEntry}.
 */
final class OpRegistry {
  private OpRegistry() {}

  /** An input to an op that must be refused, and how. */
  record ErrorCase(String description, Runnable call, Class<? extends Throwable> type, String message) {}

  /**
   * One op (or one variant of it): {@code primitives} are the primitive classes it exercises
   * (empty for none of its own), {@code fn} maps FLOAT64 inputs to the output; {@code reference}, for the
   * entry of a {@link UnaryOp}, is its reference formula, which {@link PointwiseReferenceTest} checks the
   * kernels against (null otherwise).
   */
  record Entry(String name, Set<Class<?>> primitives, Gen<List<Tensor>> inputs,
      Function<List<Variable>, Variable> fn, boolean gradGrad, List<ErrorCase> errors, Reference reference) {
    Entry(String name, Set<Class<?>> primitives, Gen<List<Tensor>> inputs, Function<List<Variable>, Variable> fn,
        boolean gradGrad, List<ErrorCase> errors) {
      this(name, primitives, inputs, fn, gradGrad, errors, null);
    }

    Entry errors(ErrorCase... e) {
      return new Entry(name, primitives, inputs, fn, gradGrad, List.of(e), reference);
    }

    Entry noGradGrad() {
      return new Entry(name, primitives, inputs, fn, false, errors, reference);
    }

    /** This entry with the reference of {@code op}: the exact value f(x), and the ulps each dtype may be off. */
    Entry reference(UnaryOp op, DoubleUnaryOperator f, double ulps64, double ulps32) {
      return new Entry(name, primitives, inputs, fn, gradGrad, errors, new Reference(op, f, ulps64, ulps32));
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /**
   * A unary op's reference: {@code f} computes the exact value in double, independently of the kernel's
   * formula (or from its definition, where the kernel is one correctly rounded operation); a FLOAT64 result
   * may be {@code ulps64} ulps from it, a FLOAT32 result {@code ulps32} ulps from its rounding to float.
   * A result equal to the reference's (or its rounding's) bits always passes, NaN for NaN included.
   */
  record Reference(UnaryOp op, DoubleUnaryOperator f, double ulps64, double ulps32) {}

  /**
   * erf x, independently of the kernel's rational approximations (and about 1e-30 relative where the
   * kernel is a few 1e-16): for |x| &lt; 2 the Maclaurin series 2/√π·Σ (−1)ⁿx^(2n+1)/(n!(2n+1)) in
   * double-double arithmetic (its alternating terms cancel a factor e^(x²) &lt; 55 of 106 bits); for
   * 2 ≤ |x| &lt; 6, 1 − erfc|x| with erfc x = x·e^(−x²)/√π · 1/(x² + 1/2 − (1·2/4)/(x² + 5/2 − (3·4/4)/(x² + 9/2
   * − …))), Laplace's even continued fraction, evaluated top-down by Lentz's method to convergence (erfc x &lt;
   * 0.005 there, so its few ulps vanish in 1 − erfc); from 6 on, ±1 (erfc 6 ≈ 2e-17, below half an ulp of 1).
   */
  static double erfReference(double x) {
    double a = Math.abs(x), r;
    if (Double.isNaN(x)) return x;
    if (a < 2) {
      double[] x2 = {a * a, Math.fma(a, a, -a * a)}, term = {a, 0}, sum = {a, 0};
      for (int n = 1; Math.abs(term[0]) > 1e-34 * Math.abs(sum[0]); n++) {
        term = ddDiv(ddMul(term, x2), -n);
        sum = ddAdd(sum, ddDiv(term, 2 * n + 1));
      }
      double[] y = ddMul(sum, new double[] {1.1283791670955126, 1.533545961316588E-17}); // 2/√π
      r = y[0] + y[1];
    } else if (a < 6) {
      double x2 = a * a, f = x2 + 0.5, c = f, d = 0, delta;
      int k = 1;
      do {
        double an = -k * (2.0 * k - 1) / 2, bn = x2 + 0.5 + 2 * k++;
        d = 1 / (bn + an * d);
        c = bn + an / c;
        delta = c * d;
        f *= delta;
      } while (Math.abs(delta - 1) > 3e-16 && k < 10_000);
      r = 1 - a * Math.exp(-x2) / Math.sqrt(Math.PI) / f;
    } else {
      r = 1;
    }
    return Math.copySign(r, x);
  }

  /**
   * eˣ − 1 without Math.expm1: for |x| &lt; 1/2 the series x·(1 + x/2·(1 + x/3·(1 + …))) to 24 terms (within an ulp),
   * else eˣ − 1, where e^x is far enough from 1 that the subtraction loses at most a bit.
   */
  static double expm1Reference(double x) {
    if (!(Math.abs(x) < 0.5)) return Math.exp(x) - 1;
    double r = 1;
    for (int n = 24; n >= 2; n--) r = 1 + x / n * r;
    return x * r;
  }

  /** Double-double a + b (hi, lo), to about 2^-106 relative. */
  private static double[] ddAdd(double[] a, double[] b) {
    double s = a[0] + b[0], v = s - a[0], e = (a[0] - (s - v)) + (b[0] - v) + a[1] + b[1], hi = s + e;
    return new double[] {hi, e - (hi - s)};
  }

  private static double[] ddMul(double[] a, double[] b) {
    double p = a[0] * b[0], e = Math.fma(a[0], b[0], -p) + a[0] * b[1] + a[1] * b[0], hi = p + e;
    return new double[] {hi, e - (hi - p)};
  }

  private static double[] ddDiv(double[] a, double d) {
    double q = a[0] / d, p = q * d, pe = Math.fma(q, d, -p), q2 = ((a[0] - p) - pe + a[1]) / d, hi = q + q2;
    return new double[] {hi, q2 - (hi - q)};
  }

  private static final DType F64 = DType.FLOAT64;

  private static Gen<List<Tensor>> one(Gen<Shape> shapes, Domain d) {
    return Gens.tensors(F64, shapes, d).map(List::of).withShrinker(ts -> Gens.tensors(F64, shapes, d)
        .shrink(ts.get(0)).stream().map(List::of).toList());
  }

  private static Gen<List<Tensor>> anyShape(Domain d) {
    return one(Gens.shapes(0, 3, 3), d);
  }

  private static Gen<List<Tensor>> rankAtLeast(int r, Domain d) {
    return one(Gens.shapesNonEmpty(r, 3, 3), d);
  }

  private static Entry entry(String name, Set<Class<?>> prims, Gen<List<Tensor>> in, Function<List<Variable>, Variable> fn) {
    return new Entry(name, prims, in, fn, true, List.of());
  }

  private static Entry unary(String name, Class<?> prim, Domain d, UnaryOperator<Variable> f) {
    return entry(name, prim == null ? Set.of() : Set.of(prim), anyShape(d), v -> f.apply(v.get(0)));
  }

  private static Entry binary(String name, Class<?> prim, Domain d, BinaryOperator<Variable> f) {
    return entry(name, prim == null ? Set.of() : Set.of(prim), Gens.tensorList(F64, Gens.broadcastPair(0, 3, 3), d),
        v -> f.apply(v.get(0), v.get(1)));
  }

  private static Entry binary(String name, Class<?> prim, Domain da, Domain db, BinaryOperator<Variable> f) {
    return entry(name, Set.of(prim), Gens.tensorList(F64, Gens.broadcastPair(0, 3, 3), da, db),
        v -> f.apply(v.get(0), v.get(1)));
  }

  static Variable var(double[] v, int... dims) {
    return Variable.parameter(Tensor.of(v, dims));
  }

  static Variable zeros(int... dims) {
    return Variable.parameter(Tensor.zeros(F64, dims));
  }

  private static ErrorCase err(String what, Runnable call, Class<? extends Throwable> type, String message) {
    return new ErrorCase(what, call, type, message);
  }

  private static ErrorCase broadcastError(String op, BinaryOperator<Variable> f) {
    return err("shapes [2, 3] and [4]", () -> f.apply(zeros(2, 3), zeros(4)), ShapeMismatchException.class,
        op + ": cannot broadcast [2, 3] with [4]: dimension 1 is 3 vs 4");
  }

  private static ErrorCase dtypeError(String op, BinaryOperator<Variable> f) {
    return err("FLOAT32 with FLOAT64", () -> f.apply(Variable.constant(Tensor.zeros(DType.FLOAT32, 2)), zeros(2)),
        IllegalArgumentException.class, op + ": dtype mismatch: FLOAT32 [2] vs FLOAT64 [2]; convert one with toType");
  }

  private static ErrorCase axisError(String op, UnaryOperator<Variable> f) {
    return err("axis 2 of [2, 3]", () -> f.apply(zeros(2, 3)), IllegalArgumentException.class,
        op + ": axis 2 out of range for shape [2, 3]");
  }

  /** Integer indices for an axis of size n, fixed by position (repeats included). */
  static int[] indices(int count, int n, int mul, int add) {
    int[] idx = new int[count];
    for (int i = 0; i < count; i++) idx[i] = n == 0 ? 0 : (i * mul + add) % n;
    return idx;
  }

  private static int[] reversed(int[] d) {
    int[] r = new int[d.length];
    for (int i = 0; i < d.length; i++) r[i] = d[d.length - 1 - i];
    return r;
  }

  /** Shapes [.., m, k] and [.., k, n] with broadcasting batch dims (rank 2..4). */
  private static Gen<List<Tensor>> matmulInputs() {
    Gen<List<Shape>> shapes = rng -> {
      int m = 1 + rng.nextInt(3), k = 1 + rng.nextInt(3), n = 1 + rng.nextInt(3);
      int batchRank = rng.nextInt(3);
      int[] ba = new int[batchRank], bb = new int[batchRank];
      for (int i = 0; i < batchRank; i++) {
        int d = 1 + rng.nextInt(2);
        ba[i] = rng.nextInt(3) == 0 ? 1 : d;
        bb[i] = rng.nextInt(3) == 0 ? 1 : d;
      }
      int dropA = rng.nextInt(3) == 0 ? batchRank : 0;
      return List.of(Shape.of(cat(java.util.Arrays.copyOfRange(ba, dropA, batchRank), m, k)), Shape.of(cat(bb, k, n)));
    };
    return Gens.tensorList(F64, shapes, Domain.ANY);
  }

  private static int[] cat(int[] a, int... b) {
    int[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  /** x [.., in] (rank 1..3), weight [out, in] and, when asked, bias [out]. */
  private static Gen<List<Tensor>> linearInputs(boolean bias) {
    Gen<List<Shape>> shapes = rng -> {
      int in = 1 + rng.nextInt(3), out = 1 + rng.nextInt(3);
      int[] lead = new int[rng.nextInt(3)];
      for (int i = 0; i < lead.length; i++) lead[i] = 1 + rng.nextInt(3);
      Shape x = Shape.of(cat(lead, in)), w = Shape.of(out, in);
      return bias ? List.of(x, w, Shape.of(out)) : List.of(x, w);
    };
    return Gens.tensorList(F64, shapes, Domain.ANY);
  }

  /** Two tensors equal in shape except along axis 0. */
  private static Gen<List<Tensor>> concatInputs() {
    Gen<List<Shape>> shapes = rng -> {
      int[] d = new int[1 + rng.nextInt(3)];
      for (int i = 0; i < d.length; i++) d[i] = 1 + rng.nextInt(3);
      int[] e = d.clone();
      e[0] = rng.nextInt(3);
      return List.of(Shape.of(d), Shape.of(e));
    };
    return Gens.tensorList(F64, shapes, Domain.ANY);
  }

  /** A user function with a tensor-level backward: y = x³, ∂x = 3x²·g (no grad of grad). */
  static final CustomOp CUBE = new CustomOp.OnTensors("cube") {
    @Override
    protected Tensor forward(Context ctx, Tensor... x) {
      ctx.save(x[0]);
      return x[0].mul(x[0]).mul(x[0]);
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
      return new Tensor[] {g.mul(ctx.saved(0).square().mul(3.0))};
    }
  };

  /** The same function with a differentiable backward. */
  static final CustomOp CUBE_DIFFERENTIABLE = new CustomOp.OnVariables("cube2") {
    @Override
    protected Tensor forward(Context ctx, Tensor... x) {
      return x[0].mul(x[0]).mul(x[0]);
    }

    @Override
    protected Variable[] backward(Context ctx, Variable g, Variable[] x, Variable y) {
      return new Variable[] {g.mul(x[0].square()).mul(3.0)};
    }
  };

  static final List<Entry> ENTRIES = build();

  private static List<Entry> build() {
    List<Entry> e = new ArrayList<>();
    Domain any = Domain.ANY, pos = Domain.POSITIVE, kink = Domain.AWAY_FROM_ZERO;
    // elementwise unary
    e.add(unary("neg", Pointwise.Neg.class, any, Variable::neg)
        .reference(UnaryOp.NEG, x -> -x, 0, 0));
    e.add(unary("abs", Pointwise.Abs.class, kink, Variable::abs)
        .reference(UnaryOp.ABS, x -> x <= 0 ? 0.0 - x : x, 0, 0));
    e.add(unary("sign", Pointwise.Sign.class, kink, Variable::sign)
        .reference(UnaryOp.SIGN, x -> x > 0 ? 1 : x < 0 ? -1 : x, 0, 0));
    e.add(unary("exp", Pointwise.Exp.class, any, Variable::exp)
        .reference(UnaryOp.EXP, Math::exp, 0, 2));
    e.add(unary("log", Pointwise.Log.class, pos, Variable::log)
        .reference(UnaryOp.LOG, Math::log, 0, 0));
    e.add(unary("log1p", Pointwise.Log1p.class, Domain.range(-0.5, 2), Variable::log1p)
        .reference(UnaryOp.LOG1P, Math::log1p, 0, 0));
    e.add(unary("expm1", Pointwise.Expm1.class, Domain.range(-3, 3), Variable::expm1)
        .reference(UnaryOp.EXPM1, OpRegistry::expm1Reference, 2, 1));
    e.add(unary("sqrt", Pointwise.Sqrt.class, pos, Variable::sqrt)
        .reference(UnaryOp.SQRT, Math::sqrt, 0, 0));
    e.add(unary("square", Pointwise.Square.class, any, Variable::square)
        .reference(UnaryOp.SQUARE, x -> x * x, 0, 0));
    e.add(unary("reciprocal", Pointwise.Reciprocal.class, Domain.range(0.3, 2), Variable::reciprocal)
        .reference(UnaryOp.RECIPROCAL, x -> 1 / x, 0, 0));
    e.add(unary("tanh", Pointwise.Tanh.class, any, Variable::tanh)
        .reference(UnaryOp.TANH, Math::tanh, 0, 3));
    e.add(unary("sigmoid", Pointwise.Sigmoid.class, any, Variable::sigmoid)
        .reference(UnaryOp.SIGMOID, x -> x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)), 0, 3));
    e.add(unary("relu", Pointwise.Relu.class, kink, Variable::relu)
        .reference(UnaryOp.RELU, x -> x > 0 || Double.isNaN(x) ? x : 0.0, 0, 0));
    e.add(unary("softplus", Pointwise.Softplus.class, any, Variable::softplus)
        .reference(UnaryOp.SOFTPLUS, x -> x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)), 1, 1));
    e.add(unary("sin", Pointwise.Sin.class, any, Variable::sin)
        .reference(UnaryOp.SIN, Math::sin, 0, 0));
    e.add(unary("cos", Pointwise.Cos.class, any, Variable::cos)
        .reference(UnaryOp.COS, Math::cos, 0, 0));
    e.add(unary("atan", Pointwise.Atan.class, any, Variable::atan)
        .reference(UnaryOp.ATAN, x -> Math.atan2(x, 1.0), 1, 1)); // atan2's own algorithm
    e.add(unary("rsqrt", Pointwise.Rsqrt.class, Domain.range(0.3, 3), Variable::rsqrt)
        .reference(UnaryOp.RSQRT, x -> x == 0 ? 1 / x : x < 0 ? Double.NaN : Math.pow(x, -0.5), 1, 1)); // ±0: ±∞, x < 0: NaN (PyTorch)
    e.add(unary("erf", Pointwise.Erf.class, any, Variable::erf)
        .reference(UnaryOp.ERF, OpRegistry::erfReference, 2, 2));
    e.add(unary("silu", Pointwise.Silu.class, any, Variable::silu)
        .reference(UnaryOp.SILU, x -> x >= 0 ? x / (1 + Math.exp(-x)) : x * Math.exp(x) / (1 + Math.exp(x)), 2, 1));
    e.add(unary("logSigmoid", Pointwise.LogSigmoid.class, Domain.range(-30, 30), Variable::logSigmoid)
        .reference(UnaryOp.LOG_SIGMOID, x -> x < 0 ? x - Math.log1p(Math.exp(x)) : -Math.log1p(Math.exp(-x)), 1, 1));
    e.add(unary("clamp", Pointwise.Clamp.class, Domain.ANY.exceptNear(-0.5, 0.5), x -> x.clamp(-0.5, 0.5))
        .errors(err("lo > hi", () -> zeros(2).clamp(1, 0), IllegalArgumentException.class,
            "clamp: lower bound 1.0 exceeds upper bound 0.0")));
    // elementwise binary, with broadcasting
    e.add(binary("add", Pointwise.Add.class, any, Variable::add)
        .errors(broadcastError("add", Variable::add), dtypeError("add", Variable::add)));
    e.add(binary("sub", Pointwise.Sub.class, any, Variable::sub)
        .errors(broadcastError("sub", Variable::sub), dtypeError("sub", Variable::sub)));
    e.add(binary("mul", Pointwise.Mul.class, any, Variable::mul)
        .errors(broadcastError("mul", Variable::mul), dtypeError("mul", Variable::mul)));
    e.add(binary("div", Pointwise.Div.class, any, Domain.range(0.3, 2), Variable::div)
        .errors(broadcastError("div", Variable::div)));
    e.add(binary("pow", Pointwise.Pow.class, pos, Domain.range(-2, 2), Variable::pow)
        .errors(broadcastError("pow", Variable::pow)));
    e.add(binary("maximum", Pointwise.Maximum.class, any, Variable::maximum)
        .errors(broadcastError("maximum", Variable::maximum)));
    e.add(binary("minimum", Pointwise.Minimum.class, any, Variable::minimum)
        .errors(broadcastError("minimum", Variable::minimum)));
    // comparisons: no rule of their own; on Variables they give constants (masks), so a gradient
    // flows only through what the masks multiply (a comparison with a gradient would fail here)
    e.add(entry("comparisons give constants", Set.of(Pointwise.Mul.class, Pointwise.Add.class),
        Gens.tensorList(F64, Gens.broadcastPair(0, 3, 3), kink, any), v -> {
          Variable a = v.get(0), b = v.get(1);
          return a.mul(a.lt(b)).add(b.mul(a.le(b))).add(a.mul(a.gt(b))).add(b.mul(a.ge(b)))
              .add(a.mul(a.eq(b))).add(b.mul(a.ne(b))).add(a.mul(a.gt(0.5))).add(b.mul(a.le(-0.5)));
        }));
    e.add(entry("where", Set.of(Pointwise.Where.class),
        Gens.tensorList(F64, Gens.broadcastShapes(3, 0, 3, 3), kink, any, any),
        v -> Variable.where(v.get(0).gt(0), v.get(1), v.get(2))));
    e.add(entry("tanhBackward (fused)", Set.of(Pointwise.TanhGrad.class),
        Gens.tensorList(F64, Gens.broadcastPair(0, 3, 3), any, Domain.UNIT),
        v -> Engine.apply(Pointwise.TANH_GRAD, v.get(0), v.get(1))));
    e.add(entry("sigmoidBackward (fused)", Set.of(Pointwise.SigmoidGrad.class),
        Gens.tensorList(F64, Gens.broadcastPair(0, 3, 3), any, Domain.range(0.05, 0.95)),
        v -> Engine.apply(Pointwise.SIGMOID_GRAD, v.get(0), v.get(1))));
    e.add(entry("reluBackward (fused)", Set.of(Pointwise.ReluGrad.class),
        Gens.tensorList(F64, Gens.broadcastPair(0, 3, 3), any, kink),
        v -> Engine.apply(Pointwise.RELU_GRAD, v.get(0), v.get(1))));
    // scalar overloads (composites: a broadcast constant)
    e.add(unary("add(scalar)", null, any, x -> x.add(1.5)));
    e.add(unary("sub(scalar)", null, any, x -> x.sub(1.5)));
    e.add(unary("mul(scalar)", null, any, x -> x.mul(-2.5)));
    e.add(unary("div(scalar)", null, any, x -> x.div(4.0)));
    e.add(unary("pow(scalar)", null, pos, x -> x.pow(2.5)));
    e.add(unary("maximum(scalar)", null, Domain.ANY.exceptNear(0.25), x -> x.maximum(0.25)));
    e.add(unary("minimum(scalar)", null, Domain.ANY.exceptNear(0.25), x -> x.minimum(0.25)));
    // reductions
    e.add(unary("sum", Reductions.Sum.class, any, Variable::sum));
    e.add(entry("sum(axis 0, keepDims)", Set.of(Reductions.Sum.class), rankAtLeast(1, any), v -> v.get(0).sum(0, true))
        .errors(axisError("sum", x -> x.sum(2))));
    e.add(entry("sum(axes {0, -1})", Set.of(Reductions.Sum.class), rankAtLeast(2, any),
        v -> v.get(0).sum(new int[] {0, -1}, false)));
    e.add(unary("mean", Reductions.Sum.class, any, Variable::mean));
    e.add(entry("mean(axis -1)", Set.of(), rankAtLeast(1, any), v -> v.get(0).mean(-1))
        .errors(axisError("mean", x -> x.mean(2))));
    e.add(entry("max", Set.of(Reductions.Extremum.class), rankAtLeast(0, any), v -> v.get(0).max()));
    e.add(entry("max(axis 0, keepDims)", Set.of(Reductions.Extremum.class), rankAtLeast(1, any), v -> v.get(0).max(0, true))
        .errors(axisError("max", x -> x.max(2)),
            err("empty", () -> zeros(0, 3).max(0), IllegalArgumentException.class,
                "max: cannot reduce over a zero-size dimension of shape [0, 3]")));
    e.add(entry("min", Set.of(Reductions.Extremum.class), rankAtLeast(0, any), v -> v.get(0).min()));
    e.add(entry("min(axis -1)", Set.of(Reductions.Extremum.class), rankAtLeast(1, any), v -> v.get(0).min(-1))
        .errors(axisError("min", x -> x.min(2))));
    e.add(unary("logSumExp", Reductions.LogSumExp.class, any, Variable::logSumExp));
    e.add(entry("logSumExp(axis -1, keepDims)", Set.of(Reductions.LogSumExp.class), rankAtLeast(1, any),
        v -> v.get(0).logSumExp(-1, true)).errors(axisError("logSumExp", x -> x.logSumExp(2))));
    e.add(entry("logSoftmax(axis -1)", Set.of(Softmax.LogSoftmax.class), rankAtLeast(1, any),
        v -> v.get(0).logSoftmax(-1)).errors(axisError("logSoftmax", x -> x.logSoftmax(2))));
    e.add(entry("logSoftmax(axis 0)", Set.of(Softmax.LogSoftmax.class), rankAtLeast(1, any),
        v -> v.get(0).logSoftmax(0)));
    e.add(entry("softmax(axis -1)", Set.of(), rankAtLeast(1, any), v -> v.get(0).softmax(-1)));
    e.add(entry("crossEntropyRows", Set.of(Softmax.CrossEntropy.class), rankAtLeast(2, any).filter(
        t -> t.get(0).rank() == 2), v -> v.get(0).crossEntropyRows(indices(v.get(0).shape().dim(0),
            v.get(0).shape().dim(1), 5, 2))).errors(
        err("3 labels for [2, 4]", () -> zeros(2, 4).crossEntropyRows(new int[] {0, 1, 2}),
            ShapeMismatchException.class, "crossEntropyRows: 3 labels for logits of shape [2, 4]"),
        err("label 4 of 4 classes", () -> zeros(2, 4).crossEntropyRows(new int[] {0, 4}),
            IllegalArgumentException.class,
            "crossEntropyRows: label 4 at position 1 out of range for 4 classes (logits of shape [2, 4])")));
    e.add(entry("crossEntropyGrad (the fused backward)", Set.of(Softmax.CrossEntropyGrad.class),
        Gens.tensorList(F64, Gens.shapesNonEmpty(2, 2, 4).map(s -> List.of(s, Shape.of(s.dim(0)))), any), v -> {
          int[] labels = indices(v.get(0).shape().dim(0), v.get(0).shape().dim(1), 3, 1);
          return Engine.apply(new Softmax.CrossEntropyGrad(labels, null), v.get(0), v.get(1));
        }));
    // movement
    e.add(unary("reshape", Movement.Reshape.class, any, x -> x.reshape(reversed(x.shape().dims())))
        .errors(err("6 elements into [4]", () -> zeros(2, 3).reshape(4), ShapeMismatchException.class,
            "reshape: cannot reshape [2, 3] (6 elements) to [4] (4 elements)")));
    e.add(unary("permute", Movement.Permute.class, any, x -> {
      int[] p = new int[x.rank()];
      for (int i = 0; i < p.length; i++) p[i] = p.length - 1 - i;
      return x.permute(p);
    }).errors(err("not a permutation", () -> zeros(2, 3).permute(0, 0), IllegalArgumentException.class,
        "permute: [0, 0] is not a permutation of the 2 axes of [2, 3]")));
    e.add(entry("transpose", Set.of(), rankAtLeast(2, any), v -> v.get(0).transpose()));
    e.add(unary("expand", Movement.Expand.class, any, x -> {
      int[] d = x.shape().dims(), t = new int[d.length + 1];
      t[0] = 2;
      for (int i = 0; i < d.length; i++) t[i + 1] = d[i] == 1 ? 3 : d[i];
      return x.expand(t);
    }).errors(err("[2, 3] to [4, 3]", () -> zeros(2, 3).expand(4, 3), ShapeMismatchException.class,
        "expand: cannot expand [2, 3] to [4, 3]: dimension 0 is 2, not 1 or 4")));
    e.add(entry("slice(axis -1, 0:n-1)", Set.of(Movement.Slice.class), rankAtLeast(1, any),
        v -> v.get(0).slice(-1, 0, -1)));
    e.add(entry("slice(axis 0, 1::2)", Set.of(Movement.Slice.class), rankAtLeast(1, any),
        v -> v.get(0).slice(0, 1, Integer.MAX_VALUE, 2)).errors(
            err("step 0", () -> zeros(3).slice(0, 0, 3, 0), IllegalArgumentException.class,
                "slice: step must be positive, got 0")));
    e.add(entry("narrow(axis 0, 0, 1)", Set.of(), rankAtLeast(1, any), v -> v.get(0).narrow(0, 0, 1)).errors(
        err("past the end", () -> zeros(2, 3).narrow(1, 2, 2), IndexOutOfBoundsException.class,
            "narrow: [2, 4) out of range for axis 1 of shape [2, 3]")));
    e.add(unary("squeeze/unsqueeze", null, any, x -> x.unsqueeze(0).unsqueeze(-1).squeeze())
        .errors(err("squeeze a size-3 axis", () -> zeros(2, 3).squeeze(1), ShapeMismatchException.class,
            "squeeze: axis 1 of shape [2, 3] has size 3, not 1")));
    e.add(unary("flatten", null, any, Variable::flatten));
    e.add(entry("concat(axis 0)", Set.of(Movement.Concat.class), concatInputs(),
        v -> Variable.concat(List.of(v.get(0), v.get(1)), 0)).errors(
            err("[2, 3] with [2, 4]", () -> Variable.concat(List.of(zeros(2, 3), zeros(2, 4)), 0),
                ShapeMismatchException.class, "concat: shapes [2, 3], [2, 4] differ outside axis 0")));
    e.add(entry("stack(axis 1)", Set.of(), Gens.tensorList(F64, Gens.shapes(0, 2, 3).map(s -> List.of(s, s)), any),
        v -> Variable.stack(List.of(v.get(0), v.get(1)), v.get(0).rank() == 0 ? 0 : 1)).errors(
            err("unequal shapes", () -> Variable.stack(List.of(zeros(2), zeros(3)), 0),
                ShapeMismatchException.class, "stack: shapes [2], [3] are not all equal")));
    e.add(entry("gather(axis -1)", Set.of(Movement.Gather.class), rankAtLeast(1, any), v -> {
      Variable x = v.get(0);
      int n = x.shape().dim(-1);
      return x.gather(-1, indices(x.size() / n, n, 7, 3));
    }).errors(err("index 3 of axis size 3", () -> zeros(2, 3).gather(1, new int[] {0, 3}),
        IndexOutOfBoundsException.class, "gather: index 3 out of range for axis 1 of size 3 (shape [2, 3])")));
    e.add(unary("scatter(axis 0)", Movement.Scatter.class, any, x -> x.scatter(0, indices(x.size(), 3, 5, 1), 3)));
    e.add(entry("indexSelect(axis 0)", Set.of(Movement.IndexSelect.class), rankAtLeast(1, any), v -> {
      Variable x = v.get(0);
      return x.indexSelect(0, indices(4, x.shape().dim(0), 2, 1));
    }).errors(err("index -1", () -> zeros(2, 3).indexSelect(0, new int[] {-1}), IndexOutOfBoundsException.class,
        "indexSelect: index -1 out of range for axis 0 of size 2 (shape [2, 3])")));
    e.add(entry("indexAdd(axis 0)", Set.of(Movement.IndexAdd.class), rankAtLeast(1, any), v -> {
      Variable x = v.get(0);
      return x.indexAdd(0, indices(x.shape().dim(0), 2, 1, 0), 2);
    }));
    e.add(entry("sumTo", Set.of(), rankAtLeast(2, any), v -> {
      int[] d = v.get(0).shape().dims();
      d[0] = 1;
      return v.get(0).sumTo(Shape.of(java.util.Arrays.copyOfRange(d, 0, d.length)));
    }));
    // products
    e.add(entry("matmul", Set.of(Products.MatMul.class), matmulInputs(), v -> v.get(0).matmul(v.get(1))).errors(
        err("[2, 3] by [4, 5]", () -> zeros(2, 3).matmul(zeros(4, 5)), ShapeMismatchException.class,
            "matmul: cannot multiply [2, 3] by [4, 5]: inner dimensions 3 != 4"),
        err("scalar operand", () -> zeros().matmul(zeros(3)), ShapeMismatchException.class,
            "matmul: cannot multiply [] by [3]: both operands need at least one dimension")));
    e.add(entry("matmul(vector, matrix)", Set.of(Products.MatMul.class),
        Gens.tensorList(F64, Gens.shapesNonEmpty(1, 1, 3).map(s -> List.of(s, Shape.of(s.dim(0), 2))), any),
        v -> v.get(0).matmul(v.get(1))).errors(
            err("[3] by [4]", () -> zeros(3).matmul(zeros(4)), ShapeMismatchException.class,
                "matmul: cannot multiply [3] by [4]: inner dimensions 3 != 4")));
    e.add(entry("matmul(matrix, vector)", Set.of(Products.MatMul.class),
        Gens.tensorList(F64, Gens.shapesNonEmpty(1, 1, 3).map(s -> List.of(Shape.of(2, s.dim(0)), s)), any),
        v -> v.get(0).matmul(v.get(1))));
    e.add(entry("matmul(vector, vector)", Set.of(Products.MatMul.class),
        Gens.tensorList(F64, Gens.shapesNonEmpty(1, 1, 3).map(s -> List.of(s, s)), any),
        v -> v.get(0).matmul(v.get(1))));
    e.add(entry("linear", Set.of(Products.Linear.class), linearInputs(true),
        v -> v.get(0).linear(v.get(1), v.get(2))).errors(
            err("[2, 3] with weight [4, 5]", () -> zeros(2, 3).linear(zeros(4, 5), zeros(4)), ShapeMismatchException.class,
                "linear: cannot apply weight [4, 5] to input [2, 3]: need input [..., in] and weight [out, in]"),
            err("bias [3] for weight [4, 3]", () -> zeros(2, 3).linear(zeros(4, 3), zeros(3)),
                ShapeMismatchException.class, "linear: bias [3] does not match weight [4, 3] (need [4])")));
    e.add(entry("linear (no bias)", Set.of(Products.Linear.class), linearInputs(false),
        v -> v.get(0).linear(v.get(1), null)));
    // ---- rank 0 (issue 11, item 1): every axis-taking op on a scalar. PyTorch treats a scalar like a
    // tensor of shape [1] there (axis 0 or -1); where PyTorch refuses a scalar, an error case does.
    Gen<List<Tensor>> scalar = one(Gens.shapesOf(Shape.of()), any);
    e.add(entry("softmax(axis 0) rank 0", Set.of(), scalar, v -> v.get(0).softmax(0))
        .errors(err("axis 1 of []", () -> zeros().softmax(1), IllegalArgumentException.class,
            "softmax: axis 1 out of range for shape []")));
    e.add(entry("softmax(axis -1) rank 0", Set.of(), scalar, v -> v.get(0).softmax(-1)));
    e.add(entry("logSoftmax(axis 0) rank 0", Set.of(Softmax.LogSoftmax.class), scalar, v -> v.get(0).logSoftmax(0))
        .errors(err("axis 1 of []", () -> zeros().logSoftmax(1), IllegalArgumentException.class,
            "logSoftmax: axis 1 out of range for shape []")));
    e.add(entry("logSoftmax(axis -1) rank 0", Set.of(Softmax.LogSoftmax.class), scalar,
        v -> v.get(0).logSoftmax(-1)));
    e.add(entry("logSumExp(axis 0) rank 0", Set.of(Reductions.LogSumExp.class), scalar, v -> v.get(0).logSumExp(0))
        .errors(err("axis 1 of []", () -> zeros().logSumExp(1), IllegalArgumentException.class,
            "logSumExp: axis 1 out of range for shape []")));
    e.add(entry("logSumExp(axis -1, keepDims) rank 0", Set.of(Reductions.LogSumExp.class), scalar,
        v -> v.get(0).logSumExp(-1, true)));
    e.add(entry("sum(axis 0) rank 0", Set.of(Reductions.Sum.class), scalar, v -> v.get(0).sum(0))
        .errors(err("axis 1 of []", () -> zeros().sum(1), IllegalArgumentException.class,
            "sum: axis 1 out of range for shape []"),
            err("axes {0, -1} of []", () -> zeros().sum(new int[] {0, -1}, false), IllegalArgumentException.class,
                "sum: axis 0 repeated in [0, -1] for shape []")));
    e.add(entry("sum(axis -1, keepDims) rank 0", Set.of(Reductions.Sum.class), scalar, v -> v.get(0).sum(-1, true)));
    e.add(entry("mean(axis 0) rank 0", Set.of(), scalar, v -> v.get(0).mean(0))
        .errors(err("axis -2 of []", () -> zeros().mean(-2), IllegalArgumentException.class,
            "mean: axis -2 out of range for shape []")));
    e.add(entry("mean(axis -1, keepDims) rank 0", Set.of(), scalar, v -> v.get(0).mean(-1, true)));
    e.add(entry("max(axis 0) rank 0", Set.of(Reductions.Extremum.class), scalar, v -> v.get(0).max(0))
        .errors(err("axis 1 of []", () -> zeros().max(1), IllegalArgumentException.class,
            "max: axis 1 out of range for shape []")));
    e.add(entry("min(axis -1, keepDims) rank 0", Set.of(Reductions.Extremum.class), scalar, v -> v.get(0).min(-1, true))
        .errors(err("axis 1 of []", () -> zeros().min(1), IllegalArgumentException.class,
            "min: axis 1 out of range for shape []")));
    e.add(entry("transpose(0, -1) rank 0", Set.of(), scalar, v -> v.get(0).transpose(0, -1))
        .errors(err("axis 1 of []", () -> zeros().transpose(0, 1), IllegalArgumentException.class,
            "transpose: axis 1 out of range for shape []")));
    e.add(entry("squeeze(axis 0) rank 0", Set.of(), scalar, v -> v.get(0).squeeze(0))
        .errors(err("axis 1 of []", () -> zeros().squeeze(1), IllegalArgumentException.class,
            "squeeze: axis 1 out of range for shape []")));
    e.add(entry("unsqueeze(axis -1) rank 0", Set.of(Movement.Reshape.class), scalar, v -> v.get(0).unsqueeze(-1))
        .errors(err("axis 1 of []", () -> zeros().unsqueeze(1), IllegalArgumentException.class,
            "unsqueeze: axis 1 out of range for shape []")));
    e.add(entry("gather(axis 0) rank 0", Set.of(), scalar, v -> v.get(0).gather(0, new int[] {0}))
        .errors(err("index 1 of []", () -> zeros().gather(0, new int[] {1}), IndexOutOfBoundsException.class,
            "gather: index 1 out of range for axis 0 of size 1 (shape [])")));
    e.add(entry("indexSelect(axis -1) rank 0", Set.of(), scalar, v -> v.get(0).indexSelect(-1, new int[] {0}))
        .errors(err("two indices into []", () -> zeros().indexSelect(0, new int[] {0, 0}),
            IllegalArgumentException.class, "indexSelect: 2 indices for a value of shape []; it takes one")));
    e.add(entry("stack(axis 0) rank 0", Set.of(Movement.Concat.class),
        Gens.tensorList(F64, Gens.shapesOf(Shape.of()).map(sh -> List.of(sh, sh)), any),
        v -> Variable.stack(List.of(v.get(0), v.get(1)), 0)));
    e.add(entry("scatter(axis 0) rank 0", Set.of(Movement.Scatter.class), scalar,
        v -> v.get(0).scatter(0, new int[] {2}, 3)));
    e.add(entry("indexAdd(axis 0) rank 0", Set.of(), scalar, v -> v.get(0).indexAdd(0, new int[] {0}, 1))
        .errors(err("axis 1 of []", () -> zeros().indexAdd(1, new int[] {0}, 1), IllegalArgumentException.class,
            "indexAdd: axis 1 out of range for shape []"),
            err("axis size 2 for []", () -> zeros().indexAdd(-1, new int[] {0}, 2), IllegalArgumentException.class,
                "indexAdd: axis size 2 for a result of shape []; a scalar's one axis has size 1")));
    // PyTorch refuses these on a scalar ("cannot be applied to a 0-dim tensor"); so does Nabla
    e.add(entry("slice/narrow/concat refuse rank 0", Set.of(), scalar, v -> v.get(0).mul(1.0)).errors(
        err("slice of []", () -> zeros().slice(0, 0, 1), IllegalArgumentException.class,
            "slice: axis 0 out of range for shape []"),
        err("narrow of []", () -> zeros().narrow(0, 0, 1), IllegalArgumentException.class,
            "narrow: axis 0 out of range for shape []"),
        err("concat of []", () -> Variable.concat(List.of(zeros(), zeros()), 0), IllegalArgumentException.class,
            "concat: cannot concatenate tensors of shape [] (a scalar has no axis to join along); use stack"),
        err("crossEntropyRows of []", () -> zeros().crossEntropyRows(new int[] {0}), ShapeMismatchException.class,
            "crossEntropyRows: logits must have shape [batch, classes], got []")));
    // ---- end of rank 0
    // user-defined functions
    e.add(unary("custom function (tensor backward)", CustomPrimitive.class, any, x -> CUBE.apply(x)).noGradGrad());
    e.add(unary("custom function (differentiable backward)", CustomPrimitive.class, any,
        x -> CUBE_DIFFERENTIABLE.apply(x)));
    addLargeMagnitudesAndBlockedProducts(e);
    // families with their own registry file
    e.addAll(OpRegistryIndexing.entries());
    e.addAll(OpRegistryConvolution.entries());
    e.addAll(OpRegistryNormalization.entries());
    e.addAll(OpRegistryAttention.entries());
    e.addAll(OpRegistryLinalg.entries()); // and checkpointing
    return List.copyOf(e);
  }

  // ==== issue 16: large magnitudes and the blocked GEMM (one block; everything below is its own) ====

  /** Uniform integer in [lo, hi]. */
  private static int between(java.util.SplittableRandom rng, int lo, int hi) {
    return lo + rng.nextInt(hi - lo + 1);
  }

  /**
   * A [m, k] and B [k, n] (or Aᵀ stored as [k, m] when {@code transposedA}) with batch dims {@code batch},
   * dims drawn from the given ranges.
   */
  static Gen<List<Tensor>> productInputs(int[] batch, boolean transposedA, int[] m, int[] k, int[] n) {
    Gen<List<Shape>> shapes = rng -> {
      int mm = between(rng, m[0], m[1]), kk = between(rng, k[0], k[1]), nn = between(rng, n[0], n[1]);
      return List.of(Shape.of(cat(batch, transposedA ? new int[] {kk, mm} : new int[] {mm, kk})), Shape.of(kk, nn));
    };
    return Gens.tensorList(F64, shapes, Domain.ANY);
  }

  /** x [lead.., rows, in], weight [out, in], bias [out]. */
  static Gen<List<Tensor>> linearInputs(int[] lead, int[] rows, int[] in, int[] out) {
    Gen<List<Shape>> shapes = rng -> {
      int r = between(rng, rows[0], rows[1]), i = between(rng, in[0], in[1]), o = between(rng, out[0], out[1]);
      return List.of(Shape.of(cat(lead, r, i)), Shape.of(o, i), Shape.of(o));
    };
    return Gens.tensorList(F64, shapes, Domain.ANY);
  }

  private static Variable product(List<Variable> v, boolean transposedA) {
    Variable a = v.get(0);
    return (transposedA ? a.transpose(-2, -1) : a).matmul(v.get(1));
  }

  /**
   * Registry entries that run every property: the stable ops at logits of ±1000, and products just
   * above MatMul's small-product path (m·n·k &gt; 2048, dims 13..20: the blocked GEMM on one thread,
   * with edge tiles of the species' register tile (MR = 6 or 8 rows: see DoubleVectorGemm.MR), in the forward and in both backward products).
   */
  private static void addLargeMagnitudesAndBlockedProducts(List<Entry> e) {
    // logits around ±1000 for the ops that claim stability: e^x overflows both dtypes there, their
    // differences (and so the gradients) stay of order one; a kernel that forgets its max shift gives
    // inf/NaN in FLOAT32 and FLOAT64 alike (called from build(): no static fields of this block here)
    for (Domain d : List.of(Domain.ANY.shiftedBy(1000), Domain.ANY.shiftedBy(-1000))) {
      String at = " at " + d;
      e.add(unary("logSumExp" + at, Reductions.LogSumExp.class, d, Variable::logSumExp));
      e.add(entry("logSoftmax(axis -1)" + at, Set.of(Softmax.LogSoftmax.class), rankAtLeast(1, d),
          v -> v.get(0).logSoftmax(-1)));
      e.add(entry("softmax(axis -1)" + at, Set.of(), rankAtLeast(1, d), v -> v.get(0).softmax(-1)));
      e.add(entry("crossEntropyRows" + at, Set.of(Softmax.CrossEntropy.class),
          rankAtLeast(2, d).filter(t -> t.get(0).rank() == 2),
          v -> v.get(0).crossEntropyRows(indices(v.get(0).shape().dim(0), v.get(0).shape().dim(1), 5, 2))));
      e.add(entry("crossEntropyGrad (the fused backward)" + at, Set.of(Softmax.CrossEntropyGrad.class),
          Gens.tensorList(F64, Gens.shapesNonEmpty(2, 2, 4).map(s -> List.of(s, Shape.of(s.dim(0)))), d, Domain.ANY),
          v -> {
            int[] labels = indices(v.get(0).shape().dim(0), v.get(0).shape().dim(1), 3, 1);
            return Engine.apply(new Softmax.CrossEntropyGrad(labels, null), v.get(0), v.get(1));
          }));
    }
    int[] gemm = {13, 20}, none = {};
    e.add(entry("matmul (blocked GEMM, edge tiles)", Set.of(Products.MatMul.class),
        productInputs(none, false, gemm, gemm, gemm), v -> product(v, false)));
    e.add(entry("matmul (blocked GEMM, batched, Aᵀ)", Set.of(Products.MatMul.class),
        productInputs(new int[] {2}, true, gemm, gemm, gemm), v -> product(v, true)));
    e.add(entry("linear (blocked GEMM, x·Wᵀ)", Set.of(Products.Linear.class),
        linearInputs(none, gemm, gemm, gemm), v -> v.get(0).linear(v.get(1), v.get(2))));
  }

  /**
   * Products above the blocked GEMM's two-thread threshold (2·m·n·k &gt; 2²⁰ flops, per product of the
   * forward and of both backward products), past the depth block KC = 256 and the double row block
   * MC = 72, split by rows and by columns. Too large for the full Jacobian: {@code LargeProductGradientTest}
   * checks them with {@link GradCheck#checkFast} (one random direction) in FLOAT64, and FLOAT32 against FLOAT64.
   */
  static final List<Entry> LARGE_PRODUCTS = List.of(
      entry("matmul (two threads by rows, edge tiles)", Set.of(Products.MatMul.class),
          productInputs(new int[0], false, new int[] {73, 90}, new int[] {91, 120}, new int[] {91, 120}),
          v -> product(v, false)),
      entry("matmul (depth > KC)", Set.of(Products.MatMul.class),
          productInputs(new int[0], false, new int[] {50, 64}, new int[] {257, 300}, new int[] {50, 64}),
          v -> product(v, false)),
      entry("matmul (two threads by columns: wide C)", Set.of(Products.MatMul.class),
          productInputs(new int[0], false, new int[] {13, 17}, new int[] {140, 160}, new int[] {300, 340}),
          v -> product(v, false)),
      entry("matmul (batched, Aᵀ, broadcast B)", Set.of(Products.MatMul.class),
          productInputs(new int[] {2}, true, new int[] {61, 80}, new int[] {91, 120}, new int[] {91, 120}),
          v -> product(v, true)),
      entry("linear (x·Wᵀ, two threads)", Set.of(Products.Linear.class),
          linearInputs(new int[] {2}, new int[] {46, 60}, new int[] {110, 130}, new int[] {110, 130}),
          v -> v.get(0).linear(v.get(1), v.get(2))),
      entry("linear (x·Wᵀ, fewer rows than outputs, depth > KC)", Set.of(Products.Linear.class),
          linearInputs(new int[0], new int[] {13, 20}, new int[] {257, 300}, new int[] {300, 340}),
          v -> v.get(0).linear(v.get(1), v.get(2))));
}
