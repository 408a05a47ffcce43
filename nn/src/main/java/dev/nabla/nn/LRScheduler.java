package dev.nabla.nn;

/**
 * A learning-rate schedule driving an {@link Optimizer}, with PyTorch's step semantics: creating
 * the scheduler sets the optimizer's rate to the schedule's value at epoch 0 (the optimizer's rate
 * at that moment is the base rate), and each {@link #step()} — called after {@code opt.step()},
 * once per epoch or per iteration as you choose — advances the epoch by one and sets the rate to
 * the schedule's closed form at the new epoch.
 *
 * <pre>{@code
 * var opt = new SGD(model.parameters(), 0.1).momentum(0.9);
 * var sched = new StepLR(opt, 30, 0.1);        // lr 0.1 for epochs 0–29, 0.01 for 30–59, ...
 * for (int epoch = 0; epoch < 90; epoch++) { train(model, opt); sched.step(); }
 * }</pre>
 *
 * <p>Nabla optimizers have one parameter group, so there is one rate.
 */
public abstract class LRScheduler {
  private final Optimizer optimizer;
  private final double baseLr;
  private int epoch;

  protected LRScheduler(Optimizer optimizer) {
    this.optimizer = optimizer;
    this.baseLr = optimizer.lr();
  }

  /** Sets the rate for epoch 0; subclasses call it at the end of their constructor. */
  protected final void start() {
    optimizer.setLr(lrAt(0));
  }

  /** The schedule's rate at {@code epoch} (≥ 0), in closed form. */
  public abstract double lrAt(int epoch);

  /** Advances one epoch and sets the optimizer's rate. */
  public void step() {
    epoch++;
    optimizer.setLr(lrAt(epoch));
  }

  /** The number of {@link #step()} calls so far (PyTorch's {@code last_epoch}). */
  public int lastEpoch() {
    return epoch;
  }

  /** The rate set last (PyTorch's {@code get_last_lr()}). */
  public double lastLr() {
    return optimizer.lr();
  }

  /** The optimizer's rate when the scheduler was created. */
  public double baseLr() {
    return baseLr;
  }
}
