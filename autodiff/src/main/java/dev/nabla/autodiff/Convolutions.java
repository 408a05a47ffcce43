package dev.nabla.autodiff;

import java.util.Arrays;
import java.util.Objects;

/**
 * Convolution and pooling on {@link Variable}s, with PyTorch's layouts and semantics: inputs are [N, C, L]
 * (1-D) or [N, C, H, W] (2-D), or the same without the batch axis N (unbatched); weights are
 * [out, in/groups, k…]. All are differentiable, to any order (see the {@code Convolution} primitives), and run
 * on im2col and the matrix-product kernels (pooling on direct loops): no per-element graph is built.
 *
 * <p>Output sizes, per spatial axis: out = ⌊(in + 2·padding − dilation·(k − 1) − 1) / stride⌋ + 1 (pooling:
 * dilation 1). Every error names the op and every shape, e.g.
 * {@code conv2d: input [2, 3, 7, 7] has 3 channels but weight [4, 5, 3, 3] expects 5 (groups 1)}.
 *
 * <pre>{@code
 * var rng = new SplittableRandom(0);
 * Variable x = Variable.constant(Tensor.randn(DType.FLOAT32, rng, 8, 1, 28, 28));
 * Variable w = Variable.parameter(Tensor.randn(DType.FLOAT32, rng, 16, 1, 3, 3));
 * Variable b = Variable.parameter(Tensor.zeros(DType.FLOAT32, 16));
 * Variable y = Convolutions.conv2d(x, w, b, 1, 1);          // [8, 16, 28, 28]
 * Variable p = Convolutions.maxPool2d(y.relu(), 2);          // [8, 16, 14, 14]
 * Variable g = Convolutions.adaptiveAvgPool2d(p, 1, 1);      // [8, 16, 1, 1]
 * }</pre>
 */
public final class Convolutions {
  private Convolutions() {}

  private static Variable apply(Primitive op, Variable x, Variable weight, Variable bias) {
    Objects.requireNonNull(x, "x");
    Objects.requireNonNull(weight, "weight");
    return bias == null ? Engine.apply(op, x, weight) : Engine.apply(op, x, weight, bias);
  }

  private static int[] copy(int[] a, String what) {
    return Objects.requireNonNull(a, what).clone();
  }

  /**
   * 1-D convolution (PyTorch's {@code conv1d}): y[n, o, t] = b[o] + Σ_{c ∈ group(o)} Σ_k w[o, c, k]·x[n, c,
   * stride·t − padding + dilation·k], x zero outside [0, L).
   *
   * @param x [N, C, L] or unbatched [C, L]
   * @param weight [O, C/groups, k]
   * @param bias [O], or null for none
   * @return [N, O, L'] (or [O, L']), L' = ⌊(L + 2·padding − dilation·(k − 1) − 1) / stride⌋ + 1
   */
  public static Variable conv1d(Variable x, Variable weight, Variable bias, int stride, int padding, int dilation,
      int groups) {
    return apply(new Convolution.Conv(new Convolution.Params("conv1d", new int[] {stride}, new int[] {padding},
        new int[] {dilation}, groups)), x, weight, bias);
  }

  /** {@link #conv1d(Variable, Variable, Variable, int, int, int, int) conv1d} with stride 1, no padding, dilation 1, one group. */
  public static Variable conv1d(Variable x, Variable weight, Variable bias) {
    return conv1d(x, weight, bias, 1, 0, 1, 1);
  }

  /**
   * 2-D convolution (PyTorch's {@code conv2d}): y[n, o, i, j] = b[o] + Σ_{c ∈ group(o)} Σ_{p, q} w[o, c, p, q]·
   * x[n, c, sH·i − padH + dH·p, sW·j − padW + dW·q], x zero outside the input. Output channels are split into
   * {@code groups} groups, each seeing C/groups input channels.
   *
   * <pre>{@code
   * Variable y = Convolutions.conv2d(x, w, null, new int[] {2, 1}, new int[] {1, 1}, new int[] {1, 1}, 1);
   * }</pre>
   *
   * @param x [N, C, H, W] or unbatched [C, H, W]
   * @param weight [O, C/groups, kH, kW]
   * @param bias [O], or null for none
   * @param stride {sH, sW}, positive
   * @param padding {padH, padW}, zeros added on both sides
   * @param dilation {dH, dW}, the spacing of the kernel's taps
   * @param groups divides C and O
   * @return [N, O, H', W'] (or [O, H', W'])
   */
  public static Variable conv2d(Variable x, Variable weight, Variable bias, int[] stride, int[] padding,
      int[] dilation, int groups) {
    return apply(new Convolution.Conv(new Convolution.Params("conv2d", copy(stride, "stride"), copy(padding, "padding"),
        copy(dilation, "dilation"), groups)), x, weight, bias);
  }

  /** {@link #conv2d(Variable, Variable, Variable, int[], int[], int[], int) conv2d} with the same value on both axes. */
  public static Variable conv2d(Variable x, Variable weight, Variable bias, int stride, int padding, int dilation,
      int groups) {
    return conv2d(x, weight, bias, new int[] {stride, stride}, new int[] {padding, padding},
        new int[] {dilation, dilation}, groups);
  }

  /** {@link #conv2d(Variable, Variable, Variable, int[], int[], int[], int) conv2d} with this stride and padding on both axes. */
  public static Variable conv2d(Variable x, Variable weight, Variable bias, int stride, int padding) {
    return conv2d(x, weight, bias, stride, padding, 1, 1);
  }

  /** {@link #conv2d(Variable, Variable, Variable, int[], int[], int[], int) conv2d} with stride 1 and no padding. */
  public static Variable conv2d(Variable x, Variable weight, Variable bias) {
    return conv2d(x, weight, bias, 1, 0, 1, 1);
  }

  private static int[] pair(int v) {
    return new int[] {v, v};
  }

  /**
   * 2-D max pooling (PyTorch's {@code max_pool2d}, ceil_mode false): y[n, c, i, j] = max_{p &lt; kH, q &lt; kW}
   * x[n, c, sH·i − padH + p, sW·j − padW + q], padding −∞ (at most half the kernel). The gradient goes to the
   * first largest element of each window (row-major), as in PyTorch.
   *
   * @param x [N, C, H, W] or unbatched [C, H, W]
   * @param kernel {kH, kW}
   * @param stride {sH, sW}, or null for the kernel
   * @param padding {padH, padW}
   * @return [N, C, H', W'], H' = ⌊(H + 2·padH − kH) / sH⌋ + 1
   */
  public static Variable maxPool2d(Variable x, int[] kernel, int[] stride, int[] padding) {
    Objects.requireNonNull(x, "x");
    int[] k = copy(kernel, "kernel");
    return Engine.apply(new Convolution.MaxPool2d(k, stride == null ? k.clone() : stride.clone(),
        copy(padding, "padding")), x);
  }

  /** {@link #maxPool2d(Variable, int[], int[], int[]) maxPool2d} with a square kernel, stride and padding. */
  public static Variable maxPool2d(Variable x, int kernel, int stride, int padding) {
    return maxPool2d(x, pair(kernel), pair(stride), pair(padding));
  }

  /** {@link #maxPool2d(Variable, int[], int[], int[]) maxPool2d} with a square kernel, stride = kernel, no padding. */
  public static Variable maxPool2d(Variable x, int kernel) {
    return maxPool2d(x, kernel, kernel, 0);
  }

  /**
   * 2-D average pooling (PyTorch's {@code avg_pool2d} with count_include_pad true, ceil_mode false):
   * y[n, c, i, j] = (1 / (kH·kW))·Σ_{p &lt; kH, q &lt; kW} x[n, c, sH·i − padH + p, sW·j − padW + q], x zero in the
   * padding (at most half the kernel), which counts in the divisor.
   *
   * @param x [N, C, H, W] or unbatched [C, H, W]
   * @param kernel {kH, kW}
   * @param stride {sH, sW}, or null for the kernel
   * @param padding {padH, padW}
   * @return [N, C, H', W'], H' = ⌊(H + 2·padH − kH) / sH⌋ + 1
   */
  public static Variable avgPool2d(Variable x, int[] kernel, int[] stride, int[] padding) {
    Objects.requireNonNull(x, "x");
    int[] k = copy(kernel, "kernel");
    return Engine.apply(new Convolution.AvgPool2d(k, stride == null ? k.clone() : stride.clone(),
        copy(padding, "padding")), x);
  }

  /** {@link #avgPool2d(Variable, int[], int[], int[]) avgPool2d} with a square kernel, stride and padding. */
  public static Variable avgPool2d(Variable x, int kernel, int stride, int padding) {
    return avgPool2d(x, pair(kernel), pair(stride), pair(padding));
  }

  /** {@link #avgPool2d(Variable, int[], int[], int[]) avgPool2d} with a square kernel, stride = kernel, no padding. */
  public static Variable avgPool2d(Variable x, int kernel) {
    return avgPool2d(x, kernel, kernel, 0);
  }

  /**
   * Adaptive average pooling to an outH × outW grid (PyTorch's {@code adaptive_avg_pool2d}). 1 × 1 is the mean
   * over H and W (global average pooling); otherwise outH must divide H and outW divide W, and it is
   * {@link #avgPool2d(Variable, int[], int[], int[]) avgPool2d} with kernel = stride = {H/outH, W/outW}, which is
   * what PyTorch computes then. Other sizes (windows of unequal sizes) are refused.
   *
   * @param x [N, C, H, W] or unbatched [C, H, W]
   * @return [N, C, outH, outW] (or [C, outH, outW])
   */
  public static Variable adaptiveAvgPool2d(Variable x, int outH, int outW) {
    Objects.requireNonNull(x, "x");
    if (x.rank() != 3 && x.rank() != 4)
      throw new IllegalArgumentException("adaptiveAvgPool2d: input " + x.shape()
          + " must be [N, C, H, W] or unbatched [C, H, W]");
    if (outH < 1 || outW < 1)
      throw new IllegalArgumentException("adaptiveAvgPool2d: output size " + Arrays.toString(new int[] {outH, outW})
          + " must be positive");
    int h = x.shape().dim(-2), w = x.shape().dim(-1);
    if (outH == 1 && outW == 1) return x.mean(new int[] {-2, -1}, true);
    if (h % outH != 0 || w % outW != 0)
      throw new IllegalArgumentException("adaptiveAvgPool2d: output size " + Arrays.toString(new int[] {outH, outW})
          + " for input " + x.shape() + ": only 1x1 or sizes that divide the input's " + h + "x" + w
          + " are supported");
    int[] k = {h / outH, w / outW};
    return avgPool2d(x, k, k, new int[] {0, 0});
  }
}
