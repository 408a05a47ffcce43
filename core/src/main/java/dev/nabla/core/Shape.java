package dev.nabla.core;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;

/**
 * The dimensions of a tensor: an immutable list of non-negative sizes. Rank 0 is a scalar. The
 * size (the product of the dimensions, 0 when any is 0) is at most {@link #MAX_SIZE}.
 *
 * <pre>{@code
 * Shape s = Shape.of(2, 3);   // [2, 3]; s.rank() == 2, s.size() == 6
 * Shape.broadcast("add", Shape.of(2, 3), Shape.of(3));   // [2, 3]
 * }</pre>
 */
public final class Shape {
  /**
   * The most elements a tensor may have: {@code Integer.MAX_VALUE - 8}, the largest array length
   * every JVM can allocate (the JDK's own collections stop there too). Shapes above it are refused
   * with an IllegalArgumentException before anything is allocated; a size within it may still
   * exceed the heap, which the JVM reports as an OutOfMemoryError.
   */
  public static final int MAX_SIZE = Integer.MAX_VALUE - 8;

  private static final Shape SCALAR = new Shape(new int[0], 1);
  private final int[] dims;
  private final int size;
  private final int[] strides; // row-major, shared by every dense tensor of this shape; never written

  /** {@code dims} non-negative with {@code size} = their product, already checked. */
  private Shape(int[] dims, int size) {
    this.dims = dims;
    this.size = size;
    this.strides = new int[dims.length];
    long acc = 1; // a zero-size shape may have a product of the other dims above int: saturate
    for (int i = dims.length - 1; i >= 0; i--) {
      strides[i] = (int) acc;
      acc = Math.min(acc * Math.max(dims[i], 1), Integer.MAX_VALUE);
    }
  }

  /**
   * A shape with the given dimensions. A zero anywhere makes the size 0, whatever the others.
   *
   * <pre>{@code Shape.of(2, 3).size()   // 6;  Shape.of(65536, 65536, 0).size() is 0}</pre>
   *
   * @throws IllegalArgumentException if a dimension is negative or the size exceeds {@link #MAX_SIZE}
   */
  public static Shape of(int... dims) {
    return of("shape", dims);
  }

  /** {@link #of(int...)}, its errors in the words of {@code op}. */
  static Shape of(String op, int... dims) {
    Objects.requireNonNull(dims, "dims");
    if (dims.length == 0) return SCALAR;
    long n = count(op, dims);
    if (n < 0) throw tooLarge(op, op.equals("shape") ? "" : "shape ", dims);
    return new Shape(dims.clone(), (int) n);
  }

  /**
   * The number of elements of {@code dims}: 0 if any is 0, else their product, or -1 when that
   * exceeds {@link #MAX_SIZE}.
   *
   * @throws IllegalArgumentException naming {@code op} if a dimension is negative
   */
  static long count(String op, int[] dims) {
    long n = 1;
    for (int d : dims) {
      if (d <= 0) {
        if (d < 0) throw new IllegalArgumentException(op + ": negative dimension in " + Arrays.toString(dims));
        for (int e : dims)
          if (e < 0) throw new IllegalArgumentException(op + ": negative dimension in " + Arrays.toString(dims));
        return 0;
      }
      if (n > 0 && (n *= d) > MAX_SIZE) n = -1; // n ≤ MAX_SIZE before, so n·d stays below 2^62
    }
    return n;
  }

  /**
   * The error for a result of {@code dims} above {@link #MAX_SIZE}, e.g.
   * {@code add: broadcasting [46341, 1] with [1, 46341] gives [46341, 46341], which would have
   * 2147488281 elements, more than the maximum of 2147483639}.
   */
  static IllegalArgumentException tooLarge(String op, String what, int[] dims) {
    return tooLarge(op, what, Arrays.stream(dims).asLongStream().toArray());
  }

  static IllegalArgumentException tooLarge(String op, String what, long[] dims) {
    BigInteger n = BigInteger.ONE;
    for (long d : dims) n = n.multiply(BigInteger.valueOf(d));
    return new IllegalArgumentException(op + ": " + what + Arrays.toString(dims)
        + (what.endsWith("gives ") ? ", which" : "") + " would have " + n + " elements, more than the maximum of "
        + MAX_SIZE);
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
    Objects.requireNonNull(op, "op");
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
   * @throws IllegalArgumentException naming {@code op} and both shapes when the result would have
   *     more than {@link #MAX_SIZE} elements
   */
  public static Shape broadcast(String op, Shape a, Shape b) {
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    if (a.equals(b)) return a;
    int[] out = broadcast(a.dims, b.dims);
    if (out == null) {
      int r = Math.max(a.rank(), b.rank()), i = 0, da, db;
      do {
        da = i < r - a.rank() ? 1 : a.dims[i - (r - a.rank())];
        db = i < r - b.rank() ? 1 : b.dims[i - (r - b.rank())];
      } while ((da == db || da == 1 || db == 1) && ++i < r);
      throw new ShapeMismatchException(op + ": cannot broadcast " + a + " with " + b
          + ": dimension " + i + " is " + da + " vs " + db);
    }
    long n = count(op, out);
    if (n < 0) throw tooLarge(op, "broadcasting " + a + " with " + b + " gives ", out);
    return new Shape(out, (int) n);
  }

  /** The NumPy broadcast of two lists of dims, or null when they do not broadcast; the size is unchecked. */
  static int[] broadcast(int[] a, int[] b) {
    int r = Math.max(a.length, b.length);
    int[] out = new int[r];
    for (int i = 0; i < r; i++) {
      int da = i < r - a.length ? 1 : a[i - (r - a.length)];
      int db = i < r - b.length ? 1 : b[i - (r - b.length)];
      if (da != db && da != 1 && db != 1) return null;
      out[i] = da == 1 ? db : da;
    }
    return out;
  }

  /** True when {@code this} broadcasts to {@code target} (NumPy rules). */
  public boolean broadcastsTo(Shape target) {
    Objects.requireNonNull(target, "target");
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
