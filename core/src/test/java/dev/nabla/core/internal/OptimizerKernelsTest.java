package dev.nabla.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.core.DType;
import dev.nabla.core.ShapeMismatchException;
import dev.nabla.core.Tensor;
import org.junit.jupiter.api.Test;

/** The optimizer kernels moved from Tensor: flushSubnormalsInPlace, scaleAddInPlace. */
class OptimizerKernelsTest {
  @Test
  void flushSubnormalsZeroesExactlyTheSubnormalsKeepingTheSign() {
    float sub = Float.MIN_NORMAL / 2;
    Tensor f = Tensor.of(new float[] {sub, -sub, Float.MIN_VALUE, Float.MIN_NORMAL, -1, 0, Float.NaN, Float.POSITIVE_INFINITY});
    int v = f.version();
    OptimizerKernels.flushSubnormalsInPlace(f);
    assertArrayEquals(new float[] {0f, -0f, 0f, Float.MIN_NORMAL, -1, 0, Float.NaN, Float.POSITIVE_INFINITY},
        f.toFloatArray());
    assertEquals(v + 1, f.version());
    Tensor d = Tensor.of(new double[] {Double.MIN_NORMAL / 4, 1e-300, -Double.MIN_VALUE});
    assertArrayEquals(new double[] {0, 1e-300, -0.0}, OptimizerKernels.flushSubnormalsInPlace(d).toDoubleArray());
    assertThrows(IllegalStateException.class,
        () -> OptimizerKernels.flushSubnormalsInPlace(Tensor.zeros(DType.FLOAT32, 4).narrow(0, 1, 2)));
  }

  @Test
  void scaleAddWritesOnlyTheTargetAndChecksItsOperands() {
    for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) { // the floating dtypes
      Tensor t = Tensor.of(new double[] {1, 2}, 2).toType(dt), x = Tensor.of(new double[] {10, 20}, 2).toType(dt);
      Tensor y = Tensor.of(new double[] {100, 200, 0, 0}, 2, 2).toType(dt).slice(0, 0, 1).reshape(2); // a view
      int v = t.version(), vx = x.version();
      OptimizerKernels.scaleAddInPlace(t, 2, x, 3, y, 0.5); // 2·t + 3·x + ½·y, y only read
      assertArrayEquals(new double[] {82, 164}, t.toDoubleArray(), dt.toString());
      assertEquals(v + 1, t.version());
      assertEquals(vx, x.version());
      OptimizerKernels.scaleAddInPlace(t, 1, x, -1, null, 7); // no y
      assertArrayEquals(new double[] {72, 144}, t.toDoubleArray(), dt.toString());
    }
    Tensor t = Tensor.ones(DType.FLOAT64, 2);
    assertEquals("scaleAddInPlace: shape [3] does not match [2]", assertThrows(ShapeMismatchException.class,
        () -> OptimizerKernels.scaleAddInPlace(t, 1, Tensor.ones(DType.FLOAT64, 3), 1, null, 0)).getMessage());
    assertEquals("scaleAddInPlace: shape [1, 2] does not match [2]", assertThrows(ShapeMismatchException.class,
        () -> OptimizerKernels.scaleAddInPlace(t, 1, t, 1, Tensor.ones(DType.FLOAT64, 1, 2), 1)).getMessage());
    assertEquals("scaleAddInPlace: dtype mismatch: FLOAT64 [2] vs FLOAT32 [2]; convert one with toType",
        assertThrows(IllegalArgumentException.class,
            () -> OptimizerKernels.scaleAddInPlace(t, 1, Tensor.ones(DType.FLOAT32, 2), 1, null, 0)).getMessage());
    assertEquals("scaleAddInPlace: only a dense tensor that owns its storage can be written in place, not a view of"
        + " shape [1]", assertThrows(IllegalStateException.class,
            () -> OptimizerKernels.scaleAddInPlace(t.narrow(0, 0, 1), 1, t.narrow(0, 1, 1), 1, null, 0)).getMessage());
  }
}
