package dev.nabla.core.internal;

import dev.nabla.core.Tensor;

/**
 * Fused backward kernels for {@code dev.nabla.autodiff}'s rules: one pass, no temporaries.
 * Each broadcasts like the binary ops and names itself in its errors.
 */
public final class GradientKernels {
  private GradientKernels() {}

  /** g·(1 − y²): the tanh backward, for y = tanh(x). */
  public static Tensor tanhBackward(Tensor g, Tensor y) {
    return g.tanhBackward(y);
  }

  /** g·y·(1 − y): the sigmoid backward, for y = σ(x). */
  public static Tensor sigmoidBackward(Tensor g, Tensor y) {
    return g.sigmoidBackward(y);
  }

  /** x &lt;= 0 ? 0 : g: the relu backward (a NaN x passes g on, as in PyTorch). */
  public static Tensor reluBackward(Tensor g, Tensor x) {
    return g.reluBackward(x);
  }

  /**
   * The gradient of {@code logits.crossEntropyRows(labels)} given ∂L/∂loss = {@code g} [B]:
   * (softmax(x[i]) − onehot(labels[i]))·g[i], shape [B, C]; {@code logSumExp} (each row's
   * log Σⱼ e^{x[i,j]}, shape [B]) may be null, else it makes this one pass.
   */
  public static Tensor crossEntropyRowsGrad(Tensor logits, int[] labels, Tensor g, Tensor logSumExp) {
    return logits.crossEntropyRowsGrad(labels, g, logSumExp);
  }
}
