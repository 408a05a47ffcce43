package dev.nabla.nn;

import dev.nabla.autodiff.Normalizations;
import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * Layer normalization over the last dims, like PyTorch's {@code nn.LayerNorm}: per leading index,
 * y = (x − mean)/√(var + ε) ⊙ weight + bias, with the biased variance over the {@code normalizedShape} trailing
 * dims. Parameters {@code weight} (ones) and {@code bias} (zeros), both of shape {@code normalizedShape}, when
 * {@code affine} (PyTorch's {@code elementwise_affine}); ε = 1e-5 by default. Fused forward and backward
 * ({@link Normalizations#layerNorm(Variable, int[], Variable, Variable, double)}).
 *
 * <pre>{@code
 * var norm = new LayerNorm(64);                         // FLOAT32, over the last dim of [B, T, 64]
 * var f64 = new LayerNorm(new int[] {3, 5}, 1e-5, true, DType.FLOAT64);
 * }</pre>
 */
public final class LayerNorm extends Module {
  private final int[] normalizedShape;
  private final double eps;
  private final Variable weight, bias;

  /** FLOAT32 over the last dim of size {@code features}, ε = 1e-5, with weight and bias. */
  public LayerNorm(int features) {
    this(new int[] {features}, 1e-5, true, DType.FLOAT32);
  }

  /** Over the last dim of size {@code features} in the given dtype, ε = 1e-5, with weight and bias. */
  public LayerNorm(int features, DType dtype) {
    this(new int[] {features}, 1e-5, true, dtype);
  }

  /** FLOAT32 over the trailing dims {@code normalizedShape}. */
  public LayerNorm(int[] normalizedShape, double eps, boolean affine) {
    this(normalizedShape, eps, affine, DType.FLOAT32);
  }

  /** Over the trailing dims {@code normalizedShape}, in the given dtype; weight and bias only when affine. */
  public LayerNorm(int[] normalizedShape, double eps, boolean affine, DType dtype) {
    Objects.requireNonNull(normalizedShape, "normalizedShape");
    Objects.requireNonNull(dtype, "dtype");
    boolean ok = normalizedShape.length > 0;
    for (int d : normalizedShape) ok &= d > 0;
    if (!ok || !(eps >= 0))
      throw new IllegalArgumentException("LayerNorm: normalizedShape " + Arrays.toString(normalizedShape)
          + " must have positive dims and eps (" + eps + ") must be non-negative");
    this.normalizedShape = normalizedShape.clone();
    this.eps = eps;
    this.weight = affine ? registerParameter("weight", Tensor.ones(dtype, normalizedShape)) : null;
    this.bias = affine ? registerParameter("bias", Tensor.zeros(dtype, normalizedShape)) : null;
  }

  /** The normalized input, x's shape. */
  @Override
  public Variable forward(Variable x) {
    Objects.requireNonNull(x, "x");
    if (weight != null && x.dtype() != weight.dtype())
      throw new IllegalArgumentException("LayerNorm(" + extraRepr() + "): input is " + x.dtype() + " " + x.shape()
          + " but the parameters are " + weight.dtype() + "; convert the input with Tensor.toType");
    return Normalizations.layerNorm(x, normalizedShape, weight, bias, eps);
  }

  /** The weight (shape normalizedShape), or null without affine. */
  public Variable weight() {
    return weight;
  }

  /** The bias (shape normalizedShape), or null without affine. */
  public Variable bias() {
    return bias;
  }

  @Override
  public LayerNorm train() {
    super.train();
    return this;
  }

  @Override
  public LayerNorm train(boolean on) {
    super.train(on);
    return this;
  }

  @Override
  public LayerNorm eval() {
    super.eval();
    return this;
  }

  @Override
  protected String extraRepr() {
    return Arrays.toString(normalizedShape).replace('[', '(').replace("]", ",)") + ", eps=" + eps
        + ", elementwise_affine=" + (weight != null);
  }
}
