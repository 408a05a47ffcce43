package dev.nabla.nn;

import dev.nabla.autodiff.Embeddings;
import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import dev.nabla.core.Shape;
import dev.nabla.core.Tensor;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A lookup table of {@code count} learned vectors of size {@code dim}, PyTorch's {@code nn.Embedding}:
 * {@code out[..., :] = weight[indices[...], :]} for INT32 indices of any shape S, giving S + [dim]
 * (see {@link Embeddings#lookup}). The weight, state_dict name {@code weight}, is [count, dim] and
 * initialised N(0, 1) like PyTorch. With a padding index p, row p is zeroed at initialisation and
 * receives no gradient from the positions that hold p (its value is still looked up).
 *
 * <pre>{@code
 * var emb = new Embedding(27, 16, new SplittableRandom(0));          // FLOAT32
 * emb.forward(Tensor.of(new int[] {3, 1, 4}, 3)).shape();            // [3, 16]
 * }</pre>
 */
public final class Embedding extends Module {
  private final int count, dim;
  private final Integer paddingIdx;
  private final Variable weight;

  /** FLOAT32, without a padding index. */
  public Embedding(int count, int dim, RandomGenerator rng) {
    this(count, dim, null, rng, DType.FLOAT32);
  }

  /** In the given dtype (FLOAT64 for gradient checks), without a padding index. */
  public Embedding(int count, int dim, RandomGenerator rng, DType dtype) {
    this(count, dim, null, rng, dtype);
  }

  /** FLOAT32, with padding index {@code paddingIdx} (in [-count, count); a negative one counts from the end). */
  public Embedding(int count, int dim, int paddingIdx, RandomGenerator rng) {
    this(count, dim, (Integer) paddingIdx, rng, DType.FLOAT32);
  }

  /** In the given dtype, with padding index {@code paddingIdx}. */
  public Embedding(int count, int dim, int paddingIdx, RandomGenerator rng, DType dtype) {
    this(count, dim, (Integer) paddingIdx, rng, dtype);
  }

  private Embedding(int count, int dim, Integer paddingIdx, RandomGenerator rng, DType dtype) {
    Objects.requireNonNull(rng, "rng");
    Objects.requireNonNull(dtype, "dtype");
    if (count < 0 || dim < 0) throw new IllegalArgumentException("Embedding: negative size count=" + count + ", dim=" + dim);
    if (dtype == DType.INT32) throw new IllegalArgumentException("Embedding: the weight must be FLOAT32 or FLOAT64, not INT32");
    if (paddingIdx != null && (paddingIdx < -count || paddingIdx >= count))
      throw new IllegalArgumentException("Embedding: paddingIdx " + paddingIdx + " out of range for " + count + " rows");
    this.count = count;
    this.dim = dim;
    this.paddingIdx = paddingIdx == null ? null : paddingIdx < 0 ? paddingIdx + count : paddingIdx;
    Tensor init = Init.normal(Shape.of(count, dim), dtype, 0, 1, rng);
    if (this.paddingIdx != null) { // PyTorch zeroes the padding row at initialisation
      double[] v = init.toDoubleArray();
      java.util.Arrays.fill(v, this.paddingIdx * dim, (this.paddingIdx + 1) * dim, 0);
      init = Tensor.of(v, count, dim).toType(dtype);
    }
    this.weight = registerParameter("weight", init);
  }

  /** The rows at {@code indices}, a constant of an INT32 tensor of any shape S: shape S + [dim]. */
  @Override
  public Variable forward(Variable indices) {
    Objects.requireNonNull(indices, "indices");
    return forward(indices.value());
  }

  /** {@link #forward(Variable)} with the indices given as an INT32 tensor. */
  public Variable forward(Tensor indices) {
    Objects.requireNonNull(indices, "indices");
    return paddingIdx == null ? Embeddings.lookup(weight, indices) : Embeddings.lookup(weight, indices, paddingIdx);
  }

  /** The weight, [count, dim]. */
  public Variable weight() {
    return weight;
  }

  /** The number of rows. */
  public int count() {
    return count;
  }

  /** The size of each vector. */
  public int dim() {
    return dim;
  }

  /** The padding index (non-negative), or -1 for none. */
  public int paddingIdx() {
    return paddingIdx == null ? -1 : paddingIdx;
  }

  @Override
  protected String extraRepr() {
    return count + ", " + dim + (paddingIdx == null ? "" : ", padding_idx=" + paddingIdx);
  }
}
