package dev.nabla.core.kernel;

/**
 * Gathers a strided n-d view ({@code offset}, {@code dims}, {@code strides}) into a dense
 * row-major array. This one loop is the general path of every op: anything that is not dense
 * (transposed, sliced, broadcast with stride 0) is copied here once, and the dense kernels run
 * on the copy. The innermost dimension is a tight strided loop; outer dimensions use a counter.
 * One source for every dtype: {@code DoubleStrided} (FLOAT32 and INT32 twins generated from it).
 */
public final class Strided {
  private Strided() {}

  public static void copy(double[] src, int offset, int[] dims, int[] strides, double[] dst) {
    DoubleStrided.copy(src, offset, dims, strides, dst);
  }

  public static void copy(float[] src, int offset, int[] dims, int[] strides, float[] dst) {
    FloatStrided.copy(src, offset, dims, strides, dst);
  }

  /**
   * The INT32 copy (views of index tensors: {@code DType.INT32}). Example: the transpose of a 2×3
   * {@code [0, 1, 2, 3, 4, 5]} is {@code copy(src, 0, new int[] {3, 2}, new int[] {1, 3}, dst)}, giving
   * {@code [0, 3, 1, 4, 2, 5]}.
   */
  public static void copy(int[] src, int offset, int[] dims, int[] strides, int[] dst) {
    IntStrided.copy(src, offset, dims, strides, dst);
  }
}
