package dev.nabla.examples;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.Tensor;
import dev.nabla.nn.Adam;
import dev.nabla.nn.Conv2d;
import dev.nabla.nn.DataLoader;
import dev.nabla.nn.Dataset;
import dev.nabla.nn.Flatten;
import dev.nabla.nn.Linear;
import dev.nabla.nn.Losses;
import dev.nabla.nn.MaxPool2d;
import dev.nabla.nn.Metrics;
import dev.nabla.nn.ReLU;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.Standardizer;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A small convolutional net on the UCI handwritten digits, the same data, split (fixed-seed 80/20) and
 * standardized features as {@link Digits}: each 64-feature row is an 8×8 image [1, 8, 8];
 * Conv2d(1→16, 3×3, padding 1) → ReLU → MaxPool2d(2) → Conv2d(16→32, 3×3, padding 1) → ReLU → MaxPool2d(2)
 * → Flatten → Linear(128 → 10), trained with Adam on softmax cross-entropy in mini-batches of 32. Progress is one
 * line per epoch (a live bar on a terminal; {@code -Dnabla.progress=bar|plain|off} chooses), then
 * {@code test accuracy: …}.
 */
public final class Cnn {
  /** What a run produced. */
  public record Result(Sequential network, double testAccuracy, double[] trainLoss, double[] testAccuracyPerEpoch) {}

  private Cnn() {}

  public static void main(String[] args) throws IOException {
    Result r = run(15, System.out, ProgressLine.Mode.detect());
    System.out.printf(Locale.ROOT, "test accuracy: %.4f%n", r.testAccuracy());
  }

  /** The digits' rows [B, 64] as images [B, 1, 8, 8]. */
  static Tensor images(Tensor features) {
    return features.reshape(features.shape().dim(0), 1, 8, 8);
  }

  static Sequential network(SplittableRandom rng) {
    return new Sequential(
        new Conv2d(1, 16, 3, 1, 1, rng), new ReLU(), new MaxPool2d(2),
        new Conv2d(16, 32, 3, 1, 1, rng), new ReLU(), new MaxPool2d(2),
        new Flatten(), new Linear(32 * 2 * 2, 10, rng));
  }

  /** Trains for {@code epochs}, writing the header and the progress to {@code out} as {@code mode} says. */
  static Result run(int epochs, PrintStream out, ProgressLine.Mode mode) throws IOException {
    Dataset.Split split = Digits.load().split(0.2, 42);
    Standardizer std = Standardizer.fit(split.train().features());
    Dataset train = split.train().withFeatures(std.transform(split.train().features()));
    Dataset test = split.test().withFeatures(std.transform(split.test().features()));
    var model = network(new SplittableRandom(7));
    var opt = new Adam(model.parameters(), 0.003);
    DataLoader loader = new DataLoader(train, 32).shuffle(new SplittableRandom(1));
    out.printf("cnn: %d train / %d test images 1x8x8, 10 classes; conv 16-32 (3x3) + max-pool, linear 128-10,"
        + " %d parameters%n", train.size(), test.size(), model.parameterCount());
    double[] losses = new double[epochs], accs = new double[epochs];
    for (int epoch = 0; epoch < epochs; epoch++) {
      long t0 = System.nanoTime();
      double sum = 0;
      int seen = 0;
      var line = new ProgressLine(out, mode, String.format("epoch %2d/%d", epoch + 1, epochs), loader.numBatches());
      for (DataLoader.Batch b : loader) {
        Variable loss = Losses.crossEntropy(model.forward(Variable.constant(images(b.features()))), b.labels());
        opt.zeroGrad();
        loss.backward();
        opt.step();
        sum += loss.item() * b.labels().length;
        seen += b.labels().length;
        line.step(String.format(Locale.ROOT, "loss %.4f", sum / seen));
      }
      losses[epoch] = sum / seen;
      accs[epoch] = accuracy(model, test);
      line.finish(String.format(Locale.ROOT, "loss %.4f  test acc %.4f  %.0f img/s", losses[epoch], accs[epoch],
          seen / ((System.nanoTime() - t0) / 1e9)));
    }
    return new Result(model, accs[epochs - 1], losses, accs);
  }

  /** Test accuracy in evaluation mode, without recording a graph; training mode afterwards. */
  static double accuracy(Sequential model, Dataset data) {
    double acc = Metrics.accuracy(model.eval().predict(images(data.features())), data.labels());
    model.train();
    return acc;
  }
}
