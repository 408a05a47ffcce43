package dev.nabla.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.DType;
import dev.nabla.core.Shape;
import dev.nabla.core.Tensor;
import dev.nabla.core.check.Domain;
import dev.nabla.core.check.Gen;
import dev.nabla.core.check.Gens;
import dev.nabla.core.check.Property;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The invariant data-parallel training rests on: for a loss that is a sum over examples,
 * ∇θ Σ_{i ∈ batch} ℓ(θ; xᵢ) = Σ over the parts P of any split of the batch of ∇θ Σ_{i ∈ P} ℓ(θ; xᵢ),
 * whatever the sizes of the parts (empty ones included) and however the rows are shuffled among
 * them. Checked on generated shapes, values and splits, in FLOAT64.
 */
class SplitSumPropertyTest {
  /** A two-layer model's parameters, a batch, and a split of its rows into parts. */
  record Case(int loss, Tensor w1, Tensor w2, Tensor x, Tensor y, int[] labels, int[][] parts) {
    @Override
    public String toString() {
      return "loss " + loss + ", w1 " + w1.shape() + ", w2 " + w2.shape() + ", x " + x.shape() + ", parts "
          + Arrays.deepToString(parts);
    }
  }

  static final Gen<Case> CASES = rng -> {
    int b = 1 + rng.nextInt(12), f = 1 + rng.nextInt(5), h = 1 + rng.nextInt(6), o = 1 + rng.nextInt(4);
    Tensor w1 = Gens.tensorOf(DType.FLOAT64, Shape.of(h, f), Domain.ANY, rng);
    Tensor w2 = Gens.tensorOf(DType.FLOAT64, Shape.of(o, h), Domain.ANY, rng);
    Tensor x = Gens.tensorOf(DType.FLOAT64, Shape.of(b, f), Domain.ANY, rng);
    Tensor y = Gens.tensorOf(DType.FLOAT64, Shape.of(b, o), Domain.ANY, rng);
    int[] labels = new int[b];
    for (int i = 0; i < b; i++) labels[i] = rng.nextInt(o);
    return new Case(rng.nextInt(3), w1, w2, x, y, labels, split(b, rng));
  };

  /** The rows 0..b−1 shuffled and cut into 1..b+1 parts at random points (so parts may be empty). */
  static int[][] split(int b, SplittableRandom rng) {
    int[] perm = new int[b];
    for (int i = 0; i < b; i++) perm[i] = i;
    for (int i = b - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1), t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    int k = 1 + rng.nextInt(b + 1);
    int[] cuts = new int[k + 1];
    cuts[k] = b;
    for (int i = 1; i < k; i++) cuts[i] = rng.nextInt(b + 1);
    Arrays.sort(cuts, 1, k);
    int[][] parts = new int[k][];
    for (int i = 0; i < k; i++) parts[i] = Arrays.copyOfRange(perm, cuts[i], cuts[i + 1]);
    return parts;
  }

  /** Σ over the given rows of ℓ: squared error, cross-entropy from logits, or a smooth L1, of tanh(x·W1ᵀ)·W2ᵀ. */
  static Variable summedLoss(Case c, Variable w1, Variable w2, int[] rows) {
    Variable x = Variable.constant(c.x().indexSelect(0, rows));
    Variable out = x.matmul(w1.transpose()).tanh().matmul(w2.transpose());
    Variable y = Variable.constant(c.y().indexSelect(0, rows));
    return switch (c.loss()) {
      case 0 -> out.sub(y).square().sum();
      case 1 -> {
        int[] l = new int[rows.length];
        for (int i = 0; i < l.length; i++) l[i] = c.labels()[rows[i]];
        Tensor onehot = Tensor.zeros(DType.FLOAT64, rows.length, c.w2().shape().dim(0));
        double[] oh = onehot.toDoubleArray();
        for (int i = 0; i < l.length; i++) oh[i * c.w2().shape().dim(0) + l[i]] = 1;
        yield out.logSoftmax(1).mul(Variable.constant(Tensor.of(oh, onehot.shape().dims()))).sum().neg();
      }
      default -> out.sub(y).square().add(1.0).sqrt().sum();
    };
  }

  static List<Tensor> grads(Case c, int[] rows) {
    Variable w1 = Variable.parameter(c.w1()), w2 = Variable.parameter(c.w2());
    return Grad.grad(summedLoss(c, w1, w2, rows), List.of(w1, w2));
  }

  @Test
  void gradientOfTheSumIsTheSumOfGradientsOverAnySplit() {
    Property.Result r = Property.forAll(CASES).named("∇ Σ batch = Σ parts ∇ Σ part").cases(200).check(c -> {
      int b = c.x().shape().dim(0);
      int[] all = new int[b];
      for (int i = 0; i < b; i++) all[i] = i;
      List<Tensor> whole = grads(c, all);
      List<double[]> sum = new ArrayList<>();
      for (Tensor t : whole) sum.add(new double[t.size()]);
      for (int[] part : c.parts()) {
        if (part.length == 0) continue;
        List<Tensor> g = grads(c, part);
        for (int p = 0; p < g.size(); p++) {
          double[] d = g.get(p).toDoubleArray();
          for (int j = 0; j < d.length; j++) sum.get(p)[j] += d[j];
        }
      }
      for (int p = 0; p < whole.size(); p++) {
        double[] w = whole.get(p).toDoubleArray();
        for (int j = 0; j < w.length; j++)
          assertEquals(w[j], sum.get(p)[j], 1e-12 + 1e-10 * Math.abs(w[j]), "parameter " + p + " element " + j);
      }
    });
    assertEquals(200, r.casesRun());
  }

  @Test
  void theCheckCatchesALossThatIsNotASum() {
    // a mean over the batch is not additive over parts: the same comparison must fail for it
    Case c = CASES.filter(k -> k.x().shape().dim(0) >= 2).generate(new SplittableRandom(1));
    int b = c.x().shape().dim(0);
    int[] all = new int[b], first = {0}, rest = new int[b - 1];
    for (int i = 0; i < b; i++) all[i] = i;
    for (int i = 1; i < b; i++) rest[i - 1] = i;
    Variable w1 = Variable.parameter(c.w1()), w2 = Variable.parameter(c.w2());
    double whole = Grad.grad(summedLoss(c, w1, w2, all).div(b), List.of(w1)).get(0).toDoubleArray()[0];
    double parts = Grad.grad(summedLoss(c, w1, w2, first).div(1), List.of(w1)).get(0).toDoubleArray()[0]
        + Grad.grad(summedLoss(c, w1, w2, rest).div(b - 1), List.of(w1)).get(0).toDoubleArray()[0];
    assertTrue(Math.abs(whole - parts) > 1e-9, "mean-reduced losses do not add up: " + whole + " vs " + parts);
  }
}
