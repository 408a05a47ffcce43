package dev.nabla.nn;

import dev.nabla.autodiff.Convolutions;
import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A 2-D convolution layer, like PyTorch's {@code nn.Conv2d}: input [N, C, H, W] (or unbatched [C, H, W]),
 * weight [out, in/groups, kH, kW], bias [out]; y = {@link Convolutions#conv2d conv2d}(x, weight, bias, stride,
 * padding, dilation, groups). State-dict names {@code weight} and {@code bias}.
 *
 * <p>Default initialisation is PyTorch's: weight and bias uniform in (−1/√fan_in, 1/√fan_in) with
 * fan_in = (in/groups)·kH·kW (for the weight this is Kaiming-uniform with a = √5), drawn from the given
 * generator, weight first (row-major), then bias.
 *
 * <pre>{@code
 * var conv = new Conv2d(1, 16, 3, 1, 1, new SplittableRandom(0));   // 3x3, stride 1, padding 1 ("same")
 * conv.forward(Variable.constant(Tensor.zeros(DType.FLOAT32, 8, 1, 28, 28))).shape();   // [8, 16, 28, 28]
 * }</pre>
 */
public final class Conv2d extends Module {
  private final int in, out, groups;
  private final int[] kernel, stride, padding, dilation;
  private final Variable weight, bias;

  /** A square kernel, stride 1, no padding, with bias, FLOAT32. */
  public Conv2d(int inChannels, int outChannels, int kernel, RandomGenerator rng) {
    this(inChannels, outChannels, kernel, 1, 0, rng);
  }

  /** A square kernel with this stride and padding on both axes, with bias, FLOAT32. */
  public Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding, RandomGenerator rng) {
    this(inChannels, outChannels, new int[] {kernel, kernel}, new int[] {stride, stride},
        new int[] {padding, padding}, new int[] {1, 1}, 1, true, DType.FLOAT32, rng);
  }

  /**
   * Every option: kernel, stride, padding and dilation as {height, width}; {@code groups} divides both channel
   * counts; {@code bias} false for none; parameters in {@code dtype}.
   */
  public Conv2d(int inChannels, int outChannels, int[] kernel, int[] stride, int[] padding, int[] dilation,
      int groups, boolean bias, DType dtype, RandomGenerator rng) {
    Objects.requireNonNull(rng, "rng");
    Objects.requireNonNull(dtype, "dtype");
    this.kernel = ConvLayers.pair("Conv2d", "kernel", kernel, 1);
    this.stride = ConvLayers.pair("Conv2d", "stride", stride, 1);
    this.padding = ConvLayers.pair("Conv2d", "padding", padding, 0);
    this.dilation = ConvLayers.pair("Conv2d", "dilation", dilation, 1);
    ConvLayers.checkChannels("Conv2d", inChannels, outChannels, groups);
    this.in = inChannels;
    this.out = outChannels;
    this.groups = groups;
    int fanIn = inChannels / groups * this.kernel[0] * this.kernel[1];
    double bound = fanIn > 0 ? 1.0 / Math.sqrt(fanIn) : 0;
    this.weight = registerParameter("weight", Init.uniform(dtype, rng, -bound, bound, outChannels,
        inChannels / groups, this.kernel[0], this.kernel[1]));
    this.bias = bias ? registerParameter("bias", Init.uniform(dtype, rng, -bound, bound, outChannels)) : null;
  }

  @Override
  public Variable forward(Variable x) {
    Objects.requireNonNull(x, "x");
    ConvLayers.checkDType(this, x, weight);
    return Convolutions.conv2d(x, weight, bias, stride, padding, dilation, groups);
  }

  /** The weight, [out, in/groups, kH, kW]. */
  public Variable weight() {
    return weight;
  }

  /** The bias, [out], or null. */
  public Variable bias() {
    return bias;
  }

  @Override
  protected String extraRepr() {
    return ConvLayers.repr(in, out, kernel, stride, padding, dilation, groups, bias != null);
  }
}
