package dev.nabla.nn;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;

/**
 * Batch normalization of [N, C, H, W] input per channel, like PyTorch's {@code nn.BatchNorm2d}: see {@link BatchNorm}
 * for the formula, the parameters {@code weight}, {@code bias} and the buffers {@code running_mean},
 * {@code running_var}, {@code num_batches_tracked}. Defaults ε = 1e-5, momentum 0.1; {@link #train()} and
 * {@link #eval()} switch between batch and running statistics.
 *
 * <pre>{@code
 * new BatchNorm2d(3).forward(images)   // images [N, 3, H, W]
 * }</pre>
 */
public final class BatchNorm2d extends BatchNorm {
  /** FLOAT32, ε = 1e-5, momentum 0.1. */
  public BatchNorm2d(int channels) {
    this(channels, 1e-5, 0.1, DType.FLOAT32);
  }

  /** In the given dtype, ε = 1e-5, momentum 0.1. */
  public BatchNorm2d(int channels, DType dtype) {
    this(channels, 1e-5, 0.1, dtype);
  }

  /** FLOAT32 with this ε and momentum. */
  public BatchNorm2d(int channels, double eps, double momentum) {
    this(channels, eps, momentum, DType.FLOAT32);
  }

  /** With this ε and momentum, in the given dtype. */
  public BatchNorm2d(int channels, double eps, double momentum, DType dtype) {
    super(channels, eps, momentum, dtype);
  }

  @Override
  void checkRank(Variable x) {
    if (x.rank() != 4)
      throw new IllegalArgumentException("BatchNorm2d(" + extraRepr() + "): expected 4D input (got " + x.rank()
          + "D input of shape " + x.shape() + ")");
  }

  @Override
  public BatchNorm2d train() {
    super.train();
    return this;
  }

  @Override
  public BatchNorm2d train(boolean on) {
    super.train(on);
    return this;
  }

  @Override
  public BatchNorm2d eval() {
    super.eval();
    return this;
  }
}
