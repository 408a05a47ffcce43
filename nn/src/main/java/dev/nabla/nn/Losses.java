package dev.nabla.nn;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.ShapeMismatchException;
import java.util.Objects;

/**
 * Loss functions on {@link Variable}s, with PyTorch's definitions and {@link Reduction#MEAN} by
 * default (the mean over elements; over the batch for cross-entropy and NLL). Every loss is
 * composed from differentiable Variable ops, so gradients (and gradients of gradients) come from
 * autodiff.
 *
 * <pre>{@code
 * Variable loss = Losses.crossEntropy(model.forward(x), labels)            // labels: int[] class indices
 *     .add(Regularization.l2(model.parameters()).mul(1e-4));
 * Losses.mse(pred, target);                                               // mean((pred − target)²)
 * Losses.binaryCrossEntropyWithLogits(logits, targets, Reduction.SUM);
 * }</pre>
 *
 * <p>Inputs are checked before any op runs: the two operands of an elementwise loss must have
 * the same shape and dtype (no silent broadcasting), labels must be one per row and in range.
 * Mistakes throw {@link IllegalArgumentException} (a {@link ShapeMismatchException} for shapes)
 * naming the loss and every shape, e.g. {@code crossEntropy: 3 labels for logits of shape [4, 10]}.
 */
public final class Losses {
  private Losses() {}

  private static Variable reduce(Variable perElement, Reduction r) {
    return switch (r) {
      case MEAN -> perElement.mean();
      case SUM -> perElement.sum();
      case NONE -> perElement;
    };
  }

  private static void sameShape(String loss, String a, Variable x, String b, Variable y) {
    if (!x.shape().equals(y.shape()))
      throw new ShapeMismatchException(loss + ": " + a + " of shape " + x.shape() + " and " + b + " of shape "
          + y.shape() + " differ");
    if (x.dtype() != y.dtype())
      throw new IllegalArgumentException(loss + ": " + a + " is " + x.dtype() + " " + x.shape() + " but " + b + " is "
          + y.dtype() + " " + y.shape() + "; convert one of them");
  }

  /** Mean squared error: mean((pred − target)²). */
  public static Variable mse(Variable pred, Variable target) {
    Objects.requireNonNull(pred, "pred");
    Objects.requireNonNull(target, "target");
    return mse(pred, target, Reduction.MEAN);
  }

  /** Squared error (pred − target)², reduced. Same shape and dtype required. */
  public static Variable mse(Variable pred, Variable target, Reduction reduction) {
    Objects.requireNonNull(pred, "pred");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(reduction, "reduction");
    sameShape("mse", "pred", pred, "target", target);
    return reduce(pred.sub(target).square(), reduction);
  }

  /** Mean absolute error: mean|pred − target|. */
  public static Variable l1(Variable pred, Variable target) {
    Objects.requireNonNull(pred, "pred");
    Objects.requireNonNull(target, "target");
    return l1(pred, target, Reduction.MEAN);
  }

  /** Absolute error |pred − target|, reduced; its gradient at 0 is 0 (as PyTorch's). */
  public static Variable l1(Variable pred, Variable target, Reduction reduction) {
    Objects.requireNonNull(pred, "pred");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(reduction, "reduction");
    sameShape("l1", "pred", pred, "target", target);
    return reduce(pred.sub(target).abs(), reduction);
  }

  /** Huber loss with δ = 1, mean-reduced. */
  public static Variable huber(Variable pred, Variable target) {
    Objects.requireNonNull(pred, "pred");
    Objects.requireNonNull(target, "target");
    return huber(pred, target, 1.0, Reduction.MEAN);
  }

  /** Huber loss with the given δ, mean-reduced. */
  public static Variable huber(Variable pred, Variable target, double delta) {
    Objects.requireNonNull(pred, "pred");
    Objects.requireNonNull(target, "target");
    return huber(pred, target, delta, Reduction.MEAN);
  }

  /**
   * Huber loss (PyTorch's {@code huber_loss}): with d = pred − target, ½d² where |d| &lt; δ, else
   * δ·(|d| − ½δ); quadratic near 0, linear beyond δ, continuous with a continuous gradient.
   * δ must be positive.
   */
  public static Variable huber(Variable pred, Variable target, double delta, Reduction reduction) {
    Objects.requireNonNull(pred, "pred");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(reduction, "reduction");
    sameShape("huber", "pred", pred, "target", target);
    if (!(delta > 0) || Double.isInfinite(delta))
      throw new IllegalArgumentException("huber: delta must be positive and finite, got " + delta);
    Variable d = pred.sub(target), a = d.abs();
    Variable quadratic = d.square().mul(0.5), linear = a.sub(0.5 * delta).mul(delta);
    return reduce(Variable.where(a.lt(delta), quadratic, linear), reduction);
  }

  /** Cross-entropy from logits and class indices, mean over the batch. */
  public static Variable crossEntropy(Variable logits, int[] labels) {
    Objects.requireNonNull(logits, "logits");
    Objects.requireNonNull(labels, "labels");
    return crossEntropy(logits, labels, Reduction.MEAN);
  }

  /**
   * Cross-entropy from unnormalised logits [B, C] and class indices (B of them, each in [0, C)):
   * lossᵢ = −logSoftmax(logitsᵢ)[labelᵢ] = logΣⱼ e^(logitsᵢⱼ) − logitsᵢ,labelᵢ. Stable for any
   * logits (the log-softmax is fused). Mean over the batch by default.
   */
  public static Variable crossEntropy(Variable logits, int[] labels, Reduction reduction) {
    Objects.requireNonNull(logits, "logits");
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(reduction, "reduction");
    checkLabels("crossEntropy", "logits", logits, labels);
    return reduce(logits.crossEntropyRows(labels), reduction); // fused: one pass forward, one backward
  }

  /** Cross-entropy with probability targets, mean over the batch. */
  public static Variable crossEntropy(Variable logits, Variable targetProbs) {
    Objects.requireNonNull(logits, "logits");
    Objects.requireNonNull(targetProbs, "targetProbs");
    return crossEntropy(logits, targetProbs, Reduction.MEAN);
  }

  /**
   * Cross-entropy from logits [B, C] against a target distribution per row [B, C] (e.g. soft or
   * smoothed labels): lossᵢ = −Σⱼ targetᵢⱼ·logSoftmax(logitsᵢ)ⱼ. Mean over the batch (B) by
   * default, like PyTorch. Targets are not checked to sum to 1.
   */
  public static Variable crossEntropy(Variable logits, Variable targetProbs, Reduction reduction) {
    Objects.requireNonNull(logits, "logits");
    Objects.requireNonNull(targetProbs, "targetProbs");
    Objects.requireNonNull(reduction, "reduction");
    if (logits.rank() != 2)
      throw new ShapeMismatchException("crossEntropy: logits must have shape [batch, classes], got " + logits.shape());
    sameShape("crossEntropy", "logits", logits, "target probabilities", targetProbs);
    return reduce(logits.logSoftmax(1).mul(targetProbs).sum(1).neg(), reduction);
  }

  /** Negative log-likelihood from log-probabilities and class indices, mean over the batch. */
  public static Variable nllLoss(Variable logProbs, int[] labels) {
    Objects.requireNonNull(logProbs, "logProbs");
    Objects.requireNonNull(labels, "labels");
    return nllLoss(logProbs, labels, Reduction.MEAN);
  }

  /**
   * Negative log-likelihood: lossᵢ = −logProbsᵢ,labelᵢ for log-probabilities [B, C] (e.g. from
   * {@link LogSoftmax}) and B labels in [0, C). {@code nllLoss(logSoftmax(z), y)} equals
   * {@code crossEntropy(z, y)}.
   */
  public static Variable nllLoss(Variable logProbs, int[] labels, Reduction reduction) {
    Objects.requireNonNull(logProbs, "logProbs");
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(reduction, "reduction");
    checkLabels("nllLoss", "log-probabilities", logProbs, labels);
    return reduce(logProbs.gather(1, labels).neg(), reduction);
  }

  /** Binary cross-entropy from logits, mean-reduced. */
  public static Variable binaryCrossEntropyWithLogits(Variable logits, Variable targets) {
    Objects.requireNonNull(logits, "logits");
    Objects.requireNonNull(targets, "targets");
    return binaryCrossEntropyWithLogits(logits, targets, Reduction.MEAN);
  }

  /**
   * Binary cross-entropy from logits x and targets t ∈ [0, 1] of the same shape, in the stable
   * form max(x, 0) − x·t + log(1 + e^(−|x|)) — computed as softplus(x) − x·t, since the core's
   * softplus is exactly max(x, 0) + log1p(e^(−|x|)). Writing it this way rather than with relu and
   * abs keeps the gradient σ(x) − t exact at x = 0 (relu′(0) = abs′(0) = 0 would give −t there).
   * Finite for any logits, e.g. x = ±1000.
   */
  public static Variable binaryCrossEntropyWithLogits(Variable logits, Variable targets, Reduction reduction) {
    Objects.requireNonNull(logits, "logits");
    Objects.requireNonNull(targets, "targets");
    Objects.requireNonNull(reduction, "reduction");
    sameShape("binaryCrossEntropyWithLogits", "logits", logits, "targets", targets);
    return reduce(logits.softplus().sub(logits.mul(targets)), reduction);
  }

  private static void checkLabels(String loss, String what, Variable x, int[] labels) {
    if (x.rank() != 2)
      throw new ShapeMismatchException(loss + ": " + what + " must have shape [batch, classes], got " + x.shape());
    int b = x.shape().dim(0), c = x.shape().dim(1);
    if (labels.length != b)
      throw new ShapeMismatchException(loss + ": " + labels.length + " labels for " + what + " of shape " + x.shape());
    for (int i = 0; i < labels.length; i++)
      if (labels[i] < 0 || labels[i] >= c)
        throw new IllegalArgumentException(loss + ": label " + labels[i] + " at position " + i + " out of range for "
            + c + " classes (" + what + " of shape " + x.shape() + ")");
  }
}
