package dev.nabla.nn;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import dev.nabla.core.Shape;
import dev.nabla.core.Tensor;
import java.util.random.RandomGenerator;
import java.util.Objects;

/**
 * Parameter initialisers with PyTorch's formulas ({@code torch.nn.init}), drawing from any
 * {@link RandomGenerator}. For a tensor of shape [out, in, k…], fan_in = in·∏k and
 * fan_out = out·∏k.
 *
 * <ul>
 *   <li>Xavier/Glorot uniform: U(−a, a), a = gain·√(6 / (fan_in + fan_out))
 *   <li>Xavier/Glorot normal: N(0, σ²), σ = gain·√(2 / (fan_in + fan_out))
 *   <li>Kaiming/He uniform: U(−b, b), b = gain·√(3 / fan), fan = fan_in or fan_out by {@link Mode}
 *   <li>Kaiming/He normal: N(0, σ²), σ = gain / √fan
 * </ul>
 *
 * <p>Gains ({@link #gain}) are PyTorch's {@code calculate_gain}: linear and sigmoid 1, tanh 5/3,
 * relu √2, leaky_relu √(2 / (1 + a²)), selu 3/4. Kaiming's defaults, like PyTorch's, are a = 0,
 * {@link Mode#FAN_IN} and {@link Nonlinearity#LEAKY_RELU} (so gain √2).
 *
 * <pre>{@code
 * var layer = new Linear(256, 128, rng);
 * Init.kaimingNormal(layer.weight(), 0, Init.Mode.FAN_IN, Init.Nonlinearity.RELU, rng);   // in place
 * Tensor w = Init.xavierUniform(Shape.of(128, 256), DType.FLOAT32, 1.0, rng);            // new tensor
 * }</pre>
 *
 * <p>Uniform values are {@code lo + (hi − lo)·rng.nextDouble()}; normal values come from
 * {@link Tensor#randn}. Values are drawn in double and rounded to the dtype.
 */
public final class Init {
  private Init() {}

  /** Which fan Kaiming initialisation preserves: the forward pass's (in) or the backward's (out). */
  public enum Mode { FAN_IN, FAN_OUT }

  /** The nonlinearity that follows the layer, for {@link #gain}. */
  public enum Nonlinearity { LINEAR, SIGMOID, TANH, RELU, LEAKY_RELU, SELU }

  /** {@link #gain(Nonlinearity, double)} with PyTorch's default negative slope 0.01 for leaky relu. */
  public static double gain(Nonlinearity n) {
    Objects.requireNonNull(n, "n");
    return gain(n, 0.01);
  }

  /** PyTorch's recommended gain; {@code param} is leaky relu's negative slope (ignored otherwise). */
  public static double gain(Nonlinearity n, double param) {
    Objects.requireNonNull(n, "n");
    return switch (n) {
      case LINEAR, SIGMOID -> 1.0;
      case TANH -> 5.0 / 3;
      case RELU -> Math.sqrt(2.0);
      case LEAKY_RELU -> Math.sqrt(2.0 / (1 + param * param));
      case SELU -> 3.0 / 4;
    };
  }

  /** {fan_in, fan_out} of a shape of rank ≥ 2. */
  public static int[] fans(Shape shape) {
    Objects.requireNonNull(shape, "shape");
    if (shape.rank() < 2)
      throw new IllegalArgumentException("Init: fan in and fan out need at least 2 dimensions, got shape " + shape);
    int receptive = 1;
    for (int i = 2; i < shape.rank(); i++) receptive *= shape.dim(i);
    return new int[] {shape.dim(1) * receptive, shape.dim(0) * receptive};
  }

  /** U(lo, hi): {@code lo + (hi − lo)·u} for each u = rng.nextDouble(), row-major. */
  public static Tensor uniform(Shape shape, DType dtype, double lo, double hi, RandomGenerator rng) {
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(rng, "rng");
    Tensor u = Tensor.rand(DType.FLOAT64, rng, shape.dims());
    return u.mul(hi - lo).add(lo).toType(dtype);
  }

  /** N(mean, std²) from {@link Tensor#randn}. */
  public static Tensor normal(Shape shape, DType dtype, double mean, double std, RandomGenerator rng) {
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(rng, "rng");
    return Tensor.randn(DType.FLOAT64, rng, shape.dims()).mul(std).add(mean).toType(dtype);
  }

  static Tensor uniform(DType dtype, RandomGenerator rng, double lo, double hi, int... dims) {
    return uniform(Shape.of(dims), dtype, lo, hi, rng);
  }

  /** Xavier/Glorot uniform: U(−a, a), a = gain·√(6 / (fan_in + fan_out)). */
  public static Tensor xavierUniform(Shape shape, DType dtype, double gain, RandomGenerator rng) {
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(rng, "rng");
    int[] f = fans(shape);
    double a = gain * Math.sqrt(6.0 / (f[0] + f[1]));
    return uniform(shape, dtype, -a, a, rng);
  }

  /** Xavier/Glorot normal: N(0, σ²), σ = gain·√(2 / (fan_in + fan_out)). */
  public static Tensor xavierNormal(Shape shape, DType dtype, double gain, RandomGenerator rng) {
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(rng, "rng");
    int[] f = fans(shape);
    return normal(shape, dtype, 0, gain * Math.sqrt(2.0 / (f[0] + f[1])), rng);
  }

  /** Kaiming/He uniform: U(−b, b), b = gain(nonlinearity, a)·√(3 / fan). */
  public static Tensor kaimingUniform(Shape shape, DType dtype, double a, Mode mode, Nonlinearity nonlinearity,
      RandomGenerator rng) {
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(nonlinearity, "nonlinearity");
    Objects.requireNonNull(rng, "rng");
    double bound = Math.sqrt(3.0) * kaimingStd(shape, a, mode, nonlinearity);
    return uniform(shape, dtype, -bound, bound, rng);
  }

  /** Kaiming/He normal: N(0, σ²), σ = gain(nonlinearity, a) / √fan. */
  public static Tensor kaimingNormal(Shape shape, DType dtype, double a, Mode mode, Nonlinearity nonlinearity,
      RandomGenerator rng) {
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(nonlinearity, "nonlinearity");
    Objects.requireNonNull(rng, "rng");
    return normal(shape, dtype, 0, kaimingStd(shape, a, mode, nonlinearity), rng);
  }

  private static double kaimingStd(Shape shape, double a, Mode mode, Nonlinearity nl) {
    int[] f = fans(shape);
    int fan = mode == Mode.FAN_IN ? f[0] : f[1];
    if (fan == 0) return 0; // PyTorch warns and leaves such a tensor's values irrelevant
    return gain(nl, a) / Math.sqrt(fan);
  }

  // ---------------------------------------------------------------- in place on parameters

  /** Fills {@code p} in place with Xavier-uniform values; returns p. */
  public static Variable xavierUniform(Variable p, double gain, RandomGenerator rng) {
    Objects.requireNonNull(p, "p");
    Objects.requireNonNull(rng, "rng");
    return fill(p, xavierUniform(p.shape(), p.dtype(), gain, rng));
  }

  /** Fills {@code p} in place with Xavier-normal values; returns p. */
  public static Variable xavierNormal(Variable p, double gain, RandomGenerator rng) {
    Objects.requireNonNull(p, "p");
    Objects.requireNonNull(rng, "rng");
    return fill(p, xavierNormal(p.shape(), p.dtype(), gain, rng));
  }

  /** Fills {@code p} in place with Kaiming-uniform values; returns p. */
  public static Variable kaimingUniform(Variable p, double a, Mode mode, Nonlinearity nonlinearity,
      RandomGenerator rng) {
    Objects.requireNonNull(p, "p");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(nonlinearity, "nonlinearity");
    Objects.requireNonNull(rng, "rng");
    return fill(p, kaimingUniform(p.shape(), p.dtype(), a, mode, nonlinearity, rng));
  }

  /** Fills {@code p} in place with Kaiming-normal values; returns p. */
  public static Variable kaimingNormal(Variable p, double a, Mode mode, Nonlinearity nonlinearity,
      RandomGenerator rng) {
    Objects.requireNonNull(p, "p");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(nonlinearity, "nonlinearity");
    Objects.requireNonNull(rng, "rng");
    return fill(p, kaimingNormal(p.shape(), p.dtype(), a, mode, nonlinearity, rng));
  }

  /** Fills {@code p} in place with a constant (e.g. zeros for a bias); returns p. */
  public static Variable constant(Variable p, double value) {
    Objects.requireNonNull(p, "p");
    return fill(p, Tensor.full(p.dtype(), value, p.shape()));
  }

  private static Variable fill(Variable p, Tensor t) {
    p.value().copyInPlace(t);
    return p;
  }
}
