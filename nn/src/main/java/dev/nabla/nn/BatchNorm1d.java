package dev.nabla.nn;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;

/**
 * Batch normalization of [N, C] or [N, C, L] input per channel, like PyTorch's {@code nn.BatchNorm1d}: see {@link BatchNorm}
 * for the formula, the parameters {@code weight}, {@code bias} and the buffers {@code running_mean},
 * {@code running_var}, {@code num_batches_tracked}. Defaults ε = 1e-5, momentum 0.1; {@link #train()} and
 * {@link #eval()} switch between batch and running statistics.
 *
 * <pre>{@code
 * new BatchNorm1d(4).forward(x)   // x [N, 4] or [N, 4, L]
 * }</pre>
 */
public final class BatchNorm1d extends BatchNorm {
  /** FLOAT32, ε = 1e-5, momentum 0.1. */
  public BatchNorm1d(int features) {
    this(features, 1e-5, 0.1, DType.FLOAT32);
  }

  /** In the given dtype, ε = 1e-5, momentum 0.1. */
  public BatchNorm1d(int features, DType dtype) {
    this(features, 1e-5, 0.1, dtype);
  }

  /** FLOAT32 with this ε and momentum. */
  public BatchNorm1d(int features, double eps, double momentum) {
    this(features, eps, momentum, DType.FLOAT32);
  }

  /** With this ε and momentum, in the given dtype. */
  public BatchNorm1d(int features, double eps, double momentum, DType dtype) {
    super(features, eps, momentum, dtype);
  }

  @Override
  void checkRank(Variable x) {
    if (x.rank() != 2 && x.rank() != 3)
      throw new IllegalArgumentException("BatchNorm1d(" + extraRepr() + "): expected 2D or 3D input (got " + x.rank()
          + "D input of shape " + x.shape() + ")");
  }

  @Override
  public BatchNorm1d train() {
    super.train();
    return this;
  }

  @Override
  public BatchNorm1d train(boolean on) {
    super.train(on);
    return this;
  }

  @Override
  public BatchNorm1d eval() {
    super.eval();
    return this;
  }
}
