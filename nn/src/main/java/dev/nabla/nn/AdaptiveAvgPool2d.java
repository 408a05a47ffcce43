package dev.nabla.nn;

import dev.nabla.autodiff.Convolutions;
import dev.nabla.autodiff.Variable;
import java.util.Objects;

/**
 * Adaptive average pooling to a fixed outH × outW grid, like PyTorch's {@code nn.AdaptiveAvgPool2d}: 1 × 1 is
 * global average pooling (the mean over H and W); other sizes must divide the input's (see
 * {@link Convolutions#adaptiveAvgPool2d}). Input [N, C, H, W] or [C, H, W]. No parameters.
 *
 * <pre>{@code
 * new AdaptiveAvgPool2d(1).forward(Variable.constant(Tensor.zeros(DType.FLOAT32, 8, 64, 7, 7))).shape();  // [8, 64, 1, 1]
 * }</pre>
 */
public final class AdaptiveAvgPool2d extends Module {
  private final int outH, outW;

  /** A square output grid, e.g. 1 for global average pooling. */
  public AdaptiveAvgPool2d(int outputSize) {
    this(outputSize, outputSize);
  }

  /** An outH × outW output grid. */
  public AdaptiveAvgPool2d(int outH, int outW) {
    if (outH < 1 || outW < 1)
      throw new IllegalArgumentException("AdaptiveAvgPool2d: output size " + outH + "x" + outW + " must be positive");
    this.outH = outH;
    this.outW = outW;
  }

  @Override
  public Variable forward(Variable x) {
    return Convolutions.adaptiveAvgPool2d(Objects.requireNonNull(x, "x"), outH, outW);
  }

  @Override
  protected String extraRepr() {
    return "output_size=" + (outH == outW ? String.valueOf(outH) : "(" + outH + ", " + outW + ")");
  }
}
