package dev.nabla.autodiff;

import dev.nabla.core.DType;
import dev.nabla.core.ShapeMismatchException;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.NormalizationKernels.Stats;
import java.util.Arrays;
import java.util.Objects;

/**
 * Layer normalization, RMS normalization and batch normalization, differentiable, each fused in forward and
 * backward (one kernel call each way; grad of grad works). Same definitions as PyTorch's
 * {@code layer_norm}, {@code rms_norm} and {@code batch_norm}.
 *
 * <pre>{@code
 * Variable y = Normalizations.layerNorm(x, 64, gamma, beta);            // x [B, T, 64], over the last dim
 * Variable r = Normalizations.rmsNorm(x, new int[] {64}, gamma, 1e-6);
 * Variable z = Normalizations.batchNorm(images, runningMean, runningVar, gamma, beta, true, 0.1, 1e-5);
 * }</pre>
 */
public final class Normalizations {
  private Normalizations() {}

  /** {@link #layerNorm(Variable, int[], Variable, Variable, double)} over the last dim, ε = 1e-5. */
  public static Variable layerNorm(Variable x, int normalizedSize, Variable weight, Variable bias) {
    return layerNorm(x, new int[] {normalizedSize}, weight, bias, 1e-5);
  }

  /**
   * Layer normalization over the last {@code normalizedShape.length} dims of x, which must equal
   * {@code normalizedShape}: per leading index, μ = mean(x), σ² = mean((x − μ)²) (biased), and
   * y = (x − μ)/√(σ² + ε) ⊙ weight + bias. {@code weight} and {@code bias} (shape {@code normalizedShape}) may
   * each be null (no scale, no shift). Output: x's shape. Example: x [2, 3, 5], normalizedShape {3, 5},
   * weight and bias [3, 5]: each x[i] of 15 elements is normalized on its own.
   *
   * @throws ShapeMismatchException if the trailing dims of x or the affine shapes differ from normalizedShape
   */
  public static Variable layerNorm(Variable x, int[] normalizedShape, Variable weight, Variable bias, double eps) {
    return trailing("layerNorm", true, x, normalizedShape, weight, bias, eps);
  }

  /**
   * RMS normalization over the last {@code normalizedShape.length} dims of x:
   * y = x/√(mean(x²) + ε) ⊙ weight (weight of shape {@code normalizedShape}, or null). Output: x's shape.
   * Example: {@code rmsNorm(x, new int[] {8}, g, 1e-6)} for x [B, T, 8] and g [8].
   *
   * @throws ShapeMismatchException if the trailing dims of x or the weight's shape differ from normalizedShape
   */
  public static Variable rmsNorm(Variable x, int[] normalizedShape, Variable weight, double eps) {
    return trailing("rmsNorm", false, x, normalizedShape, weight, null, eps);
  }

  /**
   * {@link #rmsNorm(Variable, int[], Variable, double)} over the last dim with PyTorch's default ε (when
   * {@code eps=None}): the machine epsilon of x's dtype, {@code torch.finfo(dtype).eps} (2⁻²³ for FLOAT32,
   * 2⁻⁵² for FLOAT64).
   */
  public static Variable rmsNorm(Variable x, int normalizedSize, Variable weight) {
    Objects.requireNonNull(x, "x");
    return rmsNorm(x, new int[] {normalizedSize}, weight, machineEpsilon(x.dtype()));
  }

  /** {@code torch.finfo(dtype).eps}: 2⁻²³ for FLOAT32, 2⁻⁵² for FLOAT64. */
  public static double machineEpsilon(DType dtype) {
    return Objects.requireNonNull(dtype, "dtype") == DType.FLOAT32 ? Math.ulp(1.0f) : Math.ulp(1.0);
  }

  /**
   * Batch normalization of x [N, C], [N, C, L] or [N, C, H, W] (any rank of at least 2), per channel c over
   * N and the spatial dims: y = (x − μ_c)/√(σ²_c + ε) ⊙ weight_c + bias_c. In training, μ and σ² are the
   * batch's (biased variance) and the running statistics are updated in place (each bumps its version):
   * running ← (1 − momentum)·running + momentum·batch, with the unbiased variance (·M/(M − 1), M values per
   * channel) for {@code runningVar}, exactly as PyTorch; they are buffers, never given a gradient. Either may
   * be null in training (then no estimate is kept). In eval mode μ and σ² are the running statistics
   * (required). weight and bias [C] may be null. Output: x's shape. Example:
   * {@code batchNorm(x, Tensor.zeros(F64, 3), Tensor.ones(F64, 3), gamma, beta, true, 0.1, 1e-5)} for x [8, 3, 5, 5].
   *
   * @throws ShapeMismatchException if x has fewer than 2 dims, or a statistic, weight or bias is not [C]
   * @throws IllegalArgumentException in training with one value per channel (PyTorch refuses it too), in eval
   *     mode without running statistics, or for running statistics that cannot be updated in place
   */
  public static Variable batchNorm(Variable x, Tensor runningMean, Tensor runningVar, Variable weight,
      Variable bias, boolean training, double momentum, double eps) {
    Objects.requireNonNull(x, "x");
    String op = "batchNorm";
    requireFloat(op, x);
    int[] d = x.shape().dims();
    if (d.length < 2)
      throw new ShapeMismatchException(op + ": input " + x.shape() + " must be [N, C, ...] (at least 2 dims)");
    int c = d[1];
    requireChannels(op, x, "runningMean", runningMean == null ? null : runningMean.shape().dims(), c);
    requireChannels(op, x, "runningVar", runningVar == null ? null : runningVar.shape().dims(), c);
    requireChannels(op, x, "weight", weight == null ? null : weight.shape().dims(), c);
    requireChannels(op, x, "bias", bias == null ? null : bias.shape().dims(), c);
    for (Tensor t : new Tensor[] {runningMean, runningVar})
      if (t != null && t.dtype() != x.dtype())
        throw new IllegalArgumentException(op + ": dtype mismatch: input " + x.dtype() + " " + x.shape()
            + " vs running statistic " + t.dtype() + " " + t.shape() + "; convert one with toType");
    Normalization.Layout layout = Normalization.Layout.channels(d);
    Normalization.Normalize prim;
    if (training) {
      if (layout.count() <= 1)
        throw new IllegalArgumentException(op + ": expected more than 1 value per channel when training, got input "
            + x.shape());
      for (Tensor t : new Tensor[] {runningMean, runningVar})
        if (t != null && !t.isWritableInPlace())
          throw new IllegalArgumentException(op + ": running statistic " + t.shape() + " must be writable in place"
              + " (dense, not a view)");
      prim = new Normalization.Normalize(op, layout, true, eps, weight != null, bias != null, null, null);
    } else {
      if (runningMean == null || runningVar == null)
        throw new IllegalArgumentException(op + ": eval mode needs runningMean and runningVar (input " + x.shape()
            + ")");
      prim = new Normalization.Normalize(op, layout, true, eps, weight != null, bias != null,
          new Stats(runningMean.toDoubleArray(), runningVar.toDoubleArray()), null);
    }
    Variable y = Engine.apply(prim, inputs(x, weight, bias));
    if (training) {
      Stats s = prim.stats();
      long m = layout.count();
      if (runningMean != null)
        runningMean.mulInPlace(1 - momentum).addScaledInPlace(Tensor.of(s.mean()).toType(x.dtype()), momentum);
      if (runningVar != null) {
        double[] unbiased = s.var().clone();
        for (int i = 0; i < unbiased.length; i++) unbiased[i] = unbiased[i] * m / (m - 1);
        runningVar.mulInPlace(1 - momentum).addScaledInPlace(Tensor.of(unbiased).toType(x.dtype()), momentum);
      }
    }
    return y;
  }

  private static Variable trailing(String op, boolean centered, Variable x, int[] shape, Variable weight,
      Variable bias, double eps) {
    Objects.requireNonNull(x, "x");
    Objects.requireNonNull(shape, "normalizedShape");
    requireFloat(op, x);
    int[] d = x.shape().dims();
    int k = shape.length;
    boolean positive = k > 0;
    for (int s : shape) positive &= s > 0;
    if (!positive)
      throw new IllegalArgumentException(op + ": normalizedShape " + Arrays.toString(shape)
          + " must have at least one dim, each positive (input " + x.shape() + ")");
    if (k > d.length || !Arrays.equals(Arrays.copyOfRange(d, d.length - k, d.length), shape))
      throw new ShapeMismatchException(op + ": normalizedShape " + Arrays.toString(shape)
          + " does not match the last dims of input " + x.shape());
    if (weight != null && !Arrays.equals(weight.shape().dims(), shape))
      throw new ShapeMismatchException(op + ": weight " + weight.shape() + " does not match normalizedShape "
          + Arrays.toString(shape) + " (input " + x.shape() + ")");
    if (bias != null && !Arrays.equals(bias.shape().dims(), shape))
      throw new ShapeMismatchException(op + ": bias " + bias.shape() + " does not match normalizedShape "
          + Arrays.toString(shape) + " (input " + x.shape() + ")");
    Normalization.Layout layout = Normalization.Layout.trailing(d, k);
    return Engine.apply(new Normalization.Normalize(op, layout, centered, eps, weight != null, bias != null, null,
        null), inputs(x, weight, bias));
  }

  private static void requireFloat(String op, Variable x) {
    if (x.dtype() != DType.FLOAT32 && x.dtype() != DType.FLOAT64)
      throw new IllegalArgumentException(op + ": input " + x.dtype() + " " + x.shape()
          + " is not floating point (FLOAT32 or FLOAT64)");
  }

  private static void requireChannels(String op, Variable x, String what, int[] dims, int c) {
    if (dims != null && (dims.length != 1 || dims[0] != c))
      throw new ShapeMismatchException(op + ": input " + x.shape() + " has " + c + " channels but " + what + " "
          + Arrays.toString(dims) + " expects " + (dims.length == 1 ? dims[0] : "shape [" + c + "]"));
  }

  private static Variable[] inputs(Variable x, Variable w, Variable b) {
    return w != null && b != null ? new Variable[] {x, w, b}
        : w != null ? new Variable[] {x, w} : b != null ? new Variable[] {x, b} : new Variable[] {x};
  }
}
