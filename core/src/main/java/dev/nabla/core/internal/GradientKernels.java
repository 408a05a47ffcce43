package dev.nabla.core.internal;

import dev.nabla.core.Shape;
import dev.nabla.core.ShapeMismatchException;
import dev.nabla.core.Tensor;
import dev.nabla.core.kernel.BinaryOp;
import java.util.Objects;

/**
 * Fused backward kernels for {@code dev.nabla.autodiff}'s rules: one pass, no temporaries.
 * Each broadcasts like the binary ops and names itself in its errors.
 */
public final class GradientKernels {
  private GradientKernels() {}

  /**
   * g·(1 − y²): the tanh backward, for y = tanh(x), broadcasting (errors say {@code tanhBackward}).
   * {@code tanhBackward([1, 2], [0, 0.5])} is {@code [1, 1.5]}.
   */
  public static Tensor tanhBackward(Tensor g, Tensor y) {
    Objects.requireNonNull(g, "g");
    return g.map(BinaryOp.TANH_GRAD, Objects.requireNonNull(y, "y"));
  }

  /**
   * g·y·(1 − y): the sigmoid backward, for y = σ(x), broadcasting (errors say {@code sigmoidBackward}).
   * {@code sigmoidBackward([4], [0.5])} is {@code [1]}.
   */
  public static Tensor sigmoidBackward(Tensor g, Tensor y) {
    Objects.requireNonNull(g, "g");
    return g.map(BinaryOp.SIGMOID_GRAD, Objects.requireNonNull(y, "y"));
  }

  /**
   * x &lt;= 0 ? 0 : g: the relu backward in one pass, for the relu's input x, broadcasting (errors say
   * {@code reluBackward}). It equals {@code g.mul(x.gt(0))} (but passes g on where x is NaN, as in
   * PyTorch) without the mask tensor: {@code reluBackward([1, 2, 3], [-1, 0, 5])} is {@code [0, 0, 3]}.
   */
  public static Tensor reluBackward(Tensor g, Tensor x) {
    Objects.requireNonNull(g, "g");
    return g.map(BinaryOp.RELU_GRAD, Objects.requireNonNull(x, "x"));
  }

  /**
   * The gradient of {@code logits.crossEntropyRows(labels)} given ∂L/∂loss = {@code g} [B], fused:
   * (softmax(x[i]) − onehot(labels[i]))·g[i], shape [B, C]. {@code logSumExp} (each row's
   * log Σⱼ e^{x[i,j]}, shape [B], from the forward: loss + x[i, label]) may be null; given, it makes
   * this one pass: e^{x − lse}·g − onehot·g.
   */
  public static Tensor crossEntropyRowsGrad(Tensor logits, int[] labels, Tensor g, Tensor logSumExp) {
    Objects.requireNonNull(logits, "logits");
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(g, "g");
    TensorAccess access = TensorAccess.get();
    access.requireSameDType("crossEntropyRowsGrad", logits, g);
    Shape rows = Shape.of(logits.rank() == 2 ? logits.shape().dim(0) : 0);
    if (logits.rank() != 2 || !g.shape().equals(rows))
      throw new ShapeMismatchException("crossEntropyRowsGrad: gradient " + g.shape() + " does not match logits "
          + logits.shape() + " (need [" + (logits.rank() == 2 ? logits.shape().dim(0) : "batch") + "])");
    if (logSumExp != null && (!logSumExp.shape().equals(rows) || logSumExp.dtype() != logits.dtype()))
      throw new ShapeMismatchException("crossEntropyRowsGrad: logSumExp " + logSumExp.shape()
          + " does not match logits " + logits.shape());
    return access.crossEntropyRows("crossEntropyRowsGrad", logits, labels, g, logSumExp);
  }
}
