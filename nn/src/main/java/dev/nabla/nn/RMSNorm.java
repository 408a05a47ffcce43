package dev.nabla.nn;

import dev.nabla.autodiff.Normalizations;
import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * RMS normalization over the last dims, like PyTorch's {@code nn.RMSNorm} (2.4 and later):
 * y = x/√(mean(x²) + ε) ⊙ weight, the mean over the {@code normalizedShape} trailing dims; parameter
 * {@code weight} (ones, shape {@code normalizedShape}) when affine. Default ε: PyTorch's {@code eps=None},
 * the machine epsilon of the layer's dtype ({@code torch.finfo(dtype).eps}: 2⁻²³ for FLOAT32, 2⁻⁵² for
 * FLOAT64). Fused forward and backward ({@link Normalizations#rmsNorm(Variable, int[], Variable, double)}).
 *
 * <pre>{@code
 * var norm = new RMSNorm(64);                                   // FLOAT32, eps 2^-23
 * var f64 = new RMSNorm(new int[] {5}, 1e-6, true, DType.FLOAT64);
 * }</pre>
 */
public final class RMSNorm extends Module {
  private final int[] normalizedShape;
  private final double eps;
  private final Variable weight;

  /** FLOAT32 over the last dim of size {@code features}, default ε (2⁻²³), with weight. */
  public RMSNorm(int features) {
    this(features, DType.FLOAT32);
  }

  /** Over the last dim in the given dtype, default ε (its machine epsilon), with weight. */
  public RMSNorm(int features, DType dtype) {
    this(new int[] {features}, Normalizations.machineEpsilon(dtype), true, dtype);
  }

  /** FLOAT32 over the trailing dims {@code normalizedShape}, with this ε. */
  public RMSNorm(int[] normalizedShape, double eps, boolean affine) {
    this(normalizedShape, eps, affine, DType.FLOAT32);
  }

  /** Over the trailing dims {@code normalizedShape}, in the given dtype; a weight only when affine. */
  public RMSNorm(int[] normalizedShape, double eps, boolean affine, DType dtype) {
    Objects.requireNonNull(normalizedShape, "normalizedShape");
    Objects.requireNonNull(dtype, "dtype");
    boolean ok = normalizedShape.length > 0;
    for (int d : normalizedShape) ok &= d > 0;
    if (!ok || !(eps >= 0))
      throw new IllegalArgumentException("RMSNorm: normalizedShape " + Arrays.toString(normalizedShape)
          + " must have positive dims and eps (" + eps + ") must be non-negative");
    this.normalizedShape = normalizedShape.clone();
    this.eps = eps;
    this.weight = affine ? registerParameter("weight", Tensor.ones(dtype, normalizedShape)) : null;
  }

  /** The normalized input, x's shape. */
  @Override
  public Variable forward(Variable x) {
    Objects.requireNonNull(x, "x");
    if (weight != null && x.dtype() != weight.dtype())
      throw new IllegalArgumentException("RMSNorm(" + extraRepr() + "): input is " + x.dtype() + " " + x.shape()
          + " but the parameters are " + weight.dtype() + "; convert the input with Tensor.toType");
    return Normalizations.rmsNorm(x, normalizedShape, weight, eps);
  }

  /** The weight (shape normalizedShape), or null without affine. */
  public Variable weight() {
    return weight;
  }

  @Override
  public RMSNorm train() {
    super.train();
    return this;
  }

  @Override
  public RMSNorm train(boolean on) {
    super.train(on);
    return this;
  }

  @Override
  public RMSNorm eval() {
    super.eval();
    return this;
  }

  @Override
  protected String extraRepr() {
    return Arrays.toString(normalizedShape).replace('[', '(').replace("]", ",)") + ", eps=" + eps
        + ", elementwise_affine=" + (weight != null);
  }
}
