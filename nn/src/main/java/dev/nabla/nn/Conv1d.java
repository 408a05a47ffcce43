package dev.nabla.nn;

import dev.nabla.autodiff.Convolutions;
import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A 1-D convolution layer, like PyTorch's {@code nn.Conv1d}: input [N, C, L] (or unbatched [C, L]), weight
 * [out, in/groups, k], bias [out]; y = {@link Convolutions#conv1d(Variable, Variable, Variable, int, int, int,
 * int) conv1d}(x, weight, bias, stride, padding, dilation, groups). State-dict names {@code weight} and
 * {@code bias}. Default initialisation as PyTorch's: weight and bias uniform in (−1/√fan_in, 1/√fan_in),
 * fan_in = (in/groups)·k, weight first, then bias.
 *
 * <pre>{@code
 * var conv = new Conv1d(3, 8, 5, new SplittableRandom(0));
 * conv.forward(Variable.constant(Tensor.zeros(DType.FLOAT32, 4, 3, 20))).shape();   // [4, 8, 16]
 * }</pre>
 */
public final class Conv1d extends Module {
  private final int in, out, kernel, stride, padding, dilation, groups;
  private final Variable weight, bias;

  /** Stride 1, no padding, with bias, FLOAT32. */
  public Conv1d(int inChannels, int outChannels, int kernel, RandomGenerator rng) {
    this(inChannels, outChannels, kernel, 1, 0, rng);
  }

  /** This stride and padding, with bias, FLOAT32. */
  public Conv1d(int inChannels, int outChannels, int kernel, int stride, int padding, RandomGenerator rng) {
    this(inChannels, outChannels, kernel, stride, padding, 1, 1, true, DType.FLOAT32, rng);
  }

  /** Every option: {@code groups} divides both channel counts; {@code bias} false for none; parameters in {@code dtype}. */
  public Conv1d(int inChannels, int outChannels, int kernel, int stride, int padding, int dilation, int groups,
      boolean bias, DType dtype, RandomGenerator rng) {
    Objects.requireNonNull(rng, "rng");
    Objects.requireNonNull(dtype, "dtype");
    if (kernel < 1 || stride < 1 || padding < 0 || dilation < 1)
      throw new IllegalArgumentException("Conv1d: kernel " + kernel + ", stride " + stride + ", dilation " + dilation
          + " must be positive and padding " + padding + " non-negative");
    ConvLayers.checkChannels("Conv1d", inChannels, outChannels, groups);
    this.in = inChannels;
    this.out = outChannels;
    this.kernel = kernel;
    this.stride = stride;
    this.padding = padding;
    this.dilation = dilation;
    this.groups = groups;
    int fanIn = inChannels / groups * kernel;
    double bound = fanIn > 0 ? 1.0 / Math.sqrt(fanIn) : 0;
    this.weight = registerParameter("weight", Init.uniform(dtype, rng, -bound, bound, outChannels,
        inChannels / groups, kernel));
    this.bias = bias ? registerParameter("bias", Init.uniform(dtype, rng, -bound, bound, outChannels)) : null;
  }

  @Override
  public Variable forward(Variable x) {
    Objects.requireNonNull(x, "x");
    ConvLayers.checkDType(this, x, weight);
    return Convolutions.conv1d(x, weight, bias, stride, padding, dilation, groups);
  }

  /** The weight, [out, in/groups, k]. */
  public Variable weight() {
    return weight;
  }

  /** The bias, [out], or null. */
  public Variable bias() {
    return bias;
  }

  @Override
  protected String extraRepr() {
    return ConvLayers.repr(in, out, new int[] {kernel}, new int[] {stride}, new int[] {padding}, new int[] {dilation},
        groups, bias != null);
  }
}
