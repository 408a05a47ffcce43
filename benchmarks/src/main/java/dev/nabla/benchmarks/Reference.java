package dev.nabla.benchmarks;

/**
 * PyTorch's results on the same data (PyTorch 1.13 CPU float32, from the reference scripts in
 * {@code ../shared/bench/pytorch/} and this module's {@code pytorch/} scripts, which agree), used by
 * the benchmarks' correctness checks. Tolerances are chosen so that float32 rounding differences
 * between two correct implementations pass and a wrong kernel does not.
 */
public final class Reference {
  private Reference() {}

  /** W2 B = 32: loss before the first step and after 10 SGD steps (float32 torch, 1 thread). */
  public static final double W2_B32_LOSS0 = 2.2972781658, W2_B32_LOSS10 = 1.9703445435;
  /** W2 B = 256: loss before the first step and after 10 SGD steps. */
  public static final double W2_B256_LOSS0 = 2.3160810471, W2_B256_LOSS10 = 2.2715885639;
  /**
   * W2 tolerance on both losses (absolute), about 4 float32 ulps at 2. Measured 2026-12-02: Nabla and
   * PyTorch agree to 1.2e-7 (B = 32 after 10 steps; 0 for the other three), while SGD without its
   * weight decay moves the loss after 10 steps by 3.3e-5 (B = 32) and 2.9e-6 (B = 256).
   */
  public static final double W2_TOL = 5e-7;

  /** W3: final x, ∂x/∂a, ∂x/∂b (float32 torch). */
  public static final double W3_X = 0.501595855, W3_DA = 1.14997101, W3_DB = 2.2926259;

  /** W4: float32 torch loss at n = 10,000 and n = 1,000,000. */
  public static final double W4_LOSS_10K = 1359.949829, W4_LOSS_1M = 136058.859375;

  /** W5: float32 torch loss (mean cross-entropy of 1024×1000 logits); Nabla's is the same float. */
  public static final double W5_LOSS = 7.4472179413;
  /** W5 tolerance on the loss, vs PyTorch and vs float64 (absolute): 4 float32 ulps at 7.4. */
  public static final double W5_LOSS_TOL = 2e-6;
  /**
   * W5 tolerance on each gradient entry relative to its float64 value (entries are 4e-9 to 1e-3, so
   * an absolute bound would be loose for the small ones): measured 1.27e-6 (PyTorch's own: 1.18e-6).
   */
  public static final double W5_GRAD_RTOL = 5e-6;

  /** W6: θ after 1000 float32 GD iterations in torch, and the closed-form optimum. */
  public static final double W6_THETA = 3.2129672, W6_THETA_STAR = 3.2158027;

  /** W7 B = 64: loss before the first step and after 10 SGD-momentum steps (float32 torch 1.13, 1 thread). */
  public static final double W7_LOSS0 = 2.3162398338, W7_LOSS10 = 2.2121841908;
  /** W8 B = 32: loss before the first step and after 10 AdamW steps (float32 torch, 1 thread). */
  public static final double W8_LOSS0 = 3.5098817348, W8_LOSS10 = 2.6978461742;
  /**
   * W7, W8 tolerance on the losses, relative (issue 14's 1e-3). Measured 2026-12-03, 1 and 2 threads: W7's
   * losses are the same floats as PyTorch's, W8's first the same float and the one after 10 steps 9e-8 off
   * (PyTorch itself moves by 1e-7 between OpenBLAS's Haswell kernels, which recorded these values, and the
   * Cooperlake ones it picks by CPUID). A wrong model misses by far more: W7 without momentum, W8 with
   * attention that is not causal (WorkloadSmokeTest).
   */
  public static final double MODEL_RTOL = 1e-3;

  /** Throws with a message naming the workload when |actual − expected| &gt; rtol·|expected|. */
  public static void checkRelative(String what, double actual, double expected, double rtol) {
    check(what, actual, expected, rtol * Math.abs(expected));
  }

  /**
   * W9 (float32 torch, 1 thread, {@code pytorch/w9_layers.py}): {Σ y·G, Σ grad·probe per input} of each
   * kernel at its workload size (see {@link W9Layers}). Inputs: conv2d x, weight, bias; layernorm x,
   * weight, bias; attention q, k, v; embedding weight.
   */
  public static final double[] W9_CONV2D = {-598.5854896, 326.4226239, -9211.825253, -1154.969472},
      W9_LAYERNORM = {2286.790314, 298.9043658, -766.0660919, -2069.510699},
      W9_ATTENTION = {-59.37816917, 159.6972729, -11.16770299, 50.34087132},
      W9_EMBEDDING = {-264.1921426, -70.68416575};
  /**
   * W9 tolerance, relative to each of PyTorch's scalars: float32 rounding moves them by about 1e-6
   * relative; a wrong kernel by far more.
   */
  public static final double W9_RTOL = 1e-3;

  /** The W9 scalars of a kernel (conv2d, layernorm, attention, embedding). */
  public static double[] w9(String kernel) {
    return switch (kernel) {
      case "conv2d" -> W9_CONV2D.clone();
      case "layernorm" -> W9_LAYERNORM.clone();
      case "attention" -> W9_ATTENTION.clone();
      case "embedding" -> W9_EMBEDDING.clone();
      default -> throw new IllegalArgumentException("W9: unknown kernel " + kernel);
    };
  }

  /** Throws with a message naming the workload when |actual − expected| &gt; tol. */
  public static void check(String what, double actual, double expected, double tol) {
    if (!(Math.abs(actual - expected) <= tol))
      throw new AssertionError(what + ": got " + actual + ", expected " + expected + " ± " + tol
          + " — the result is wrong; the timing would be meaningless");
  }
}
