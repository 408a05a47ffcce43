package dev.nabla.autodiff;

import dev.nabla.core.Tensor;
import dev.nabla.core.internal.GradientKernels;
import dev.nabla.core.kernel.BinaryOp;
import dev.nabla.core.kernel.UnaryOp;

/**
 * Elementwise primitives. Notation: y is the output, g = ∂L/∂y, and ⊙ the elementwise product.
 * Binary ops broadcast; the engine sums each gradient back to its input's shape.
 *
 * <p>The family is sealed without a {@code permits} list: its members are the classes nested here.
 * {@link #rule(UnaryOp)} and {@link #rule(BinaryOp)} map core's op enums to their rules with
 * exhaustive switch expressions, so a new enum constant does not compile until it has a rule here.
 * A new function of one argument is its constant in core's {@code UnaryOp} (its formula, from which its
 * loops and its name on Tensor and Variable are generated), its rule below, and its row in the op registry
 * (with its reference); see CONTRIBUTING.md, "Adding a pointwise op".
 */
sealed interface Pointwise extends Primitive {

  Neg NEG = new Neg();
  Abs ABS = new Abs();
  Sign SIGN = new Sign();
  Exp EXP = new Exp();
  Log LOG = new Log();
  Log1p LOG1P = new Log1p();
  Expm1 EXPM1 = new Expm1();
  Sqrt SQRT = new Sqrt();
  Square SQUARE = new Square();
  Reciprocal RECIPROCAL = new Reciprocal();
  Tanh TANH = new Tanh();
  Sigmoid SIGMOID = new Sigmoid();
  Relu RELU = new Relu();
  Softplus SOFTPLUS = new Softplus();
  Sin SIN = new Sin();
  Cos COS = new Cos();
  Erf ERF = new Erf();
  Silu SILU = new Silu();
  LogSigmoid LOG_SIGMOID = new LogSigmoid();
  Add ADD = new Add();
  Sub SUB = new Sub();
  Mul MUL = new Mul();
  Div DIV = new Div();
  Pow POW = new Pow();
  Maximum MAXIMUM = new Maximum();
  Minimum MINIMUM = new Minimum();
  Where WHERE = new Where();
  TanhGrad TANH_GRAD = new TanhGrad();
  ReluGrad RELU_GRAD = new ReluGrad();
  SigmoidGrad SIGMOID_GRAD = new SigmoidGrad();

  /** The rule of {@code op}: {@code x.map(op)} on Variables is {@code Engine.apply(rule(op), x)}. */
  static Pointwise rule(UnaryOp op) {
    return switch (op) {
      case NEG -> NEG;
      case ABS -> ABS;
      case SIGN -> SIGN;
      case EXP -> EXP;
      case LOG -> LOG;
      case LOG1P -> LOG1P;
      case EXPM1 -> EXPM1;
      case SQRT -> SQRT;
      case SQUARE -> SQUARE;
      case RECIPROCAL -> RECIPROCAL;
      case TANH -> TANH;
      case SIGMOID -> SIGMOID;
      case RELU -> RELU;
      case SOFTPLUS -> SOFTPLUS;
      case SIN -> SIN;
      case COS -> COS;
      case ERF -> ERF;
      case SILU -> SILU;
      case LOG_SIGMOID -> LOG_SIGMOID;
    };
  }

  /**
   * The rule of {@code op}, or null for a comparison: its result is piecewise constant, so on
   * Variables it is a constant (no gradient, no graph node).
   */
  static Pointwise rule(BinaryOp op) {
    return switch (op) {
      case ADD -> ADD;
      case SUB -> SUB;
      case MUL -> MUL;
      case DIV -> DIV;
      case POW -> POW;
      case MAXIMUM -> MAXIMUM;
      case MINIMUM -> MINIMUM;
      case TANH_GRAD -> TANH_GRAD;
      case SIGMOID_GRAD -> SIGMOID_GRAD;
      case RELU_GRAD -> RELU_GRAD;
      case EQ, NE, LT, LE, GT, GE -> null;
    };
  }

  private static Variable[] one(Variable g) {
    return new Variable[] {g};
  }

  private static Variable c(Tensor t) {
    return Variable.constant(t);
  }

  /** y = −x;  ∂x = −g. */
  final class Neg implements Pointwise {
    public String name() { return "neg"; }
    public Tensor forward(Tensor... x) { return x[0].neg(); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) { return one(g.neg()); }
  }

  /** y = |x|;  ∂x = g ⊙ sign(x), so abs′(0) = 0 (the minimum-norm subgradient, as PyTorch). */
  final class Abs implements Pointwise {
    public String name() { return "abs"; }
    public Tensor forward(Tensor... x) { return x[0].abs(); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) { return one(g.mul(c(x[0].value().sign()))); }
  }

  /** y = sign(x);  ∂x = 0 (piecewise constant). */
  final class Sign implements Pointwise {
    public String name() { return "sign"; }
    public Tensor forward(Tensor... x) { return x[0].sign(); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) { return new Variable[] {null}; }
  }

  /** y = eˣ;  ∂x = g ⊙ y. */
  final class Exp implements Pointwise {
    public String name() { return "exp"; }
    public boolean savesOutput() { return true; }
    public Tensor forward(Tensor... x) { return x[0].exp(); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) { return one(g.mul(y)); }
  }

  /** y = ln x;  ∂x = g / x. Domain x &gt; 0. */
  final class Log implements Pointwise {
    public String name() { return "log"; }
    public Tensor forward(Tensor... x) { return x[0].log(); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) { return one(g.div(x[0])); }
  }

  /** y = ln(1 + x);  ∂x = g / (1 + x). Domain x &gt; −1. */
  final class Log1p implements Pointwise {
    public String name() { return "log1p"; }
    public Tensor forward(Tensor... x) { return x[0].log1p(); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) { return one(g.div(x[0].add(1.0))); }
  }

  /** y = eˣ − 1;  ∂x = g ⊙ (y + 1) = g ⊙ eˣ. */
  final class Expm1 implements Pointwise {
    public String name() { return "expm1"; }
    public boolean savesOutput() { return true; }
    public Tensor forward(Tensor... x) { return x[0].expm1(); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) { return one(g.mul(y.add(1.0))); }
  }

  /** y = √x;  ∂x = g / (2y). Domain x &gt; 0. */
  final class Sqrt implements Pointwise {
    public String name() { return "sqrt"; }
    public boolean savesOutput() { return true; }
    public Tensor forward(Tensor... x) { return x[0].sqrt(); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) { return one(g.div(y.mul(2.0))); }
  }

  /** y = x²;  ∂x = 2 g ⊙ x. */
  final class Square implements Pointwise {
    public String name() { return "square"; }
    public Tensor forward(Tensor... x) { return x[0].square(); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) { return one(g.mul(x[0]).mul(2.0)); }
  }

  /** y = 1/x;  ∂x = −g ⊙ y². */
  final class Reciprocal implements Pointwise {
    public String name() { return "reciprocal"; }
    public boolean savesOutput() { return true; }
    public Tensor forward(Tensor... x) { return x[0].reciprocal(); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) { return one(g.mul(y.square()).neg()); }
  }

  /** y = tanh x;  ∂x = g ⊙ (1 − y²), by the fused {@link TanhGrad}. */
  final class Tanh implements Pointwise {
    public String name() { return "tanh"; }
    public boolean savesOutput() { return true; }
    public Tensor forward(Tensor... x) { return x[0].tanh(); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) { return one(Engine.apply(TANH_GRAD, g, y)); }
  }

  /** y = σ(x) = 1/(1+e⁻ˣ);  ∂x = g ⊙ y ⊙ (1 − y), by the fused {@link SigmoidGrad}. */
  final class Sigmoid implements Pointwise {
    public String name() { return "sigmoid"; }
    public boolean savesOutput() { return true; }
    public Tensor forward(Tensor... x) { return x[0].sigmoid(); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) { return one(Engine.apply(SIGMOID_GRAD, g, y)); }
  }

  /** y = max(x, 0);  ∂x = g ⊙ [x &gt; 0], so relu′(0) = 0 (as PyTorch). */
  final class Relu implements Pointwise {
    public String name() { return "relu"; }
    public Tensor forward(Tensor... x) { return x[0].relu(); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) { return one(Engine.apply(RELU_GRAD, g, c(x[0].value()))); }
  }

  /** y = ln(1 + eˣ) (stable form);  ∂x = g ⊙ σ(x). */
  final class Softplus implements Pointwise {
    public String name() { return "softplus"; }
    public Tensor forward(Tensor... x) { return x[0].softplus(); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) { return one(g.mul(x[0].sigmoid())); }
  }

  /** y = erf x;  ∂x = g ⊙ (2/√π)·e^(−x²). */
  final class Erf implements Pointwise {
    public String name() { return "erf"; }
    public Tensor forward(Tensor... x) { return x[0].erf(); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) {
      return one(g.mul(x[0].square().neg().exp().mul(2 / Math.sqrt(Math.PI))));
    }
  }

  /** y = x·σ(x);  ∂x = g ⊙ σ(x)·(1 + x·(1 − σ(x))). */
  final class Silu implements Pointwise {
    public String name() { return "silu"; }
    public Tensor forward(Tensor... x) { return x[0].silu(); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) {
      Variable s = x[0].sigmoid();
      return one(g.mul(s.mul(x[0].mul(s.neg().add(1)).add(1))));
    }
  }

  /** y = log σ(x) = −softplus(−x);  ∂x = g ⊙ σ(−x). */
  final class LogSigmoid implements Pointwise {
    public String name() { return "logSigmoid"; }
    public Tensor forward(Tensor... x) { return x[0].logSigmoid(); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) { return one(g.mul(x[0].neg().sigmoid())); }
  }

  /** y = sin x;  ∂x = g ⊙ cos x. */
  final class Sin implements Pointwise {
    public String name() { return "sin"; }
    public Tensor forward(Tensor... x) { return x[0].sin(); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) { return one(g.mul(x[0].cos())); }
  }

  /** y = cos x;  ∂x = −g ⊙ sin x. */
  final class Cos implements Pointwise {
    public String name() { return "cos"; }
    public Tensor forward(Tensor... x) { return x[0].cos(); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) { return one(g.mul(x[0].sin()).neg()); }
  }

  /**
   * y = min(max(x, lo), hi);  ∂x = g ⊙ [lo ≤ x ≤ hi]. At the bounds the gradient passes, as in
   * PyTorch's clamp.
   */
  final class Clamp implements Pointwise {
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
  final class Add implements Pointwise {
    public String name() { return "add"; }
    public Tensor forward(Tensor... x) { return x[0].add(x[1]); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) { return new Variable[] {g, g}; }
  }

  /** y = a − b;  ∂a = g, ∂b = −g. */
  final class Sub implements Pointwise {
    public String name() { return "sub"; }
    public Tensor forward(Tensor... x) { return x[0].sub(x[1]); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) {
      return new Variable[] {g, x[1].requiresGrad() ? g.neg() : null};
    }
  }

  /** y = a ⊙ b;  ∂a = g ⊙ b, ∂b = g ⊙ a. */
  final class Mul implements Pointwise {
    public String name() { return "mul"; }
    public Tensor forward(Tensor... x) { return x[0].mul(x[1]); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) {
      return new Variable[] {x[0].requiresGrad() ? g.mul(x[1]) : null, x[1].requiresGrad() ? g.mul(x[0]) : null};
    }
  }

  /** y = a / b;  ∂a = g / b, ∂b = −g ⊙ a / b². */
  final class Div implements Pointwise {
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
  final class Pow implements Pointwise {
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
  final class Maximum implements Pointwise {
    public String name() { return "maximum"; }
    public Tensor forward(Tensor... x) { return x[0].maximum(x[1]); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) {
      Tensor a = x[0].value(), b = x[1].value();
      return new Variable[] {g.mul(c(winner(a.gt(b), a, b))), g.mul(c(winner(b.gt(a), a, b)))};
    }
  }

  /** y = min(a, b);  ∂a = g ⊙ [a &lt; b] + ½ g ⊙ [a = b], ∂b likewise: ties split evenly. */
  final class Minimum implements Pointwise {
    public String name() { return "minimum"; }
    public Tensor forward(Tensor... x) { return x[0].minimum(x[1]); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) {
      Tensor a = x[0].value(), b = x[1].value();
      return new Variable[] {g.mul(c(winner(a.lt(b), a, b))), g.mul(c(winner(b.lt(a), a, b)))};
    }
  }

  /** y = m ? a : b;  ∂m = none, ∂a = g ⊙ [m ≠ 0], ∂b = g ⊙ [m = 0]. */
  final class Where implements Pointwise {
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
  final class TanhGrad implements Pointwise {
    public String name() { return "tanhBackward"; }
    public Tensor forward(Tensor... x) { return GradientKernels.tanhBackward(x[0], x[1]); }
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
  final class SigmoidGrad implements Pointwise {
    public String name() { return "sigmoidBackward"; }
    public Tensor forward(Tensor... x) { return GradientKernels.sigmoidBackward(x[0], x[1]); }
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
  final class ReluGrad implements Pointwise {
    public String name() { return "reluBackward"; }
    public Tensor forward(Tensor... x) { return GradientKernels.reluBackward(x[0], x[1]); }
    public Variable[] vjp(Variable gz, Variable z, Variable... x) {
      return new Variable[] {x[0].requiresGrad() ? Engine.apply(RELU_GRAD, gz, c(x[1].value())) : null, null};
    }
  }
}
