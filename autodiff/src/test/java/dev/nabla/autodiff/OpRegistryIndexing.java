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
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Registry entries for the ops that take INT32 index tensors: gather, scatter, indexSelect and
 * indexAdd in their tensor-index forms, and {@link Embeddings#lookup} (a composite of indexSelect,
 * reshape and, with a padding index, where). {@link OpRegistry} appends {@link #entries()}.
 */
final class OpRegistryIndexing {
  private OpRegistryIndexing() {}

  private static final DType F64 = DType.FLOAT64;

  private static Entry entry(String name, Set<Class<?>> prims, Gen<List<Tensor>> in, Function<List<Variable>, Variable> fn,
      ErrorCase... errors) {
    return new Entry(name, prims, in, fn, true, List.of(errors));
  }

  private static ErrorCase err(String what, Runnable call, Class<? extends Throwable> type, String message) {
    return new ErrorCase(what, call, type, message);
  }

  /** INT32 indices of {@code shape} into an axis of size n, fixed by position (repeats included). */
  static Tensor intIndices(int n, int mul, int add, int... shape) {
    int count = Shape.of(shape).size();
    return Tensor.of(OpRegistry.indices(count, n, mul, add), shape);
  }

  /** One FLOAT64 weight [count, dim] with count in 1..4 and dim in 1..3. */
  private static Gen<List<Tensor>> weights() {
    Gen<Shape> shapes = rng -> Shape.of(1 + rng.nextInt(4), 1 + rng.nextInt(3));
    return Gens.tensors(F64, shapes, Domain.ANY).map(List::of);
  }

  /** Indices [2, 3] into weight's rows, with repeats. */
  private static Tensor rowsOf(Variable w) {
    return intIndices(w.shape().dim(0), 5, 1, 2, 3);
  }

  static List<Entry> entries() {
    Variable w43 = Variable.parameter(Tensor.zeros(F64, 4, 3));
    return List.of(
        entry("gather(axis 0, INT32 index of the result's shape)", Set.of(Movement.Gather.class),
            Gens.tensors(F64, Gens.shapesNonEmpty(2, 3, 3), Domain.ANY).map(List::of), v -> {
              Variable x = v.get(0);
              int[] rest = Arrays.copyOfRange(x.shape().dims(), 1, x.rank());
              return x.gather(0, intIndices(x.shape().dim(0), 2, 1, rest));
            },
            err("FLOAT64 index", () -> OpRegistry.zeros(2, 3).gather(1, Tensor.zeros(F64, 2)),
                IllegalArgumentException.class,
                "gather: index must be an INT32 tensor, got FLOAT64 [2]; convert it with toType(DType.INT32)"),
            err("index of the wrong shape", () -> OpRegistry.zeros(2, 3).gather(0, Tensor.zeros(DType.INT32, 1, 3)),
                ShapeMismatchException.class, "gather: index of shape [1, 3] does not match [3] (or a 1-D list of 3)"),
            err("index 3 of axis size 2", () -> OpRegistry.zeros(2, 3).gather(0, Tensor.of(new int[] {0, 3, 1})),
                IndexOutOfBoundsException.class, "gather: index 3 out of range for axis 0 of size 2 (shape [2, 3])")),
        entry("scatter(axis 1, INT32 index)", Set.of(Movement.Scatter.class),
            Gens.tensors(F64, Gens.shapesNonEmpty(1, 2, 3), Domain.ANY).map(List::of),
            v -> v.get(0).scatter(1, intIndices(4, 3, 2, v.get(0).shape().dims()), 4),
            err("FLOAT32 index", () -> OpRegistry.zeros(2).scatter(0, Tensor.zeros(DType.FLOAT32, 2), 3),
                IllegalArgumentException.class,
                "scatter: index must be an INT32 tensor, got FLOAT32 [2]; convert it with toType(DType.INT32)"),
            err("index 3 of axis size 3", () -> OpRegistry.zeros(2).scatter(0, Tensor.of(new int[] {0, 3}), 3),
                IndexOutOfBoundsException.class, "scatter: index 3 out of range for axis size 3")),
        entry("indexSelect(axis -1, INT32 indices)", Set.of(Movement.IndexSelect.class),
            Gens.tensors(F64, Gens.shapesNonEmpty(1, 3, 3), Domain.ANY).map(List::of),
            v -> v.get(0).indexSelect(-1, intIndices(v.get(0).shape().dim(-1), 2, 1, 5)),
            err("2-D indices", () -> OpRegistry.zeros(2, 3).indexSelect(0, Tensor.zeros(DType.INT32, 2, 2)),
                ShapeMismatchException.class, "indexSelect: indices must be 1-D, got shape [2, 2]"),
            err("FLOAT64 indices", () -> OpRegistry.zeros(2, 3).indexSelect(0, Tensor.zeros(F64, 2)),
                IllegalArgumentException.class,
                "indexSelect: indices must be an INT32 tensor, got FLOAT64 [2]; convert it with toType(DType.INT32)")),
        entry("indexAdd(axis 0, INT32 indices)", Set.of(Movement.IndexAdd.class),
            Gens.tensors(F64, Gens.shapesNonEmpty(1, 3, 3), Domain.ANY).map(List::of),
            v -> v.get(0).indexAdd(0, intIndices(2, 1, 1, v.get(0).shape().dim(0)), 2),
            err("index 2 of axis size 2", () -> OpRegistry.zeros(2, 3).indexAdd(0, Tensor.of(new int[] {0, 2}), 2),
                IndexOutOfBoundsException.class, "indexAdd: index 2 out of range for axis size 2")),
        entry("embedding", Set.of(), weights(), v -> Embeddings.lookup(v.get(0), rowsOf(v.get(0))),
            err("FLOAT64 indices", () -> Embeddings.lookup(w43, Tensor.zeros(F64, 2, 5)), IllegalArgumentException.class,
                "embedding: indices must be an INT32 tensor, got FLOAT64 [2, 5]; convert them with toType(DType.INT32)"),
            err("index 4 of 4 rows", () -> Embeddings.lookup(w43, Tensor.of(new int[] {1, 4, 0}, 3)),
                IllegalArgumentException.class,
                "embedding: index 4 out of range for weight [4, 3] (4 rows; indices [3])"),
            err("index -1", () -> Embeddings.lookup(w43, Tensor.of(new int[] {-1}, 1)), IllegalArgumentException.class,
                "embedding: index -1 out of range for weight [4, 3] (4 rows; indices [1])"),
            err("weight not 2-D", () -> Embeddings.lookup(OpRegistry.zeros(4), Tensor.of(new int[] {1}, 1)),
                IllegalArgumentException.class, "embedding: weight must be 2-D [count, dim], got [4] (indices [1])"),
            err("paddingIdx 4 of 4 rows", () -> Embeddings.lookup(w43, Tensor.of(new int[] {1}, 1), 4),
                IllegalArgumentException.class, "embedding: paddingIdx 4 out of range for weight [4, 3] (4 rows)")),
        // with a padding index the rule is not the derivative (the padding positions' value depends on the row
        // but sends it no gradient); masking those positions out of the output makes it one, so the other
        // positions' gradient is checked here and the padding row's zero gradient in EmbeddingsTest
        entry("embedding(paddingIdx 0), padding positions masked", Set.of(), weights(), v -> {
          Tensor idx = rowsOf(v.get(0));
          Tensor keep = idx.ne(0).toType(v.get(0).dtype()).unsqueeze(-1);
          return Embeddings.lookup(v.get(0), idx, 0).mul(Variable.constant(keep));
        }),
        entry("embedding, rank-0 indices", Set.of(), weights(),
            v -> Embeddings.lookup(v.get(0), Tensor.of(new int[] {v.get(0).shape().dim(0) - 1}).reshape())));
  }
}
