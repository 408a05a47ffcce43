package dev.nabla.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/**
 * Every entry point that computes an output size checks it against {@link Shape#MAX_SIZE} before
 * allocating (issue 11, item 11): an IllegalArgumentException naming the op and the shapes, never
 * a NegativeArraySizeException, an index error, an OutOfMemoryError or a negative dimension.
 * None of these cases allocates more than a few hundred kilobytes.
 */
class SizeOverflowTest {
  record TooLarge(String message, Executable call) {}

  static final DType F64 = DType.FLOAT64;
  static final int ROOT = 46341; // ROOT² = 2147488281 > Integer.MAX_VALUE
  static final int BIG = 65536;
  static final String LIMIT = " elements, more than the maximum of 2147483639";

  static Tensor z(int... dims) {
    return Tensor.zeros(F64, dims);
  }

  /** A [1, n] view of one value (stride 0): huge, but no memory. */
  static Tensor wide(int n) {
    return z(1, 1).expand(1, n);
  }

  static final List<TooLarge> CASES = List.of(
      new TooLarge("add: broadcasting [46341, 1] with [1, 46341] gives [46341, 46341], which would have 2147488281"
          + LIMIT, () -> z(ROOT, 1).add(z(1, ROOT))),
      new TooLarge("mul: broadcasting [46341, 1] with [46341] gives [46341, 46341]", () -> z(ROOT, 1).mul(z(ROOT))),
      new TooLarge("ge: broadcasting [1, 46341] with [46341, 1] gives [46341, 46341]", () -> z(1, ROOT).ge(z(ROOT, 1))),
      new TooLarge("reluBackward: broadcasting [46341, 1] with [1, 46341]", () -> dev.nabla.core.internal.GradientKernels.reluBackward(z(ROOT, 1), z(1, ROOT))),
      new TooLarge("where: broadcasting [46341, 1] with [1, 46341] gives [46341, 46341]",
          () -> Tensor.where(z(ROOT, 1), z(1, ROOT), z(1))),
      new TooLarge("eye: shape [50000, 50000] would have 2500000000" + LIMIT, () -> Tensor.eye(F64, 50000)),
      new TooLarge("eye: shape [65536, 65536] would have 4294967296" + LIMIT, () -> Tensor.eye(DType.FLOAT32, BIG)),
      new TooLarge("arange: from 0.0 to 1.0E10 by 1.0 would have 10000000000" + LIMIT,
          () -> Tensor.arange(F64, 0, 1e10, 1)),
      new TooLarge("arange: from 1.0E308 to -1.0E308 by -1.0E-300 would have", // the count overflows double: ∞
          () -> Tensor.arange(DType.FLOAT32, 1e308, -1e308, -1e-300)),
      new TooLarge("arange: from 0.0 to 2.147483647E9 by 1.0 would have 2147483647" + LIMIT,
          () -> Tensor.arange(F64, Integer.MAX_VALUE)),
      new TooLarge("zeros: shape [2147483647] would have 2147483647" + LIMIT, () -> Tensor.zeros(F64, Integer.MAX_VALUE)),
      new TooLarge("zeros: shape [2147483640] would have", () -> Tensor.zeros(DType.FLOAT32, Shape.MAX_SIZE + 1)),
      new TooLarge("ones: shape [65536, 65536] would have 4294967296", () -> Tensor.ones(F64, BIG, BIG)),
      new TooLarge("full: shape [65536, 65536] would have", () -> Tensor.full(F64, 2, BIG, BIG)),
      new TooLarge("rand: shape [65536, 65536] would have", () -> Tensor.rand(F64, new SplittableRandom(1), BIG, BIG)),
      new TooLarge("randn: shape [65536, 65536] would have",
          () -> Tensor.randn(DType.FLOAT32, new SplittableRandom(1), BIG, BIG)),
      new TooLarge("of: shape [65536, 65536] would have", () -> Tensor.of(new double[4], BIG, BIG)),
      new TooLarge("concat: joining [1, 1000000000], [1, 1000000000], [1, 1000000000] along axis 1 gives"
          + " [1, 3000000000], which would have 3000000000" + LIMIT,
          () -> Tensor.concat(List.of(wide(1_000_000_000), wide(1_000_000_000), wide(1_000_000_000)), 1)),
      new TooLarge("concat: joining [1, 2147483639], [1, 2147483639] along axis 0 gives [2, 2147483639]",
          () -> Tensor.concat(List.of(wide(Shape.MAX_SIZE), wide(Shape.MAX_SIZE)), 0)),
      new TooLarge("concat: joining [0, 2147483647], [0, 1] along axis 1 gives [0, 2147483648], whose axis 1 does not"
          + " fit an int", () -> Tensor.concat(List.of(z(0, 1).expand(0, Integer.MAX_VALUE), z(0, 1)), 1)),
      new TooLarge("stack: joining [1, 1000000000], [1, 1000000000], [1, 1000000000] along axis 0 gives"
          + " [3, 1, 1000000000]", () -> Tensor.stack(Collections.nCopies(3, wide(1_000_000_000)), 0)),
      new TooLarge("matmul: multiplying [46341, 1] by [1, 46341] gives [46341, 46341], which would have 2147488281"
          + LIMIT, () -> z(ROOT, 1).matmul(z(1, ROOT))), // the outer product of two columns
      new TooLarge("matmul: multiplying [65536, 0] by [0, 65536] gives [65536, 65536]", () -> z(BIG, 0).matmul(z(0, BIG))),
      new TooLarge("matmul: multiplying [65536, 1, 0] by [1, 0, 65536] gives [65536, 1, 65536]",
          () -> z(BIG, 1, 0).matmul(z(1, 0, BIG))),
      new TooLarge("linear: applying weight [65536, 0] to input [65536, 0] gives [65536, 65536]",
          () -> z(BIG, 0).linear(z(BIG, 0), null)),
      new TooLarge("expand: expanding [1] to [65536, 65536] would have 4294967296" + LIMIT,
          () -> z(1).expand(BIG, BIG)),
      new TooLarge("sum: shape [65536, 65536] would have", () -> z(BIG, BIG, 0).sum(2)),
      new TooLarge("logSumExp: shape [65536, 65536, 1] would have", () -> z(BIG, BIG, 0).logSumExp(2, true)),
      new TooLarge("gather: shape [65536, 65536] would have", () -> z(BIG, BIG, 0).gather(2, new int[0])),
      new TooLarge("scatter: shape [46341, 46341] would have", () -> z(ROOT).scatter(1, new int[ROOT], ROOT)),
      new TooLarge("indexAdd: shape [46341, 46341] would have", () -> z(1, ROOT).indexAdd(0, new int[1], ROOT)),
      new TooLarge("indexSelect: shape [46341, 46341] would have", () -> z(1, ROOT).indexSelect(0, new int[ROOT])));

  @TestFactory
  Stream<DynamicTest> everySizeIsCheckedBeforeAllocating() {
    return CASES.stream().map(c -> dynamicTest(c.message(), () -> {
      Throwable t = assertThrows(Throwable.class, c.call());
      assertEquals(IllegalArgumentException.class, t.getClass(), () -> "exception type; got " + t);
      assertTrue(t.getMessage().startsWith(c.message()), () -> "message: " + t.getMessage());
      assertFalse(t.getMessage().matches(".*\\[[^\\]]*-\\d.*"), () -> "negative dimension in: " + t.getMessage());
    }));
  }

  @Test
  void sizesJustInsideTheLimitsStillWork() {
    assertEquals(Shape.of(46340, 46340), z(46340, 1).expand(46340, 46340).shape()); // a view: no memory
    assertEquals(Shape.of(3, 0), Tensor.concat(List.of(z(1, 0), z(2, 0)), 0).shape());
    assertEquals(Shape.of(0, BIG, BIG), z(0, 1, BIG).mul(z(BIG, 1)).shape());
    assertEquals(Shape.of(BIG, 0), z(BIG, 1).matmul(z(1, 0)).shape());
    assertEquals(Shape.of(BIG, 0), z(BIG, 0).linear(z(0, 0), null).shape());
    assertEquals(Shape.of(BIG, BIG, 0), z(1, 1, 0).expand(BIG, BIG, 0).shape());
    assertEquals(5, Tensor.arange(F64, 0, 5, 1).size());
    assertEquals(0, Tensor.arange(F64, 5, 0, 1).size());
  }

  @Test
  void batchedMatmulBroadcastsWithoutMaterializingTheBroadcastOperand() {
    // x [1, 2, 3] against y [4, 3, 1]: x is read four times in place; same values as the loop
    Tensor x = Tensor.arange(F64, 6).reshape(1, 2, 3), y = Tensor.arange(F64, 12).reshape(4, 3, 1);
    Tensor out = x.matmul(y);
    assertEquals(Shape.of(4, 2, 1), out.shape());
    for (int b = 0; b < 4; b++)
      for (int i = 0; i < 2; i++) {
        double s = 0;
        for (int k = 0; k < 3; k++) s += x.get(0, i, k) * y.get(b, k, 0);
        assertEquals(s, out.get(b, i, 0));
      }
    // x [1, 1000, 1000] broadcast over 3000 batches would be 3e9 elements; the product is [3000, 1000, 0]
    Tensor big = z(1, 1, 1).expand(1, 1000, 1000);
    assertEquals(Shape.of(3000, 1000, 0), big.matmul(z(3000, 1000, 0)).shape());
  }

  @Test
  void sliceAndNarrowBoundsDoNotOverflow() {
    Tensor t = Tensor.arange(F64, 5);
    assertEquals(List.of(0.0), asList(t.slice(0, 0, 5, Integer.MAX_VALUE)));
    assertEquals(List.of(2.0), asList(t.slice(0, 2, Integer.MAX_VALUE, Integer.MAX_VALUE)));
    assertEquals(List.of(1.0, 4.0), asList(t.slice(0, 1, 5, 3)));
    var e = assertThrows(IndexOutOfBoundsException.class, () -> t.narrow(0, 1, Integer.MAX_VALUE));
    assertEquals("narrow: [1, 2147483648) out of range for axis 0 of shape [5]", e.getMessage());
  }

  static List<Double> asList(Tensor t) {
    return java.util.Arrays.stream(t.toDoubleArray()).boxed().toList();
  }
}
