package dev.nabla.nn;

import dev.nabla.autodiff.Variable;
import java.util.Arrays;

/** What the convolution and pooling layers share: argument checks and PyTorch-like descriptions. */
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

  static void checkDType(Module layer, Variable x, Variable weight) {
    if (x.dtype() != weight.dtype())
      throw new IllegalArgumentException(layer + ": input is " + x.dtype() + " " + x.shape() + " but the parameters are "
          + weight.dtype() + "; convert the input with Tensor.toType");
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
