package dev.nabla.nn;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Cuts the rate when a metric stops improving, PyTorch's {@code ReduceLROnPlateau} with its rules
 * and defaults. Call {@link #step(double)} with the metric once per epoch. A value a is better than
 * the best so far when (mode MIN) a &lt; best·(1 − threshold) (relative threshold) or a &lt;
 * best − threshold (absolute); for MAX, a &gt; best·(1 + threshold) or a &gt; best + threshold.
 * After more than {@code patience} epochs in a row without improvement, every group's rate
 * becomes max(lr·factor, minLr) (unchanged if that moves it by no more than eps), and the
 * counting pauses for {@code cooldown} epochs. Defaults: MIN, factor 0.1, patience 10, threshold
 * 1e-4 relative, cooldown 0, minLr 0, eps 1e-8.
 *
 * <pre>{@code
 * var plateau = new ReduceLROnPlateau(opt).factor(0.5).patience(3);
 * for (int epoch = 0; epoch < 100; epoch++) { train(model, opt); plateau.step(validationLoss()); }
 * }</pre>
 */
public final class ReduceLROnPlateau {
  /** Whether a lower (loss) or a higher (accuracy) metric is better. */
  public enum Mode {
    /** Lower is better. */
    MIN,
    /** Higher is better. */
    MAX
  }

  private final Optimizer optimizer;
  private Mode mode = Mode.MIN;
  private double factor = 0.1, threshold = 1e-4, minLr = 0, eps = 1e-8;
  private int patience = 10, cooldown = 0;
  private boolean relative = true;
  private double best = Double.POSITIVE_INFINITY;
  private int badEpochs, cooldownCounter, lastEpoch;

  /** With PyTorch's defaults. */
  public ReduceLROnPlateau(Optimizer optimizer) {
    this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
  }

  /** MIN (default) or MAX; resets the best value. */
  public ReduceLROnPlateau mode(Mode m) {
    mode = Objects.requireNonNull(m, "mode");
    best = m == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    return this;
  }

  /** The factor each cut multiplies the rate by, in [0, 1) (default 0.1). */
  public ReduceLROnPlateau factor(double f) {
    if (!(f >= 0 && f < 1)) throw new IllegalArgumentException("ReduceLROnPlateau: factor must be in [0, 1), got " + f);
    factor = f;
    return this;
  }

  /** Epochs without improvement tolerated before a cut (default 10). */
  public ReduceLROnPlateau patience(int n) {
    if (n < 0) throw new IllegalArgumentException("ReduceLROnPlateau: patience must be >= 0, got " + n);
    patience = n;
    return this;
  }

  /** The improvement threshold ≥ 0 (default 1e-4), relative or absolute. */
  public ReduceLROnPlateau threshold(double t, boolean relative) {
    if (!(t >= 0) || Double.isInfinite(t))
      throw new IllegalArgumentException("ReduceLROnPlateau: threshold must be finite and >= 0, got " + t);
    threshold = t;
    this.relative = relative;
    return this;
  }

  /** Epochs to wait after a cut before counting again (default 0). */
  public ReduceLROnPlateau cooldown(int n) {
    if (n < 0) throw new IllegalArgumentException("ReduceLROnPlateau: cooldown must be >= 0, got " + n);
    cooldown = n;
    return this;
  }

  /** The lowest rate a cut may set (default 0). */
  public ReduceLROnPlateau minLr(double lr) {
    if (!(lr >= 0) || Double.isInfinite(lr))
      throw new IllegalArgumentException("ReduceLROnPlateau: minLr must be finite and >= 0, got " + lr);
    minLr = lr;
    return this;
  }

  /** A cut smaller than this is skipped (default 1e-8). */
  public ReduceLROnPlateau eps(double e) {
    if (!(e >= 0) || Double.isInfinite(e))
      throw new IllegalArgumentException("ReduceLROnPlateau: eps must be finite and >= 0, got " + e);
    eps = e;
    return this;
  }

  /** Records one epoch's metric and cuts the rates after a plateau. A NaN never improves. */
  public void step(double metric) {
    lastEpoch++;
    if (isBetter(metric)) {
      best = metric;
      badEpochs = 0;
    } else {
      badEpochs++;
    }
    if (cooldownCounter > 0) {
      cooldownCounter--;
      badEpochs = 0;
    }
    if (badEpochs > patience) {
      for (ParamGroup g : optimizer.paramGroups()) {
        double old = g.lr(), cut = Math.max(old * factor, minLr);
        if (old - cut > eps) g.setLr(cut);
      }
      cooldownCounter = cooldown;
      badEpochs = 0;
    }
  }

  private boolean isBetter(double a) {
    if (mode == Mode.MIN) return relative ? a < best * (1. - threshold) : a < best - threshold;
    return relative ? a > best * (threshold + 1.) : a > best + threshold;
  }

  /** The best metric so far (±∞ before the first step). */
  public double best() {
    return best;
  }

  /** Epochs in a row without improvement. */
  public int badEpochs() {
    return badEpochs;
  }

  /** The first group's current rate. */
  public double lastLr() {
    return optimizer.lr();
  }

  /** The counters as rank-0 FLOAT64 tensors: {@code best}, {@code num_bad_epochs}, {@code cooldown_counter}, {@code last_epoch}. */
  public Map<String, Tensor> stateDict() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    out.put("best", Tensor.scalar(best));
    out.put("num_bad_epochs", Tensor.scalar(badEpochs));
    out.put("cooldown_counter", Tensor.scalar(cooldownCounter));
    out.put("last_epoch", Tensor.scalar(lastEpoch));
    return Collections.unmodifiableMap(out);
  }

  /**
   * Restores a {@link #stateDict()} (the rates come back with the optimizer's state dict).
   *
   * @throws IllegalArgumentException if an entry is missing or not a rank-0 value; nothing changes then
   */
  public void loadStateDict(Map<String, Tensor> dict) {
    Objects.requireNonNull(dict, "dict");
    double[] v = new double[4];
    List<String> keys = List.of("best", "num_bad_epochs", "cooldown_counter", "last_epoch");
    for (int i = 0; i < 4; i++) {
      Tensor t = dict.get(keys.get(i));
      if (t == null || t.rank() != 0 || (i > 0 && !(t.item() >= 0 && t.item() == Math.rint(t.item()) && t.item() <= Integer.MAX_VALUE)))
        throw new IllegalArgumentException("ReduceLROnPlateau.loadStateDict: need " + keys.get(i)
            + (i > 0 ? ", a rank-0 integer >= 0" : ", a rank-0 value") + ", got " + (t == null ? "none" : t.shape() + " " + t));
      v[i] = t.toType(DType.FLOAT64).item();
    }
    best = v[0];
    badEpochs = (int) v[1];
    cooldownCounter = (int) v[2];
    lastEpoch = (int) v[3];
  }
}
