package dev.nabla.autodiff;

import dev.nabla.autodiff.OpRegistry.Entry;
import dev.nabla.autodiff.OpRegistry.ErrorCase;
import dev.nabla.core.DType;
import dev.nabla.core.Shape;
import dev.nabla.core.ShapeMismatchException;
import dev.nabla.core.Tensor;
import dev.nabla.core.check.Domain;
import dev.nabla.core.check.Gen;
import dev.nabla.core.check.Gens;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The registry entries of {@link Linalg} (the {@link LinearAlgebra} family) and of {@link Checkpoint}.
 * Inputs are made well conditioned inside each entry's function, from a random M over [-2, 2]:
 * M + (2n + 1)·I is strictly diagonally dominant with a positive diagonal (invertible, det &gt; 0),
 * and ½(M + Mᵀ) + (2n + 1)·I is also symmetric, hence positive definite. So every gradient check
 * (central differences perturb M) stays far from a singular matrix.
 */
final class OpRegistryLinalg {
  private OpRegistryLinalg() {}

  private static final DType F64 = DType.FLOAT64;

  private static Entry entry(String name, Set<Class<?>> prims, Gen<List<Tensor>> in, Function<List<Variable>, Variable> fn,
      ErrorCase... errors) {
    return new Entry(name, prims, in, fn, true, List.of(errors));
  }

  private static ErrorCase err(String what, Runnable call, Class<? extends Throwable> type, String message) {
    return new ErrorCase(what, call, type, message);
  }

  /** A [batch.., n, n] and, unless {@code rhs} is 0, B [batch.., n, k] ({@code rhs} 2) or [batch.., n] ({@code rhs} 1). */
  private static Gen<List<Tensor>> squares(int rhs) {
    Gen<List<Shape>> shapes = rng -> {
      int n = 1 + rng.nextInt(3), k = 1 + rng.nextInt(3);
      int[] batch = rng.nextInt(3) == 0 ? new int[] {1 + rng.nextInt(2)} : new int[0];
      Shape a = Shape.of(cat(batch, n, n));
      return switch (rhs) {
        case 0 -> List.of(a);
        case 1 -> List.of(a, Shape.of(cat(batch, n)));
        default -> List.of(a, Shape.of(cat(batch, n, k)));
      };
    };
    return Gens.tensorList(F64, shapes, Domain.ANY);
  }

  private static int[] cat(int[] a, int... b) {
    int[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  /** M + (2n + 1)·I: strictly diagonally dominant, positive diagonal. */
  static Variable dominant(Variable m) {
    int n = m.shape().dim(-1);
    return m.add(Variable.constant(Tensor.eye(m.dtype(), n).mul(2.0 * n + 1)));
  }

  /** ½(M + Mᵀ) + (2n + 1)·I: symmetric positive definite. */
  static Variable spd(Variable m) {
    return dominant(m.add(m.transpose()).mul(0.5));
  }

  static Variable var(double[] v, int... dims) {
    return OpRegistry.var(v, dims);
  }

  static Variable zeros(int... dims) {
    return OpRegistry.zeros(dims);
  }

  static List<Entry> entries() {
    Class<?> solve = LinearAlgebra.Solve.class, inverse = LinearAlgebra.Inverse.class;
    Class<?> cholesky = LinearAlgebra.Cholesky.class, logdet = LinearAlgebra.LogDet.class;
    return List.of(
        entry("solve", Set.of(solve), squares(2), v -> Linalg.solve(dominant(v.get(0)), v.get(1)),
            err("A not square", () -> Linalg.solve(zeros(2, 3), zeros(2)), ShapeMismatchException.class,
                "solve: A [2, 3] is not square: need [..., n, n]"),
            err("A a vector", () -> Linalg.solve(zeros(3), zeros(3)), ShapeMismatchException.class,
                "solve: A [3] is not square: need [..., n, n]"),
            err("B [4, 2] for A [3, 3]", () -> Linalg.solve(zeros(3, 3), zeros(4, 2)), ShapeMismatchException.class,
                "solve: cannot solve A [3, 3] with B [4, 2]: need B [3, k] or [3]"),
            err("B batch [3] for A batch [2]", () -> Linalg.solve(zeros(2, 3, 3), zeros(3, 3, 1)),
                ShapeMismatchException.class, "solve: cannot solve A [2, 3, 3] with B [3, 3, 1]: need B [2, 3, k] or [2, 3]"),
            err("FLOAT32 A, FLOAT64 B", () -> Linalg.solve(Variable.constant(Tensor.zeros(DType.FLOAT32, 2, 2)), zeros(2)),
                IllegalArgumentException.class, "solve: dtype mismatch: FLOAT32 [2, 2] vs FLOAT64 [2]; convert one with toType"),
            err("singular A", () -> Linalg.solve(var(new double[] {1, 2, 2, 4}, 2, 2), zeros(2)),
                IllegalArgumentException.class, "solve: matrix [2, 2] is singular to working precision"),
            err("zero A", () -> Linalg.solve(zeros(3, 3), zeros(3, 1)),
                IllegalArgumentException.class, "solve: matrix [3, 3] is singular to working precision"),
            err("one singular matrix of a batch", () -> Linalg.solve(var(new double[] {1, 0, 0, 1, 1, 1, 1, 1}, 2, 2, 2),
                zeros(2, 2)), IllegalArgumentException.class,
                "solve: matrix 1 of A [2, 2, 2] is singular to working precision")),
        entry("solve (vector B)", Set.of(solve), squares(1), v -> Linalg.solve(dominant(v.get(0)), v.get(1))),
        entry("solve (symmetric positive definite A)", Set.of(solve), squares(2), v -> Linalg.solve(spd(v.get(0)), v.get(1))),
        entry("inverse", Set.of(inverse), squares(0), v -> Linalg.inverse(dominant(v.get(0))),
            err("A not square", () -> Linalg.inverse(zeros(2, 3)), ShapeMismatchException.class,
                "inverse: A [2, 3] is not square: need [..., n, n]"),
            err("singular A", () -> Linalg.inverse(var(new double[] {1, 2, 2, 4}, 2, 2)),
                IllegalArgumentException.class, "inverse: matrix [2, 2] is singular to working precision")),
        entry("cholesky", Set.of(cholesky), squares(0), v -> Linalg.cholesky(spd(v.get(0))),
            err("A not square", () -> Linalg.cholesky(zeros(3)), ShapeMismatchException.class,
                "cholesky: A [3] is not square: need [..., n, n]"),
            err("indefinite A", () -> Linalg.cholesky(var(new double[] {1, 2, 2, 1}, 2, 2)),
                IllegalArgumentException.class,
                "cholesky: matrix [2, 2] is not positive definite (the leading minor of order 2 is not positive)"),
            err("negative definite matrix of a batch", () -> Linalg.cholesky(var(new double[] {1, 0, 0, 1, -1, 0, 0, -1},
                2, 2, 2)), IllegalArgumentException.class,
                "cholesky: matrix 1 of A [2, 2, 2] is not positive definite (the leading minor of order 1 is not positive)")),
        entry("cholesky (Gram matrix M·Mᵀ + n·I)", Set.of(cholesky), squares(0), v -> {
          Variable m = v.get(0);
          int n = m.shape().dim(-1);
          return Linalg.cholesky(m.matmul(m.transpose()).add(Variable.constant(Tensor.eye(m.dtype(), n).mul(n))));
        }),
        entry("logdet", Set.of(logdet), squares(0), v -> Linalg.logdet(dominant(v.get(0))),
            err("A not square", () -> Linalg.logdet(zeros(2, 3, 4)), ShapeMismatchException.class,
                "logdet: A [2, 3, 4] is not square: need [..., n, n]")),
        entry("logdet (symmetric positive definite A)", Set.of(logdet), squares(0), v -> Linalg.logdet(spd(v.get(0)))),
        new Entry("checkpoint (captured weight)", Set.of(Checkpoint.Recompute.class),
            Gens.tensorList(F64, Gens.shapesNonEmpty(1, 2, 3).map(s -> List.of(Shape.of(2, 3), Shape.of(3, 3))),
                Domain.ANY),
            v -> {
              Variable w = v.get(1);
              return Checkpoint.apply(in -> in.get(0).matmul(w).tanh().mul(in.get(0)).add(w.sum()),
                  List.of(v.get(0)));
            }, false, List.of(
                err("null function", () -> Checkpoint.apply(null, List.of(zeros(2))), NullPointerException.class, "fn"),
                err("null output", () -> Checkpoint.apply(in -> null, List.of(zeros(2))), IllegalStateException.class,
                    "checkpoint: the function returned null"))));
  }
}
