package dev.nabla.examples;

import dev.nabla.autodiff.Variable;
import dev.nabla.nn.DataLoader;
import dev.nabla.nn.Optimizer;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * The training loop {@link Digits} and {@link Cnn} share: per epoch, every mini-batch's loss backwarded and one
 * optimizer step, a {@link ProgressLine} with the running mean loss, then the test accuracy and the throughput.
 */
final class Training {
  private Training() {}

  /** The loss of one mini-batch (which may also write a file, hence the IOException). */
  @FunctionalInterface
  interface BatchLoss {
    Variable of(DataLoader.Batch batch) throws IOException;
  }

  /** Per epoch: the mean training loss over its samples and the test accuracy after it. */
  record Curves(double[] loss, double[] testAccuracy) {}

  /** Trains for {@code epochs} over {@code loader}, writing the progress to {@code out} as {@code mode} says. */
  static Curves epochs(int epochs, DataLoader loader, Optimizer opt, BatchLoss lossOf, DoubleSupplier testAccuracy,
      PrintStream out, ProgressLine.Mode mode) throws IOException {
    double[] losses = new double[epochs], accs = new double[epochs];
    for (int epoch = 0; epoch < epochs; epoch++) {
      long t0 = System.nanoTime();
      double sum = 0;
      int seen = 0;
      var line = new ProgressLine(out, mode, String.format("epoch %2d/%d", epoch + 1, epochs), loader.numBatches());
      for (DataLoader.Batch b : loader) {
        Variable loss = lossOf.of(b);
        opt.zeroGrad();
        loss.backward();
        opt.step();
        sum += loss.item() * b.labels().length;
        seen += b.labels().length;
        line.step(String.format(Locale.ROOT, "loss %.4f", sum / seen));
      }
      losses[epoch] = sum / seen;
      accs[epoch] = testAccuracy.getAsDouble();
      line.finish(String.format(Locale.ROOT, "loss %.4f  test acc %.4f  %.0f img/s", losses[epoch], accs[epoch],
          seen / ((System.nanoTime() - t0) / 1e9)));
    }
    return new Curves(losses, accs);
  }
}
