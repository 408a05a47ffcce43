package dev.nabla.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.nabla.core.check.Domain;
import dev.nabla.core.check.Gen;
import dev.nabla.core.check.Gens;
import dev.nabla.core.check.Property;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Tensor.matmul (NumPy semantics) against the definition, through every layout and dtype. */
class TensorMatMulTest {
  static int size(SplittableRandom rng) {
    int r = rng.nextInt(10);
    return r == 0 ? 0 : r < 4 ? 1 + rng.nextInt(48) : 1 + rng.nextInt(5);
  }

  /** A layout for a matrix operand: dense, a transposed view of a dense copy, or any strided view. */
  static Tensor layout(Tensor t, SplittableRandom rng) {
    int k = rng.nextInt(3);
    if (k == 1 && t.rank() >= 2) return t.transpose().contiguous().transpose();
    if (k == 2) return Gens.nonContiguous(t, rng);
    return t;
  }

  /** Operand pairs: vector·vector, vector·batch, batch·vector, batch·batch with broadcast leading dims. */
  static Gen<List<Tensor>> operands(DType dt) {
    return rng -> {
      int m = size(rng), n = size(rng), k = size(rng), kind = rng.nextInt(6);
      int[] batch = new int[rng.nextInt(3)];
      for (int i = 0; i < batch.length; i++) batch[i] = 1 + rng.nextInt(3);
      int[] ad = kind == 0 || kind == 1 ? new int[] {k} : dims(batchOf(batch, rng), m, k);
      int[] bd = kind == 0 || kind == 2 ? new int[] {k} : dims(batchOf(batch, rng), k, n);
      Tensor a = Gens.tensorOf(dt, Shape.of(ad), Domain.ANY, rng), b = Gens.tensorOf(dt, Shape.of(bd), Domain.ANY, rng);
      return List.of(layout(a, rng), layout(b, rng));
    };
  }

  static int[] batchOf(int[] batch, SplittableRandom rng) {
    int r = rng.nextInt(batch.length + 1);
    int[] d = new int[r];
    for (int i = 0; i < r; i++) d[i] = rng.nextInt(3) == 0 ? 1 : batch[batch.length - r + i];
    return d;
  }

  static int[] dims(int[] batch, int r, int c) {
    int[] d = java.util.Arrays.copyOf(batch, batch.length + 2);
    d[batch.length] = r;
    d[batch.length + 1] = c;
    return d;
  }

  @TestFactory
  Stream<DynamicTest> matmulMatchesDefinition() {
    return ElementwiseTest.DTYPES.stream().map(dt -> dynamicTest("matmul " + dt, () ->
        Property.forAll(operands(dt)).named("matmul " + dt).check(ab -> {
          Tensor a = ab.get(0), b = ab.get(1);
          double[][] abs = new double[1][];
          Ref expected = Ref.matmul(Ref.of(a), Ref.of(b), abs);
          Tensor c = a.matmul(b);
          assertEquals(dt, c.dtype());
          assertArrayEquals(expected.dims, c.shape().dims(), "shape of " + a.shape() + " @ " + b.shape());
          // error bound of a length-k dot product: k·ε·Σ|a·b| (plus one rounding of the result)
          int k = a.shape().dim(-1);
          double eps = dt == DType.FLOAT32 ? 0x1p-24 : 0x1p-53;
          double[] scale = abs[0].clone();
          for (int i = 0; i < scale.length; i++) scale[i] *= (k + 2) * eps;
          Ref.assertValues(expected.v, c.toDoubleArray(), 0, 0, scale, "matmul " + a.shape() + " @ " + b.shape());
        })));
  }

  /** Integer-valued operands: every product and partial sum is exact, so results must match exactly. */
  static Tensor pattern(DType dt, int rows, int cols, int mul, int mod) {
    double[] v = new double[rows * cols];
    for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) v[i * cols + j] = (i * mul + j) % mod - mod / 2;
    return Tensor.of(v, rows, cols).toType(dt);
  }

  static double[] naive(Tensor a, Tensor b) {
    int m = a.shape().dim(0), k = a.shape().dim(1), n = b.shape().dim(1);
    double[] x = a.toDoubleArray(), y = b.toDoubleArray(), out = new double[m * n];
    for (int i = 0; i < m; i++)
      for (int j = 0; j < n; j++) {
        long s = 0;
        for (int p = 0; p < k; p++) s += (long) x[i * k + p] * (long) y[p * n + j];
        out[i * n + j] = s;
      }
    return out;
  }

  @Test
  void knownAnswersOnOddSizes() {
    for (DType dt : ElementwiseTest.DTYPES) {
      assertEquals("[[12.]]", Tensor.of(new double[] {3}, 1, 1).toType(dt).matmul(Tensor.of(new double[] {4}, 1, 1).toType(dt)).toString());
      for (int[] s : new int[][] {{257, 129, 65}, {65, 257, 129}, {1, 300, 7}, {33, 1, 17}, {7, 513, 1}}) {
        int m = s[0], k = s[1], n = s[2];
        Tensor a = pattern(dt, m, k, 2, 7), b = pattern(dt, k, n, 3, 5);
        double[] want = naive(a, b);
        assertArrayEquals(want, a.matmul(b).toDoubleArray(), dt + " " + m + "x" + k + "x" + n);
        Tensor at = a.transpose().contiguous().transpose(), bt = b.transpose().contiguous().transpose();
        assertArrayEquals(want, at.matmul(b).toDoubleArray(), "transposed A");
        assertArrayEquals(want, a.matmul(bt).toDoubleArray(), "transposed B");
        assertArrayEquals(want, at.matmul(bt).toDoubleArray(), "both transposed");
        assertArrayEquals(want, a.unsqueeze(0).expand(2, m, k).matmul(b).slice(0, 1, 2).reshape(m, n).toDoubleArray(),
            "broadcast batch");
      }
    }
  }

  @Test
  void vectorAndBatchShapes() {
    Tensor v = Tensor.of(new double[] {1, 2, 3});
    Tensor m = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 3, 2);
    assertEquals("14.", v.matmul(v).toString());
    assertEquals(0, v.matmul(v).rank());
    assertEquals("[22. 28.]", v.matmul(m).toString());
    assertEquals("[ 5. 11. 17.]", m.matmul(Tensor.of(new double[] {1, 2})).toString());
    Tensor batch = Tensor.arange(DType.FLOAT64, 12).reshape(2, 2, 3);
    assertArrayEquals(new int[] {2, 2, 2}, batch.matmul(m).shape().dims());
    assertArrayEquals(new int[] {2, 2}, batch.matmul(v).shape().dims());
    assertArrayEquals(new int[] {4, 2, 2, 2}, Tensor.zeros(DType.FLOAT32, 4, 1, 2, 3).matmul(Tensor.zeros(DType.FLOAT32, 2, 3, 2))
        .shape().dims());
    assertArrayEquals(new int[] {0, 5}, Tensor.zeros(DType.FLOAT64, 0, 3).matmul(Tensor.zeros(DType.FLOAT64, 3, 5)).shape().dims());
    assertEquals("[[0. 0.]\n [0. 0.]]", Tensor.zeros(DType.FLOAT64, 2, 0).matmul(Tensor.zeros(DType.FLOAT64, 0, 2)).toString());
  }

  /**
   * A batch whose matrices are stacked rows of one matrix, against one shared B, runs as one product of all rows:
   * each of its matrices has the bits of the same matrix multiplied alone (above the small-product loop), for a
   * dense A, a row-padded view (rows 40 apart, 33 used), a broadcast B and a transposed B; and A matrices that are
   * not stacked (a slice of 20 of 25 rows) still multiply right.
   */
  @Test
  void stackedBatchRowsRunAsOneProduct() {
    SplittableRandom rng = new SplittableRandom(14);
    for (DType dt : ElementwiseTest.DTYPES) {
      int bs = 3, m = 20, k = 33, n = 40;
      Tensor dense = Gens.tensorOf(dt, Shape.of(bs, m, k), Domain.ANY, rng);
      Tensor padded = Gens.tensorOf(dt, Shape.of(bs, m, 40), Domain.ANY, rng).slice(2, 0, k);
      Tensor unstacked = Gens.tensorOf(dt, Shape.of(bs, 25, k), Domain.ANY, rng).slice(1, 0, m);
      Tensor w = Gens.tensorOf(dt, Shape.of(k, n), Domain.ANY, rng);
      Tensor wt = w.transpose().contiguous().transpose();
      for (Tensor a : List.of(dense, padded, unstacked)) {
        for (Tensor b : List.of(w, wt, w.unsqueeze(0), w.unsqueeze(0).expand(bs, k, n))) {
          Tensor c = a.matmul(b);
          assertArrayEquals(new int[] {bs, m, n}, c.shape().dims());
          for (int i = 0; i < bs; i++) {
            Tensor ai = a.slice(0, i, i + 1).reshape(m, k).contiguous();
            double[] want = ai.matmul(w.contiguous()).toDoubleArray();
            assertArrayEquals(want, c.slice(0, i, i + 1).reshape(m, n).toDoubleArray(), dt + " matrix " + i);
            double[] x = ai.toDoubleArray(), y = w.toDoubleArray();
            for (int r = 0; r < m; r++) {
              for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) s += x[r * k + p] * y[p * n + j];
                assertEquals(s, want[r * n + j], 1e-3 * (1 + Math.abs(s)), "definition");
              }
            }
          }
        }
      }
    }
  }
}
