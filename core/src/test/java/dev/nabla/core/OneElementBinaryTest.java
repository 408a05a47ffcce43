package dev.nabla.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.core.kernel.BinaryOp;
import org.junit.jupiter.api.Test;

/**
 * The one-element fast path of {@code Elementwise.binary} (a scalar tape's ops) gives the bits of
 * the loops: for every op, both dtypes and edge values (±0, NaN, ±∞, subnormal, ties), each pair
 * computed as one-element tensors (rank 0, [1], [1, 1], and a [1] view at an offset of a larger
 * tensor, through slice) must equal the same pair's element of the same op over long operands (8
 * pairs and more: the loop path), and the output takes the operands' shape.
 */
class OneElementBinaryTest {
  private static final double[] EDGES = {0.0, -0.0, 1.0, -1.0, 0.5, 2.0, -3.25, 1e-40, -1e-310, 1e30, 1e300,
      Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.1, 7.0 / 3};

  /** Long operands: every pair (EDGES[i], EDGES[j]) once, so the loop path computes the reference. */
  private static Tensor pairs(DType dtype, boolean left) {
    int n = EDGES.length;
    double[] v = new double[n * n];
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) v[i * n + j] = left ? EDGES[i] : EDGES[j];
    return Tensor.of(v, n * n).toType(dtype);
  }

  /** x as a one-element tensor of the given form. */
  private static Tensor one(DType dtype, double x, int form) {
    Tensor s = Tensor.scalar(dtype, x);
    return switch (form) {
      case 0 -> s;
      case 1 -> s.reshape(1);
      case 2 -> s.reshape(1, 1);
      default -> Tensor.of(new double[] {9, 8, x, 7}, 4).toType(dtype).slice(0, 2, 3); // offset 2
    };
  }

  @Test
  void everyOpGivesTheLoopsBitsOnOneElement() {
    int n = EDGES.length;
    for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
      Tensor a = pairs(dtype, true), b = pairs(dtype, false);
      for (BinaryOp op : BinaryOp.values()) {
        double[] want = a.map(op, b).toDoubleArray();
        for (int form = 0; form < 4; form++) {
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
              Tensor x = one(dtype, EDGES[i], form), y = one(dtype, EDGES[j], form);
              Tensor got = x.map(op, y);
              String what = dtype + " " + op + " form " + form + " (" + EDGES[i] + ", " + EDGES[j] + ")";
              assertEquals(x.shape(), got.shape(), what);
              assertEquals(dtype, got.dtype(), what);
              // bits, NaN included (doubleToLongBits folds NaNs; the loops make no NaN payloads to compare)
              assertEquals(Double.doubleToLongBits(want[i * n + j]), Double.doubleToLongBits(got.item()), what);
            }
          }
        }
      }
    }
  }

  @Test
  void oneElementOperandsOfDifferentShapesStillBroadcast() {
    Tensor s = Tensor.scalar(DType.FLOAT32, 2.0), m = Tensor.of(new float[] {3}, 1, 1);
    Tensor r = s.mul(m);
    assertEquals(Shape.of("test", 1, 1), r.shape());
    assertEquals(6.0, r.item());
    assertEquals(Shape.of("test", 1, 1), m.sub(s).shape());
    assertEquals(1.0, m.sub(s).item());
  }
}
