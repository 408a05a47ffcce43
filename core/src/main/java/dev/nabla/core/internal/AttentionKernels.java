package dev.nabla.core.internal;

import dev.nabla.core.Shape;
import dev.nabla.core.ShapeMismatchException;
import dev.nabla.core.Tensor;
import dev.nabla.core.kernel.AttentionRows;
import java.util.Arrays;
import java.util.Objects;

/**
 * The fused attention softmax for {@code dev.nabla.autodiff}'s {@code Attention}: the weights
 * P = softmax(scale·q·kᵀ + mask) (causal or not) computed in place over the product q·kᵀ, so P is the one
 * [Tq, Tk] tensor made, and their backward with respect to the scores. Shapes are checked here, once, in the
 * words of the calling op.
 */
public final class AttentionKernels {
  private AttentionKernels() {}

  /**
   * Checks q [..., Tq, d], k [..., Tk, d], v [..., Tk, dv] (or null) and the additive mask (or null) for
   * {@code op}, and returns the shape of the scores q·kᵀ, [batch..., Tq, Tk] (batch dims of q and k broadcast).
   * The mask must have q's dtype and broadcast to the scores; v's batch dims must broadcast with theirs.
   *
   * @throws ShapeMismatchException naming {@code op} and every shape involved
   * @throws IllegalArgumentException for mixed dtypes or a non-finite scale
   */
  public static Shape scoresShape(String op, Tensor q, Tensor k, Tensor v, Tensor mask, double scale) {
    Objects.requireNonNull(q, "q");
    Objects.requireNonNull(k, "k");
    TensorAccess access = TensorAccess.get();
    String shapes = "q " + q.shape() + ", k " + k.shape() + (v == null ? "" : ", v " + v.shape());
    requireRank(op, "q", q, "[..., Tq, d]");
    requireRank(op, "k", k, "[..., Tk, d]");
    if (v != null) requireRank(op, "v", v, "[..., Tk, dv]");
    access.requireSameDType(op, q, k);
    if (v != null) access.requireSameDType(op, q, v);
    if (!Double.isFinite(scale)) throw new IllegalArgumentException(op + ": scale must be finite, got " + scale);
    int d = q.shape().dim(-1), tq = q.shape().dim(-2), tk = k.shape().dim(-2);
    if (k.shape().dim(-1) != d)
      throw new ShapeMismatchException(op + ": q " + q.shape() + " and k " + k.shape()
          + " differ in the feature dimension (" + d + " vs " + k.shape().dim(-1) + ")");
    if (v != null && v.shape().dim(-2) != tk)
      throw new ShapeMismatchException(op + ": k " + k.shape() + " and v " + v.shape()
          + " differ in the number of keys (" + tk + " vs " + v.shape().dim(-2) + ")");
    int[] batch = broadcast(batchDims(q), batchDims(k));
    if (batch == null || v != null && broadcast(batch, batchDims(v)) == null)
      throw new ShapeMismatchException(op + ": the batch dimensions of " + shapes + " do not broadcast");
    int[] sd = Arrays.copyOf(batch, batch.length + 2);
    sd[batch.length] = tq;
    sd[batch.length + 1] = tk;
    Shape scores = Shape.of(sd);
    if (mask != null) {
      if (mask.dtype() != q.dtype())
        throw new IllegalArgumentException(op + ": mask is " + mask.dtype() + " " + mask.shape() + " but q is "
            + q.dtype() + " " + q.shape() + "; an additive mask has the dtype of q (convert it with toType)");
      if (!mask.shape().broadcastsTo(scores))
        throw new ShapeMismatchException(op + ": mask " + mask.shape() + " does not broadcast to the scores "
            + scores + " (" + shapes + ")");
    }
    return scores;
  }

  /**
   * The attention weights P = softmax(scale·q·kᵀ + mask) along the last axis, [batch..., Tq, Tk], in one pass
   * per row over the product q·kᵀ (written in place: no other [Tq, Tk] tensor). With {@code causal}, query i
   * sees keys j ≤ i only (top-left aligned, as PyTorch's {@code is_causal}); a row whose keys are all masked
   * (−∞) is zeros. Shapes as in {@link #scoresShape}; {@code mask} may be null.
   */
  public static Tensor weights(String op, Tensor q, Tensor k, Tensor mask, boolean causal, double scale) {
    Shape scores = scoresShape(op, q, k, null, mask, scale);
    TensorAccess access = TensorAccess.get();
    Tensor s = q.matmul(k.transpose(-2, -1));
    if (!s.isWritableInPlace() || !s.shape().equals(scores)) s = Tensor.zeros(q.dtype(), scores).copyInPlace(s);
    int tq = scores.dim(-2), tk = scores.dim(-1), rows = tk == 0 ? s.size() : s.size() / tk;
    if (tq == 0 || tk == 0) return s;
    int[] maskBatch = null;
    int rowStride = 0, colStride = 0;
    Object m = null;
    if (mask != null) {
      int r = mask.rank(), off = scores.rank() - r;
      int[] md = mask.shape().dims(), strides = new int[r];
      for (int i = r - 1, st = 1; i >= 0; st *= md[i], i--) strides[i] = md[i] == 1 ? 0 : st;
      colStride = r >= 1 ? strides[r - 1] : 0;
      rowStride = r >= 2 ? strides[r - 2] : 0;
      int nb = rows / tq, batchRank = scores.rank() - 2;
      maskBatch = new int[nb];
      for (int b = 0; b < nb; b++) {
        int rest = b, o = 0;
        for (int a = batchRank - 1; a >= 0; a--) {
          int dim = scores.dim(a), idx = rest % dim;
          rest /= dim;
          if (a - off >= 0) o += idx * strides[a - off];
        }
        maskBatch[b] = o;
      }
      m = access.denseArray(mask);
    }
    Object a = access.writableArray(op, s);
    if (a instanceof float[] f)
      AttentionRows.softmax(f, rows, tq, tk, scale, (float[]) m, maskBatch, rowStride, colStride, causal);
    else AttentionRows.softmax((double[]) a, rows, tq, tk, scale, (double[]) m, maskBatch, rowStride, colStride, causal);
    return s;
  }

  /**
   * The gradient with respect to the (unscaled) scores q·kᵀ of the weights {@code p} = {@link #weights}, given
   * g = ∂L/∂p: scale·p ⊙ (g − Σ_lastaxis g ⊙ p), same shape as p, one pass per row. Masked entries (p = 0) get 0.
   * {@code g} must have p's shape and dtype (errors name {@code op}).
   */
  public static Tensor weightsBackward(String op, Tensor p, Tensor g, double scale) {
    Objects.requireNonNull(p, "p");
    Objects.requireNonNull(g, "g");
    TensorAccess access = TensorAccess.get();
    access.requireSameDType(op, p, g);
    if (p.rank() < 1 || !g.shape().equals(p.shape()))
      throw new ShapeMismatchException(op + ": gradient " + g.shape() + " does not match the weights " + p.shape());
    int len = p.shape().dim(-1), rows = len == 0 ? 0 : p.size() / len;
    Tensor out = Tensor.zeros(p.dtype(), p.shape());
    Object o = access.writableArray(op, out), pa = access.denseArray(p), ga = access.denseArray(g);
    if (o instanceof float[] f) AttentionRows.softmaxBackward((float[]) pa, (float[]) ga, f, rows, len, scale);
    else AttentionRows.softmaxBackward((double[]) pa, (double[]) ga, (double[]) o, rows, len, scale);
    return out;
  }

  private static void requireRank(String op, String name, Tensor t, String layout) {
    if (t.rank() < 2)
      throw new ShapeMismatchException(op + ": " + name + " " + t.shape() + " needs at least 2 dimensions " + layout);
  }

  private static int[] batchDims(Tensor t) {
    return Arrays.copyOf(t.shape().dims(), t.rank() - 2);
  }

  private static int[] broadcast(int[] a, int[] b) {
    int r = Math.max(a.length, b.length);
    int[] out = new int[r];
    for (int i = 0; i < r; i++) {
      int da = i < r - a.length ? 1 : a[i - (r - a.length)], db = i < r - b.length ? 1 : b[i - (r - b.length)];
      if (da != db && da != 1 && db != 1) return null;
      out[i] = da == 1 ? db : da;
    }
    return out;
  }
}
