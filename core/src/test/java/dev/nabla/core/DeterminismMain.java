package dev.nabla.core;

import java.util.SplittableRandom;

/**
 * Computes big ops (above every threading threshold) from a fixed seed and prints one hash of the
 * result bits per op ({@link DeterminismRuns}); {@link DeterminismTest} runs it under different
 * {@code nabla.threads}.
 */
public final class DeterminismMain {
  private DeterminismMain() {}

  public static void main(String[] args) {
    DeterminismRuns.printThreads();
    for (DType dt : java.util.List.of(DType.FLOAT32, DType.FLOAT64)) {
      SplittableRandom rng = new SplittableRandom(2024);
      Tensor a = Tensor.randn(dt, rng, 512, 512), b = Tensor.randn(dt, rng, 512, 512);
      Tensor x = Tensor.rand(dt, rng, 1000, 1000), y = Tensor.rand(dt, rng, 1000, 1000);
      DeterminismRuns.printHash(dt, "matmul", a.matmul(b));
      DeterminismRuns.printHash(dt, "batchedT", a.reshape(8, 64, 512).matmul(b.narrow(1, 0, 96).transpose().contiguous().transpose()));
      DeterminismRuns.printHash(dt, "elementwise", x.exp().mul(y));
      DeterminismRuns.printHash(dt, "addScaledInPlace", x.mul(1.0).addScaledInPlace(y, 0.3).mulInPlace(1.7)); // Update's split loops
      // erf over [−5, 5) (FLOAT32: the Vector API's three passes per block, every branch): chunk borders anywhere
      DeterminismRuns.printHash(dt, "erf", x.mul(10).sub(5).erf());
      DeterminismRuns.printHash(dt, "sumRows", x.sum(1));
      DeterminismRuns.printHash(dt, "sumAll", x.sum());
      // 3 long rows (not a whole number of sum blocks): on 4 threads each row's blocks split across threads
      DeterminismRuns.printHash(dt, "sumLongRows", x.narrow(1, 0, 999).contiguous().reshape(3, 333_000).sum(1));
      DeterminismRuns.printHash(dt, "softmax", x.reshape(4000, 250).softmax(1));
      // x·Wᵀ + b (FLOAT32: the row-panel kernel), and cross-entropy forward and fused backward
      DeterminismRuns.printHash(dt, "linear", x.narrow(0, 0, 200).linear(y.narrow(0, 0, 300), y.narrow(0, 0, 1).reshape(1000).narrow(0, 0, 300)));
      int[] labels = new int[4000];
      for (int i = 0; i < labels.length; i++) labels[i] = (i * 37) % 250;
      Tensor logits = x.reshape(4000, 250).mul(20);
      DeterminismRuns.printHash(dt, "crossEntropy", logits.crossEntropyRows(labels));
      DeterminismRuns.printHash(dt, "crossEntropyGrad", dev.nabla.core.internal.GradientKernels.crossEntropyRowsGrad(logits, labels, Tensor.full(dt, 0.5, 4000), null));
      // layer norm over 771 (FLOAT32: the Vector API rows, float lanes) with weight and bias, forward and backward
      Tensor ln = x.reshape(1000, 1000).narrow(1, 0, 771).contiguous(), lv = y.reshape(1000, 1000).narrow(1, 0, 771).contiguous();
      Tensor lw = y.narrow(0, 0, 1).reshape(1000).narrow(0, 0, 771).contiguous(), lb = lw.mul(0.5);
      var st = dev.nabla.core.internal.NormalizationKernels.stats("layerNorm", ln, 1, 1000, 771, true);
      DeterminismRuns.printHash(dt, "layerNorm", dev.nabla.core.internal.NormalizationKernels.normalize("layerNorm", ln, 1, 1000, 771, 1e-5, st, lw, lb, false));
      DeterminismRuns.printHash(dt, "layerNormGrad", dev.nabla.core.internal.NormalizationKernels.normalizeGrad("layerNorm", ln, lv, 1, 1000, 771, true, 1e-5, st));
      DeterminismRuns.printHash(dt, "layerNormWeightGrad", dev.nabla.core.internal.NormalizationKernels.affineGrad("layerNorm", ln, lv, 1, 1000, 771, 1e-5, st, false, Shape.of(771)));
      // indexAdd with every destination row picked about 12 times (sum order matters) and indexSelect: chunks of rows
      int[] picks = new int[6000];
      for (int i = 0; i < picks.length; i++) picks[i] = (i * 7919) % 500;
      Tensor slices = x.reshape(10_000, 100).narrow(0, 0, 6000);
      DeterminismRuns.printHash(dt, "indexAdd", slices.indexAdd(0, picks, 500));
      DeterminismRuns.printHash(dt, "indexSelect", x.reshape(10_000, 100).indexSelect(0, picks));
    }
  }
}
