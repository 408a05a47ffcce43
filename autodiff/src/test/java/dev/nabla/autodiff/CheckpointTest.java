package dev.nabla.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** {@link Checkpoint}: the same gradients as without it, and a much smaller recorded graph. */
class CheckpointTest {
  private final SplittableRandom rng = new SplittableRandom(11);
  private final List<Variable> params = new ArrayList<>();

  private Variable param(int... dims) {
    Variable p = Variable.parameter(Tensor.randn(DType.FLOAT64, rng, dims).mul(0.5));
    params.add(p);
    return p;
  }

  /** A 4-layer tanh MLP block on [B, 8], its weights captured (not passed as inputs). */
  private Function<List<Variable>, Variable> block() {
    List<Variable[]> layers = new ArrayList<>();
    for (int i = 0; i < 4; i++) layers.add(new Variable[] {param(8, 8), param(8)});
    return in -> {
      Variable h = in.get(0);
      for (Variable[] l : layers) h = h.linear(l[0], l[1]).tanh().add(h); // residual
      return h;
    };
  }

  /** The ops recorded from root down, and the distinct tensors they hold (their inputs' values). */
  private static int[] graphSize(Variable root) {
    Set<Variable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Set<Tensor> held = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Variable> todo = new ArrayList<>(List.of(root));
    int ops = 0;
    while (!todo.isEmpty()) {
      Variable v = todo.remove(todo.size() - 1);
      if (!seen.add(v) || v.op == null) continue;
      ops++;
      for (Variable x : v.inputs) {
        if (x.op != null) held.add(x.value()); // an intermediate value kept alive for backward
        todo.add(x);
      }
    }
    return new int[] {ops, held.size()};
  }

  @Test
  void gradientsAreIdenticalAndTheGraphIsSmaller() {
    Function<List<Variable>, Variable> b1 = block(), b2 = block();
    Variable w0 = param(3, 8);
    Tensor data = Tensor.randn(DType.FLOAT64, rng, 5, 3);

    Variable x = Variable.constant(data);
    Variable plain = b2.apply(List.of(b1.apply(List.of(x.matmul(w0))))).square().mean();
    int[] plainSize = graphSize(plain);
    List<Tensor> expected = Grad.grad(plain, params);

    Variable h0 = Variable.constant(data).matmul(w0);
    Variable h1 = Checkpoint.apply(b1, List.of(h0));
    Variable out = Checkpoint.apply(b2, List.of(h1)).square().mean();
    int[] ckptSize = graphSize(out);
    assertEquals(plain.item(), out.item(), 0);
    assertEquals("checkpoint", h1.opName());
    // 4 layers × (linear, tanh, add) per block are gone: two checkpoint nodes stand for 24 ops
    // (both graphs also have matmul, square and mean = sum, div)
    assertTrue(plainSize[0] >= 24 + 4, "plain graph " + plainSize[0]);
    assertTrue(ckptSize[0] <= 6, "checkpointed graph has " + ckptSize[0] + " ops");
    // held: the matmul, both segment outputs, square, sum (plain: every layer's linear, tanh and add too)
    assertTrue(ckptSize[1] <= 5 && plainSize[1] >= 25, "held tensors: " + ckptSize[1] + " vs " + plainSize[1]);

    out.backward();
    for (int i = 0; i < params.size(); i++) {
      Tensor g = params.get(i).grad();
      assertTrue(g != null, "parameter " + i + " got no gradient");
      assertTrue(g.allClose(expected.get(i), 0, 0), "parameter " + i + ": " + g + " vs " + expected.get(i));
    }
  }

  @Test
  void functionalGradReachesCapturedParametersAndInputs() {
    Function<List<Variable>, Variable> b = block();
    Variable x = Variable.parameter(Tensor.randn(DType.FLOAT64, rng, 2, 8));
    List<Variable> targets = new ArrayList<>(params);
    targets.add(x);
    List<Tensor> expected = Grad.grad(b.apply(List.of(x)).sum(), targets);
    List<Tensor> actual = Grad.grad(Checkpoint.apply(b, List.of(x)).sum(), targets);
    for (int i = 0; i < targets.size(); i++) assertTrue(actual.get(i).allClose(expected.get(i), 0, 0), "target " + i);
    for (Variable p : params) assertEquals(null, p.grad(), "Grad.grad accumulates nothing");
  }

  @Test
  void nestedCheckpointsGiveTheSameGradients() {
    Function<List<Variable>, Variable> inner = block();
    Variable w = param(8, 8);
    Function<List<Variable>, Variable> outer = in -> Checkpoint.apply(inner, List.of(in.get(0).matmul(w))).tanh();
    Variable x = Variable.constant(Tensor.randn(DType.FLOAT64, rng, 3, 8));
    List<Tensor> expected = Grad.grad(outer.apply(List.of(x)).sum(), params);
    List<Tensor> actual = Grad.grad(Checkpoint.apply(outer, List.of(x)).sum(), params);
    for (int i = 0; i < params.size(); i++) assertTrue(actual.get(i).allClose(expected.get(i), 1e-15, 1e-15), "param " + i);
  }

  @Test
  void withGradDisabledItIsJustTheFunction() {
    Function<List<Variable>, Variable> b = block();
    Variable x = Variable.constant(Tensor.ones(DType.FLOAT64, 1, 8));
    try (var off = Grad.disabled()) {
      Variable y = Checkpoint.apply(b, List.of(x));
      assertFalse(y.requiresGrad());
    }
  }

  @Test
  void gradOfGradIsRefusedNamingTheCheckpoint() {
    Variable w = param(2, 2);
    Variable y = Checkpoint.apply(in -> in.get(0).square().sum(), List.of(w));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Grad.differentiableGrad(y, List.of(w)));
    assertTrue(e.getMessage().contains("checkpoint does not support grad of grad"), e.getMessage());
  }

  @Test
  void aParameterChangedInPlaceBeforeBackwardIsRefused() {
    Variable w = param(2, 2);
    Variable y = Checkpoint.apply(in -> in.get(0).matmul(w).sum(), List.of(Variable.constant(Tensor.ones(DType.FLOAT64, 1, 2))));
    w.value().mulInPlace(2);
    IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
    assertTrue(e.getMessage().contains("checkpoint: input 1 of shape [2, 2] was modified in place"), e.getMessage());
  }

  @Test
  void aFunctionThatChangesShapeOnRecomputationIsRefused() {
    Variable w = param(3);
    int[] calls = {0};
    Variable y = Checkpoint.apply(in -> calls[0]++ == 0 ? in.get(0).mul(2) : in.get(0).sum(), List.of(w));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.backward(Tensor.ones(DType.FLOAT64, 3)));
    assertTrue(e.getMessage().startsWith("checkpoint: recomputing the segment gave FLOAT64 []"), e.getMessage());
  }
}
