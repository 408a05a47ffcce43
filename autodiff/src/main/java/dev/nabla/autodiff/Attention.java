package dev.nabla.autodiff;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.AttentionKernels;
import java.util.Objects;

/**
 * Scaled dot-product attention, the core of a transformer:
 * <pre>
 *   out = softmax(s·q·kᵀ + M) · v        s = 1/√d by default
 * </pre>
 * for queries q [..., Tq, d], keys k [..., Tk, d] and values v [..., Tk, dv], giving [..., Tq, dv]. Leading
 * (batch) dimensions broadcast, as in {@code matmul}: [batch, heads, T, d] is the usual layout.
 *
 * <p>The softmax is one fused, numerically stable pass over each row of the scores (scale, mask, causal
 * cut, max shift, exponentials, normalization), done in place over the product q·kᵀ: the weights P are
 * the only [Tq, Tk] tensor made and kept for backward. Its backward, s·P ⊙ (G − Σ G ⊙ P), is one fused
 * pass too, and a primitive of its own, so grad of grad works. The products around it are the batched
 * {@code matmul}.
 *
 * <p>Masks:
 * <ul>
 *   <li>{@code causal}: query i attends to keys j ≤ i. With Tq ≠ Tk the cut is aligned top-left, as in
 *       PyTorch's {@code scaled_dot_product_attention(is_causal=True)} ({@code ones(Tq, Tk).tril()}).
 *   <li>{@code mask}: an <em>additive</em> mask M of q's dtype that broadcasts to the scores
 *       [..., Tq, Tk]: 0 keeps a score, −∞ removes it, any other value biases it. It is a constant (no
 *       gradient). A boolean mask (PyTorch's {@code scaled_dot_product_attention} convention: true = attend)
 *       given as a 0/1 tensor becomes an additive one with {@link #additiveMask}; note that
 *       {@code nn.MultiheadAttention}'s boolean {@code attn_mask} means the opposite (true = masked).
 *   <li>Both may be given; their cuts combine. A query whose keys are all masked gets weights 0 and so an
 *       output of 0 (not NaN, which PyTorch gives there), with gradient 0.
 * </ul>
 *
 * <pre>{@code
 * var rng = new SplittableRandom(1);
 * Variable q = Variable.parameter(Tensor.randn(DType.FLOAT64, rng, 2, 4, 8));   // [batch, Tq, d]
 * Variable k = Variable.parameter(Tensor.randn(DType.FLOAT64, rng, 2, 6, 8));   // [batch, Tk, d]
 * Variable v = Variable.parameter(Tensor.randn(DType.FLOAT64, rng, 2, 6, 3));   // [batch, Tk, dv]
 * Variable out = Attention.scaledDotProductAttention(q, k, v, false);          // [2, 4, 3]
 * Tensor keep = Tensor.of(new double[] {1, 1, 1, 0, 0, 0}, 6);                 // attend to keys 0..2 only
 * Variable masked = Attention.scaledDotProductAttention(q, k, v, Attention.additiveMask(keep, DType.FLOAT64), false);
 * }</pre>
 *
 * <p>Errors name the op and every shape, e.g. {@code scaledDotProductAttention: q [2, 4, 8] and k [2, 6, 5]
 * differ in the feature dimension (8 vs 5)}.
 */
public final class Attention {
  private static final String SDPA = "scaledDotProductAttention";

  private Attention() {}

  /** The default scale for feature dimension d: 1/√d (1 when d = 0). */
  public static double defaultScale(int d) {
    return d > 0 ? 1 / Math.sqrt(d) : 1;
  }

  /**
   * softmax(q·kᵀ/√d) · v, with the causal cut when {@code causal} (query i attends to keys j ≤ i).
   * q [..., Tq, d], k [..., Tk, d], v [..., Tk, dv]; the result is [..., Tq, dv].
   */
  public static Variable scaledDotProductAttention(Variable q, Variable k, Variable v, boolean causal) {
    return scaledDotProductAttention(q, k, v, null, causal);
  }

  /**
   * softmax(q·kᵀ/√d + mask) · v, with the causal cut when {@code causal}; {@code mask} is an additive mask of
   * q's dtype broadcasting to [..., Tq, Tk], or null (see the class comment).
   */
  public static Variable scaledDotProductAttention(Variable q, Variable k, Variable v, Tensor mask, boolean causal) {
    Objects.requireNonNull(q, "q");
    return scaledDotProductAttention(q, k, v, mask, causal, defaultScale(q.rank() == 0 ? 0 : q.shape().dim(-1)));
  }

  /**
   * softmax(scale·q·kᵀ + mask) · v, with the causal cut when {@code causal}: the general form.
   * q [..., Tq, d], k [..., Tk, d], v [..., Tk, dv], mask (or null) additive, of q's dtype, broadcasting to
   * [..., Tq, Tk]; the result is [..., Tq, dv]. With P the weights and G = ∂L/∂out: ∂v = Pᵀ·G and, for
   * Ĝ = G·vᵀ and dS = scale·P ⊙ (Ĝ − Σ_lastaxis Ĝ ⊙ P), ∂q = dS·k and ∂k = dSᵀ·q.
   *
   * @throws dev.nabla.core.ShapeMismatchException when d differs between q and k, Tk between k and v, the
   *     batch dimensions do not broadcast, a rank is below 2, or the mask does not broadcast to the scores
   * @throws IllegalArgumentException for mixed dtypes or a non-finite scale
   */
  public static Variable scaledDotProductAttention(Variable q, Variable k, Variable v, Tensor mask, boolean causal,
      double scale) {
    Objects.requireNonNull(q, "q");
    Objects.requireNonNull(k, "k");
    Objects.requireNonNull(v, "v");
    AttentionKernels.scoresShape(SDPA, q.value(), k.value(), v.value(), mask, scale);
    return Engine.apply(new Softmax.AttentionWeights(mask, causal, scale), q, k).matmul(v);
  }

  /**
   * The attention weights alone, P = softmax(scale·q·kᵀ + mask) along the last axis, [..., Tq, Tk]: each row
   * sums to 1 (or is 0 when every key of it is masked). Same arguments as
   * {@link #scaledDotProductAttention(Variable, Variable, Variable, Tensor, boolean, double)}; one fused
   * primitive, differentiable to any order.
   */
  public static Variable weights(Variable q, Variable k, Tensor mask, boolean causal, double scale) {
    Objects.requireNonNull(q, "q");
    Objects.requireNonNull(k, "k");
    return Engine.apply(new Softmax.AttentionWeights(mask, causal, scale), q, k);
  }

  /**
   * A boolean mask as an additive one: 0 where {@code keep} is nonzero (attend), −∞ where it is 0 (masked),
   * in {@code dtype} and {@code keep}'s shape. PyTorch's {@code scaled_dot_product_attention} convention
   * (true = attend). {@code additiveMask(Tensor.of(new double[] {1, 0}, 2), DType.FLOAT64)} is [0, −∞].
   */
  public static Tensor additiveMask(Tensor keep, DType dtype) {
    Objects.requireNonNull(keep, "keep");
    Objects.requireNonNull(dtype, "dtype");
    double[] k = keep.toDoubleArray(), m = new double[k.length];
    for (int i = 0; i < k.length; i++) m[i] = k[i] != 0 ? 0 : Double.NEGATIVE_INFINITY;
    return Tensor.of(m).reshape(keep.shape()).toType(dtype); // reshape: a rank-0 keep stays rank 0
  }
}
