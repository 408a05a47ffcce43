package dev.nabla.nn;

import dev.nabla.autodiff.Convolutions;
import dev.nabla.autodiff.Variable;
import java.util.Objects;

/**
 * 2-D average pooling, like PyTorch's {@code nn.AvgPool2d} (count_include_pad true, ceil_mode false): input
 * [N, C, H, W] or [C, H, W]; each output is its window's sum over kH·kW, zero padding (at most half the kernel)
 * included; the stride defaults to the kernel. No parameters.
 *
 * <pre>{@code
 * new AvgPool2d(2).forward(Variable.constant(Tensor.zeros(DType.FLOAT32, 8, 16, 28, 28))).shape();  // [8, 16, 14, 14]
 * }</pre>
 */
public final class AvgPool2d extends Module {
  private final int[] kernel, stride, padding;

  /** A square kernel, stride = kernel, no padding. */
  public AvgPool2d(int kernel) {
    this(kernel, kernel, 0);
  }

  /** A square kernel, stride and padding. */
  public AvgPool2d(int kernel, int stride, int padding) {
    this(new int[] {kernel, kernel}, new int[] {stride, stride}, new int[] {padding, padding});
  }

  /** Kernel, stride and padding as {height, width}. */
  public AvgPool2d(int[] kernel, int[] stride, int[] padding) {
    this.kernel = ConvLayers.pair("AvgPool2d", "kernel", kernel, 1);
    this.stride = ConvLayers.pair("AvgPool2d", "stride", stride, 1);
    this.padding = ConvLayers.pair("AvgPool2d", "padding", padding, 0);
  }

  @Override
  public Variable forward(Variable x) {
    return Convolutions.avgPool2d(Objects.requireNonNull(x, "x"), kernel, stride, padding);
  }

  @Override
  protected String extraRepr() {
    return "kernel_size=" + PoolRepr.of(kernel) + ", stride=" + PoolRepr.of(stride) + ", padding="
        + PoolRepr.of(padding);
  }
}
