package dev.nabla.core.kernel;

// twins: int (a data-movement kernel: core/src/build/Twins.java also writes IntStrided from this source)

/** The one source of {@link Strided#copy}; its FLOAT32 and INT32 twins are generated from it. */
final class DoubleStrided {
  private DoubleStrided() {}

  static void copy(double[] src, int offset, int[] dims, int[] strides, double[] dst) {
    int rank = dims.length, n = dst.length;
    if (n == 0) return;
    if (rank == 0) {
      dst[0] = src[offset];
      return;
    }
    int inner = dims[rank - 1], is = strides[rank - 1];
    int[] idx = new int[rank];
    int base = offset;
    for (int o = 0; o < n; o += inner) {
      for (int j = 0, p = base; j < inner; j++, p += is) dst[o + j] = src[p];
      base = advance(idx, dims, strides, base);
    }
  }

  /** Steps the counter over all dimensions but the last; returns the new base offset. */
  private static int advance(int[] idx, int[] dims, int[] strides, int base) {
    for (int d = dims.length - 2; d >= 0; d--) {
      if (++idx[d] < dims[d]) return base + strides[d];
      base -= strides[d] * (dims[d] - 1);
      idx[d] = 0;
    }
    return base;
  }
}
