package dev.nabla.core.kernel;

/**
 * Elementwise functions of two arguments, {@code y = f(a, b)}; each constant's Javadoc is its formula.
 * Comparisons give 1 for true and 0 for false.
 *
 * <p>Each op's loop, one source for every dtype and every broadcast form, is its case in
 * {@code DoubleBinary.loop} (an exhaustive switch: an op without a loop does not compile). Example:
 * {@code a.map(BinaryOp.MAXIMUM, b)} is the elementwise max of a and b, broadcasting.
 */
public enum BinaryOp {
  /** a + b. */
  ADD("add", 1),
  /** a − b. */
  SUB("sub", 1),
  /** a·b. */
  MUL("mul", 1),
  /** a / b. */
  DIV("div", 1),
  /** aᵇ, with {@code Math.pow}'s conventions (FLOAT32 computes in double and rounds). */
  POW("pow", 20),
  /** max(a, b), NaN if either is NaN; +0 is above −0. */
  MAXIMUM("maximum", 1),
  /** min(a, b), NaN if either is NaN; −0 is below +0. */
  MINIMUM("minimum", 1),
  /** a == b. */
  EQ("eq", 1),
  /** a != b. */
  NE("ne", 1),
  /** a &lt; b. */
  LT("lt", 1),
  /** a &lt;= b. */
  LE("le", 1),
  /** a &gt; b. */
  GT("gt", 1),
  /** a &gt;= b. */
  GE("ge", 1),
  /** g·(1 − y²): the tanh backward, given g and y = tanh(x). */
  TANH_GRAD("tanhBackward", 1),
  /** g·y·(1 − y): the sigmoid backward, given g and y = σ(x). */
  SIGMOID_GRAD("sigmoidBackward", 1),
  /** b &lt;= 0 ? 0 : a: the relu backward, given g and x (a NaN x passes g on, as in PyTorch). */
  RELU_GRAD("reluBackward", 1);

  private final String opName;
  /** Rough work per element (1 for an add), to decide when to split a loop across threads. */
  final int cost;

  BinaryOp(String opName, int cost) {
    this.opName = opName;
    this.cost = cost;
  }

  /** The op's name in error messages, e.g. "add", "tanhBackward". */
  public String opName() {
    return opName;
  }
}
