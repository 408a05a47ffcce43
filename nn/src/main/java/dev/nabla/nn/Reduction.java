package dev.nabla.nn;

/** How a loss reduces its per-element values, as PyTorch's {@code reduction=} argument. */
public enum Reduction {
  /** The mean over all elements (over the batch for cross-entropy and NLL); the default. */
  MEAN,
  /** The sum over all elements. */
  SUM,
  /** No reduction: one value per element (per sample for cross-entropy and NLL). */
  NONE
}
