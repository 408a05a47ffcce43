package dev.nabla.benchmarks;

/**
 * PyTorch's results on the same data (PyTorch 1.13 CPU float32, from the reference scripts in
 * {@code ../shared/bench/pytorch/} and this module's {@code pytorch/} scripts, which agree), used by
 * the benchmarks' correctness checks. Tolerances are chosen so that float32 rounding differences
 * between two correct implementations pass and a wrong kernel does not.
 */
public final class Reference {
  private Reference() {}

  /** W2 B = 32: loss before the first step and after 10 SGD steps. */
  public static final double W2_B32_LOSS0 = 2.2972782, W2_B32_LOSS10 = 1.9703444;
  /** W2 B = 256: loss before the first step and after 10 SGD steps. */
  public static final double W2_B256_LOSS0 = 2.3160810, W2_B256_LOSS10 = 2.2715886;
  /** W2 tolerance on the loss (absolute). */
  public static final double W2_TOL = 1e-3;

  /** W3: final x, ∂x/∂a, ∂x/∂b (float32 torch). */
  public static final double W3_X = 0.501595855, W3_DA = 1.14997101, W3_DB = 2.2926259;

  /** W4: float32 torch loss at n = 10,000 and n = 1,000,000. */
  public static final double W4_LOSS_10K = 1359.949829, W4_LOSS_1M = 136058.859375;

  /** W5: float32 torch loss (mean cross-entropy of 1024×1000 logits). */
  public static final double W5_LOSS = 7.4472179;

  /** W6: θ after 1000 float32 GD iterations in torch, and the closed-form optimum. */
  public static final double W6_THETA = 3.2129672, W6_THETA_STAR = 3.2158027;

  /** Throws with a message naming the workload when |actual − expected| &gt; tol. */
  public static void check(String what, double actual, double expected, double tol) {
    if (!(Math.abs(actual - expected) <= tol))
      throw new AssertionError(what + ": got " + actual + ", expected " + expected + " ± " + tol
          + " — the result is wrong; the timing would be meaningless");
  }
}
