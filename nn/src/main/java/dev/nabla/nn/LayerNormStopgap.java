package dev.nabla.nn;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import dev.nabla.core.Tensor;

/**
 * A stopgap layer norm over the last dimension for {@link TransformerEncoderLayer}, composed of Variable ops,
 * until {@code LayerNorm} lands: y = (x − mean) / √(var + eps) · weight + bias with the biased variance, like
 * PyTorch's {@code nn.LayerNorm(features)}; parameters {@code weight} (ones) and {@code bias} (zeros).
 */
final class LayerNormStopgap extends Module {
  private final int features;
  private final double eps;
  private final Variable weight, bias;

  LayerNormStopgap(int features, double eps, DType dtype) {
    this.features = features;
    this.eps = eps;
    this.weight = registerParameter("weight", Tensor.ones(dtype, features));
    this.bias = registerParameter("bias", Tensor.zeros(dtype, features));
  }

  @Override
  public Variable forward(Variable x) {
    if (x.rank() == 0 || x.shape().dim(-1) != features)
      throw new IllegalArgumentException("LayerNorm((" + features + ",)): input of shape " + x.shape() + " needs "
          + features + " features in its last dimension");
    Variable centered = x.sub(x.mean(-1, true));
    Variable var = centered.square().mean(-1, true);
    return centered.div(var.add(eps).sqrt()).mul(weight).add(bias);
  }

  @Override
  protected String extraRepr() {
    return "(" + features + ",), eps=" + eps + ", elementwise_affine=True";
  }
}
