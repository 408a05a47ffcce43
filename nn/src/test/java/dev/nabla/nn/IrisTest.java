package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autodiff.Grad;
import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * End to end on Fisher's iris data (a copy of ../shared/data/iris.csv on the classpath; its first
 * line, "150,4,setosa,versicolor,virginica", is a header): a 4-16-3 MLP trained with Adam on
 * shuffled mini-batches of standardized features, cross-entropy + 1e-4·L2.
 *
 * <p>Accuracy is measured by 5-fold cross-validation (every sample is predicted once by a model
 * that never saw it; standardization fitted on the training folds only), i.e. on 150 held-out
 * predictions. A single 80/20 split has only 30 test samples, so ≥ 0.95 means at most one error
 * and depends on which of iris's few ambiguous versicolor/virginica samples land in the test part:
 * over split seeds 40..49 a single split scored 0.90–1.00. Cross-validated, one seed still scores
 * 0.94–0.97 depending on the seed (below), so the test asserts over seeds 1..8.
 */
class IrisTest {
  static Dataset iris() throws IOException {
    try (Reader r = new InputStreamReader(IrisTest.class.getResourceAsStream("/iris.csv"), StandardCharsets.UTF_8)) {
      return Dataset.readCsv(r, "iris.csv", DType.FLOAT32);
    }
  }

  /**
   * Held-out accuracy over seeds 1..8 (each seed: its own permutation into folds and its own
   * initialisations and shuffles). Measured 2026-12-02: 0.960, 0.980, 0.947, 0.967, 0.967, 0.960,
   * 0.967, 0.940 (mean 0.961). Asserted: every seed ≥ 0.93 (140 of 150; the worst seed has one error
   * to spare) and the mean ≥ 0.95; a single seed's ≥ 0.95 failed for seeds 3 and 8.
   */
  @Test
  void mlpReachesAtLeast95PercentMeanHeldOutAccuracyOverSeeds() throws IOException {
    Dataset iris = iris();
    assertEquals(150, iris.size());
    assertEquals(4, iris.numFeatures());
    assertEquals(3, iris.numClasses());
    double[] acc = new double[8];
    for (int s = 0; s < acc.length; s++) acc[s] = heldOutAccuracy(iris, s + 1);
    String all = "held-out accuracy over seeds 1..8: " + Arrays.toString(acc);
    for (double a : acc) assertTrue(a >= 0.93, all);
    assertTrue(Arrays.stream(acc).average().orElseThrow() >= 0.95, all);
  }

  /** 5-fold cross-validated accuracy: every sample predicted once by a model that never saw it. */
  static double heldOutAccuracy(Dataset iris, long seed) {
    int n = iris.size(), folds = 5, right = 0;
    int[] perm = Dataset.permutation(n, new SplittableRandom(seed));
    for (int f = 0; f < folds; f++) {
      int lo = f * n / folds, hi = (f + 1) * n / folds;
      int[] test = Arrays.copyOfRange(perm, lo, hi);
      int[] train = IntStream.concat(Arrays.stream(perm, 0, lo), Arrays.stream(perm, hi, n)).toArray();
      Dataset.Split split = new Dataset.Split(iris.subset(train), iris.subset(test)).standardized();
      right += correct(split, new SplittableRandom(seed + f));
    }
    return (double) right / n;
  }

  /** Trains on split.train() and counts the correct predictions on split.test(). */
  static int correct(Dataset.Split split, SplittableRandom rng) {
    var model = new Sequential(new Linear(4, 16, rng), new ReLU(), new Linear(16, 3, rng));
    var opt = new Adam(model.parameters(), 0.01);
    var loader = new DataLoader(split.train(), 16).shuffle(rng);
    for (int epoch = 0; epoch < 60; epoch++) {
      for (DataLoader.Batch b : loader) {
        Variable loss = Losses.crossEntropy(model.forward(b.input()), b.labels())
            .add(Regularization.l2(model.parameters()).mul(1e-4));
        opt.zeroGrad();
        loss.backward();
        opt.step();
      }
    }
    model.eval();
    Grad.Scope noGraph = Grad.disabled();
    try {
      int[] pred = model.forward(Variable.constant(split.test().features())).value().argmaxIndices();
      int[] y = split.test().labels();
      int right = 0;
      for (int i = 0; i < y.length; i++) if (pred[i] == y[i]) right++;
      return right;
    } finally {
      noGraph.close();
    }
  }
}
