package dev.nabla.core.kernel;

/**
 * Elementwise functions of one argument, {@code y = f(x)}; each constant's Javadoc is its formula.
 *
 * <p>Each op's loop, one source for every dtype, is its case in {@code DoubleUnary.loop} (an exhaustive
 * switch: an op without a loop does not compile); FLOAT32 exp, tanh and sigmoid also run on the Vector API
 * ({@code VectorFloatMath}). Example: {@code Tensor.of(new double[] {-1, 2}, 2).map(UnaryOp.RELU)} is
 * {@code [0, 2]}.
 */
public enum UnaryOp {
  /** −x. */
  NEG(1),
  /** |x|. */
  ABS(1),
  /** sign(x): −1, 0 or 1 (±0 and NaN stay themselves). */
  SIGN(1),
  /** eˣ (FLOAT32: {@code FloatFunctions.exp}, within 2 ulp). */
  EXP(20),
  /** ln x. */
  LOG(20),
  /** ln(1 + x), accurate near 0. */
  LOG1P(20),
  /** √x. */
  SQRT(4),
  /** x². */
  SQUARE(1),
  /** 1/x. */
  RECIPROCAL(4),
  /** tanh x (FLOAT32: {@code FloatFunctions.tanh}, within 3 ulp). */
  TANH(20),
  /** σ(x) = 1/(1 + e⁻ˣ), without overflow for large |x| (FLOAT32: {@code FloatFunctions.sigmoid}). */
  SIGMOID(20),
  /** max(x, 0): +0 for every x ≤ 0 (also −0), NaN stays NaN. */
  RELU(1),
  /** softplus(x) = ln(1 + eˣ) = max(x, 0) + ln(1 + e^(−|x|)), stable for any x (FLOAT32 rounds the double). */
  SOFTPLUS(20),
  /** sin x. */
  SIN(20),
  /** cos x. */
  COS(20),
  /** erf x = 2/√π ∫₀ˣ e^(−t²) dt, to within a few ulp in FLOAT64 (FLOAT32 rounds the double). */
  ERF(40),
  /** silu(x) = x·σ(x), the sigmoid-weighted linear unit (swish) (FLOAT32 rounds the double). */
  SILU(20),
  /** log σ(x) = −softplus(−x) = min(x, 0) − ln(1 + e^(−|x|)), stable for any x (FLOAT32 rounds the double). */
  LOG_SIGMOID(20);

  /** Rough work per element (1 for an add), to decide when to split a loop across threads. */
  final int cost;

  UnaryOp(int cost) {
    this.cost = cost;
  }
}
