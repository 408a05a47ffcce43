package dev.nabla.core.kernel;

/**
 * Elementwise functions of one argument, {@code y = f(x)}: the one place that defines each of them.
 *
 * <p>A constant is three things, each read by the build ({@code core/src/build/Twins.java}, which fails
 * with the constant's name and line if one is not of this form):
 * <ul>
 *   <li>its Javadoc, the formula and a short example: it becomes the Javadoc of the generated method
 *       {@code Ops.name()} (the lower-camel name of the constant, {@code LOG_SIGMOID} → {@code logSigmoid()}),
 *       which {@code Tensor} and {@code Variable} both have;
 *   <li>its cost per element (1 for an add), which decides when a loop splits across threads;
 *   <li>its element formula, the one-line body {@code { public double of(double x) { return EXPR; } }}: the
 *       FLOAT64 value, and the source of the loops {@code y[i] = EXPR} (with {@code x} read as {@code x[i]})
 *       of both dtypes, generated into {@code DoubleUnaryLoops} and its FLOAT32 twin. Where the dtypes
 *       differ EXPR calls a {@link DTypeMath} overload ({@code DTypeMath.exp(x)} is {@code FloatFunctions.exp}
 *       for a float), and a cast {@code (double) Math.log(x)} marks a value computed in double that FLOAT32
 *       rounds.
 * </ul>
 * FLOAT32 exp, tanh, sigmoid and erf also run on the Vector API ({@code VectorFloatMath}), to the same bits.
 * Its rule is in autodiff's {@code Pointwise}, its reference in autodiff's op registry.
 */
@SuppressWarnings("cast") // the (double) casts are redundant here: they mark what FLOAT32 rounds
public enum UnaryOp {
  /**
   * −x.
   *
   * <pre>{@code Tensor.of(new double[] {1, -2}).neg()   // [-1.  2.]}</pre>
   */
  NEG(1) { public double of(double x) { return -x; } },
  /**
   * |x|; abs′(0) = 0.
   *
   * <pre>{@code Tensor.of(new double[] {-1.5, 2}).abs()   // [1.5 2. ]}</pre>
   */
  ABS(1) { public double of(double x) { return Math.abs(x); } },
  /**
   * −1, 0 or 1 by the sign of x (±0 and NaN stay themselves); its gradient is 0.
   *
   * <pre>{@code Tensor.of(new double[] {-3, 0, 2}).sign()   // [-1.  0.  1.]}</pre>
   */
  SIGN(1) { public double of(double x) { return Math.signum(x); } },
  /**
   * eˣ (FLOAT32: within 2 ulp).
   *
   * <pre>{@code Tensor.of(new double[] {0, 1}).exp()   // [1.         2.71828183]}</pre>
   */
  EXP(20) { public double of(double x) { return DTypeMath.exp(x); } },
  /**
   * ln x (NaN below 0, −∞ at 0).
   *
   * <pre>{@code Tensor.of(new double[] {1, 10}).log()   // [0.         2.30258509]}</pre>
   */
  LOG(20) { public double of(double x) { return (double) Math.log(x); } },
  /**
   * ln(1 + x), accurate near 0.
   *
   * <pre>{@code Tensor.of(new double[] {0, 1}).log1p()   // [0.         0.69314718]}</pre>
   */
  LOG1P(20) { public double of(double x) { return (double) Math.log1p(x); } },
  /**
   * eˣ − 1, accurate near 0 (where computing eˣ first would cancel); its derivative is eˣ. The inverse of
   * {@code log1p}.
   *
   * <pre>{@code Tensor.of(new double[] {1e-10, 1}).expm1()   // [1.00000000e-10 1.71828183e+00]}</pre>
   */
  EXPM1(20) { public double of(double x) { return (double) Math.expm1(x); } },
  /**
   * √x.
   *
   * <pre>{@code Tensor.of(new double[] {4, 2}).sqrt()   // [2.         1.41421356]}</pre>
   */
  SQRT(4) { public double of(double x) { return (double) Math.sqrt(x); } },
  /**
   * x².
   *
   * <pre>{@code Tensor.of(new double[] {-3, 0.5}).square()   // [9.   0.25]}</pre>
   */
  SQUARE(1) { public double of(double x) { return x * x; } },
  /**
   * 1/x.
   *
   * <pre>{@code Tensor.of(new double[] {4, -0.5}).reciprocal()   // [ 0.25 -2.  ]}</pre>
   */
  RECIPROCAL(4) { public double of(double x) { return 1.0 / x; } },
  /**
   * tanh x (FLOAT32: within 3 ulp).
   *
   * <pre>{@code Tensor.of(new double[] {0, 1}).tanh()   // [0.         0.76159416]}</pre>
   */
  TANH(20) { public double of(double x) { return DTypeMath.tanh(x); } },
  /**
   * σ(x) = 1/(1 + e⁻ˣ), without overflow for large |x| (FLOAT32: within 3 ulp).
   *
   * <pre>{@code Tensor.of(new double[] {0, 2}).sigmoid()   // [0.5        0.88079708]}</pre>
   */
  SIGMOID(20) { public double of(double x) { return DTypeMath.sigmoid(x); } },
  /**
   * max(x, 0): +0 for every x ≤ 0 (also −0), NaN stays NaN; relu′(0) = 0.
   *
   * <pre>{@code Tensor.of(new double[] {-1, 2}).relu()   // [0. 2.]}</pre>
   */
  RELU(1) { public double of(double x) { return Math.max(x, 0.0); } },
  /**
   * softplus(x) = ln(1 + eˣ), computed as max(x, 0) + ln(1 + e^−|x|) so that it never overflows.
   *
   * <pre>{@code Tensor.of(new double[] {0, 100}).softplus()   // [  0.69314718 100.        ]}</pre>
   */
  SOFTPLUS(20) { public double of(double x) { return (double) DTypeMath.softplus(x); } },
  /**
   * sin x.
   *
   * <pre>{@code Tensor.of(new double[] {0, 1}).sin()   // [0.         0.84147098]}</pre>
   */
  SIN(20) { public double of(double x) { return (double) Math.sin(x); } },
  /**
   * cos x.
   *
   * <pre>{@code Tensor.of(new double[] {0, 1}).cos()   // [1.         0.54030231]}</pre>
   */
  COS(20) { public double of(double x) { return (double) Math.cos(x); } },
  /**
   * arctan x, in (−π/2, π/2); its derivative is 1/(1 + x²).
   *
   * <pre>{@code Tensor.of(new double[] {0, 1}).atan()   // [0.         0.78539816]}</pre>
   */
  ATAN(20) { public double of(double x) { return (double) Math.atan(x); } },
  /**
   * 1/√x, the reciprocal square root (as in RMS norm); its derivative is −½·x^(−3/2) = −y³/2.
   *
   * <pre>{@code Tensor.of(new double[] {4, 0.25}).rsqrt()   // [0.5 2. ]}</pre>
   */
  RSQRT(5) { public double of(double x) { return (double) (1.0 / Math.sqrt(x)); } },
  /**
   * The error function erf x = 2/√π ∫₀ˣ e^(−t²) dt, to within 2 ulp (3e-16; FLOAT32: within 2 ulp, computed in
   * float); its derivative is 2/√π·e^(−x²).
   * GELU's exact form is x·½·(1 + erf(x/√2)).
   *
   * <pre>{@code Tensor.of(new double[] {0, 1}).erf()   // [0.         0.84270079]}</pre>
   */
  ERF(40) { public double of(double x) { return DTypeMath.erf(x); } },
  /**
   * silu(x) = x·σ(x) (the swish activation); its derivative is σ(x)·(1 + x·(1 − σ(x))).
   *
   * <pre>{@code Tensor.of(new double[] {0, 1}).silu()   // [0.         0.73105858]}</pre>
   */
  SILU(20) { public double of(double x) { return (double) DTypeMath.silu(x); } },
  /**
   * log σ(x) = −softplus(−x) = min(x, 0) − ln(1 + e^(−|x|)), stable for any x (PyTorch's logsigmoid); its
   * derivative is σ(−x).
   *
   * <pre>{@code Tensor.of(new double[] {0, -100}).logSigmoid()   // [  -0.69314718 -100.        ]}</pre>
   */
  LOG_SIGMOID(20) { public double of(double x) { return (double) -DTypeMath.softplus(-x); } };

  /** Rough work per element (1 for an add), to decide when to split a loop across threads. */
  final int cost;

  UnaryOp(int cost) {
    this.cost = cost;
  }

  /**
   * The FLOAT64 value of this function at x: the element formula of its loops (FLOAT32 loops compute
   * the same expression in float, with the dtype's {@code DTypeMath} overloads).
   *
   * @param x the argument
   * @return f(x)
   */
  public abstract double of(double x);
}
