package dev.nabla.examples;

import dev.nabla.autodiff.Graph;
import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import dev.nabla.nn.DataLoader;
import dev.nabla.nn.Dataset;
import dev.nabla.nn.Linear;
import dev.nabla.nn.Metrics;
import dev.nabla.nn.Losses;
import dev.nabla.nn.ReLU;
import dev.nabla.nn.Regularization;
import dev.nabla.nn.SGD;
import dev.nabla.nn.Sequential;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * The flagship: an MLP (64 → 128 → 10, ReLU) trained on the UCI handwritten digits (1,797 8×8
 * images) with softmax cross-entropy + λ·½‖θ‖² and SGD with momentum. Fixed-seed 80/20 split,
 * standardized features, mini-batches of 32. Writes the loss/accuracy curves (PNG), the trained
 * model (safetensors) and the graph of one training step (DOT) into the output directory.
 * Progress is a live bar on a terminal and one plain line per epoch otherwise (see {@link
 * ProgressLine}; {@code -Dnabla.progress=bar|plain|off} chooses).
 */
public final class Digits {
  /** What a run produced. */
  public record Result(Sequential network, double testAccuracy, double[] trainLoss, double[] testAccuracyPerEpoch,
      Path chart, Path model, Path graph) {}

  private Digits() {}

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : ".");
    Result r = run(out, 30, true);
    System.out.printf("test accuracy: %.4f%n", r.testAccuracy());
    System.out.println("wrote " + r.chart() + ", " + r.model() + ", " + r.graph());
  }

  static Dataset load() throws IOException {
    try (Reader in = new InputStreamReader(new GZIPInputStream(Digits.class.getResourceAsStream("/digits.csv.gz")),
        StandardCharsets.UTF_8)) {
      return Dataset.readCsv(in, "digits.csv.gz", DType.FLOAT32);
    }
  }

  static Result run(Path outDir, int epochs, boolean progress) throws IOException {
    return run(outDir, epochs, System.out, progress ? ProgressLine.Mode.detect() : ProgressLine.Mode.OFF);
  }

  /** Trains for {@code epochs}, writing the header and the progress to {@code out} as {@code mode} says. */
  static Result run(Path outDir, int epochs, PrintStream out, ProgressLine.Mode mode) throws IOException {
    Files.createDirectories(outDir);
    Dataset.Split split = load().split(0.2, 42).standardized();
    Dataset train = split.train(), test = split.test();
    SplittableRandom rng = new SplittableRandom(7);
    var model = new Sequential(new Linear(64, 128, rng), new ReLU(), new Linear(128, 10, rng));
    var opt = new SGD(model.parameters(), 0.05).momentum(0.9);
    double lambda = 1e-4;
    DataLoader loader = new DataLoader(train, 32).shuffle(new SplittableRandom(1));
    out.printf("digits: %d train / %d test images, 64 features, 10 classes; MLP 64-128-10, %d parameters%n",
        train.size(), test.size(), model.parameterCount());

    Path graph = outDir.resolve("digits-step.dot");
    boolean[] first = {true};
    Training.Curves c = Training.epochs(epochs, loader, opt, b -> {
      Variable loss = Losses.crossEntropy(model.forward(Variable.constant(b.features())), b.labels())
          .add(Regularization.l2(model.parameters()).mul(lambda));
      if (first[0]) Files.writeString(graph, Graph.toDot(loss)); // the graph of the first training step
      first[0] = false;
      return loss;
    }, () -> accuracy(model, test), out, mode);
    double[] losses = c.loss(), accs = c.testAccuracy();
    Path modelFile = outDir.resolve("digits-model.safetensors");
    model.save(modelFile);
    Path chart = outDir.resolve("digits-curves.png");
    writeChart(chart, losses, accs);
    return new Result(model, accs[epochs - 1], losses, accs, chart, modelFile, graph);
  }

  /** Test accuracy in evaluation mode, without recording a graph; training mode afterwards. */
  static double accuracy(Sequential model, Dataset data) {
    double acc = Metrics.accuracy(model.eval().predict(data.features()), data.labels());
    model.train();
    return acc;
  }

  private static void writeChart(Path file, double[] loss, double[] acc) throws IOException {
    System.setProperty("java.awt.headless", "true");
    double[] epoch = new double[loss.length];
    for (int i = 0; i < epoch.length; i++) epoch[i] = i + 1;
    XYChart chart = new XYChartBuilder().width(800).height(500).title("Digits MLP: training loss and test accuracy")
        .xAxisTitle("epoch").yAxisTitle("value").build();
    chart.addSeries("train loss (cross-entropy + L2)", epoch, loss);
    chart.addSeries("test accuracy", epoch, acc);
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
