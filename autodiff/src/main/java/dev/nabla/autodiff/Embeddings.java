package dev.nabla.autodiff;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * Embedding lookup: rows of a weight matrix picked by INT32 indices, PyTorch's
 * {@code torch.nn.functional.embedding}.
 *
 * <p>For weight W of shape [count, dim] and indices I of any shape S,
 * {@code out[s, :] = W[I[s], :]} for every position s of S: the result has shape S + [dim]. The
 * gradient is an index-add into W's rows: ∂W[r, :] = Σ over the positions s with I[s] = r of g[s, :]
 * (a row picked twice gets both gradients). With a {@code paddingIdx} p, the positions holding p
 * still read row p, but contribute no gradient to it (PyTorch's {@code padding_idx}).
 *
 * <p>It is a composite of primitives, exact in value and gradient, so grad of grad works: an
 * {@code indexSelect} of the flattened indices, reshaped; with a padding index, a {@code where} that
 * takes the looked-up rows at the other positions and a detached copy at the padding ones.
 *
 * <pre>{@code
 * Variable w = Variable.parameter(Tensor.of(new double[] {0, 1, 10, 11, 20, 21}, 3, 2));
 * Variable e = Embeddings.lookup(w, Tensor.of(new int[] {2, 0, 2}, 3));   // [[20 21] [0 1] [20 21]]
 * e.sum().backward();                                                     // w.grad(): [[1 1] [0 0] [2 2]]
 * }</pre>
 */
public final class Embeddings {
  private Embeddings() {}

  /**
   * The rows of {@code weight} [count, dim] at {@code indices} (INT32, any shape S): shape S + [dim].
   *
   * @throws IllegalArgumentException if weight is not 2-D, the indices are not INT32, or an index is
   *     outside [0, count); each message names {@code embedding}, the shapes and the offending value
   */
  public static Variable lookup(Variable weight, Tensor indices) {
    return lookup(weight, indices, null);
  }

  /**
   * {@link #lookup(Variable, Tensor)} where the positions holding {@code paddingIdx} (in
   * [-count, count); a negative one counts from the end, as in PyTorch) contribute no gradient to
   * that row; their value is still the row.
   */
  public static Variable lookup(Variable weight, Tensor indices, int paddingIdx) {
    return lookup(weight, indices, (Integer) paddingIdx);
  }

  private static Variable lookup(Variable weight, Tensor indices, Integer paddingIdx) {
    Objects.requireNonNull(weight, "weight");
    Objects.requireNonNull(indices, "indices");
    if (weight.rank() != 2)
      throw new IllegalArgumentException("embedding: weight must be 2-D [count, dim], got " + weight.shape()
          + " (indices " + indices.shape() + ")");
    int count = weight.shape().dim(0), dim = weight.shape().dim(1);
    if (indices.dtype() != DType.INT32)
      throw new IllegalArgumentException("embedding: indices must be an INT32 tensor, got " + indices.dtype() + " "
          + indices.shape() + "; convert them with toType(DType.INT32)");
    if (paddingIdx != null && (paddingIdx < -count || paddingIdx >= count))
      throw new IllegalArgumentException("embedding: paddingIdx " + paddingIdx + " out of range for weight "
          + weight.shape() + " (" + count + " rows)");
    Tensor flat = indices.reshape(-1);
    for (int i : flat.toIntArray())
      if (i < 0 || i >= count)
        throw new IllegalArgumentException("embedding: index " + i + " out of range for weight " + weight.shape()
            + " (" + count + " rows; indices " + indices.shape() + ")");
    Variable rows = weight.indexSelect(0, flat); // [N, dim]; its vjp is the index-add into weight's rows
    if (paddingIdx != null && weight.requiresGrad()) {
      int p = paddingIdx < 0 ? paddingIdx + count : paddingIdx;
      Tensor keep = flat.ne(p).toType(weight.dtype()).reshape(-1, 1); // 1 where the gradient flows
      rows = Variable.where(Variable.constant(keep), rows, rows.detach());
    }
    int[] dims = Arrays.copyOf(indices.shape().dims(), indices.rank() + 1);
    dims[indices.rank()] = dim;
    return rows.reshape(dims);
  }
}
