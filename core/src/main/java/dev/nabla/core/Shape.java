package dev.nabla.core;

import java.util.Arrays;

/**
 * The dimensions of a tensor: an immutable list of non-negative sizes. Rank 0 is a scalar.
 *
 * <pre>{@code
 * Shape s = Shape.of(2, 3);   // [2, 3]; s.rank() == 2, s.size() == 6
 * Shape.broadcast("add", Shape.of(2, 3), Shape.of(3));   // [2, 3]
 * }</pre>
 */
public final class Shape {
  private static final Shape SCALAR = new Shape(new int[0]);
  private final int[] dims;
  private final int size;
  private final int[] strides; // row-major, shared by every dense tensor of this shape; never written

  private Shape(int[] dims) {
    this.dims = dims;
    long n = 1;
    for (int d : dims) n *= d;
    this.size = (int) n;
    this.strides = new int[dims.length];
    int acc = 1;
    for (int i = dims.length - 1; i >= 0; i--) {
      strides[i] = acc;
      acc *= Math.max(dims[i], 1);
    }
  }

  /**
   * A shape with the given dimensions.
   *
   * @throws IllegalArgumentException if a dimension is negative or the size exceeds
   *     {@code Integer.MAX_VALUE}
   */
  public static Shape of(int... dims) {
    if (dims.length == 0) return SCALAR;
    long n = 1;
    for (int d : dims) {
      if (d < 0) throw new IllegalArgumentException("shape: negative dimension in " + Arrays.toString(dims));
      n *= d;
      if (n > Integer.MAX_VALUE)
        throw new IllegalArgumentException("shape: " + Arrays.toString(dims) + " has more than 2^31-1 elements");
    }
    return new Shape(dims.clone());
  }

  /** The rank-0 shape {@code []}. */
  public static Shape scalar() {
    return SCALAR;
  }

  /** A copy of the dimensions. */
  public int[] dims() {
    return dims.clone();
  }

  /** The size of dimension {@code axis}; negative axes count from the end. */
  public int dim(int axis) {
    return dims[normalizeAxis("dim", axis)];
  }

  /** The number of dimensions. */
  public int rank() {
    return dims.length;
  }

  /** The number of elements (1 for a scalar, 0 if any dimension is 0). */
  public int size() {
    return size;
  }

  /**
   * Resolves a possibly negative axis against this rank.
   *
   * @throws IllegalArgumentException naming {@code op} and this shape when out of range
   */
  public int normalizeAxis(String op, int axis) {
    int r = dims.length;
    if (axis < -r || axis >= r)
      throw new IllegalArgumentException(op + ": axis " + axis + " out of range for shape " + this);
    return axis < 0 ? axis + r : axis;
  }

  /** Row-major (C-order) strides of this shape. */
  public int[] contiguousStrides() {
    return strides.clone();
  }

  /** The same strides without a copy, for tensors of this shape (which never write them). */
  int[] sharedStrides() {
    return strides;
  }

  /**
   * The NumPy broadcast of two shapes: align from the right; sizes must match or be 1.
   *
   * @throws ShapeMismatchException naming {@code op} and both shapes
   */
  public static Shape broadcast(String op, Shape a, Shape b) {
    if (a.equals(b)) return a;
    int r = Math.max(a.rank(), b.rank());
    int[] out = new int[r];
    for (int i = 0; i < r; i++) {
      int da = i < r - a.rank() ? 1 : a.dims[i - (r - a.rank())];
      int db = i < r - b.rank() ? 1 : b.dims[i - (r - b.rank())];
      if (da != db && da != 1 && db != 1)
        throw new ShapeMismatchException(op + ": cannot broadcast " + a + " with " + b
            + ": dimension " + i + " is " + da + " vs " + db);
      out[i] = da == 1 ? db : da;
    }
    return new Shape(out);
  }

  /** True when {@code this} broadcasts to {@code target} (NumPy rules). */
  public boolean broadcastsTo(Shape target) {
    if (rank() > target.rank()) return false;
    int off = target.rank() - rank();
    for (int i = 0; i < rank(); i++)
      if (dims[i] != 1 && dims[i] != target.dims[i + off]) return false;
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape s && Arrays.equals(dims, s.dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  /** Like {@code [2, 3]}; a scalar is {@code []}. */
  @Override
  public String toString() {
    return Arrays.toString(dims);
  }
}
