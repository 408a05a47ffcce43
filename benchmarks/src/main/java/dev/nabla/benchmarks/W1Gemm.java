package dev.nabla.benchmarks;

import dev.nabla.core.kernel.MatMul;

/**
 * W1: C = A·B, square n×n float32 row-major, A = normal(1, n²), B = normal(2, n²), through
 * {@link MatMul#gemm} with C preallocated (PyTorch side: {@code torch.mm(A, B, out=C)} /
 * {@code numpy.matmul(A, B, out=C)}). GFLOP/s = 2n³ / t.
 */
public final class W1Gemm {
  public final int n;
  public final float[] a, b, c;

  public W1Gemm(int n) {
    this.n = n;
    a = Data.normal(1, n * n);
    b = Data.normal(2, n * n);
    c = new float[n * n];
  }

  /** One product, C overwritten. */
  public float[] run() {
    MatMul.gemm(false, false, n, n, n, a, 0, n, b, 0, n, c, 0, n, false);
    return c;
  }

  /**
   * Checks C against float64 without any GEMM: 256 sampled entries plus the four corners, and a
   * Freivalds product C·v vs A·(B·v) over all rows, each error normalised by |A||B| (|v|);
   * tolerance 2n·2⁻²⁴ (≈ γₙ of float32 accumulation), as the reference script. Returns the max error.
   */
  public double check() {
    double tol = 2.0 * n * Math.pow(2, -24), err = 0;
    double[] u = Data.u(7, 512);
    for (int s = 0; s < 260; s++) {
      int i, j;
      if (s < 256) {
        i = Math.min((int) (u[2 * s] * n), n - 1);
        j = Math.min((int) (u[2 * s + 1] * n), n - 1);
      } else {
        i = (s - 256) / 2 == 0 ? 0 : n - 1;
        j = (s - 256) % 2 == 0 ? 0 : n - 1;
      }
      double ref = 0, scale = 0;
      for (int p = 0; p < n; p++) {
        double x = a[i * n + p], y = b[p * n + j];
        ref += x * y;
        scale += Math.abs(x) * Math.abs(y);
      }
      err = Math.max(err, Math.abs(c[i * n + j] - ref) / scale);
    }
    double[] v = new double[n];
    double[] uv = Data.u(8, n);
    for (int j = 0; j < n; j++) v[j] = -1 + 2 * uv[j];
    double[] bv = new double[n], babs = new double[n];
    for (int p = 0; p < n; p++) {
      double s = 0, sa = 0;
      for (int j = 0; j < n; j++) {
        s += b[p * n + j] * v[j];
        sa += Math.abs(b[p * n + j]) * Math.abs(v[j]);
      }
      bv[p] = s;
      babs[p] = sa;
    }
    for (int i = 0; i < n; i++) {
      double lhs = 0, rhs = 0, sc = 0;
      for (int j = 0; j < n; j++) lhs += c[i * n + j] * v[j];
      for (int p = 0; p < n; p++) {
        rhs += a[i * n + p] * bv[p];
        sc += Math.abs(a[i * n + p]) * babs[p];
      }
      err = Math.max(err, Math.abs(lhs - rhs) / sc);
    }
    if (!(err < tol))
      throw new AssertionError("W1 GEMM n=" + n + " (" + MatMul.implementation() + "): normalised error " + err
          + " exceeds " + tol + " — the product is wrong; the timing would be meaningless");
    return err;
  }
}
