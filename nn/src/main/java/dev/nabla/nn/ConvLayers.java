package dev.nabla.nn;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/** What the convolution and pooling layers share: argument checks, default parameters, PyTorch-like descriptions. */
final class ConvLayers {
  private ConvLayers() {}

  static void checkChannels(String layer, int in, int out, int groups) {
    if (in < 1 || out < 1 || groups < 1)
      throw new IllegalArgumentException(layer + ": in_channels " + in + ", out_channels " + out + " and groups "
          + groups + " must be positive");
    if (in % groups != 0 || out % groups != 0)
      throw new IllegalArgumentException(layer + ": groups " + groups + " must divide in_channels " + in
          + " and out_channels " + out);
  }

  /**
   * Registers PyTorch's default parameters on {@code layer}: {@code weight} [out, in/groups, kernel...], then, if
   * {@code bias}, {@code bias} [out], both uniform in (−1/√fan_in, 1/√fan_in) with fan_in = (in/groups)·∏kernel,
   * drawn from rng in that order. Returns {weight, bias or null}.
   */
  static Variable[] registerParameters(Module layer, int in, int out, int groups, int[] kernel, boolean bias,
      DType dtype, RandomGenerator rng) {
    int[] dims = new int[2 + kernel.length];
    dims[0] = out;
    dims[1] = in / groups;
    int fanIn = in / groups;
    for (int i = 0; i < kernel.length; i++) {
      dims[2 + i] = kernel[i];
      fanIn *= kernel[i];
    }
    double bound = fanIn > 0 ? 1.0 / Math.sqrt(fanIn) : 0;
    Variable w = layer.registerParameter("weight", Init.uniform(dtype, rng, -bound, bound, dims));
    Variable b = bias ? layer.registerParameter("bias", Init.uniform(dtype, rng, -bound, bound, out)) : null;
    return new Variable[] {w, b};
  }

  private static String tuple(int[] v) {
    return v.length == 1 ? "(" + v[0] + ",)" : "(" + v[0] + ", " + v[1] + ")";
  }

  private static boolean all(int[] v, int x) {
    return Arrays.stream(v).allMatch(e -> e == x);
  }

  /** Like PyTorch's: {@code 1, 16, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1)}. */
  static String repr(int in, int out, int[] kernel, int[] stride, int[] padding, int[] dilation, int groups,
      boolean bias) {
    StringBuilder s = new StringBuilder().append(in).append(", ").append(out).append(", kernel_size=")
        .append(tuple(kernel)).append(", stride=").append(tuple(stride));
    if (!all(padding, 0)) s.append(", padding=").append(tuple(padding));
    if (!all(dilation, 1)) s.append(", dilation=").append(tuple(dilation));
    if (groups != 1) s.append(", groups=").append(groups);
    if (!bias) s.append(", bias=False");
    return s.toString();
  }

  static int[] pair(String layer, String what, int[] v, int min) {
    if (v == null || v.length != 2 || v[0] < min || v[1] < min)
      throw new IllegalArgumentException(layer + ": " + what + " " + Arrays.toString(v) + " must be two "
          + (min == 0 ? "non-negative" : "positive") + " values");
    return v.clone();
  }
}
