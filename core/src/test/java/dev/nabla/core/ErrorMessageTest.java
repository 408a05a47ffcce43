package dev.nabla.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/** Every caller mistake: the exact exception type and a message naming the op and every shape. */
class ErrorMessageTest {
  record Err(Class<? extends Throwable> type, String message, Executable call) {}

  static Tensor z(int... dims) {
    return Tensor.zeros(DType.FLOAT64, dims);
  }

  static final Class<ShapeMismatchException> SHAPE = ShapeMismatchException.class;
  static final Class<IllegalArgumentException> ARG = IllegalArgumentException.class;
  static final Class<IndexOutOfBoundsException> INDEX = IndexOutOfBoundsException.class;
  static final Class<IllegalStateException> STATE = IllegalStateException.class;

  static final List<Err> ERRORS = List.of(
      new Err(SHAPE, "matmul: cannot multiply [64, 784] by [100, 10]: inner dimensions 784 != 100",
          () -> Tensor.zeros(DType.FLOAT32, 64, 784).matmul(Tensor.zeros(DType.FLOAT32, 100, 10))),
      new Err(SHAPE, "matmul: cannot multiply [3] by [4]: inner dimensions 3 != 4", () -> z(3).matmul(z(4))),
      new Err(SHAPE, "matmul: cannot multiply [] by [3]: both operands need at least one dimension",
          () -> z().matmul(z(3))),
      new Err(SHAPE, "matmul: cannot multiply [2, 3, 4] by [3, 4, 5]: batch dimensions [2] and [3] do not broadcast",
          () -> z(2, 3, 4).matmul(z(3, 4, 5))),
      new Err(ARG, "matmul: dtype mismatch: FLOAT64 [2, 2] vs FLOAT32 [2, 2]; convert one with toType",
          () -> z(2, 2).matmul(Tensor.zeros(DType.FLOAT32, 2, 2))),
      new Err(ARG, "sum: axis 2 out of range for shape [2, 3]", () -> z(2, 3).sum(2)),
      new Err(ARG, "max: axis -3 out of range for shape [2, 3]", () -> z(2, 3).max(-3)),
      new Err(ARG, "mean: axis -1 repeated in [1, -1] for shape [2, 3]", () -> z(2, 3).mean(new int[] {1, -1}, false)),
      new Err(ARG, "argmin: axis 1 out of range for shape []", () -> z().argmin(1)), // axis 0 and -1 name its one element
      new Err(ARG, "softmax: axis 2 out of range for shape [2, 3]", () -> z(2, 3).softmax(2)),
      new Err(ARG, "logSoftmax: axis -3 out of range for shape [2, 3]", () -> z(2, 3).logSoftmax(-3)),
      new Err(ARG, "max: cannot reduce over a zero-size dimension of shape [0, 3]", () -> z(0, 3).max(0)),
      new Err(ARG, "add: dtype mismatch: FLOAT64 [2] vs FLOAT32 [2]; convert one with toType",
          () -> z(2).add(Tensor.zeros(DType.FLOAT32, 2))),
      new Err(SHAPE, "add: cannot broadcast [2, 3] with [4]: dimension 1 is 3 vs 4", () -> z(2, 3).add(z(4))),
      new Err(SHAPE, "pow: cannot broadcast [5] with [2, 3]: dimension 1 is 5 vs 3", () -> z(5).pow(z(2, 3))),
      new Err(SHAPE, "where: cannot broadcast mask [2], a [3] and b [3] together", () -> Tensor.where(z(2), z(3), z(3))),
      new Err(ARG, "where: dtype mismatch: FLOAT64 [3] vs FLOAT32 [3]; convert one with toType",
          () -> Tensor.where(z(3), z(3), Tensor.zeros(DType.FLOAT32, 3))),
      new Err(SHAPE, "reshape: cannot reshape [2, 3] (6 elements) to [4, 2] (8 elements)", () -> z(2, 3).reshape(4, 2)),
      new Err(SHAPE, "reshape: cannot reshape [2, 3] (6 elements) to [4, -1]", () -> z(2, 3).reshape(4, -1)),
      new Err(ARG, "reshape: more than one -1 in [-1, -1]", () -> z(2, 3).reshape(-1, -1)),
      new Err(ARG, "reshape: negative dimension in [-2, -3]", () -> z(2, 3).reshape(-2, -3)),
      new Err(SHAPE, "expand: cannot expand [2, 3] to [3, 3]: dimension 0 is 2, not 1 or 3", () -> z(2, 3).expand(3, 3)),
      new Err(SHAPE, "expand: cannot expand [2, 3] to fewer dimensions [3]", () -> z(2, 3).expand(3)),
      new Err(SHAPE, "expand: -1 is not allowed for new dimension 0 in [-1, 2, 3]", () -> z(2, 3).expand(-1, 2, 3)),
      new Err(ARG, "expand: negative dimension in [-2, 3]", () -> z(1, 3).expand(-2, 3)),
      new Err(ARG, "permute: [0, 0] is not a permutation of the 2 axes of [2, 3]", () -> z(2, 3).permute(0, 0)),
      new Err(ARG, "permute: [0] is not a permutation of the 2 axes of [2, 3]", () -> z(2, 3).permute(0)),
      new Err(ARG, "permute: [0, 2] is not a permutation of the 2 axes of [2, 3]", () -> z(2, 3).permute(0, 2)),
      new Err(ARG, "transpose: axis 2 out of range for shape [2, 3]", () -> z(2, 3).transpose(0, 2)),
      new Err(SHAPE, "squeeze: axis 0 of shape [2, 3] has size 2, not 1", () -> z(2, 3).squeeze(0)),
      new Err(ARG, "unsqueeze: axis 3 out of range for shape [2]", () -> z(2).unsqueeze(3)),
      new Err(ARG, "slice: step must be positive, got 0", () -> z(2, 3).slice(1, 0, 3, 0)),
      new Err(ARG, "slice: axis 2 out of range for shape [2, 3]", () -> z(2, 3).slice(2, 0, 1)),
      new Err(INDEX, "narrow: [1, 4) out of range for axis 1 of shape [2, 3]", () -> z(2, 3).narrow(1, 1, 3)),
      new Err(SHAPE, "concat: shapes [2, 3], [2, 4] differ outside axis 0", () -> Tensor.concat(List.of(z(2, 3), z(2, 4)), 0)),
      new Err(ARG, "concat: dtype mismatch: FLOAT64 [2] vs FLOAT32 [2]; convert one with toType",
          () -> Tensor.concat(List.of(z(2), Tensor.zeros(DType.FLOAT32, 2)), 0)),
      new Err(ARG, "concat: cannot concatenate tensors of shape [] (a scalar has no axis to join along); use stack",
          () -> Tensor.concat(List.of(z(), z()), 0)),
      new Err(ARG, "concat: no tensors given", () -> Tensor.concat(List.of(), 0)),
      new Err(SHAPE, "stack: shapes [2], [3] are not all equal", () -> Tensor.stack(List.of(z(2), z(3)), 0)),
      new Err(ARG, "stack: axis 2 out of range for shape [2]", () -> Tensor.stack(List.of(z(2), z(2)), 2)),
      new Err(SHAPE, "sumTo: [4] does not broadcast to [2, 3]", () -> z(2, 3).sumTo(Shape.of(4))),
      new Err(INDEX, "gather: index 3 out of range for axis 1 of size 3 (shape [2, 3])",
          () -> z(2, 3).gather(1, new int[] {0, 3})),
      new Err(INDEX, "gather: index -1 out of range for axis 1 of size 3 (shape [2, 3])",
          () -> z(2, 3).gather(1, new int[] {-1, 0})),
      new Err(SHAPE, "gather: 3 indices for shape [2, 3] along axis 1 (need 2, one per position of [2])",
          () -> z(2, 3).gather(1, new int[] {0, 1, 2})),
      new Err(INDEX, "scatter: index 3 out of range for axis size 3", () -> z(2).scatter(1, new int[] {0, 3}, 3)),
      new Err(SHAPE, "scatter: 1 indices for shape [2]", () -> z(2).scatter(1, new int[] {0}, 3)),
      new Err(INDEX, "indexSelect: index 5 out of range for axis 0 of size 2 (shape [2, 3])",
          () -> z(2, 3).indexSelect(0, new int[] {5})),
      new Err(INDEX, "indexAdd: index 4 out of range for axis size 4", () -> z(2, 3).indexAdd(0, new int[] {0, 4}, 4)),
      new Err(SHAPE, "indexAdd: 1 indices for axis 0 of shape [2, 3]", () -> z(2, 3).indexAdd(0, new int[] {0}, 4)),
      new Err(STATE, "item: tensor of shape [2, 3] has 6 elements, not 1", () -> z(2, 3).item()),
      new Err(STATE, "item: tensor of shape [0] has 0 elements, not 1", () -> z(0).item()),
      new Err(ARG, "get: 1 indices for shape [2, 3]", () -> z(2, 3).get(1)),
      new Err(INDEX, "get: index [2, 0] out of range for shape [2, 3]", () -> z(2, 3).get(2, 0)),
      new Err(SHAPE, "of: 5 values do not fill shape [2, 3] (6 elements)", () -> Tensor.of(new double[5], 2, 3)),
      new Err(SHAPE, "of: 2 values do not fill shape [3] (3 elements)", () -> Tensor.of(new float[2], 3)),
      new Err(ARG, "of: negative dimension in [-1, -6]", () -> Tensor.of(new double[6], -1, -6)),
      new Err(ARG, "zeros: negative dimension in [2, -1]", () -> Tensor.zeros(DType.FLOAT64, 2, -1)),
      new Err(ARG, "ones: negative dimension in [-3]", () -> Tensor.ones(DType.FLOAT32, -3)),
      new Err(ARG, "full: negative dimension in [-3]", () -> Tensor.full(DType.FLOAT32, 1, -3)),
      new Err(ARG, "rand: negative dimension in [-3]", () -> Tensor.rand(DType.FLOAT32, new SplittableRandom(1), -3)),
      new Err(ARG, "randn: negative dimension in [2, -3]", () -> Tensor.randn(DType.FLOAT32, new SplittableRandom(1), 2, -3)),
      new Err(ARG, "eye: negative size -2", () -> Tensor.eye(DType.FLOAT32, -2)),
      new Err(ARG, "shape: negative dimension in [3, -1]", () -> Shape.of(3, -1)),
      new Err(ARG, "arange: need finite start, end and a nonzero step, got 0.0, 5.0, 0.0",
          () -> Tensor.arange(DType.FLOAT64, 0, 5, 0)),
      new Err(ARG, "clamp: lower bound 2.0 exceeds upper bound 1.0", () -> z(3).clamp(2, 1)),
      new Err(ARG, "clamp: lower bound NaN exceeds upper bound 1.0", () -> z(3).clamp(Double.NaN, 1)),
      new Err(STATE, "addScaledInPlace: only a dense tensor that owns its storage can be written in place, not a view of shape [3, 2]",
          () -> z(2, 3).transpose().addScaledInPlace(z(3, 2), 1)),
      new Err(SHAPE, "addScaledInPlace: shape [3] does not match [2, 3]", () -> z(2, 3).addScaledInPlace(z(3), 1)),
      new Err(ARG, "copyInPlace: dtype mismatch: FLOAT64 [2] vs FLOAT32 [2]; convert one with toType",
          () -> z(2).copyInPlace(Tensor.zeros(DType.FLOAT32, 2))),
      new Err(STATE, "mulInPlace: only a dense tensor that owns its storage can be written in place, not a view of shape [1, 3]",
          () -> z(2, 3).narrow(0, 0, 1).mulInPlace(2)));

  @TestFactory
  Stream<DynamicTest> everyMistakeNamesTheOpAndShapes() {
    return ERRORS.stream().map(e -> dynamicTest(e.message(), () -> {
      Throwable t = assertThrows(e.type(), e.call());
      assertEquals(e.type(), t.getClass(), "exact exception type");
      assertEquals(e.message(), t.getMessage());
    }));
  }
}
