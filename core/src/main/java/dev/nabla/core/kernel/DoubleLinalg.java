package dev.nabla.core.kernel;

/**
 * The one source of the dense linear-algebra loops (FLOAT32 twin generated): LU factorization with
 * partial pivoting, the solves with its factors, Cholesky, and log-determinants. Each works on one
 * row-major n×n matrix at an offset of its array (a batch is a loop over offsets, done by the caller),
 * trusts its input (shapes are checked once, by {@code LinalgKernels}) and allocates nothing.
 */
public final class DoubleLinalg {
  private DoubleLinalg() {}

  /**
   * Factors the n×n matrix at {@code a[off ...]} in place as P·A = L·U (L unit lower, U upper, both
   * stored in {@code a}); {@code piv[pivOff + k]} is the row swapped with row k at step k.
   *
   * @return the sign of P (±1), or 0 when a pivot is exactly zero (A singular to working
   *     precision; the factors are then incomplete)
   */
  public static int luFactor(double[] a, int off, int n, int[] piv, int pivOff) {
    int sign = 1;
    for (int k = 0; k < n; k++) {
      int p = k;
      double best = Math.abs(a[off + k * n + k]);
      for (int i = k + 1; i < n; i++) {
        double v = Math.abs(a[off + i * n + k]);
        if (v > best) {
          best = v;
          p = i;
        }
      }
      piv[pivOff + k] = p;
      if (best == 0) return 0; // a zero pivot: singular (a NaN propagates instead)
      if (p != k) {
        sign = -sign;
        int rk = off + k * n, rp = off + p * n;
        for (int j = 0; j < n; j++) {
          double t = a[rk + j];
          a[rk + j] = a[rp + j];
          a[rp + j] = t;
        }
      }
      double d = a[off + k * n + k];
      for (int i = k + 1; i < n; i++) {
        int ri = off + i * n, rk = off + k * n;
        double m = a[ri + k] / d;
        a[ri + k] = m;
        if (m != 0) for (int j = k + 1; j < n; j++) a[ri + j] -= m * a[rk + j];
      }
    }
    return sign;
  }

  /**
   * Solves A·X = B in place for B [n, k] at {@code b[bOff ...]} (row-major), given the factors of
   * {@link #luFactor} at {@code lu[off ...]} and its pivots.
   */
  public static void luSolve(double[] lu, int off, int n, int[] piv, int pivOff, double[] b, int bOff, int k) {
    for (int i = 0; i < n; i++) { // apply P
      int p = piv[pivOff + i];
      if (p != i) {
        int ri = bOff + i * k, rp = bOff + p * k;
        for (int j = 0; j < k; j++) {
          double t = b[ri + j];
          b[ri + j] = b[rp + j];
          b[rp + j] = t;
        }
      }
    }
    for (int i = 1; i < n; i++) { // L·Y = P·B, unit diagonal
      int ri = bOff + i * k;
      for (int c = 0; c < i; c++) {
        double m = lu[off + i * n + c];
        if (m == 0) continue;
        int rc = bOff + c * k;
        for (int j = 0; j < k; j++) b[ri + j] -= m * b[rc + j];
      }
    }
    for (int i = n - 1; i >= 0; i--) { // U·X = Y
      int ri = bOff + i * k;
      for (int c = i + 1; c < n; c++) {
        double u = lu[off + i * n + c];
        if (u == 0) continue;
        int rc = bOff + c * k;
        for (int j = 0; j < k; j++) b[ri + j] -= u * b[rc + j];
      }
      double d = lu[off + i * n + i];
      for (int j = 0; j < k; j++) b[ri + j] /= d;
    }
  }

  /**
   * log |det A| from the factors of {@link #luFactor}: Σ log |uᵢᵢ|, summed in a wide accumulator.
   */
  public static /*wide*/ double logAbsDet(double[] lu, int off, int n) {
    /*wide*/ double s = 0;
    for (int i = 0; i < n; i++) s += Math.log(Math.abs((/*wide*/ double) lu[off + i * n + i]));
    return s;
  }

  /** The sign of det A from the factors and the permutation's sign: sign(P)·Π sign(uᵢᵢ). */
  public static int detSign(double[] lu, int off, int n, int permutationSign) {
    int s = permutationSign;
    for (int i = 0; i < n; i++) if (lu[off + i * n + i] < 0) s = -s;
    return s;
  }

  /**
   * The lower Cholesky factor L of the n×n matrix at {@code a[aOff ...]} (reading only its lower
   * triangle, as LAPACK does) into {@code l[lOff ...]} (its upper triangle set to zero).
   *
   * @return -1 when A is positive definite, else the index of the first leading minor that is not
   */
  public static int cholesky(double[] a, int aOff, double[] l, int lOff, int n) {
    for (int j = 0; j < n; j++) {
      int rj = lOff + j * n;
      /*wide*/ double d = a[aOff + j * n + j];
      for (int c = 0; c < j; c++) d -= (/*wide*/ double) l[rj + c] * l[rj + c];
      if (!(d > 0)) return j;
      double ljj = (double) Math.sqrt(d);
      l[rj + j] = ljj;
      for (int c = j + 1; c < n; c++) l[rj + c] = 0;
      for (int i = j + 1; i < n; i++) {
        int ri = lOff + i * n;
        /*wide*/ double s = a[aOff + i * n + j];
        for (int c = 0; c < j; c++) s -= (/*wide*/ double) l[ri + c] * l[rj + c];
        l[ri + j] = (double) (s / ljj);
      }
    }
    return -1;
  }
}
