package dev.nabla.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.lang.ref.WeakReference;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A backward pass leaves its arrays to the next pass on its thread (Engine.Scratch): they must
 * keep no graph alive, and passes of any size and order, after an exception too, must not see
 * what an earlier pass left.
 */
class ScratchReuseTest {
  private static Variable chain(Variable x, int ops) {
    Variable v = x;
    for (int i = 0; i < ops; i++) v = v.mul(1.001).tanh().add(x);
    return v.sum();
  }

  @Test
  void theSpareArraysKeepNoGraphAlive() throws InterruptedException {
    Variable x = Variable.parameter(Tensor.of(new double[] {0.1, 0.2}));
    WeakReference<Variable> inner = graphOnce(x);
    for (int i = 0; i < 50 && inner.get() != null; i++) {
      System.gc();
      Thread.sleep(10);
    }
    assertNull(inner.get(), "a variable of a finished backward is still reachable");
  }

  private static WeakReference<Variable> graphOnce(Variable x) {
    Variable mid = x.mul(2.0).tanh();
    WeakReference<Variable> ref = new WeakReference<>(mid);
    chain(mid, 300).backward();
    return ref;
  }

  @Test
  void passesOfAnySizeAndOrderGiveTheSameGradients() {
    for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
      Tensor t = Tensor.of(new double[] {0.3, -0.7, 1.1}).toType(dtype);
      double[][] first = new double[4][];
      int[] sizes = {1, 500, 3, 40};
      for (int round = 0; round < 3; round++) {
        for (int s = 0; s < sizes.length; s++) {
          Variable x = Variable.parameter(t);
          Tensor g = Grad.grad(chain(x, sizes[s]), List.of(x)).get(0);
          if (round == 0) first[s] = g.toDoubleArray();
          else assertArrayEquals(first[s], g.toDoubleArray(), dtype + " size " + sizes[s] + " round " + round);
          if (s == 1) { // a pass that fails half-way (a freed graph) between the others
            Variable y = Variable.parameter(t), loss = chain(y, 20);
            loss.backward();
            assertThrows(IllegalStateException.class, loss::backward);
          }
        }
      }
      // and a pass inside a pass (a checkpoint recomputes and runs its own backward)
      Variable x = Variable.parameter(t);
      Tensor plain = Grad.grad(chain(x, 30), List.of(x)).get(0);
      Variable y = Variable.parameter(t);
      Tensor nested = Grad.grad(Checkpoint.apply(in -> chain(in.get(0), 30), List.of(y)), List.of(y)).get(0);
      assertArrayEquals(plain.toDoubleArray(), nested.toDoubleArray(), dtype + " through a checkpoint");
    }
  }
}
