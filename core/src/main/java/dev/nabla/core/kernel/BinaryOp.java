package dev.nabla.core.kernel;

/** Elementwise functions of two arguments; comparisons give 1 for true and 0 for false. */
public enum BinaryOp {
  ADD("add"), SUB("sub"), MUL("mul"), DIV("div"), POW("pow"), MAXIMUM("maximum"), MINIMUM("minimum"),
  EQ("eq"), NE("ne"), LT("lt"), LE("le"), GT("gt"), GE("ge"),
  /** g·(1 − y²): the tanh backward, given g and y = tanh(x). */
  TANH_GRAD("tanhBackward"),
  /** g·y·(1 − y): the sigmoid backward, given g and y = σ(x). */
  SIGMOID_GRAD("sigmoidBackward"),
  /** b &lt;= 0 ? 0 : a: the relu backward, given g and x (a NaN x passes g on, as in PyTorch). */
  RELU_GRAD("reluBackward");

  private final String opName;

  BinaryOp(String opName) {
    this.opName = opName;
  }

  /** The op's name in error messages, e.g. "add", "tanhBackward". */
  public String opName() {
    return opName;
  }

  /** The reference definition, one element at a time (kernels run dedicated loops instead). */
  public double apply(double a, double b) {
    return switch (this) {
      case ADD -> a + b;
      case SUB -> a - b;
      case MUL -> a * b;
      case DIV -> a / b;
      case POW -> Math.pow(a, b);
      case MAXIMUM -> Math.max(a, b);
      case MINIMUM -> Math.min(a, b);
      case EQ -> a == b ? 1 : 0;
      case NE -> a != b ? 1 : 0;
      case LT -> a < b ? 1 : 0;
      case LE -> a <= b ? 1 : 0;
      case GT -> a > b ? 1 : 0;
      case GE -> a >= b ? 1 : 0;
      case TANH_GRAD -> a * (1 - b * b);
      case SIGMOID_GRAD -> a * b * (1 - b);
      case RELU_GRAD -> b <= 0 ? 0 : a;
    };
  }
}
