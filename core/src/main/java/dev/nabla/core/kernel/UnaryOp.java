package dev.nabla.core.kernel;

/** Elementwise functions of one argument, with their scalar definition in {@link #apply(double)}. */
public enum UnaryOp {
  NEG, ABS, SIGN, EXP, LOG, LOG1P, SQRT, SQUARE, RECIPROCAL, TANH, SIGMOID, RELU, SOFTPLUS, SIN, COS;

  /** The reference definition, one element at a time (kernels run dedicated loops instead). */
  public double apply(double x) {
    return switch (this) {
      case NEG -> -x;
      case ABS -> Math.abs(x);
      case SIGN -> Math.signum(x);
      case EXP -> Math.exp(x);
      case LOG -> Math.log(x);
      case LOG1P -> Math.log1p(x);
      case SQRT -> Math.sqrt(x);
      case SQUARE -> x * x;
      case RECIPROCAL -> 1.0 / x;
      case TANH -> Math.tanh(x);
      case SIGMOID -> Unary.sigmoid(x);
      case RELU -> Math.max(x, 0.0); // keeps NaN; +0.0 for every x <= 0 (0.0 * x gave -0.0 for x < 0)
      case SOFTPLUS -> Unary.softplus(x);
      case SIN -> Math.sin(x);
      case COS -> Math.cos(x);
    };
  }
}
