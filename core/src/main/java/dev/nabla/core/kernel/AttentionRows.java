package dev.nabla.core.kernel;

/**
 * The fused softmax of attention scores and its backward, row by row over dense arrays. One source for both
 * dtypes: {@code DoubleAttention} (FLOAT32 twin generated), whose exponentials are {@code DoubleRows}' and
 * {@code FloatRows}' (the float exp kernel); row sums accumulate in double. Rows split across threads on fixed
 * boundaries, so results are the same bits on any thread count.
 */
public final class AttentionRows {
  private AttentionRows() {}

  /**
   * In place over dense scores {@code s} [rows, tk], rows = batches·tq (row r is query i = r mod tq of batch
   * r / tq): each row becomes softmax(scale·s + mask), shifted by its maximum (stable). With {@code causal},
   * query i sees keys j ≤ i only (PyTorch's top-left alignment); the other entries become 0. A row with no
   * key left (every mask entry −∞) becomes zeros. The additive {@code mask} (or null) is read at
   * {@code maskBatch[r / tq] + i·maskRowStride + j·maskColStride} (strides 0 where it broadcasts).
   * Example: one row [0, 0] with scale 1, no mask, not causal, becomes [0.5, 0.5].
   */
  public static void softmax(double[] s, int rows, int tq, int tk, double scale, double[] mask, int[] maskBatch,
      int maskRowStride, int maskColStride, boolean causal) {
    DoubleAttention.softmax(s, rows, tq, tk, scale, mask, maskBatch, maskRowStride, maskColStride, causal);
  }

  /** The FLOAT32 {@link #softmax(double[], int, int, int, double, double[], int[], int, int, boolean) softmax}. */
  public static void softmax(float[] s, int rows, int tq, int tk, double scale, float[] mask, int[] maskBatch,
      int maskRowStride, int maskColStride, boolean causal) {
    FloatAttention.softmax(s, rows, tq, tk, scale, mask, maskBatch, maskRowStride, maskColStride, causal);
  }

  /**
   * The backward of {@link #softmax(double[], int, int, int, double, double[], int[], int, int, boolean)
   * softmax} with respect to the scores, given the probabilities p and g = ∂L/∂p, dense [rows, len]:
   * out = scale·p ⊙ (g − Σ_row g ⊙ p). Masked entries (p = 0) get 0. Example: p = [0.5, 0.5], g = [1, 0],
   * scale 1 gives [0.25, −0.25].
   */
  public static void softmaxBackward(double[] p, double[] g, double[] out, int rows, int len, double scale) {
    DoubleAttention.softmaxBackward(p, g, out, rows, len, scale);
  }

  /** The FLOAT32 {@link #softmaxBackward(double[], double[], double[], int, int, double) softmaxBackward}. */
  public static void softmaxBackward(float[] p, float[] g, float[] out, int rows, int len, double scale) {
    FloatAttention.softmaxBackward(p, g, out, rows, len, scale);
  }
}
