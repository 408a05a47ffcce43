package dev.nabla.nn;

import dev.nabla.autodiff.Variable;
import java.util.Arrays;

/**
 * Merges dimensions {@code startDim..endDim} (inclusive; by default 1..−1, i.e. all but the batch
 * dimension) into one, like PyTorch's {@code nn.Flatten}: [B, 1, 28, 28] → [B, 784].
 */
public final class Flatten extends Module {
  private final int startDim, endDim;

  /** Flattens all but the first dimension. */
  public Flatten() {
    this(1, -1);
  }

  /** Flattens dimensions {@code startDim..endDim}, inclusive; negative values count from the end. */
  public Flatten(int startDim, int endDim) {
    this.startDim = startDim;
    this.endDim = endDim;
  }

  @Override
  public Variable forward(Variable x) {
    int r = x.rank();
    if (r == 0) return x.reshape(1);
    int s = x.shape().normalizeAxis("Flatten", startDim), e = x.shape().normalizeAxis("Flatten", endDim);
    if (s > e)
      throw new IllegalArgumentException("Flatten: start dim " + startDim + " comes after end dim " + endDim
          + " for shape " + x.shape());
    int[] d = x.shape().dims();
    int[] out = new int[r - (e - s)];
    int k = 0;
    for (int i = 0; i < s; i++) out[k++] = d[i];
    int merged = 1;
    for (int i = s; i <= e; i++) merged *= d[i];
    out[k++] = merged;
    for (int i = e + 1; i < r; i++) out[k++] = d[i];
    return Arrays.equals(out, d) ? x : x.reshape(out);
  }

  @Override
  protected String extraRepr() {
    return "start_dim=" + startDim + ", end_dim=" + endDim;
  }
}
