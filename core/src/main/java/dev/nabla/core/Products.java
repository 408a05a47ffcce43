package dev.nabla.core;

import dev.nabla.core.kernel.MatMul;
import java.util.Arrays;
import java.util.Objects;

/**
 * Tensor's matrix products: {@code matmul} (batched, broadcasting, reading transposed views in
 * place) and the fused affine map {@code linear}. Shapes are checked here; {@link MatMul#gemm} then
 * trusts them.
 */
final class Products {
  private Products() {}

  static Tensor matmul(Tensor a, Tensor b) {
    Objects.requireNonNull(b, "b");
    Checks.requireSameDType("matmul", a, b);
    Checks.requireFloating("matmul", a);
    if (a.rank() == 0 || b.rank() == 0)
      throw new ShapeMismatchException("matmul: cannot multiply " + a.shape + " by " + b.shape
          + ": both operands need at least one dimension");
    Tensor x = a.rank() == 1 ? a.unsqueeze(0) : a, y = b.rank() == 1 ? b.unsqueeze(1) : b;
    int m = x.shape.dim(-2), k = x.shape.dim(-1), k2 = y.shape.dim(-2), n = y.shape.dim(-1);
    if (k != k2)
      throw new ShapeMismatchException("matmul: cannot multiply " + a.shape + " by " + b.shape + ": inner dimensions "
          + k + " != " + k2);
    int[] xb = Arrays.copyOf(x.shape.dims(), x.rank() - 2), yb = Arrays.copyOf(y.shape.dims(), y.rank() - 2);
    int[] bd = Shape.broadcast(xb, yb);
    if (bd == null)
      throw new ShapeMismatchException("matmul: cannot multiply " + a.shape + " by " + b.shape
          + ": batch dimensions " + Arrays.toString(xb) + " and " + Arrays.toString(yb) + " do not broadcast");
    int[] od = Arrays.copyOf(bd, bd.length + 2);
    od[bd.length] = m;
    od[bd.length + 1] = n;
    if (Shape.count("matmul", od) < 0)
      throw Shape.tooLarge("matmul", "multiplying " + a.shape + " by " + b.shape + " gives ", od);
    Tensor out = Tensor.empty(a.dtype, Shape.of(od));
    int nb = out.size() == 0 ? 0 : out.size() / (m * n);
    x = nb == 0 ? x : matrixOperand(x); // batch dims broadcast through the offsets: never materialized
    y = nb == 0 ? y : matrixOperand(y);
    boolean ta = isTransposed(x), tb = isTransposed(y);
    int lda = leading(x, ta), ldb = leading(y, tb);
    int[] xo = batchOffsets(x, bd, nb), yo = batchOffsets(y, bd, nb);
    if (stacksRows(xo, yo, ta, m, lda)) { // one product of nb·m rows: B is packed once, and threads split all rows
      m *= nb;
      nb = 1;
    }
    for (int i = 0; i < nb; i++) {
      if (a.dtype == DType.FLOAT32)
        MatMul.gemm(ta, tb, m, n, k, x.storage.f, xo[i], lda, y.storage.f, yo[i], ldb, out.storage.f, i * m * n, n, false);
      else
        MatMul.gemm(ta, tb, m, n, k, x.storage.d, xo[i], lda, y.storage.d, yo[i], ldb, out.storage.d, i * m * n, n, false);
    }
    if (a.rank() == 1) out = out.squeeze(-2);
    if (b.rank() == 1) out = out.squeeze(-1);
    return out;
  }

  /**
   * Whether a batched product is one product of {@code nb·m} rows: every batch shares one B (a rank-2 or broadcast
   * right operand, {@code x[B, T, k]·W}) and A's matrices are row-major and stacked, each m rows after the one before,
   * so that row r of matrix i is row i·m + r of one matrix. The blocked kernels compute every element as one fma chain
   * over k whatever tile or thread computes it, so the result has the bits of the batch's products run one by one,
   * except where those were small enough for the direct loop (at most 2048 multiply-adds each), whose sums differ
   * from fma chains in the last bit. Found by W8: a linear layer's input gradient G·W ran as 32 products of 23 rows,
   * each packing W again, and each below the size that runs on two threads.
   */
  private static boolean stacksRows(int[] xo, int[] yo, boolean ta, int m, int lda) {
    if (ta || xo.length < 2) return false;
    for (int i = 1; i < xo.length; i++)
      if (yo[i] != yo[0] || xo[i] != xo[0] + (long) i * m * lda) return false;
    return true;
  }

  /** Each matrix of a batch must be row-major or column-major with unit stride; else copy. */
  private static Tensor matrixOperand(Tensor t) {
    int r = t.rank();
    int rows = t.shape.dim(r - 2), cols = t.shape.dim(r - 1);
    int rs = t.strides[r - 2], cs = t.strides[r - 1];
    boolean rowMajor = (cs == 1 || cols == 1) && (rs >= cols || rows == 1);
    boolean colMajor = (rs == 1 || rows == 1) && (cs >= rows || cols == 1);
    return rowMajor || colMajor ? t : Views.contiguousCopy(t).reshape(t.shape.dims());
  }

  private static boolean isTransposed(Tensor t) {
    int r = t.rank();
    int rows = t.shape.dim(r - 2), cols = t.shape.dim(r - 1);
    int rs = t.strides[r - 2], cs = t.strides[r - 1];
    boolean rowMajor = (cs == 1 || cols == 1) && (rs >= cols || rows == 1);
    return !rowMajor;
  }

  private static int leading(Tensor t, boolean transposed) {
    int r = t.rank();
    int ld = transposed ? t.strides[r - 1] : t.strides[r - 2];
    int min = transposed ? t.shape.dim(r - 2) : t.shape.dim(r - 1);
    return Math.max(ld, Math.max(min, 1));
  }

  /**
   * The offset of each matrix of {@code t} for the {@code nb} indices (0 or all) of the broadcast
   * {@code batch} dims, in row-major order: t's batch dims align from the right, and a size-1 or missing dim repeats.
   */
  private static int[] batchOffsets(Tensor t, int[] batch, int nb) {
    int[] offs = new int[nb];
    int[] idx = new int[batch.length], step = new int[batch.length];
    for (int j = 0, lead = batch.length - (t.rank() - 2); j < batch.length; j++)
      step[j] = j < lead || t.shape.dim(j - lead) == 1 ? 0 : t.strides[j - lead];
    for (int i = 0; i < nb; i++) {
      int p = t.offset;
      for (int j = 0; j < batch.length; j++) p += idx[j] * step[j];
      offs[i] = p;
      for (int j = batch.length - 1; j >= 0 && ++idx[j] == batch[j]; j--) idx[j] = 0;
    }
    return offs;
  }

  static Tensor linear(Tensor input, Tensor weight, Tensor bias) {
    Objects.requireNonNull(weight, "weight");
    Checks.requireSameDType("linear", input, weight);
    Checks.requireFloating("linear", input);
    Shape shape = input.shape;
    if (weight.rank() != 2 || input.rank() == 0 || shape.dim(-1) != weight.shape.dim(1))
      throw new ShapeMismatchException("linear: cannot apply weight " + weight.shape + " to input " + shape
          + ": need input [..., in] and weight [out, in]");
    int out = weight.shape.dim(0), in = weight.shape.dim(1);
    if (bias != null) {
      Checks.requireSameDType("linear", input, bias);
      if (!bias.shape.equals(Shape.of(out)))
        throw new ShapeMismatchException("linear: bias " + bias.shape + " does not match weight " + weight.shape
            + " (need [" + out + "])");
    }
    int[] dims = shape.dims();
    dims[dims.length - 1] = out;
    if (Shape.count("linear", dims) < 0)
      throw Shape.tooLarge("linear", "applying weight " + weight.shape + " to input " + shape + " gives ", dims);
    Tensor y = Tensor.empty(input.dtype, Shape.of(dims));
    if (y.size() == 0) return y;
    int n = y.size() / out; // the rows of x
    Tensor x = input.isDense() ? input : Views.contiguousCopy(input);
    Tensor w = weight.isDense() ? weight : Views.contiguousCopy(weight);
    if (input.dtype == DType.FLOAT32) {
      float[] b = bias == null ? null : bias.f();
      for (int r = 0; b != null && r < n; r++) System.arraycopy(b, 0, y.storage.f, r * out, out);
      MatMul.gemm(false, true, n, out, in, x.storage.f, 0, Math.max(in, 1), w.storage.f, 0, Math.max(in, 1),
          y.storage.f, 0, Math.max(out, 1), bias != null);
    } else {
      double[] b = bias == null ? null : bias.d();
      for (int r = 0; b != null && r < n; r++) System.arraycopy(b, 0, y.storage.d, r * out, out);
      MatMul.gemm(false, true, n, out, in, x.storage.d, 0, Math.max(in, 1), w.storage.d, 0, Math.max(in, 1),
          y.storage.d, 0, Math.max(out, 1), bias != null);
    }
    return y;
  }
}
