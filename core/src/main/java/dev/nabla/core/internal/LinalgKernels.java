package dev.nabla.core.internal;

import dev.nabla.core.Shape;
import dev.nabla.core.ShapeMismatchException;
import dev.nabla.core.Tensor;
import dev.nabla.core.kernel.DoubleLinalg;
import dev.nabla.core.kernel.FloatLinalg;
import java.util.Arrays;
import java.util.Objects;

/**
 * Dense linear algebra on square matrices [..., n, n] (a batch is every leading index), for
 * {@code dev.nabla.autodiff}'s {@code Linalg}: shapes are checked here, once, in the caller's
 * words ({@code op}); the loops are {@code DoubleLinalg} and its FLOAT32 twin. Results are new
 * dense tensors of the input's dtype.
 */
public final class LinalgKernels {
  private LinalgKernels() {}

  /** Refuses anything but [..., n, n]: {@code inverse: A [2, 3] is not square: need [..., n, n]}. */
  public static void requireSquare(String op, Tensor a) {
    Objects.requireNonNull(a, "A");
    if (a.rank() < 2 || a.shape().dim(-1) != a.shape().dim(-2))
      throw new ShapeMismatchException(op + ": A " + a.shape() + " is not square: need [..., n, n]");
  }

  /**
   * Checks A [..., n, n] against B, which must be [..., n, k] or [..., n] with A's batch dimensions
   * (no broadcasting) and dtype.
   *
   * @return whether B is the vector form [..., n]
   */
  public static boolean checkSolve(String op, Tensor a, Tensor b) {
    requireSquare(op, a);
    Objects.requireNonNull(b, "B");
    TensorAccess.get().requireSameDType(op, a, b);
    int r = a.rank(), n = a.shape().dim(-1);
    int[] batch = Arrays.copyOf(a.shape().dims(), r - 2);
    boolean vector = b.rank() == r - 1 && Arrays.equals(Arrays.copyOf(b.shape().dims(), r - 2), batch)
        && b.shape().dim(-1) == n;
    boolean matrix = b.rank() == r && Arrays.equals(Arrays.copyOf(b.shape().dims(), r - 2), batch)
        && b.shape().dim(-2) == n;
    if (!vector && !matrix) {
      String lead = batch.length == 0 ? "" : Arrays.toString(batch).replace("]", ", ");
      lead = lead.isEmpty() ? "[" : lead;
      throw new ShapeMismatchException(op + ": cannot solve A " + a.shape() + " with B " + b.shape() + ": need B "
          + lead + n + ", k] or " + lead + n + "]");
    }
    return vector;
  }

  /** The number of matrices in A [..., n, n] (also when n is 0). */
  private static int batches(Tensor a) {
    int c = 1;
    for (int i = 0; i < a.rank() - 2; i++) c *= a.shape().dim(i);
    return c;
  }

  private static String which(Tensor a, int m) {
    return a.rank() == 2 ? "matrix " + a.shape() : "matrix " + m + " of A " + a.shape();
  }

  private static IllegalArgumentException singular(String op, Tensor a, int m) {
    return new IllegalArgumentException(op + ": " + which(a, m) + " is singular to working precision");
  }

  /** X with A·X = B, for A [..., n, n] and B [..., n, k] (checked by {@link #checkSolve}); LU with partial pivoting. */
  public static Tensor solve(String op, Tensor a, Tensor b) {
    if (checkSolve(op, a, b))
      throw new IllegalArgumentException(op + ": B " + b.shape() + " is a vector; this kernel takes [..., n, k]");
    TensorAccess access = TensorAccess.get();
    int n = a.shape().dim(-1), k = b.shape().dim(-1), count = batches(a);
    Object lu = copy(access.denseArray(a)), x = copy(access.denseArray(b));
    int[] piv = new int[Math.max(1, n)];
    for (int m = 0; m < count; m++) {
      if (lu instanceof double[] d) {
        if (DoubleLinalg.luFactor(d, m * n * n, n, piv, 0) == 0) throw singular(op, a, m);
        DoubleLinalg.luSolve(d, m * n * n, n, piv, 0, (double[]) x, m * n * k, k);
      } else {
        float[] f = (float[]) lu;
        if (FloatLinalg.luFactor(f, m * n * n, n, piv, 0) == 0) throw singular(op, a, m);
        FloatLinalg.luSolve(f, m * n * n, n, piv, 0, (float[]) x, m * n * k, k);
      }
    }
    return access.wrap(x, b.shape());
  }

  /** A⁻¹ for A [..., n, n], by LU with partial pivoting. */
  public static Tensor inverse(String op, Tensor a) {
    requireSquare(op, a);
    TensorAccess access = TensorAccess.get();
    int n = a.shape().dim(-1), count = batches(a);
    Object lu = copy(access.denseArray(a));
    Object x = lu instanceof double[] ? new double[a.size()] : new float[a.size()];
    int[] piv = new int[Math.max(1, n)];
    for (int m = 0; m < count; m++) {
      int off = m * n * n;
      if (lu instanceof double[] d) {
        double[] out = (double[]) x;
        for (int i = 0; i < n; i++) out[off + i * n + i] = 1;
        if (DoubleLinalg.luFactor(d, off, n, piv, 0) == 0) throw singular(op, a, m);
        DoubleLinalg.luSolve(d, off, n, piv, 0, out, off, n);
      } else {
        float[] f = (float[]) lu, out = (float[]) x;
        for (int i = 0; i < n; i++) out[off + i * n + i] = 1;
        if (FloatLinalg.luFactor(f, off, n, piv, 0) == 0) throw singular(op, a, m);
        FloatLinalg.luSolve(f, off, n, piv, 0, out, off, n);
      }
    }
    return access.wrap(x, a.shape());
  }

  /**
   * The lower Cholesky factor L of A [..., n, n] (A = L·Lᵀ), reading only A's lower triangle as
   * LAPACK does; refuses a matrix that is not positive definite.
   */
  public static Tensor cholesky(String op, Tensor a) {
    requireSquare(op, a);
    TensorAccess access = TensorAccess.get();
    int n = a.shape().dim(-1), count = batches(a);
    Object src = access.denseArray(a);
    Object l = src instanceof double[] ? new double[a.size()] : new float[a.size()];
    for (int m = 0; m < count; m++) {
      int off = m * n * n;
      int bad = src instanceof double[] d ? DoubleLinalg.cholesky(d, off, (double[]) l, off, n)
          : FloatLinalg.cholesky((float[]) src, off, (float[]) l, off, n);
      if (bad >= 0)
        throw new IllegalArgumentException(op + ": " + which(a, m) + " is not positive definite (the leading minor"
            + " of order " + (bad + 1) + " is not positive)");
    }
    return access.wrap(l, a.shape());
  }

  /**
   * log det A for A [..., n, n], shape [...]: as PyTorch 1.13's {@code torch.logdet}, NaN where
   * det A &lt; 0 and −∞ where det A = 0 (an exactly zero pivot).
   */
  public static Tensor logdet(String op, Tensor a) {
    requireSquare(op, a);
    TensorAccess access = TensorAccess.get();
    int n = a.shape().dim(-1), count = batches(a);
    Object lu = copy(access.denseArray(a));
    Object out = lu instanceof double[] ? new double[count] : new float[count];
    int[] piv = new int[Math.max(1, n)];
    for (int m = 0; m < count; m++) {
      int off = m * n * n;
      double v;
      if (lu instanceof double[] d) {
        int sign = DoubleLinalg.luFactor(d, off, n, piv, 0);
        v = sign == 0 ? Double.NEGATIVE_INFINITY
            : DoubleLinalg.detSign(d, off, n, sign) < 0 ? Double.NaN : DoubleLinalg.logAbsDet(d, off, n);
      } else {
        float[] f = (float[]) lu;
        int sign = FloatLinalg.luFactor(f, off, n, piv, 0);
        v = sign == 0 ? Double.NEGATIVE_INFINITY
            : FloatLinalg.detSign(f, off, n, sign) < 0 ? Double.NaN : FloatLinalg.logAbsDet(f, off, n);
      }
      if (out instanceof double[] d) d[m] = v;
      else ((float[]) out)[m] = (float) v;
    }
    return access.wrap(out, Shape.of(Arrays.copyOf(a.shape().dims(), a.rank() - 2)));
  }

  private static Object copy(Object array) {
    return array instanceof double[] d ? d.clone() : ((float[]) array).clone();
  }
}
