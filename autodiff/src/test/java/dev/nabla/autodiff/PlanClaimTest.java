package dev.nabla.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.core.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A backward pass marks the variables it walks by claiming them; a variable another pass holds
 * at that moment must be tracked in the pass's own table instead. Here the other pass is played by
 * a foreign claim set by hand on chosen nodes (deterministic, unlike a race): gradients must be
 * exactly those of an unclaimed copy of the graph, the foreign claims must stay as they were, and
 * the pass must leave no claim of its own behind, also when it fails.
 */
class PlanClaimTest {
  /** x [3] = (1, −2, 3); h = x ⊙ x; y = h + h ⊙ x; loss = Σ y ⊙ h (h and x fan out). */
  private static List<Variable> graph() {
    Variable x = Variable.parameter(Tensor.of(new double[] {1, -2, 3}, 3));
    Variable h = x.mul(x);
    Variable y = h.add(h.mul(x));
    Variable loss = y.mul(h).sum();
    return List.of(x, h, y, loss);
  }

  /** ∂/∂x Σ (x⁴ + x⁵) = 4x³ + 5x⁴. */
  private static double[] expected(double... x) {
    double[] g = new double[x.length];
    for (int i = 0; i < x.length; i++) g[i] = 4 * Math.pow(x[i], 3) + 5 * Math.pow(x[i], 4);
    return g;
  }

  private static List<Variable> allNodes(Variable root) {
    List<Variable> out = new ArrayList<>();
    List<Variable> todo = new ArrayList<>(List.of(root));
    while (!todo.isEmpty()) {
      Variable v = todo.remove(todo.size() - 1);
      if (out.stream().anyMatch(u -> u == v)) continue;
      out.add(v);
      if (v.inputs != null) todo.addAll(List.of(v.inputs));
    }
    return out;
  }

  @Test
  void nodesHeldByAnotherPassAreWalkedOnceAndLeftHeld() {
    // every subset of {x, h, y, loss} held by the other pass: the fallback table alone, the claims alone, and mixes
    for (int held = 0; held < 16; held++) {
      List<Variable> g = graph();
      Object other = new Object();
      for (int i = 0; i < 4; i++) if ((held & (1 << i)) != 0) g.get(i).claimedBy = other;
      Variable loss = g.get(3);
      List<Variable> nodes = allNodes(loss);
      loss.backward(true);
      assertArrayEquals(expected(1, -2, 3), g.get(0).grad().toDoubleArray(), 0, "held mask " + held);
      // the functional form looks targets up in the same plan
      List<Tensor> d = Grad.grad(loss, List.of(g.get(0), g.get(1)), Tensor.scalar(1.0), true);
      assertArrayEquals(expected(1, -2, 3), d.get(0).toDoubleArray(), 0, "grad, held mask " + held);
      for (int i = 0; i < 4; i++) {
        if ((held & (1 << i)) != 0) assertSame(other, g.get(i).claimedBy, "foreign claim on node " + i + " kept");
      }
      for (Variable v : nodes)
        if (v.claimedBy != other) assertNull(v.claimedBy, "a claim left behind, held mask " + held);
    }
  }

  @Test
  void aGraphBuiltOnAnotherThreadGetsItsGradientAndKeepsNoClaim() throws Exception {
    List<List<Variable>> built = new ArrayList<>();
    Thread t = new Thread(() -> built.add(graph()));
    t.start();
    t.join();
    List<Variable> g = built.get(0);
    Variable h = g.get(1), loss = g.get(3);
    Variable again = loss.add(h.sum()); // this thread's node on top of the other thread's graph
    List<Variable> nodes = allNodes(again);
    again.backward();
    double[] want = expected(1, -2, 3);
    double[] x = {1, -2, 3};
    for (int i = 0; i < 3; i++) want[i] += 2 * x[i];
    assertArrayEquals(want, g.get(0).grad().toDoubleArray(), 0);
    for (Variable v : nodes) assertNull(v.claimedBy, "a claim left behind");
  }

  @Test
  void aFailedPassLeavesNoClaimBehind() {
    List<Variable> g = graph();
    Variable loss = g.get(3);
    Variable sum = g.get(2).add(1.0).sum(); // sum and add are walked before the walk meets the freed y
    List<Variable> nodes = allNodes(sum);
    loss.backward(); // frees loss's graph, y included
    assertThrows(IllegalStateException.class, sum::backward);
    for (Variable v : nodes) assertNull(v.claimedBy, "a claim left behind by the failed pass");
    // a second graph on the same leaf still gets its gradient: the leaf was released
    Variable x = g.get(0);
    x.zeroGrad();
    x.mul(x).sum().backward();
    assertArrayEquals(new double[] {2, -4, 6}, x.grad().toDoubleArray(), 0);
  }
}
