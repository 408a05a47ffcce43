package dev.nabla.nn;

import dev.nabla.autodiff.Normalizations;
import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.Objects;

/**
 * Batch normalization per channel of [N, C, ...], the common part of {@link BatchNorm1d} and
 * {@link BatchNorm2d} (PyTorch's {@code _BatchNorm}): y = (x − μ_c)/√(σ²_c + ε) ⊙ weight_c + bias_c. In training
 * mode μ and σ² are the batch's (biased variance) and the buffers {@code running_mean} and {@code running_var}
 * are updated in place with momentum (running ← (1 − momentum)·running + momentum·batch, the unbiased variance
 * for running_var), and {@code num_batches_tracked} counts the batches; in eval mode ({@link #eval()}) the
 * running statistics are used. Parameters {@code weight} (ones) and {@code bias} (zeros), [C]; buffers
 * {@code running_mean} (zeros), {@code running_var} (ones), {@code num_batches_tracked} (0).
 *
 * <p>{@code num_batches_tracked} is an INT32 scalar buffer (PyTorch stores an int64; {@code load} reads PyTorch's
 * I64 as INT32, range-checked); it is read if present (a state without it loads, and a value of another dtype
 * is converted), and {@link #numBatchesTracked()} gives it as a long. The count saturates at 2³¹ − 1.
 */
public abstract class BatchNorm extends Module {
  private final int features;
  private final double eps, momentum;
  private final Variable weight, bias;
  private final Tensor runningMean, runningVar, numBatchesTracked;

  /** C = {@code features} channels, with weight and bias, in the given dtype. */
  protected BatchNorm(int features, double eps, double momentum, DType dtype) {
    Objects.requireNonNull(dtype, "dtype");
    if (features <= 0 || !(eps >= 0) || !(momentum >= 0 && momentum <= 1))
      throw new IllegalArgumentException(getClass().getSimpleName() + ": need features > 0, eps >= 0 and momentum in"
          + " [0, 1], got " + features + ", " + eps + ", " + momentum);
    this.features = features;
    this.eps = eps;
    this.momentum = momentum;
    this.weight = registerParameter("weight", Tensor.ones(dtype, features));
    this.bias = registerParameter("bias", Tensor.zeros(dtype, features));
    this.runningMean = registerBuffer("running_mean", Tensor.zeros(dtype, features));
    this.runningVar = registerBuffer("running_var", Tensor.ones(dtype, features));
    // PyTorch's int64 counter, as INT32 (Nabla's integer dtype); read if present
    this.numBatchesTracked = registerBuffer("num_batches_tracked", Tensor.scalar(DType.INT32, 0), false);
  }

  /** Refuses an input of a rank this layer does not take, in PyTorch's words. */
  abstract void checkRank(Variable x);

  /** The normalized input, x's shape; in training also updates the running statistics. */
  @Override
  public Variable forward(Variable x) {
    Objects.requireNonNull(x, "x");
    checkRank(x);
    if (x.shape().dim(1) != features)
      throw new IllegalArgumentException(getClass().getSimpleName() + "(" + extraRepr() + "): input " + x.shape()
          + " has " + x.shape().dim(1) + " channels, expected " + features);
    if (x.dtype() != weight.dtype())
      throw new IllegalArgumentException(getClass().getSimpleName() + "(" + extraRepr() + "): input is " + x.dtype()
          + " " + x.shape() + " but the parameters are " + weight.dtype() + "; convert the input with Tensor.toType");
    boolean training = isTraining();
    Variable y = Normalizations.batchNorm(x, runningMean, runningVar, weight, bias, training, momentum, eps);
    if (training)
      numBatchesTracked.copyInPlace(Tensor.scalar(DType.INT32, Math.min(numBatchesTracked() + 1, Integer.MAX_VALUE)));
    return y;
  }

  /** The number of training batches seen ({@code num_batches_tracked}). */
  public long numBatchesTracked() {
    return (long) numBatchesTracked.item();
  }

  /** The weight, [C]. */
  public Variable weight() {
    return weight;
  }

  /** The bias, [C]. */
  public Variable bias() {
    return bias;
  }

  /** The running mean, [C] (a buffer, updated in place in training). */
  public Tensor runningMean() {
    return runningMean;
  }

  /** The running (unbiased) variance, [C] (a buffer, updated in place in training). */
  public Tensor runningVar() {
    return runningVar;
  }

  @Override
  protected String extraRepr() {
    return features + ", eps=" + eps + ", momentum=" + momentum + ", affine=true, track_running_stats=true";
  }
}
