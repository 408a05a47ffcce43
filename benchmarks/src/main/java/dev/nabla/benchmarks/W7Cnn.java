package dev.nabla.benchmarks;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.Tensor;
import dev.nabla.nn.Conv2d;
import dev.nabla.nn.Flatten;
import dev.nabla.nn.Linear;
import dev.nabla.nn.Losses;
import dev.nabla.nn.MaxPool2d;
import dev.nabla.nn.ReLU;
import dev.nabla.nn.SGD;
import dev.nabla.nn.Sequential;
import java.util.SplittableRandom;

/**
 * W7: one training step of the {@code cnn} example's network, float32. The network mirrors
 * {@code examples/.../Cnn.network} layer for layer (built here from nn layers, since the example's class is
 * package-private): Conv2d(1→16, 3×3, padding 1) → ReLU → MaxPool2d(2) → Conv2d(16→32, 3×3, padding 1) →
 * ReLU → MaxPool2d(2) → Flatten → Linear(128→10), on 1×8×8 images, B = 64. State-dict names are PyTorch's
 * {@code nn.Sequential} indices ({@code 0.weight}, {@code 0.bias}, {@code 3.weight}, …, {@code 7.bias}),
 * initialised by {@link Weights#init} with seeds 700 + i. Images = uniform(71, B·64, −1, 1) as [B, 1, 8, 8],
 * labels = labels(72, B, 10). One step = zeroGrad + forward + mean cross-entropy + backward + SGD with
 * momentum 0.9 and lr 0.05 (the examples' SGD with momentum, {@code Digits}; {@code Cnn} itself trains with
 * Adam); the same batch every step. {@code benchmarks/pytorch/w7_cnn.py} is the PyTorch twin.
 */
public final class W7Cnn implements TrainingStep {
  /** Batch size of the workload. */
  public static final int BATCH = 64;
  /** SGD learning rate and momentum. */
  public static final double LR = 0.05, MOMENTUM = 0.9;

  public final int batch;
  public final Sequential model;
  public final SGD opt;
  public final Variable x;
  public final int[] labels;

  /** The workload at batch size {@code batch} (the benchmark uses {@link #BATCH}). */
  public W7Cnn(int batch) {
    this.batch = batch;
    SplittableRandom unused = new SplittableRandom(0); // every parameter is overwritten by Weights.init
    model = new Sequential(
        new Conv2d(1, 16, 3, 1, 1, unused), new ReLU(), new MaxPool2d(2),
        new Conv2d(16, 32, 3, 1, 1, unused), new ReLU(), new MaxPool2d(2),
        new Flatten(), new Linear(32 * 2 * 2, 10, unused));
    Weights.init(model, 700);
    opt = new SGD(model.parameters(), LR).momentum(MOMENTUM);
    x = Variable.constant(Tensor.of(Data.uniform(71, batch * 64, -1, 1), batch, 1, 8, 8));
    labels = Data.labels(72, batch, 10);
  }

  /** Forward + mean cross-entropy (graph recorded). */
  @Override
  public Variable forwardLoss() {
    return Losses.crossEntropy(model.forward(x), labels);
  }

  @Override
  public SGD optimizer() {
    return opt;
  }

  @Override
  public String label() {
    return "W7 B=" + batch;
  }

  @Override
  public boolean referenceBatch() {
    return batch == BATCH;
  }

  /**
   * {@link TrainingStep#check(double, double)} against PyTorch's losses ({@link Reference#W7_LOSS0},
   * {@link Reference#W7_LOSS10}; B = 64 only); returns {loss0, loss10}.
   */
  public double[] check() {
    return check(Reference.W7_LOSS0, Reference.W7_LOSS10);
  }
}
