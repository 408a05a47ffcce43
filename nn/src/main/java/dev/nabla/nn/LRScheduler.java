package dev.nabla.nn;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A learning-rate schedule driving an {@link Optimizer}, with PyTorch's step semantics: creating
 * the scheduler sets each parameter group's rate to the schedule's value at epoch 0 (the group's
 * rate at that moment is its base rate), and each {@link #step()} — called after {@code
 * opt.step()}, once per epoch or per iteration as you choose — advances the epoch by one and sets
 * every group's rate to the schedule's closed form at the new epoch.
 *
 * <pre>{@code
 * var opt = new SGD(model.parameters(), 0.1).momentum(0.9);
 * var sched = new StepLR(opt, 30, 0.1);        // lr 0.1 for epochs 0–29, 0.01 for 30–59, ...
 * for (int epoch = 0; epoch < 90; epoch++) { train(model, opt); sched.step(); }
 * }</pre>
 *
 * <p>A subclass hands its {@link Schedule}, a function of the epoch built from the constructor's
 * arguments alone, to this class's constructor, which applies epoch 0 itself: a schedule cannot be
 * left unstarted, and it never runs on a half-constructed subclass.
 *
 * <pre>{@code
 * final class HalvingLR extends LRScheduler {   // lr(t) = base / 2^t
 *   HalvingLR(Optimizer opt) { super(opt, (epoch, base) -> base / Math.pow(2, epoch)); }
 * }
 * }</pre>
 *
 * <p>{@link #stateDict()} and {@link #loadStateDict} save and restore the epoch and base rates,
 * so that a resumed run continues the schedule exactly.
 */
public abstract class LRScheduler {
  /** A schedule: the rate at each epoch, in closed form. */
  @FunctionalInterface
  public interface Schedule {
    /** The rate at {@code epoch} (≥ 0) for a group whose base rate is {@code baseLr}; a pure function. */
    double lr(int epoch, double baseLr);

    /**
     * Sets what else the schedule drives at {@code epoch} (e.g. {@link OneCycleLR}'s momentum),
     * after the rates; called at every step and after {@link LRScheduler#loadStateDict}. Nothing by default.
     */
    default void applyExtras(Optimizer optimizer, int epoch) {}
  }

  private final Optimizer optimizer;
  private final double[] baseLrs;
  private Schedule schedule;
  private int epoch;

  /**
   * Takes each group's current rate as its base rate and sets the rates for epoch 0.
   *
   * @throws NullPointerException if {@code optimizer} or {@code schedule} is null
   */
  protected LRScheduler(Optimizer optimizer, Schedule schedule) {
    this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
    this.schedule = Objects.requireNonNull(schedule, "schedule");
    List<ParamGroup> groups = optimizer.paramGroups();
    baseLrs = new double[groups.size()];
    for (int g = 0; g < baseLrs.length; g++) baseLrs[g] = groups.get(g).lr();
    apply(0);
  }

  /** The schedule's rate at {@code epoch} (≥ 0) for the first group, in closed form. */
  public double lrAt(int epoch) {
    return schedule.lr(epoch, baseLrs[0]);
  }

  /** Advances one epoch and sets every group's rate. */
  public void step() {
    epoch++;
    apply(epoch);
  }

  private void apply(int e) {
    List<ParamGroup> groups = optimizer.paramGroups();
    for (int g = 0; g < baseLrs.length; g++) groups.get(g).setLr(schedule.lr(e, baseLrs[g]));
    schedule.applyExtras(optimizer, e);
  }

  /** The schedule in use. */
  protected final Schedule schedule() {
    return schedule;
  }

  /** Replaces the schedule (after a subclass's setting changed) and sets the current epoch's rates again. */
  protected final void reschedule(Schedule schedule) {
    this.schedule = Objects.requireNonNull(schedule, "schedule");
    apply(epoch);
  }

  /** The number of {@link #step()} calls so far (PyTorch's {@code last_epoch}). */
  public int lastEpoch() {
    return epoch;
  }

  /** The first group's rate, set last (PyTorch's {@code get_last_lr()[0]}). */
  public double lastLr() {
    return optimizer.lr();
  }

  /** The first group's rate when the scheduler was created. */
  public double baseLr() {
    return baseLrs[0];
  }

  /** The optimizer driven. */
  protected Optimizer optimizer() {
    return optimizer;
  }

  /**
   * The scheduler's state: {@code last_epoch} (rank 0) and {@code base_lrs} (one per group),
   * FLOAT64 tensors, so {@code SafeTensors.write} saves it next to the optimizer's.
   */
  public Map<String, Tensor> stateDict() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    out.put("last_epoch", Tensor.scalar(epoch));
    out.put("base_lrs", Tensor.of(baseLrs.clone()));
    return Collections.unmodifiableMap(out);
  }

  /**
   * Restores a {@link #stateDict()}; the optimizer's rates are restored by its own {@link
   * Optimizer#loadStateDict}.
   *
   * @throws IllegalArgumentException if an entry is missing or malformed; nothing changes then
   */
  public void loadStateDict(Map<String, Tensor> dict) {
    Objects.requireNonNull(dict, "dict");
    Tensor e = dict.get("last_epoch"), b = dict.get("base_lrs");
    String name = getClass().getSimpleName();
    if (e == null || e.rank() != 0 || e.item() < 0 || e.item() != Math.rint(e.item()) || e.item() > Integer.MAX_VALUE)
      throw new IllegalArgumentException(name + ".loadStateDict: need last_epoch, a rank-0 integer >= 0, got "
          + (e == null ? "none" : e.shape() + " " + e));
    if (b == null || b.rank() != 1 || b.size() != baseLrs.length)
      throw new IllegalArgumentException(name + ".loadStateDict: need base_lrs of shape [" + baseLrs.length + "], got "
          + (b == null ? "none" : b.shape().toString()));
    epoch = (int) e.item();
    double[] v = b.toType(DType.FLOAT64).toDoubleArray();
    System.arraycopy(v, 0, baseLrs, 0, v.length);
    schedule.applyExtras(optimizer, epoch);
  }
}
