package dev.nabla.core;

import dev.nabla.core.kernel.IndexRows;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Tensor's indexing: gather and its adjoint scatter, indexSelect and its adjoint indexAdd, and the
 * joins concat and stack. Every index is checked before anything is written.
 */
final class Indexing {
  private Indexing() {}

  static Tensor concat(List<Tensor> parts, int axis) {
    Checks.requireElements(parts);
    if (parts.isEmpty()) throw new IllegalArgumentException("concat: no tensors given");
    Tensor first = parts.get(0);
    if (first.rank() == 0) // as PyTorch, for every axis: "zero-dimensional tensor cannot be concatenated"
      throw new IllegalArgumentException("concat: cannot concatenate tensors of shape [] (a scalar has no axis to join"
          + " along); use stack");
    int a = first.shape.normalizeAxis("concat", axis);
    long sum = 0;
    for (Tensor t : parts) {
      Checks.requireSameDType("concat", first, t);
      boolean ok = t.rank() == first.rank();
      for (int i = 0; ok && i < t.rank(); i++) ok = i == a || t.shape.dim(i) == first.shape.dim(i);
      if (!ok) throw new ShapeMismatchException("concat: shapes " + Checks.shapesOf(parts) + " differ outside axis " + a);
      sum += t.shape.dim(a);
    }
    int[] dims = first.shape.dims();
    dims[a] = 1;
    long rest = Shape.count("concat", dims); // the other dims' product
    if (rest < 0 || sum > (rest == 0 ? Integer.MAX_VALUE : Shape.MAX_SIZE) || rest * sum > Shape.MAX_SIZE) {
      long[] wide = Arrays.stream(dims).asLongStream().toArray();
      wide[a] = sum;
      String what = "joining " + Checks.shapesOf(parts) + " along axis " + a + " gives ";
      throw rest == 0 ? new IllegalArgumentException("concat: " + what + Arrays.toString(wide) + ", whose axis " + a
          + " does not fit an int") : Shape.tooLarge("concat", what, wide);
    }
    int total = (int) sum;
    dims[a] = total;
    Tensor out = Tensor.empty(first.dtype, Shape.of(dims));
    int outer = 1, inner = 1;
    for (int i = 0; i < a; i++) outer *= dims[i];
    for (int i = a + 1; i < dims.length; i++) inner *= dims[i];
    int pos = 0;
    Object dst = out.array();
    for (Tensor t : parts) {
      int chunk = t.shape.dim(a) * inner;
      Object src = t.denseArray();
      for (int o = 0; o < outer; o++) System.arraycopy(src, o * chunk, dst, o * total * inner + pos, chunk);
      pos += chunk;
    }
    return out;
  }

  static Tensor stack(List<Tensor> parts, int axis) {
    Checks.requireElements(parts);
    if (parts.isEmpty()) throw new IllegalArgumentException("stack: no tensors given");
    Shape s = parts.get(0).shape;
    for (Tensor t : parts)
      if (!t.shape.equals(s)) throw new ShapeMismatchException("stack: shapes " + Checks.shapesOf(parts) + " are not all equal");
    int r = s.rank();
    if (axis < -r - 1 || axis > r)
      throw new IllegalArgumentException("stack: axis " + axis + " out of range for shape " + s);
    int a = axis < 0 ? axis + r + 1 : axis;
    int[] dims = new int[r + 1];
    for (int i = 0, j = 0; i <= r; i++) dims[i] = i == a ? parts.size() : s.dim(j++);
    if (Shape.count("stack", dims) < 0)
      throw Shape.tooLarge("stack", "joining " + Checks.shapesOf(parts) + " along axis " + a + " gives ", dims);
    return concat(parts.stream().map(t -> t.unsqueeze(a)).toList(), a);
  }

  /**
   * The values of an index tensor, checked to be INT32 and, unless {@code shape} is null, of that
   * shape or 1-D with as many elements; {@code rank1} asks for a 1-D (or rank-0) index.
   */
  static int[] indices(String op, String what, Tensor index, Shape shape, boolean rank1) {
    Objects.requireNonNull(index, what);
    if (index.dtype != DType.INT32)
      throw new IllegalArgumentException(op + ": " + what + " must be an INT32 tensor, got " + index.dtype + " "
          + index.shape + "; convert it with toType(DType.INT32)");
    if (rank1 && index.rank() > 1)
      throw new ShapeMismatchException(op + ": " + what + " must be 1-D, got shape " + index.shape);
    if (shape != null && index.rank() > 1 && !index.shape.equals(shape))
      throw new ShapeMismatchException(op + ": " + what + " of shape " + index.shape + " does not match " + shape
          + " (or a 1-D list of " + shape.size() + ")");
    return index.toIntArray();
  }

  static Tensor gather(Tensor t, int axis, Tensor indexTensor) {
    if (t.rank() == 0) return scalarSelect(t, "gather", axis, indices("gather", "index", indexTensor, null, false), 1);
    Shape shape = t.shape;
    int a = shape.normalizeAxis("gather", axis);
    int[] index = indices("gather", "index", indexTensor, Shape.of("gather", removeAxis(shape.dims(), a)), false);
    Tensor moved = a == t.rank() - 1 ? t : t.permute(axisLast(t.rank(), a));
    int len = shape.dim(a), rows = len == 0 ? 0 : t.size() / len;
    if (len == 0) rows = Shape.of("gather", removeAxis(shape.dims(), a)).size();
    if (index.length != rows)
      throw new ShapeMismatchException("gather: " + index.length + " indices for shape " + shape + " along axis " + a
          + " (need " + rows + ", one per position of " + Shape.of(removeAxis(shape.dims(), a)) + ")");
    for (int i : index)
      if (i < 0 || i >= len)
        throw new IndexOutOfBoundsException("gather: index " + i + " out of range for axis " + a + " of size " + len
            + " (shape " + shape + ")");
    Tensor out = Tensor.empty(t.dtype, Shape.of(removeAxis(shape.dims(), a)));
    if (t.dtype == DType.FLOAT32) {
      float[] x = moved.f(), y = out.storage.f;
      for (int r = 0; r < rows; r++) y[r] = x[r * len + index[r]];
    } else if (t.dtype == DType.INT32) {
      int[] x = moved.i(), y = out.storage.i;
      for (int r = 0; r < rows; r++) y[r] = x[r * len + index[r]];
    } else {
      double[] x = moved.d(), y = out.storage.d;
      for (int r = 0; r < rows; r++) y[r] = x[r * len + index[r]];
    }
    return out;
  }

  static Tensor scatter(Tensor t, int axis, Tensor indexTensor, int axisSize) {
    int[] index = indices("scatter", "index", indexTensor, t.shape, false);
    int r = t.rank() + 1;
    if (axis < -r || axis >= r)
      throw new IllegalArgumentException("scatter: axis " + axis + " out of range for the result of rank " + r + " (shape "
          + t.shape + " with an axis inserted)");
    int a = axis < 0 ? axis + r : axis;
    if (index.length != t.size())
      throw new ShapeMismatchException("scatter: " + index.length + " indices for shape " + t.shape);
    for (int i : index)
      if (i < 0 || i >= axisSize)
        throw new IndexOutOfBoundsException("scatter: index " + i + " out of range for axis size " + axisSize);
    int[] dims = t.shape.dims(), movedDims = Arrays.copyOf(dims, dims.length + 1);
    movedDims[dims.length] = axisSize;
    Tensor moved = Tensor.empty(t.dtype, Shape.of("scatter", movedDims));
    int rows = t.size();
    if (t.dtype == DType.FLOAT32) {
      float[] x = t.f(), y = moved.storage.f;
      for (int p = 0; p < rows; p++) y[p * axisSize + index[p]] = x[p];
    } else if (t.dtype == DType.INT32) {
      int[] x = t.i(), y = moved.storage.i;
      for (int p = 0; p < rows; p++) y[p * axisSize + index[p]] = x[p];
    } else {
      double[] x = t.d(), y = moved.storage.d;
      for (int p = 0; p < rows; p++) y[p * axisSize + index[p]] = x[p];
    }
    return a == r - 1 ? moved : moved.permute(lastToAxis(r, a)).contiguous();
  }

  static Tensor indexSelect(Tensor t, int axis, Tensor indexTensor) {
    int[] indices = indices("indexSelect", "indices", indexTensor, null, true);
    if (t.rank() == 0) return scalarSelect(t, "indexSelect", axis, indices, 1);
    int a = t.shape.normalizeAxis("indexSelect", axis), len = t.shape.dim(a);
    int[] dims = t.shape.dims();
    dims[a] = indices.length;
    Shape.of("indexSelect", dims); // the result's size, checked before any copy
    for (int i : indices)
      if (i < 0 || i >= len)
        throw new IndexOutOfBoundsException("indexSelect: index " + i + " out of range for axis " + a + " of size "
            + len + " (shape " + t.shape + ")");
    if (indices.length == 0) return t.slice(a, 0, 0).contiguous();
    Tensor src = a == 0 ? t : t.permute(axisFirst(t.rank(), a)); // the selected axis first: rows of `inner`
    Object x = src.denseArray();
    int inner = src.size() / len;
    int[] md = src.shape.dims();
    md[0] = indices.length;
    Tensor out = Tensor.empty(t.dtype, Shape.of(md));
    if (x instanceof float[] f) IndexRows.select(f, indices, inner, out.storage.f);
    else if (x instanceof int[] n) IndexRows.select(n, indices, inner, out.storage.i);
    else IndexRows.select((double[]) x, indices, inner, out.storage.d);
    return a == 0 ? out : out.permute(inverse(axisFirst(t.rank(), a))).contiguous();
  }

  static Tensor indexAdd(Tensor t, int axis, Tensor indexTensor, int axisSize) {
    int[] indices = indices("indexAdd", "indices", indexTensor, null, true);
    if (t.rank() == 0) return scalarSelect(t, "indexAdd", axis, indices, axisSize);
    int a = t.shape.normalizeAxis("indexAdd", axis);
    if (indices.length != t.shape.dim(a))
      throw new ShapeMismatchException("indexAdd: " + indices.length + " indices for axis " + a + " of shape " + t.shape);
    int[] dims = t.shape.dims();
    dims[a] = axisSize;
    Shape.of("indexAdd", dims); // the result's size, checked before allocating
    for (int i : indices)
      if (i < 0 || i >= axisSize)
        throw new IndexOutOfBoundsException("indexAdd: index " + i + " out of range for axis size " + axisSize);
    Tensor src = a == 0 ? t : t.permute(axisFirst(t.rank(), a));
    int inner = indices.length == 0 ? 0 : src.size() / indices.length;
    int[] md = src.shape.dims();
    md[0] = axisSize;
    Tensor out = Tensor.empty(t.dtype, Shape.of(md));
    if (t.dtype == DType.FLOAT32) IndexRows.add(src.f(), indices, inner, axisSize, out.storage.f);
    else if (t.dtype == DType.INT32) IndexRows.add(src.i(), indices, inner, axisSize, out.storage.i);
    else IndexRows.add(src.d(), indices, inner, axisSize, out.storage.d);
    return a == 0 ? out : out.permute(inverse(axisFirst(t.rank(), a))).contiguous();
  }

  /**
   * gather, indexSelect or indexAdd on a rank-0 tensor: like PyTorch, axis 0 or -1, one index, 0,
   * into its one element (an axis of size 1); a copy of this tensor.
   */
  private static Tensor scalarSelect(Tensor t, String op, int axis, int[] index, int axisSize) {
    Checks.requireScalarAxis(op, axis);
    if (index.length != 1)
      throw new IllegalArgumentException(op + ": " + index.length + " indices for a value of shape []; it takes one");
    if (axisSize != 1)
      throw new IllegalArgumentException(op + ": axis size " + axisSize + " for a result of shape []; a scalar's one axis"
          + " has size 1");
    if (index[0] != 0)
      throw new IndexOutOfBoundsException(op + ": index " + index[0] + " out of range for axis 0 of size 1 (shape [])");
    return Tensor.empty(t.dtype, t.shape).copyInPlace(t);
  }

  /** The permutation moving axis {@code a} of {@code r} to the end. */
  private static int[] axisLast(int r, int a) {
    int[] p = new int[r];
    for (int i = 0, j = 0; i < r; i++) if (i != a) p[j++] = i;
    p[r - 1] = a;
    return p;
  }

  private static int[] lastToAxis(int r, int a) {
    int[] p = new int[r];
    for (int i = 0, j = 0; i < r; i++) p[i] = i == a ? r - 1 : j++;
    return p;
  }

  private static int[] axisFirst(int r, int a) {
    int[] p = new int[r];
    p[0] = a;
    for (int i = 0, j = 1; i < r; i++) if (i != a) p[j++] = i;
    return p;
  }

  private static int[] inverse(int[] p) {
    int[] q = new int[p.length];
    for (int i = 0; i < p.length; i++) q[p[i]] = i;
    return q;
  }

  private static int[] removeAxis(int[] dims, int a) {
    int[] d = new int[dims.length - 1];
    for (int i = 0, j = 0; i < dims.length; i++) if (i != a) d[j++] = dims[i];
    return d;
  }
}
