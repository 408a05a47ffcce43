package dev.nabla.core;

import java.util.List;
import java.util.Objects;

/** The argument checks several of Tensor's concerns share, each with the one wording users match on. */
final class Checks {
  private Checks() {}

  /** Refuses mixed dtypes: {@code op: dtype mismatch: FLOAT32 [2] vs FLOAT64 [2]; convert one with toType}. */
  static void requireSameDType(String op, Tensor a, Tensor b) {
    if (a.dtype != b.dtype)
      throw new IllegalArgumentException(op + ": dtype mismatch: " + a.dtype + " " + a.shape + " vs " + b.dtype
          + " " + b.shape + "; convert one with toType");
  }

  /**
   * Checks {@code axis} against a rank-0 tensor: PyTorch gives a scalar one axis there, named 0 or
   * -1 ({@code torch.tensor(2.).sum(0)} is 2); any other is {@code op: axis 1 out of range for shape []}.
   */
  static void requireScalarAxis(String op, int axis) {
    if (axis != 0 && axis != -1) throw new IllegalArgumentException(op + ": axis " + axis + " out of range for shape []");
  }

  /** {@code parts} and each of its elements non-null; a null element is named by its position. */
  static void requireElements(List<Tensor> parts) {
    Objects.requireNonNull(parts, "parts");
    for (int i = 0; i < parts.size(); i++)
      if (parts.get(i) == null) throw new NullPointerException("parts[" + i + "]");
  }

  /** Refuses an INT32 {@code t} for an op only floating dtypes have: {@code exp: not defined for INT32 tensors}. */
  static void requireFloating(String op, Tensor t) {
    if (t.dtype == DType.INT32) throw new IllegalArgumentException(op + ": not defined for INT32 tensors");
  }

  /** Tensor's {@code allClose}: equal shapes and every |a − b| ≤ atol + rtol·|b| (∞ close only to itself). */
  static boolean allClose(Tensor x, Tensor y, double rtol, double atol) {
    if (!x.shape.equals(y.shape)) return false;
    double[] a = x.toDoubleArray(), b = y.toDoubleArray();
    for (int i = 0; i < a.length; i++) {
      if (a[i] == b[i]) continue;
      if (Double.isInfinite(a[i]) || Double.isInfinite(b[i])) return false; // ∞ is close only to itself
      if (!(Math.abs(a[i] - b[i]) <= atol + rtol * Math.abs(b[i]))) return false;
    }
    return true;
  }

  /** The shapes of {@code ts}, comma-separated, for error messages. */
  static String shapesOf(List<Tensor> ts) {
    StringBuilder sb = new StringBuilder();
    for (Tensor t : ts) sb.append(sb.length() == 0 ? "" : ", ").append(t.shape);
    return sb.toString();
  }
}
