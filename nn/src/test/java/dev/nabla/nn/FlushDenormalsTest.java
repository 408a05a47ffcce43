package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.Tensor;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Optimizer.flushDenormals: subnormal gradients and state become 0; normal numbers are untouched. */
class FlushDenormalsTest {
  static Variable param(float[] init, float[] grad) {
    Variable p = Variable.parameter(Tensor.of(init));
    p.mul(Variable.constant(Tensor.of(grad))).sum().backward(); // grad = the given values
    return p;
  }

  static long subnormals(Tensor t) {
    long n = 0;
    for (float v : t.toFloatArray()) if (v != 0 && Math.abs(v) < Float.MIN_NORMAL) n++;
    return n;
  }

  @Test
  void subnormalGradientsAndStateAreFlushed() {
    float sub = 3e-39f; // below Float.MIN_NORMAL ≈ 1.18e-38
    float[] init = {0.5f, -0.25f, 1f}, grad = {sub, -sub, 0.1f};
    for (Function<List<Variable>, Optimizer> make : List.<Function<List<Variable>, Optimizer>>of(
        p -> new Adam(p, 1e-3), p -> new AdamW(p, 1e-3), p -> new SGD(p, 0.1).momentum(0.9))) {
      Variable off = param(init, grad), on = param(init, grad), zero = param(init, new float[] {0, 0, 0.1f});
      Optimizer a = make.apply(List.of(off)), b = make.apply(List.of(on)).flushDenormals(true),
          c = make.apply(List.of(zero));
      for (int i = 0; i < 3; i++) {
        a.step();
        b.step();
        c.step();
      }
      String name = a.getClass().getSimpleName();
      long stateSubnormalsOff = a.stateDict().values().stream().mapToLong(FlushDenormalsTest::subnormals).sum();
      long stateSubnormalsOn = b.stateDict().values().stream().mapToLong(FlushDenormalsTest::subnormals).sum();
      assertTrue(stateSubnormalsOff > 0, name + ": without flushing the state holds subnormals");
      assertEquals(0, stateSubnormalsOn, name + ": flushed state");
      // flushing acts as if those gradients were 0, exactly
      assertArrayEquals(zero.value().toFloatArray(), on.value().toFloatArray(), name);
      assertEquals(sub, on.grad().toFloatArray()[0], name + ": the gradient itself is left alone");
    }
  }

  @Test
  void normalNumbersGiveTheSameBitsWithAndWithoutFlushing() {
    float[] init = {0.5f, -0.25f, 1f}, grad = {1e-3f, -2f, 0.1f};
    Variable off = param(init, grad), on = param(init, grad);
    Adam.Options amsgrad = Adam.DEFAULTS.withAmsgrad(true);
    Optimizer a = new Adam(List.of(off), 1e-2, amsgrad), b = new Adam(List.of(on), 1e-2, amsgrad).flushDenormals(true);
    for (int i = 0; i < 5; i++) {
      a.step();
      b.step();
    }
    assertArrayEquals(off.value().toFloatArray(), on.value().toFloatArray());
  }
}
