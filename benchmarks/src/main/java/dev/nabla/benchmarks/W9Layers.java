package dev.nabla.benchmarks;

import dev.nabla.autodiff.Attention;
import dev.nabla.autodiff.Convolutions;
import dev.nabla.autodiff.Embeddings;
import dev.nabla.autodiff.Normalizations;
import dev.nabla.autodiff.Variable;
import dev.nabla.core.Tensor;

/**
 * W9: one layer kernel, forward + backward, float32 (data by SplitMix64, {@link Data}; the same in
 * {@code pytorch/w9_layers.py}). The workload sizes ({@link #of(String)}):
 * <ul>
 *   <li>{@code conv2d}: x = normal(901) [32, 64, 32, 32], weight = uniform(902, ±1/√576) [64, 64, 3, 3],
 *       bias = uniform(903, ±1/√576) [64]; stride 1, padding 1 ({@link Convolutions#conv2d});
 *   <li>{@code layernorm}: x = normal(911) [4096, 768], weight = uniform(912, 0.5, 1.5) [768],
 *       bias = uniform(913, −0.5, 0.5) [768], ε = 1e-5 ({@link Normalizations#layerNorm});
 *   <li>{@code attention}: q, k, v = normal(921), normal(922), normal(923) [8, 8, 128, 64] (batch, heads, T, d),
 *       causal, scale 1/√d ({@link Attention#scaledDotProductAttention});
 *   <li>{@code embedding}: weight = normal(931) [50000, 512], indices = labels(932, 4096, 50000)
 *       ({@link Embeddings#lookup}); the weight's gradient is dense, as torch's default.
 * </ul>
 * One step: gradients cleared, y = op(inputs), {@code y.backward(G)} with G = normal(seed + 9) of y's
 * shape (the gradient of Σ y ⊙ G), where seed is the kernel's first seed (901, 911, 921, 931). Every
 * float input requires grad.
 *
 * <p>The check ({@link #scalars()}): Σ y ⊙ G and, for each input's gradient gᵢ, Σ gᵢ ⊙ pᵢ with the probe
 * pᵢ = uniform(seed + 20 + i, −1, 1) of its shape (the directional derivative of Σ y ⊙ G along pᵢ), all
 * summed in float64; compared to PyTorch's values ({@link Reference#W9_CONV2D} etc.) within
 * {@link Reference#W9_RTOL} relative. {@code W9LayersTest} checks the same scalars at small sizes against
 * a float64 recomputation.
 */
public final class W9Layers {
  /** The kernels, in the benchmark's order. */
  public static final String[] KERNELS = {"conv2d", "layernorm", "attention", "embedding"};

  public final String kernel;
  /** The inputs that require grad, in the order of {@link #scalars()}. */
  public final Variable[] inputs;
  /** The embedding's indices (INT32), or null. */
  public final Tensor indices;
  /** The seed G of the backward pass, y's shape. */
  public final Tensor g;
  private final int seed;

  private W9Layers(String kernel, int seed, Tensor indices, int[] yDims, Tensor... inputs) {
    this.kernel = kernel;
    this.seed = seed;
    this.indices = indices;
    this.inputs = new Variable[inputs.length];
    for (int i = 0; i < inputs.length; i++) this.inputs[i] = Variable.parameter(inputs[i]);
    this.g = Tensor.of(Data.normal(seed + 9, size(yDims)), yDims);
  }

  /** The workload of {@code kernel} at its benchmark size. */
  public static W9Layers of(String kernel) {
    return switch (kernel) {
      case "conv2d" -> conv2d(32, 64, 64, 32, 32);
      case "layernorm" -> layerNorm(4096, 768);
      case "attention" -> attention(8, 8, 128, 64);
      case "embedding" -> embedding(50000, 512, 4096);
      default -> throw new IllegalArgumentException("W9: unknown kernel " + kernel + "; one of conv2d, layernorm,"
          + " attention, embedding");
    };
  }

  /** conv2d of x [b, c, h, w] with weight [o, c, 3, 3] and bias [o], stride 1, padding 1. */
  public static W9Layers conv2d(int b, int c, int o, int h, int w) {
    double bound = 1 / Math.sqrt(c * 9);
    return new W9Layers("conv2d", 901, null, new int[] {b, o, h, w},
        Tensor.of(Data.normal(901, b * c * h * w), b, c, h, w),
        Tensor.of(Data.uniform(902, o * c * 9, -bound, bound), o, c, 3, 3),
        Tensor.of(Data.uniform(903, o, -bound, bound), o));
  }

  /** layerNorm of x [rows, cols] over its last dim, with weight and bias [cols], ε = 1e-5. */
  public static W9Layers layerNorm(int rows, int cols) {
    return new W9Layers("layernorm", 911, null, new int[] {rows, cols},
        Tensor.of(Data.normal(911, rows * cols), rows, cols),
        Tensor.of(Data.uniform(912, cols, 0.5, 1.5), cols),
        Tensor.of(Data.uniform(913, cols, -0.5, 0.5), cols));
  }

  /** Causal attention of q, k, v [b, heads, t, d], scale 1/√d. */
  public static W9Layers attention(int b, int heads, int t, int d) {
    int n = b * heads * t * d;
    return new W9Layers("attention", 921, null, new int[] {b, heads, t, d},
        Tensor.of(Data.normal(921, n), b, heads, t, d),
        Tensor.of(Data.normal(922, n), b, heads, t, d),
        Tensor.of(Data.normal(923, n), b, heads, t, d));
  }

  /** Embedding lookup of n indices into weight [count, dim]. */
  public static W9Layers embedding(int count, int dim, int n) {
    return new W9Layers("embedding", 931, Tensor.of(Data.labels(932, n, count), n), new int[] {n, dim},
        Tensor.of(Data.normal(931, count * dim), count, dim));
  }

  /** y = op(inputs), graph recorded. */
  public Variable forward() {
    Variable[] in = inputs;
    return switch (kernel) {
      case "conv2d" -> Convolutions.conv2d(in[0], in[1], in[2], 1, 1);
      case "layernorm" -> Normalizations.layerNorm(in[0], new int[] {in[0].shape().dim(-1)}, in[1], in[2], 1e-5);
      case "attention" -> Attention.scaledDotProductAttention(in[0], in[1], in[2], true);
      case "embedding" -> Embeddings.lookup(in[0], indices);
      default -> throw new AssertionError(kernel);
    };
  }

  /** Gradients cleared (field writes), forward, backward seeded with G; returns y. */
  public Variable forwardBackward() {
    for (Variable v : inputs) v.zeroGrad();
    Variable y = forward();
    y.backward(g);
    return y;
  }

  /** The probe of input i: uniform(seed + 20 + i, −1, 1) of its size. */
  public float[] probe(int i) {
    return Data.uniform(seed + 20 + i, inputs[i].value().size(), -1, 1);
  }

  /**
   * One {@link #forwardBackward()}, then {Σ y ⊙ G, Σ g₀ ⊙ p₀, Σ g₁ ⊙ p₁, …} summed in float64 (see the class
   * comment).
   */
  public double[] scalars() {
    Variable y = forwardBackward();
    double[] s = new double[1 + inputs.length];
    s[0] = dot(y.value().toFloatArray(), g.toFloatArray());
    for (int i = 0; i < inputs.length; i++) s[1 + i] = dot(inputs[i].grad().toFloatArray(), probe(i));
    return s;
  }

  /** Checks {@link #scalars()} against PyTorch's ({@link Reference#w9(String)}); returns them. */
  public double[] check() {
    double[] s = scalars();
    check("W9 " + kernel + " (PyTorch)", s, Reference.w9(kernel), Reference.W9_RTOL);
    return s;
  }

  /** Throws naming the scalar when some |got − expected| &gt; rtol·|expected|. */
  public static void check(String what, double[] got, double[] expected, double rtol) {
    if (got.length != expected.length) throw new AssertionError(what + ": " + got.length + " scalars, expected "
        + expected.length);
    for (int i = 0; i < got.length; i++)
      Reference.check(what + (i == 0 ? " Σ y·G" : " Σ grad" + (i - 1) + "·probe"), got[i], expected[i],
          rtol * Math.abs(expected[i]));
  }

  static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
    return s;
  }

  private static int size(int[] dims) {
    int n = 1;
    for (int d : dims) n *= d;
    return n;
  }
}
