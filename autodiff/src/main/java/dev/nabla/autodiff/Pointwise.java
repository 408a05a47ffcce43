package dev.nabla.autodiff;

import dev.nabla.core.Tensor;

/**
 * Elementwise primitives. Notation: y is the output, g = ∂L/∂y, and ⊙ the elementwise product.
 * Binary ops broadcast; the engine sums each gradient back to its input's shape.
 */
final class Pointwise {
  private Pointwise() {}

  static final Neg NEG = new Neg();
  static final Abs ABS = new Abs();
  static final Sign SIGN = new Sign();
  static final Exp EXP = new Exp();
  static final Log LOG = new Log();
  static final Log1p LOG1P = new Log1p();
  static final Sqrt SQRT = new Sqrt();
  static final Square SQUARE = new Square();
  static final Reciprocal RECIPROCAL = new Reciprocal();
  static final Tanh TANH = new Tanh();
  static final Sigmoid SIGMOID = new Sigmoid();
  static final Relu RELU = new Relu();
  static final Softplus SOFTPLUS = new Softplus();
  static final Sin SIN = new Sin();
  static final Cos COS = new Cos();
  static final Add ADD = new Add();
  static final Sub SUB = new Sub();
  static final Mul MUL = new Mul();
  static final Div DIV = new Div();
  static final Pow POW = new Pow();
  static final Maximum MAXIMUM = new Maximum();
  static final Minimum MINIMUM = new Minimum();
  static final Where WHERE = new Where();
  static final TanhGrad TANH_GRAD = new TanhGrad();
  static final ReluGrad RELU_GRAD = new ReluGrad();
  static final SigmoidGrad SIGMOID_GRAD = new SigmoidGrad();

  private static Variable[] one(Variable g) {
    return new Variable[] {g};
  }

  private static Variable c(Tensor t) {
    return Variable.constant(t);
  }

  /** y = −x;  ∂x = −g. */
  static final class Neg implements Primitive {
    public String name() { return "neg"; }
    public Tensor forward(Tensor... x) { return x[0].neg(); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) { return one(g.neg()); }
  }

  /** y = |x|;  ∂x = g ⊙ sign(x), so abs′(0) = 0 (the minimum-norm subgradient, as PyTorch). */
  static final class Abs implements Primitive {
    public String name() { return "abs"; }
    public Tensor forward(Tensor... x) { return x[0].abs(); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) { return one(g.mul(c(x[0].value().sign()))); }
  }

  /** y = sign(x);  ∂x = 0 (piecewise constant). */
  static final class Sign implements Primitive {
    public String name() { return "sign"; }
    public Tensor forward(Tensor... x) { return x[0].sign(); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) { return new Variable[] {null}; }
  }

  /** y = eˣ;  ∂x = g ⊙ y. */
  static final class Exp implements Primitive {
    public String name() { return "exp"; }
    public boolean savesOutput() { return true; }
    public Tensor forward(Tensor... x) { return x[0].exp(); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) { return one(g.mul(y)); }
  }

  /** y = ln x;  ∂x = g / x. Domain x &gt; 0. */
  static final class Log implements Primitive {
    public String name() { return "log"; }
    public Tensor forward(Tensor... x) { return x[0].log(); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) { return one(g.div(x[0])); }
  }

  /** y = ln(1 + x);  ∂x = g / (1 + x). Domain x &gt; −1. */
  static final class Log1p implements Primitive {
    public String name() { return "log1p"; }
    public Tensor forward(Tensor... x) { return x[0].log1p(); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) { return one(g.div(x[0].add(1.0))); }
  }

  /** y = √x;  ∂x = g / (2y). Domain x &gt; 0. */
  static final class Sqrt implements Primitive {
    public String name() { return "sqrt"; }
    public boolean savesOutput() { return true; }
    public Tensor forward(Tensor... x) { return x[0].sqrt(); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) { return one(g.div(y.mul(2.0))); }
  }

  /** y = x²;  ∂x = 2 g ⊙ x. */
  static final class Square implements Primitive {
    public String name() { return "square"; }
    public Tensor forward(Tensor... x) { return x[0].square(); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) { return one(g.mul(x[0]).mul(2.0)); }
  }

  /** y = 1/x;  ∂x = −g ⊙ y². */
  static final class Reciprocal implements Primitive {
    public String name() { return "reciprocal"; }
    public boolean savesOutput() { return true; }
    public Tensor forward(Tensor... x) { return x[0].reciprocal(); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) { return one(g.mul(y.square()).neg()); }
  }

  /** y = tanh x;  ∂x = g ⊙ (1 − y²), by the fused {@link TanhGrad}. */
  static final class Tanh implements Primitive {
    public String name() { return "tanh"; }
    public boolean savesOutput() { return true; }
    public Tensor forward(Tensor... x) { return x[0].tanh(); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) { return one(Engine.apply(TANH_GRAD, g, y)); }
  }

  /** y = σ(x) = 1/(1+e⁻ˣ);  ∂x = g ⊙ y ⊙ (1 − y), by the fused {@link SigmoidGrad}. */
  static final class Sigmoid implements Primitive {
    public String name() { return "sigmoid"; }
    public boolean savesOutput() { return true; }
    public Tensor forward(Tensor... x) { return x[0].sigmoid(); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) { return one(Engine.apply(SIGMOID_GRAD, g, y)); }
  }

  /** y = max(x, 0);  ∂x = g ⊙ [x &gt; 0], so relu′(0) = 0 (as PyTorch). */
  static final class Relu implements Primitive {
    public String name() { return "relu"; }
    public Tensor forward(Tensor... x) { return x[0].relu(); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) { return one(Engine.apply(RELU_GRAD, g, c(x[0].value()))); }
  }

  /** y = ln(1 + eˣ) (stable form);  ∂x = g ⊙ σ(x). */
  static final class Softplus implements Primitive {
    public String name() { return "softplus"; }
    public Tensor forward(Tensor... x) { return x[0].softplus(); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) { return one(g.mul(x[0].sigmoid())); }
  }

  /** y = sin x;  ∂x = g ⊙ cos x. */
  static final class Sin implements Primitive {
    public String name() { return "sin"; }
    public Tensor forward(Tensor... x) { return x[0].sin(); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) { return one(g.mul(x[0].cos())); }
  }

  /** y = cos x;  ∂x = −g ⊙ sin x. */
  static final class Cos implements Primitive {
    public String name() { return "cos"; }
    public Tensor forward(Tensor... x) { return x[0].cos(); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) { return one(g.mul(x[0].sin()).neg()); }
  }

  /**
   * y = min(max(x, lo), hi);  ∂x = g ⊙ [lo ≤ x ≤ hi]. At the bounds the gradient passes, as in
   * PyTorch's clamp.
   */
  static final class Clamp implements Primitive {
    final double lo, hi;

    Clamp(double lo, double hi) {
      this.lo = lo;
      this.hi = hi;
    }

    public String name() { return "clamp"; }
    public Tensor forward(Tensor... x) { return x[0].clamp(lo, hi); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) {
      Tensor v = x[0].value();
      return one(g.mul(c(v.ge(lo).mul(v.le(hi)))));
    }
  }

  /** y = a + b;  ∂a = g, ∂b = g. */
  static final class Add implements Primitive {
    public String name() { return "add"; }
    public Tensor forward(Tensor... x) { return x[0].add(x[1]); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) { return new Variable[] {g, g}; }
  }

  /** y = a − b;  ∂a = g, ∂b = −g. */
  static final class Sub implements Primitive {
    public String name() { return "sub"; }
    public Tensor forward(Tensor... x) { return x[0].sub(x[1]); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) {
      return new Variable[] {g, x[1].requiresGrad() ? g.neg() : null};
    }
  }

  /** y = a ⊙ b;  ∂a = g ⊙ b, ∂b = g ⊙ a. */
  static final class Mul implements Primitive {
    public String name() { return "mul"; }
    public Tensor forward(Tensor... x) { return x[0].mul(x[1]); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) {
      return new Variable[] {x[0].requiresGrad() ? g.mul(x[1]) : null, x[1].requiresGrad() ? g.mul(x[0]) : null};
    }
  }

  /** y = a / b;  ∂a = g / b, ∂b = −g ⊙ a / b². */
  static final class Div implements Primitive {
    public String name() { return "div"; }
    public Tensor forward(Tensor... x) { return x[0].div(x[1]); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) {
      Variable ga = g.div(x[1]);
      return new Variable[] {ga, x[1].requiresGrad() ? ga.mul(x[0]).div(x[1]).neg() : null};
    }
  }

  /**
   * y = aᵇ;  ∂a = g ⊙ b ⊙ aᵇ⁻¹, ∂b = g ⊙ y ⊙ ln a (domain a &gt; 0 when b needs a gradient). As in
   * PyTorch, ∂a = 0 where a = b = 0 (not 0·0⁻¹ = NaN: a⁰ is constant) and ∂b = 0 where a = 0 and
   * b ≥ 0 (not y·ln 0). Those places read a as 1 inside the rule, so its own derivatives (grad of
   * grad) are finite there too.
   */
  static final class Pow implements Primitive {
    public String name() { return "pow"; }
    public boolean savesOutput() { return true; }
    public Tensor forward(Tensor... x) { return x[0].pow(x[1]); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) {
      Variable a = x[0], b = x[1];
      Tensor av = a.value(), bv = b.value();
      Variable ga = null, gb = null;
      if (a.requiresGrad()) {
        Tensor atZero = any(bv.eq(0)) ? av.eq(0).mul(bv.eq(0)) : null; // only a scalar check for pow(x, s), s ≠ 0
        Variable base = oneWhere(atZero, a);
        ga = g.mul(b).mul(base.pow(b.sub(1.0)));
      }
      if (b.requiresGrad()) gb = g.mul(y).mul(oneWhere(av.eq(0).mul(bv.ge(0)), a).log());
      return new Variable[] {ga, gb};
    }

    /** {@code a} with 1 where {@code mask} is set (no copy when it is set nowhere). */
    private static Variable oneWhere(Tensor mask, Variable a) {
      if (mask == null || !any(mask)) return a;
      return Variable.where(c(mask), c(Tensor.scalar(a.dtype(), 1.0)), a);
    }

    private static boolean any(Tensor mask) {
      return mask.size() > 0 && mask.max().item() != 0;
    }
  }

  /** Weights of a tie-splitting max/min: 1 where a wins, ½ where a and b tie, 0 elsewhere. */
  private static Tensor winner(Tensor wins, Tensor a, Tensor b) {
    return wins.add(a.eq(b).mul(0.5));
  }

  /** y = max(a, b);  ∂a = g ⊙ [a &gt; b] + ½ g ⊙ [a = b], ∂b likewise: ties split evenly. */
  static final class Maximum implements Primitive {
    public String name() { return "maximum"; }
    public Tensor forward(Tensor... x) { return x[0].maximum(x[1]); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) {
      Tensor a = x[0].value(), b = x[1].value();
      return new Variable[] {g.mul(c(winner(a.gt(b), a, b))), g.mul(c(winner(b.gt(a), a, b)))};
    }
  }

  /** y = min(a, b);  ∂a = g ⊙ [a &lt; b] + ½ g ⊙ [a = b], ∂b likewise: ties split evenly. */
  static final class Minimum implements Primitive {
    public String name() { return "minimum"; }
    public Tensor forward(Tensor... x) { return x[0].minimum(x[1]); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) {
      Tensor a = x[0].value(), b = x[1].value();
      return new Variable[] {g.mul(c(winner(a.lt(b), a, b))), g.mul(c(winner(b.lt(a), a, b)))};
    }
  }

  /** y = m ? a : b;  ∂m = none, ∂a = g ⊙ [m ≠ 0], ∂b = g ⊙ [m = 0]. */
  static final class Where implements Primitive {
    public String name() { return "where"; }
    public Tensor forward(Tensor... x) { return Tensor.where(x[0], x[1], x[2]); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) {
      Tensor m = x[0].value().ne(0);
      Variable ga = x[1].requiresGrad() ? g.mul(c(m)) : null;
      Variable gb = x[2].requiresGrad() ? g.mul(c(m.neg().add(1.0))) : null;
      return new Variable[] {null, ga, gb};
    }
  }

  /**
   * The tanh backward as a primitive, one pass: z = g ⊙ (1 − y²) for inputs (g, y);
   * ∂g = G ⊙ (1 − y²), ∂y = −2 G ⊙ g ⊙ y. Its own rule makes grad of grad through tanh work.
   */
  static final class TanhGrad implements Primitive {
    public String name() { return "tanhBackward"; }
    public Tensor forward(Tensor... x) { return dev.nabla.core.internal.GradientKernels.tanhBackward(x[0], x[1]); }
    public Variable[] vjp(Variable gz, Variable z, Variable... x) {
      Variable g = x[0], y = x[1];
      return new Variable[] {g.requiresGrad() ? Engine.apply(TANH_GRAD, gz, y) : null,
          y.requiresGrad() ? gz.mul(g).mul(y).mul(-2.0) : null};
    }
  }

  /**
   * The sigmoid backward as a primitive, one pass: z = g ⊙ y ⊙ (1 − y) for inputs (g, y);
   * ∂g = G ⊙ y ⊙ (1 − y), ∂y = G ⊙ g ⊙ (1 − 2y).
   */
  static final class SigmoidGrad implements Primitive {
    public String name() { return "sigmoidBackward"; }
    public Tensor forward(Tensor... x) { return dev.nabla.core.internal.GradientKernels.sigmoidBackward(x[0], x[1]); }
    public Variable[] vjp(Variable gz, Variable z, Variable... x) {
      Variable g = x[0], y = x[1];
      return new Variable[] {g.requiresGrad() ? Engine.apply(SIGMOID_GRAD, gz, y) : null,
          y.requiresGrad() ? gz.mul(g).mul(y.mul(-2.0).add(1.0)) : null};
    }
  }

  /**
   * The relu backward as a primitive, one pass: z = x &gt; 0 ? g : 0 for inputs (g, x);
   * ∂g = x &gt; 0 ? G : 0, ∂x = 0 (the mask is piecewise constant).
   */
  static final class ReluGrad implements Primitive {
    public String name() { return "reluBackward"; }
    public Tensor forward(Tensor... x) { return dev.nabla.core.internal.GradientKernels.reluBackward(x[0], x[1]); }
    public Variable[] vjp(Variable gz, Variable z, Variable... x) {
      return new Variable[] {x[0].requiresGrad() ? Engine.apply(RELU_GRAD, gz, c(x[1].value())) : null, null};
    }
  }
}
