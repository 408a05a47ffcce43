package dev.nabla.benchmarks;

import dev.nabla.autodiff.Variable;
import dev.nabla.nn.Optimizer;

/**
 * A model-training workload (W7, W8): its loss, its optimizer, the timed phases built from them, and the check of
 * its losses against PyTorch's. At the reference batch size the loss before the first step (checked at once, so a
 * wrong forward fails without the other steps) and after {@link #CHECK_STEPS} steps must be within
 * {@link Reference#MODEL_RTOL} relative of PyTorch's; at another batch size, only decrease.
 */
public interface TrainingStep {
  /** Steps between the two checked losses. */
  int CHECK_STEPS = 10;

  /** Forward + mean loss (graph recorded). */
  Variable forwardLoss();

  /** The optimizer over the model's parameters. */
  Optimizer optimizer();

  /** The workload's name and batch in messages, e.g. {@code W7 B=64}. */
  String label();

  /** Whether this is the batch size PyTorch's reference losses are for. */
  boolean referenceBatch();

  /** Phase fwd_loss_bwd: gradients cleared, then forward + loss + backward. */
  default Variable forwardLossBackward() {
    optimizer().zeroGrad();
    Variable loss = forwardLoss();
    loss.backward();
    return loss;
  }

  /** Phase step: zeroGrad + forward + loss + backward + optimizer step. */
  default Variable step() {
    Variable loss = forwardLossBackward();
    optimizer().step();
    return loss;
  }

  /** Runs the check against the given reference losses (a test perturbs them); returns {loss0, loss10}. */
  default double[] check(double ref0, double ref10) {
    double loss0 = step().item();
    if (referenceBatch())
      Reference.checkRelative(label() + " loss before step 1 (PyTorch)", loss0, ref0, Reference.MODEL_RTOL);
    for (int s = 1; s < CHECK_STEPS; s++) step();
    double loss10 = forwardLoss().item();
    if (referenceBatch())
      Reference.checkRelative(label() + " loss after " + CHECK_STEPS + " steps (PyTorch)", loss10, ref10,
          Reference.MODEL_RTOL);
    else if (!(loss10 < loss0))
      throw new AssertionError(
          label() + ": loss did not decrease in " + CHECK_STEPS + " steps: " + loss0 + " -> " + loss10);
    return new double[] {loss0, loss10};
  }
}
