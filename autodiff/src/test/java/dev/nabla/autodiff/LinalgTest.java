package dev.nabla.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Forward values of {@link Linalg} against their defining identities, and its special values. */
class LinalgTest {
  private static Tensor random(SplittableRandom rng, int... dims) {
    return Tensor.randn(DType.FLOAT64, rng, dims);
  }

  /** M + (2n + 1)·I, invertible. */
  private static Tensor dominant(Tensor m) {
    int n = m.shape().dim(-1);
    return m.add(Tensor.eye(DType.FLOAT64, n).mul(2.0 * n + 1));
  }

  private static void close(Tensor expected, Tensor actual, double tol) {
    assertEquals(expected.shape(), actual.shape());
    assertTrue(actual.allClose(expected, tol, tol), "expected " + expected + " got " + actual);
  }

  @Test
  void solveSatisfiesAXEqualsB() {
    SplittableRandom rng = new SplittableRandom(1);
    for (int n : new int[] {1, 2, 5, 17}) {
      Tensor a = random(rng, n, n), b = random(rng, n, 3); // a general matrix: pivoting matters
      Tensor x = Linalg.solve(a, b);
      close(b, a.matmul(x), 1e-9);
      Tensor v = random(rng, n);
      Tensor y = Linalg.solve(Variable.constant(a), Variable.constant(v)).value();
      assertEquals(List.of(n), java.util.Arrays.stream(y.shape().dims()).boxed().toList());
      close(v, a.matmul(y), 1e-9);
    }
  }

  @Test
  void pivotingHandlesAZeroLeadingEntry() {
    Tensor a = Tensor.of(new double[] {0, 1, 1, 0}, 2, 2), b = Tensor.of(new double[] {2, 3}, 2);
    close(Tensor.of(new double[] {3, 2}, 2), Linalg.solve(a, b), 0);
  }

  @Test
  void batchedOpsTreatEachMatrixOnItsOwn() {
    SplittableRandom rng = new SplittableRandom(2);
    Tensor a = dominant(random(rng, 3, 4, 4)), b = random(rng, 3, 4, 2);
    Tensor x = Linalg.solve(a, b), inv = Linalg.inverse(a), ld = Linalg.logdet(a);
    assertEquals(List.of(3), java.util.Arrays.stream(ld.shape().dims()).boxed().toList());
    for (int i = 0; i < 3; i++) {
      Tensor ai = a.narrow(0, i, 1).reshape(4, 4);
      close(Linalg.solve(ai, b.narrow(0, i, 1).reshape(4, 2)), x.narrow(0, i, 1).reshape(4, 2), 1e-12);
      close(Linalg.inverse(ai), inv.narrow(0, i, 1).reshape(4, 4), 1e-12);
      assertEquals(Linalg.logdet(ai).item(), ld.toDoubleArray()[i], 1e-12);
    }
  }

  @Test
  void inverseTimesAIsTheIdentity() {
    Tensor a = random(new SplittableRandom(3), 6, 6);
    close(Tensor.eye(DType.FLOAT64, 6), Linalg.inverse(a).matmul(a), 1e-9);
  }

  @Test
  void choleskyReconstructsAAndIsLower() {
    SplittableRandom rng = new SplittableRandom(4);
    Tensor m = random(rng, 5, 5), a = m.matmul(m.transpose()).add(Tensor.eye(DType.FLOAT64, 5));
    Tensor l = Linalg.cholesky(a);
    close(a, l.matmul(l.transpose()), 1e-12);
    double[] v = l.toDoubleArray();
    for (int i = 0; i < 5; i++) {
      assertTrue(v[i * 5 + i] > 0);
      for (int j = i + 1; j < 5; j++) assertEquals(0.0, v[i * 5 + j]);
    }
    // only the lower triangle is read, as in LAPACK and PyTorch
    double[] u = a.toDoubleArray();
    u[1] += 100; // A[0, 1], above the diagonal
    close(l, Linalg.cholesky(Tensor.of(u, 5, 5)), 0);
  }

  @Test
  void logdetIsTheLogOfTheDeterminant() {
    Tensor a = Tensor.of(new double[] {4, 1, 2, 3}, 2, 2); // det 10
    assertEquals(Math.log(10), Linalg.logdet(a).item(), 1e-15);
    Tensor m = random(new SplittableRandom(5), 4, 4), spd = m.matmul(m.transpose()).add(Tensor.eye(DType.FLOAT64, 4));
    Tensor l = Linalg.cholesky(spd);
    double twiceLogDiag = 0;
    for (int i = 0; i < 4; i++) twiceLogDiag += 2 * Math.log(l.toDoubleArray()[i * 5]);
    assertEquals(twiceLogDiag, Linalg.logdet(spd).item(), 1e-12);
  }

  /** PyTorch 1.13: logdet of det &lt; 0 is NaN with gradient 0; of det = 0 it is −∞. */
  @Test
  void logdetOfNegativeOrZeroDeterminantFollowsPyTorch() {
    Variable a = Variable.parameter(Tensor.of(new double[] {1, 2, 3, 4}, 2, 2)); // det -2
    Variable y = Linalg.logdet(a);
    assertTrue(Double.isNaN(y.item()));
    y.backward();
    close(Tensor.zeros(DType.FLOAT64, 2, 2), a.grad(), 0);
    assertEquals(Double.NEGATIVE_INFINITY, Linalg.logdet(Tensor.of(new double[] {1, 2, 2, 4}, 2, 2)).item());
    Variable s = Variable.parameter(Tensor.of(new double[] {1, 2, 2, 4}, 2, 2));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Linalg.logdet(s).backward());
    assertEquals("inverse: matrix [2, 2] is singular to working precision", e.getMessage());
  }

  @Test
  void logdetGradientIsTheInverseTransposed() {
    Tensor a = dominant(random(new SplittableRandom(6), 3, 3));
    Variable v = Variable.parameter(a);
    Linalg.logdet(v).backward();
    close(Linalg.inverse(a).transpose(), v.grad(), 1e-12);
  }

  @Test
  void float32UsesTheFloatKernels() {
    Tensor a = dominant(random(new SplittableRandom(7), 4, 4));
    Tensor b = random(new SplittableRandom(8), 4, 2);
    Tensor x32 = Linalg.solve(a.toType(DType.FLOAT32), b.toType(DType.FLOAT32));
    assertEquals(DType.FLOAT32, x32.dtype());
    assertTrue(x32.toType(DType.FLOAT64).allClose(Linalg.solve(a, b), 1e-5, 1e-5));
    Tensor spd = a.add(a.transpose());
    assertTrue(Linalg.cholesky(spd.toType(DType.FLOAT32)).toType(DType.FLOAT64).allClose(Linalg.cholesky(spd), 1e-5, 1e-5));
    assertEquals(Linalg.logdet(a).item(), Linalg.logdet(a.toType(DType.FLOAT32)).item(), 1e-4);
  }

  @Test
  void emptyMatricesGiveEmptyResults() {
    Tensor a = Tensor.zeros(DType.FLOAT64, 0, 0);
    assertEquals(0, Linalg.inverse(a).size());
    assertEquals(0.0, Linalg.logdet(a).item()); // det of the empty matrix is 1
    assertEquals(0, Linalg.solve(a, Tensor.zeros(DType.FLOAT64, 0, 2)).size());
  }

  @Test
  void gradOfGradOfSolveMatchesDifferences() {
    Tensor a = dominant(random(new SplittableRandom(9), 3, 3)), b = random(new SplittableRandom(10), 3, 2);
    assertTrue(GradCheck.checkGradGrad(v -> Linalg.solve(v.get(0), v.get(1)).square().sum(), List.of(a, b), 1).passed());
    assertTrue(GradCheck.checkGradGrad(v -> Linalg.cholesky(v.get(0).add(v.get(0).transpose())).square().sum(),
        List.of(a), 1).passed());
  }
}
