package dev.nabla.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** DType.INT32: creation, views, conversions, integer arithmetic and comparisons, refusals, printing, indexing. */
class Int32Test {
  private static final DType I = DType.INT32;

  private static Tensor ints(int[] v, int... dims) {
    return Tensor.of(v, dims);
  }

  @Test
  void creation() {
    Tensor t = Tensor.of(new int[] {3, 1, 4}, 3);
    assertEquals(I, t.dtype());
    assertEquals(4, I.bytes());
    assertArrayEquals(new int[] {3}, t.shape().dims());
    assertArrayEquals(new int[] {3, 1, 4}, t.toIntArray());
    assertArrayEquals(new double[] {3, 1, 4}, t.toDoubleArray());
    assertArrayEquals(new float[] {3, 1, 4}, t.toFloatArray());
    assertArrayEquals(new int[] {0, 0, 0, 0}, Tensor.zeros(I, 2, 2).toIntArray());
    assertArrayEquals(new int[] {1, 1}, Tensor.ones(I, 2).toIntArray());
    assertArrayEquals(new int[] {-7, -7}, Tensor.full(I, -7, 2).toIntArray());
    assertArrayEquals(new int[] {0, 1, 2, 3, 4}, Tensor.arange(I, 5).toIntArray());
    assertArrayEquals(new int[] {2, 5, 8}, Tensor.arange(I, 2, 10, 3).toIntArray());
    assertArrayEquals(new int[] {1, 0, 0, 1}, Tensor.eye(I, 2).toIntArray());
    assertEquals(9.0, Tensor.scalar(I, 9).item());
    assertEquals(0, Tensor.scalar(I, 9).rank());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.full(I, 2.5, 2));
    assertEquals("full: 2.5 is not an INT32 value (a whole number in [-2^31, 2^31 - 1]) for shape [2]", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Tensor.full(I, 3e9, 1));
    assertEquals(Integer.MIN_VALUE, (int) Tensor.full(I, Integer.MIN_VALUE, 1).item());
    e = assertThrows(IllegalArgumentException.class, () -> Tensor.randn(I, new SplittableRandom(1), 2));
    assertEquals("randn: not defined for INT32 tensors", e.getMessage());
    ShapeMismatchException s = assertThrows(ShapeMismatchException.class, () -> Tensor.of(new int[] {1, 2, 3}, 2, 2));
    assertEquals("of: 3 values do not fill shape [2, 2] (4 elements)", s.getMessage());
    int[] src = {1, 2};
    Tensor copy = Tensor.of(src, 2);
    src[0] = 99;
    assertEquals(1.0, copy.get(0), "of copies its array");
  }

  @Test
  void viewsAndCopies() {
    Tensor t = ints(new int[] {0, 1, 2, 3, 4, 5}, 2, 3);
    assertArrayEquals(new int[] {0, 3, 1, 4, 2, 5}, t.transpose().toIntArray());
    assertArrayEquals(new int[] {0, 3, 1, 4, 2, 5}, t.transpose().contiguous().toIntArray());
    assertArrayEquals(new int[] {1, 4}, t.slice(1, 1, 2).toIntArray());
    assertArrayEquals(new int[] {3, 5}, t.slice(0, 1, 2).slice(1, 0, 3, 2).toIntArray());
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, t.transpose().transpose().reshape(6).toIntArray());
    assertArrayEquals(new int[] {7, 7, 7, 7}, Tensor.scalar(I, 7).expand(2, 2).toIntArray());
    assertArrayEquals(new int[] {2, 0, 1}, t.permute(1, 0).slice(0, 0, 3).narrow(1, 0, 1).reshape(3).add(
        ints(new int[] {2, -1, -1}, 3)).toIntArray());
    assertArrayEquals(new int[] {0, 1, 2, 9, 3, 4, 5, 9}, Tensor.concat(List.of(t, Tensor.full(I, 9, 2, 1)), 1).toIntArray());
    assertArrayEquals(new int[] {2, 2, 3}, Tensor.stack(List.of(t, t), 0).shape().dims());
    assertEquals(I, t.unsqueeze(0).squeeze().flatten().dtype());
    assertEquals(5.0, t.get(1, 2));
    assertEquals(4.0, t.transpose().get(1, 1));
    Tensor dst = Tensor.zeros(I, 2, 3);
    dst.copyInPlace(t);
    assertArrayEquals(t.toIntArray(), dst.toIntArray());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(I, 2).mulInPlace(2));
    assertEquals("mulInPlace: not defined for INT32 tensors", e.getMessage());
  }

  @Test
  void toTypeTruncatesTowardZeroAndRefusesWhatHasNoInt() {
    Tensor x = Tensor.of(new double[] {2.7, -2.7, 0.5, -0.5, 1e9, -3}, 6);
    assertArrayEquals(new int[] {2, -2, 0, 0, 1000000000, -3}, x.toType(I).toIntArray());
    assertArrayEquals(new int[] {2, -2, 0, 0, 1000000000, -3}, x.toType(DType.FLOAT32).toType(I).toIntArray());
    assertArrayEquals(new int[] {2, -2}, x.slice(0, 0, 2).toIntArray());
    Tensor big = ints(new int[] {Integer.MAX_VALUE, -5}, 2);
    assertArrayEquals(new double[] {Integer.MAX_VALUE, -5}, big.toType(DType.FLOAT64).toDoubleArray());
    assertEquals(DType.FLOAT32, big.toType(DType.FLOAT32).dtype());
    assertArrayEquals(new int[] {Integer.MAX_VALUE, -5}, big.toType(DType.FLOAT64).toType(I).toIntArray());
    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, 2147483648.0, -2147483649.0}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Tensor.of(new double[] {1, bad}, 2).toType(I));
      assertEquals("toType: FLOAT64 value " + bad + " at position 1 of shape [2] has no INT32 value (NaN, infinite or"
          + " outside [-2^31, 2^31 - 1])", e.getMessage());
    }
    assertEquals(-2147483648, Tensor.of(new double[] {-2147483648.9}).toType(I).toIntArray()[0]);
  }

  @Test
  void integerArithmeticAndComparisons() {
    Tensor a = ints(new int[] {1, -2, 3}, 3), b = ints(new int[] {4, 5, 3}, 3);
    assertArrayEquals(new int[] {5, 3, 6}, a.add(b).toIntArray());
    assertArrayEquals(new int[] {-3, -7, 0}, a.sub(b).toIntArray());
    assertArrayEquals(new int[] {4, -10, 9}, a.mul(b).toIntArray());
    assertArrayEquals(new int[] {-1, 2, -3}, a.neg().toIntArray());
    assertArrayEquals(new int[] {1, 2, 3}, a.abs().toIntArray());
    assertArrayEquals(new int[] {1, -1, 1}, a.sign().toIntArray());
    assertArrayEquals(new int[] {1, 4, 9}, a.square().toIntArray());
    assertArrayEquals(new int[] {1, 0, 3}, a.relu().toIntArray());
    assertArrayEquals(new int[] {4, 5, 3}, a.maximum(b).toIntArray());
    assertArrayEquals(new int[] {1, -2, 3}, a.minimum(b).toIntArray());
    assertArrayEquals(new int[] {11, 8, 13}, a.add(10).toIntArray());
    assertArrayEquals(new int[] {2, -4, 6}, a.mul(2).toIntArray());
    Tensor col = ints(new int[] {10, 20}, 2, 1);
    assertArrayEquals(new int[] {11, 8, 13, 21, 18, 23}, col.add(a).toIntArray(), "broadcasting");
    assertArrayEquals(new int[] {Integer.MIN_VALUE}, ints(new int[] {Integer.MAX_VALUE}, 1).add(1).toIntArray(),
        "wraps like PyTorch's int32");
    Tensor eq = a.eq(b);
    assertEquals(I, eq.dtype());
    assertArrayEquals(new int[] {0, 0, 1}, eq.toIntArray());
    assertArrayEquals(new int[] {1, 1, 0}, a.ne(b).toIntArray());
    assertArrayEquals(new int[] {1, 1, 0}, a.lt(b).toIntArray());
    assertArrayEquals(new int[] {1, 1, 1}, a.le(b).toIntArray());
    assertArrayEquals(new int[] {0, 0, 0}, a.gt(b).toIntArray());
    assertArrayEquals(new int[] {0, 0, 1}, a.ge(b).toIntArray());
    assertArrayEquals(new int[] {0, 1, 0}, a.lt(0).toIntArray());
    assertArrayEquals(new int[] {1, 5, 3}, Tensor.where(a.gt(0), a, b).toIntArray());
    assertArrayEquals(new int[] {2}, a.sum(0, true).toIntArray());
    assertEquals(3.0, a.max().item());
    assertEquals(-2.0, a.min().item());
    assertEquals(I, a.sum().dtype());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ints(new int[] {Integer.MAX_VALUE, 1}, 2).sum());
    assertEquals("sum: the INT32 result 2147483648 for shape [2] is outside the int range; reduce toType(DType.FLOAT64)"
        + " instead", e.getMessage());
  }

  @Test
  void floatingMathAndMixedDtypesAreRefused() {
    Tensor a = ints(new int[] {1, 2}, 2);
    for (var c : List.<Runnable>of(a::exp, a::log, a::sqrt, a::tanh, a::sigmoid, a::logSigmoid)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c::run);
      assertTrue(e.getMessage().endsWith(": not defined for INT32 tensors"), e.getMessage());
    }
    assertEquals("exp: not defined for INT32 tensors", assertThrows(IllegalArgumentException.class, a::exp).getMessage());
    assertEquals("logSigmoid: not defined for INT32 tensors",
        assertThrows(IllegalArgumentException.class, a::logSigmoid).getMessage());
    assertEquals("div: not defined for INT32 tensors",
        assertThrows(IllegalArgumentException.class, () -> a.div(a)).getMessage());
    assertEquals("pow: not defined for INT32 tensors",
        assertThrows(IllegalArgumentException.class, () -> a.pow(2)).getMessage());
    assertEquals("mean: not defined for INT32 tensors", assertThrows(IllegalArgumentException.class, a::mean).getMessage());
    assertEquals("logSumExp: not defined for INT32 tensors",
        assertThrows(IllegalArgumentException.class, a::logSumExp).getMessage());
    assertEquals("softmax: not defined for INT32 tensors",
        assertThrows(IllegalArgumentException.class, () -> a.softmax(0)).getMessage());
    assertEquals("matmul: not defined for INT32 tensors",
        assertThrows(IllegalArgumentException.class, () -> a.matmul(a)).getMessage());
    Tensor f = Tensor.of(new float[] {1, 2}, 2);
    assertEquals("add: dtype mismatch: FLOAT32 [2] vs INT32 [2]; convert one with toType",
        assertThrows(IllegalArgumentException.class, () -> f.add(a)).getMessage());
    assertEquals("mul: dtype mismatch: INT32 [2] vs FLOAT64 [1, 2]; convert one with toType",
        assertThrows(IllegalArgumentException.class, () -> a.mul(Tensor.zeros(DType.FLOAT64, 1, 2))).getMessage());
    assertEquals("eq: dtype mismatch: INT32 [2] vs FLOAT32 [2]; convert one with toType",
        assertThrows(IllegalArgumentException.class, () -> a.eq(f)).getMessage());
  }

  @Test
  void printsIntegersWithoutDecimals() {
    assertEquals("[ 3 -1 10]", ints(new int[] {3, -1, 10}, 3).toString());
    assertEquals("[[0 1 2]\n [3 4 5]]", ints(new int[] {0, 1, 2, 3, 4, 5}, 2, 3).toString());
    assertEquals("7", Tensor.scalar(I, 7).toString());
    assertEquals("[]", Tensor.zeros(I, 0).toString());
    assertEquals("Tensor(shape=[2], INT32)\n[1 2]", ints(new int[] {1, 2}, 2).describe());
    assertEquals("[   0    1    2 ... 1997 1998 1999]", Tensor.arange(I, 2000).toString());
    assertTrue(ints(new int[] {1, 2}, 2).allClose(Tensor.of(new double[] {1, 2}, 2)));
  }

  @Test
  void argmaxAndArgminAreInt32() {
    Tensor x = Tensor.of(new double[] {1, 5, 5, 7, 0, 2}, 2, 3);
    Tensor am = x.argmax(1);
    assertEquals(I, am.dtype());
    assertArrayEquals(new int[] {1, 0}, am.toIntArray());
    assertArrayEquals(new int[] {2, 1}, x.argmax(1, true).shape().dims());
    assertArrayEquals(new int[] {0, 1}, x.toType(DType.FLOAT32).argmin(-1).toIntArray());
    assertArrayEquals(new int[] {1, 0, 0}, x.argmax(0).toIntArray());
    Tensor xi = x.toType(I);
    assertArrayEquals(new int[] {1, 0}, xi.argmax(1).toIntArray());
    assertArrayEquals(new int[] {1, 0}, x.argmaxIndices());
    assertEquals(I, Tensor.scalar(2).argmax(0).dtype());
  }

  @Test
  void indexingTakesInt32TensorsLikeIntArrays() {
    Tensor x = Tensor.arange(DType.FLOAT64, 6).reshape(2, 3);
    Tensor rows = ints(new int[] {1, 1, 0}, 3);
    assertEquals(x.indexSelect(0, new int[] {1, 1, 0}).toString(), x.indexSelect(0, rows).toString());
    assertArrayEquals(new double[] {1, 2, 0, 4, 5, 3}, x.indexSelect(1, ints(new int[] {1, 2, 0}, 3)).toDoubleArray());
    assertArrayEquals(new double[] {2, 3}, x.gather(1, ints(new int[] {2, 0}, 2)).toDoubleArray());
    Tensor x3 = Tensor.arange(DType.FLOAT64, 12).reshape(2, 3, 2);
    Tensor idx = ints(new int[] {0, 1, 1, 0, 0, 1}, 2, 3); // the result's shape
    assertArrayEquals(new double[] {0, 3, 5, 6, 8, 11}, x3.gather(2, idx).toDoubleArray());
    assertEquals(x3.gather(2, idx.toIntArray()).toString(), x3.gather(2, idx).toString());
    Tensor s = Tensor.of(new double[] {5, 6}, 2).scatter(1, ints(new int[] {2, 0}, 2), 3);
    assertArrayEquals(new double[] {0, 0, 5, 6, 0, 0}, s.toDoubleArray());
    Tensor added = Tensor.ones(DType.FLOAT64, 3, 2).indexAdd(0, ints(new int[] {1, 1, 0}, 3), 2);
    assertArrayEquals(new double[] {1, 1, 2, 2}, added.toDoubleArray());
    Tensor ix = ints(new int[] {10, 20, 30}, 3);
    assertArrayEquals(new int[] {30, 10}, ix.indexSelect(0, ints(new int[] {2, 0}, 2)).toIntArray(), "INT32 data too");
    assertArrayEquals(new int[] {20}, ix.gather(0, ints(new int[] {1}, 1).reshape()).toIntArray());
    assertArrayEquals(new int[] {0, 10, 20, 30}, ix.indexAdd(0, ints(new int[] {1, 2, 3}, 3), 4).toIntArray());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> x.indexSelect(0, Tensor.of(new float[] {1}, 1)));
    assertEquals("indexSelect: indices must be an INT32 tensor, got FLOAT32 [1]; convert it with toType(DType.INT32)",
        e.getMessage());
    IndexOutOfBoundsException o = assertThrows(IndexOutOfBoundsException.class, () -> x.indexSelect(0, rows.add(1)));
    assertEquals("indexSelect: index 2 out of range for axis 0 of size 2 (shape [2, 3])", o.getMessage());
    o = assertThrows(IndexOutOfBoundsException.class, () -> x.gather(0, ints(new int[] {0, -1, 0}, 3)));
    assertEquals("gather: index -1 out of range for axis 0 of size 2 (shape [2, 3])", o.getMessage());
    assertEquals("gather: index of shape [3, 2] does not match [2, 3] (or a 1-D list of 6)",
        assertThrows(ShapeMismatchException.class, () -> x3.gather(2, idx.transpose())).getMessage());
    assertEquals("index", assertThrows(NullPointerException.class, () -> x.gather(0, (int[]) null)).getMessage());
    assertEquals("indices", assertThrows(NullPointerException.class, () -> x.indexSelect(0, (Tensor) null)).getMessage());
  }
}
