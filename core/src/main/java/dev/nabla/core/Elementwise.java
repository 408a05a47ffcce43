package dev.nabla.core;

import dev.nabla.core.kernel.Binary;
import dev.nabla.core.kernel.BinaryOp;
import dev.nabla.core.kernel.IntArith;
import dev.nabla.core.kernel.Unary;
import dev.nabla.core.kernel.UnaryOp;
import java.util.Locale;
import java.util.Objects;

/**
 * Tensor's elementwise dispatch: a {@link UnaryOp} or {@link BinaryOp} applied over dense arrays,
 * and {@code where}. {@link #binary} picks the cheapest loop for the operands' layout; this is the
 * hot path of every training step, so each test below is a few comparisons and no path allocates
 * more than its output (and a dense copy of an operand that is a strided view).
 */
final class Elementwise {
  private Elementwise() {}

  static Tensor unary(Tensor x, UnaryOp op) {
    Tensor out = Tensor.empty(x.dtype, x.shape);
    if (x.dtype == DType.INT32) {
      if (!IntArith.supports(op)) Checks.requireFloating(name(op), x);
      IntArith.apply(op, x.i(), out.storage.i, x.size());
    } else if (x.dtype == DType.FLOAT32) Unary.apply(op, x.f(), out.storage.f, x.size());
    else Unary.apply(op, x.d(), out.storage.d, x.size());
    return out;
  }

  /**
   * {@code op(a, b)} with NumPy broadcasting, named {@code name} in errors. The paths, tried in this
   * order (s is the broadcast shape, n its size; an operand "is one value" when every element is the
   * same storage element, e.g. a scalar or a scalar expanded):
   * <ol>
   *   <li>same shape: both operands have shape s and neither is one value: one flat loop;
   *   <li>scalar right: b is one value and a has shape s: a op b[0];
   *   <li>scalar left: a is one value and b has shape s: a[0] op b;
   *   <li>repeat right: a has shape s and b (leading 1s aside) is s's trailing dims, so b repeats
   *       every k elements (a bias [C] on [B, C]): a row loop over n / k rows of k;
   *   <li>repeat left: the same with the operands' roles swapped;
   *   <li>runs right: a has shape s and b is s's leading dims followed by 1s, so each element of b
   *       covers a run of k consecutive elements (a per-row value [B, 1] on [B, C]);
   *   <li>runs left: the same with the roles swapped;
   *   <li>general: both expanded to s and copied dense, then one flat loop.
   * </ol>
   */
  static Tensor binary(String name, BinaryOp op, Tensor a, Tensor b) {
    Objects.requireNonNull(b, "b");
    if (a.dtype == b.dtype && a.dtype != DType.INT32 && a.shape.size() == 1 && sameShape(a, b)) return one(op, a, b);
    Checks.requireSameDType(name, a, b);
    Shape s = Shape.broadcast(name, a.shape, b.shape);
    Tensor out = Tensor.empty(a.dtype, s);
    int n = s.size(), k;
    boolean f32 = a.dtype == DType.FLOAT32;
    if (a.dtype == DType.INT32 && !IntArith.supports(op)) Checks.requireFloating(name, a);
    if (n == 0) return out;
    if (a.dtype == DType.INT32) { // integers: one path, operands broadcast densely
      IntArith.apply(op, a.expand(s).i(), b.expand(s).i(), out.storage.i, n);
      return out;
    }
    if (a.shape.equals(b.shape) && !isOneValue(a) && !isOneValue(b)) { // same shape
      if (f32) Binary.apply(op, a.f(), b.f(), out.storage.f, n);
      else Binary.apply(op, a.d(), b.d(), out.storage.d, n);
    } else if (isOneValue(b) && a.shape.equals(s)) { // scalar right
      if (f32) Binary.applyScalarRight(op, a.f(), b.storage.f[b.offset], out.storage.f, n);
      else Binary.applyScalarRight(op, a.d(), b.storage.d[b.offset], out.storage.d, n);
    } else if (isOneValue(a) && b.shape.equals(s)) { // scalar left
      if (f32) Binary.applyScalarLeft(op, a.storage.f[a.offset], b.f(), out.storage.f, n);
      else Binary.applyScalarLeft(op, a.storage.d[a.offset], b.d(), out.storage.d, n);
    } else if (a.shape.equals(s) && (k = repeatPeriod(b.shape, s)) > 0) { // repeat right
      if (f32) Binary.applyRepeat(op, a.f(), b.f(), out.storage.f, n / k, k, false);
      else Binary.applyRepeat(op, a.d(), b.d(), out.storage.d, n / k, k, false);
    } else if (b.shape.equals(s) && (k = repeatPeriod(a.shape, s)) > 0) { // repeat left
      if (f32) Binary.applyRepeat(op, b.f(), a.f(), out.storage.f, n / k, k, true);
      else Binary.applyRepeat(op, b.d(), a.d(), out.storage.d, n / k, k, true);
    } else if (a.shape.equals(s) && (k = runLength(b.shape, s)) > 0) { // runs right
      if (f32) Binary.applyRuns(op, a.f(), b.f(), out.storage.f, n / k, k, false);
      else Binary.applyRuns(op, a.d(), b.d(), out.storage.d, n / k, k, false);
    } else if (b.shape.equals(s) && (k = runLength(a.shape, s)) > 0) { // runs left
      if (f32) Binary.applyRuns(op, b.f(), a.f(), out.storage.f, n / k, k, true);
      else Binary.applyRuns(op, b.d(), a.d(), out.storage.d, n / k, k, true);
    } else { // general
      Tensor x = a.expand(s), y = b.expand(s);
      if (f32) Binary.apply(op, x.f(), y.f(), out.storage.f, n);
      else Binary.apply(op, x.d(), y.d(), out.storage.d, n);
    }
    return out;
  }

  /**
   * The one-element fast path (a scalar tape: W3): a and b of one floating dtype and one shape of
   * size 1 (so the output has it too, and each operand's element sits at its offset whatever its
   * strides). One formula, the loops' own ({@link Binary#one}, same bits), and the output: no
   * broadcast, no layout tests, no loop call.
   */
  private static Tensor one(BinaryOp op, Tensor a, Tensor b) {
    if (a.dtype == DType.FLOAT32)
      return Tensor.dense(new float[] {Binary.one(op, a.storage.f[a.offset], b.storage.f[b.offset])}, a.shape);
    return Tensor.dense(new double[] {Binary.one(op, a.storage.d[a.offset], b.storage.d[b.offset])}, a.shape);
  }

  private static boolean sameShape(Tensor a, Tensor b) {
    return a.shape == b.shape || a.shape.equals(b.shape);
  }

  /** The op's name as Tensor spells it: {@code LOG_SIGMOID} is {@code logSigmoid}. */
  static String name(UnaryOp op) {
    String[] w = op.name().toLowerCase(Locale.ROOT).split("_");
    return w.length == 1 ? w[0] : w[0] + Character.toUpperCase(w[1].charAt(0)) + w[1].substring(1);
  }

  /** True when every element of {@code t} is the same storage element: one value, possibly broadcast (stride 0). */
  private static boolean isOneValue(Tensor t) {
    if (t.size() == 0) return false;
    for (int i = 0; i < t.rank(); i++) if (t.strides[i] != 0 && t.shape.dim(i) != 1) return false;
    return true;
  }

  /**
   * The period p when {@code t}, leading 1s aside, equals the trailing dimensions of {@code s}
   * (so t repeats every p elements of s); -1 otherwise.
   */
  private static int repeatPeriod(Shape t, Shape s) {
    int k = 0;
    while (k < t.rank() && t.dim(k) == 1) k++;
    int len = t.rank() - k, p = 1;
    if (len > s.rank()) return -1;
    for (int i = 0; i < len; i++) {
      if (t.dim(k + i) != s.dim(s.rank() - len + i)) return -1;
      p *= t.dim(k + i);
    }
    return p;
  }

  /**
   * The run length q when {@code t} (right-aligned) equals the leading dimensions of {@code s}
   * followed by 1s (so each element of t covers q consecutive elements of s); -1 otherwise.
   */
  private static int runLength(Shape t, Shape s) {
    int off = s.rank() - t.rank(), cut = 0;
    for (int i = 0; i < s.rank(); i++) if ((i < off ? 1 : t.dim(i - off)) != 1) cut = i + 1;
    int q = 1;
    for (int i = 0; i < s.rank(); i++) {
      int ti = i < off ? 1 : t.dim(i - off);
      if (i < cut && ti != s.dim(i)) return -1;
      if (i >= cut) q *= s.dim(i);
    }
    return q;
  }

  static Tensor where(Tensor mask, Tensor a, Tensor b) {
    Objects.requireNonNull(mask, "mask");
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    Checks.requireSameDType("where", mask, a);
    Checks.requireSameDType("where", a, b);
    Shape s;
    try {
      s = Shape.broadcast("where", Shape.broadcast("where", mask.shape, a.shape), b.shape);
    } catch (ShapeMismatchException e) {
      throw new ShapeMismatchException("where: cannot broadcast mask " + mask.shape + ", a " + a.shape + " and b "
          + b.shape + " together");
    }
    Tensor out = Tensor.empty(a.dtype, s), m = mask.expand(s), x = a.expand(s), y = b.expand(s);
    if (a.dtype == DType.INT32) IntArith.select(m.i(), x.i(), y.i(), out.storage.i, s.size());
    else if (a.dtype == DType.FLOAT32) Binary.select(m.f(), x.f(), y.f(), out.storage.f, s.size());
    else Binary.select(m.d(), x.d(), y.d(), out.storage.d, s.size());
    return out;
  }
}
