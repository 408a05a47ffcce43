package dev.nabla.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Shape}'s size arithmetic (issue 11, item 10): a zero anywhere means size 0 whatever the
 * other dimensions, whatever their order; otherwise the product must fit {@link Shape#MAX_SIZE};
 * strides never overflow.
 */
class ShapeSizeTest {
  static final int BIG = 65536; // BIG * BIG = 2^32 overflows int

  static final List<int[]> EMPTY_WITH_HUGE_PREFIX = List.of(
      new int[] {BIG, BIG, 0}, new int[] {0, BIG, BIG}, new int[] {BIG, 0, BIG},
      new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, 0},
      new int[] {BIG, BIG, BIG, BIG, BIG, 0}); // 2^80 before the zero: overflows long too

  @Test
  void aZeroAnywhereGivesSizeZeroInEveryOrder() {
    for (int[] dims : EMPTY_WITH_HUGE_PREFIX) {
      Shape s = Shape.of(dims);
      assertEquals(0, s.size(), s.toString());
      assertArrayEquals(dims, s.dims());
      Tensor t = Tensor.zeros(DType.FLOAT32, dims);
      assertEquals(0, t.size());
      assertEquals(0, t.toFloatArray().length);
    }
  }

  @Test
  void stridesOfEmptyShapesNeverOverflow() {
    for (int[] dims : EMPTY_WITH_HUGE_PREFIX) {
      int[] st = Shape.of(dims).contiguousStrides();
      assertEquals(1, st[st.length - 1]);
      for (int i = 0; i < st.length - 1; i++)
        assertTrue(st[i] >= st[i + 1], "strides " + java.util.Arrays.toString(st) + " of " + Shape.of(dims)
            + " must be positive and non-increasing to the right");
    }
    // a non-empty shape keeps exact row-major strides
    assertArrayEquals(new int[] {12, 4, 1}, Shape.of(2, 3, 4).contiguousStrides());
    assertArrayEquals(new int[] {BIG, 1, 1}, Shape.of(1, BIG, 1).contiguousStrides());
  }

  @Test
  void emptyTensorsWithHugeDimsSupportViewsAndOps() {
    Tensor t = Tensor.zeros(DType.FLOAT64, 0, BIG, BIG);
    assertEquals(Shape.of(BIG, BIG, 0), t.permute(1, 2, 0).shape());
    assertEquals(Shape.of(1, 0, BIG, BIG), t.unsqueeze(0).shape());
    assertEquals(Shape.of(0, BIG, BIG), t.add(Tensor.zeros(DType.FLOAT64, BIG)).shape());
    assertEquals(Shape.of(BIG, 0, BIG), t.reshape(BIG, 0, BIG).shape());
    assertEquals(Shape.of(0), t.sum(new int[] {1, 2}, false).shape());
    assertEquals(Shape.of(0, BIG, BIG), t.contiguous().transpose(1, 2).contiguous().shape());
    assertTrue(t.unsqueeze(0).isContiguous());
  }

  @Test
  void productAboveTheLimitIsRefusedNamingTheShape() {
    var e = assertThrows(IllegalArgumentException.class, () -> Shape.of(BIG, BIG));
    assertEquals("shape: [65536, 65536] would have 4294967296 elements, more than the maximum of 2147483639",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Shape.of(BIG, BIG, BIG, BIG, BIG, 1));
    assertTrue(e.getMessage().contains("1208925819614629174706176 elements"), e.getMessage()); // 2^80, exact
    e = assertThrows(IllegalArgumentException.class, () -> Shape.of(Integer.MAX_VALUE));
    assertTrue(e.getMessage().startsWith("shape: [2147483647] would have"), e.getMessage());
    assertEquals(Shape.MAX_SIZE, Shape.of(Shape.MAX_SIZE).size());
    assertEquals(Shape.MAX_SIZE, Shape.of(1, Shape.MAX_SIZE, 1).size());
  }

  @Test
  void negativeDimensionsAreRefusedEvenAfterAZero() {
    for (int[] dims : List.of(new int[] {0, -1}, new int[] {-1, 0}, new int[] {BIG, BIG, -1})) {
      var e = assertThrows(IllegalArgumentException.class, () -> Shape.of(dims));
      assertEquals("shape: negative dimension in " + java.util.Arrays.toString(dims), e.getMessage());
    }
  }
}
