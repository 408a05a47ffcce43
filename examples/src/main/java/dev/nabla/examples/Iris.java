package dev.nabla.examples;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import dev.nabla.nn.Dataset;
import dev.nabla.nn.Linear;
import dev.nabla.nn.Losses;
import dev.nabla.nn.SGD;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.Standardizer;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The smallest complete classifier: softmax regression (one Linear layer, 4 → 3) on the iris
 * flowers, full-batch gradient descent on the cross-entropy.
 */
public final class Iris {
  private Iris() {}

  public static void main(String[] args) throws IOException {
    System.out.printf("test accuracy: %.4f%n", run(1000, true));
  }

  static double run(int steps, boolean print) throws IOException {
    Dataset all;
    try (Reader in = new InputStreamReader(Iris.class.getResourceAsStream("/iris.csv"), StandardCharsets.UTF_8)) {
      all = Dataset.readCsv(in, "iris.csv", DType.FLOAT32);
    }
    Dataset.Split split = all.split(0.3, 42);
    Standardizer std = Standardizer.fit(split.train().features());
    Variable x = Variable.constant(std.transform(split.train().features()));
    int[] y = split.train().labels();
    var model = new Sequential(new Linear(4, 3, new SplittableRandom(3)));
    var opt = new SGD(model.parameters(), 0.5);
    for (int step = 0; step < steps; step++) {
      Variable loss = Losses.crossEntropy(model.forward(x), y);
      opt.zeroGrad();
      loss.backward();
      opt.step();
      if (print && (step % 200 == 0 || step == steps - 1)) System.out.printf("step %3d  loss %.4f%n", step, loss.item());
    }
    Dataset test = split.test().withFeatures(std.transform(split.test().features()));
    return Digits.accuracy(model, test);
  }
}
