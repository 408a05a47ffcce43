package dev.nabla.nn;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import java.util.Arrays;

/** What several layers share: the input dtype check, and the normalization layers' shape check and description. */
final class Layers {
  private Layers() {}

  /** Refuses x unless it has the parameters' dtype, naming the layer (its {@code toString}) and x. */
  static void checkDType(Module layer, Variable x, DType parameters) {
    if (x.dtype() != parameters)
      throw new IllegalArgumentException(layer + ": input is " + x.dtype() + " " + x.shape() + " but the parameters are "
          + parameters + "; convert the input with Tensor.toType");
  }

  /** A copy of {@code normalizedShape} once its dims are positive (at least one) and eps is non-negative. */
  static int[] normalizedShape(String layer, int[] normalizedShape, double eps) {
    boolean ok = normalizedShape.length > 0;
    for (int d : normalizedShape) ok &= d > 0;
    if (!ok || !(eps >= 0))
      throw new IllegalArgumentException(layer + ": normalizedShape " + Arrays.toString(normalizedShape)
          + " must have positive dims and eps (" + eps + ") must be non-negative");
    return normalizedShape.clone();
  }

  /** Like PyTorch's LayerNorm and RMSNorm: {@code (64,), eps=1e-05, elementwise_affine=true}. */
  static String normRepr(int[] normalizedShape, double eps, boolean affine) {
    return Arrays.toString(normalizedShape).replace('[', '(').replace("]", ",)") + ", eps=" + eps
        + ", elementwise_affine=" + affine;
  }
}
