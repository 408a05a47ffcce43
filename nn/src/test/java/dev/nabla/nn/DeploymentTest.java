package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A trained model plus its preprocessing, saved and reloaded, predicts the same on raw inputs. */
class DeploymentTest {
  static Dataset data() {
    var rng = new SplittableRandom(11);
    Tensor x = Tensor.randn(DType.FLOAT32, rng, 60, 3).mul(Tensor.of(new float[] {10, 0.1f, 3})).add(50);
    int[] y = new int[60];
    double[] v = x.toDoubleArray();
    for (int i = 0; i < 60; i++) y[i] = v[3 * i] > 50 ? 1 : 0;
    return Dataset.of(x, y);
  }

  static Sequential train(Dataset.Split s) {
    var model = new Sequential(new Linear(3, 8, new SplittableRandom(2)), new Tanh(), new Linear(8, 2, new SplittableRandom(3)));
    var opt = new Adam(model.parameters(), 0.05);
    for (int i = 0; i < 30; i++) {
      opt.zeroGrad();
      Losses.crossEntropy(model.forward(Variable.constant(s.train().features())), s.train().labels()).backward();
      opt.step();
    }
    return model;
  }

  @Test
  void savedModelAndStandardizerReproducePredictionsOnRawInputs(@TempDir Path dir) throws IOException {
    Dataset all = data();
    Dataset.Split split = all.split(0.25, 1).standardized();
    Standardizer std = split.standardizer();
    assertNotNull(std, "standardized() keeps its Standardizer");
    Sequential model = train(split);
    Tensor raw = all.split(0.25, 1).test().features(); // raw, unscaled test inputs
    Tensor expected = model.eval().predict(std.transform(raw));
    double acc = Metrics.accuracy(expected, all.split(0.25, 1).test().labels());
    assertTrue(acc >= 0.75, "test accuracy " + acc); // learnt something (chance: about 0.5)

    model.save(dir.resolve("model.safetensors"));
    std.save(dir.resolve("standardizer.safetensors"));
    var reloaded = new Sequential(new Linear(3, 8, new SplittableRandom(90)), new Tanh(), new Linear(8, 2, new SplittableRandom(91)));
    reloaded.load(dir.resolve("model.safetensors"));
    Standardizer std2 = Standardizer.load(dir.resolve("standardizer.safetensors"));
    assertArrayEquals(std.mean(), std2.mean());
    assertArrayEquals(std.std(), std2.std());
    assertArrayEquals(expected.toFloatArray(), reloaded.eval().predict(std2.transform(raw)).toFloatArray());

    // or both in one file: the model loads it non-strictly, the standardizer picks its two tensors
    Map<String, Tensor> both = new HashMap<>(model.stateDict());
    both.putAll(std.stateDict());
    SafeTensors.write(dir.resolve("bundle.safetensors"), both);
    var third = new Sequential(new Linear(3, 8, new SplittableRandom(92)), new Tanh(), new Linear(8, 2, new SplittableRandom(93)));
    third.load(dir.resolve("bundle.safetensors"), false);
    Standardizer std3 = Standardizer.load(dir.resolve("bundle.safetensors"));
    assertArrayEquals(expected.toFloatArray(), third.eval().predict(std3.transform(raw)).toFloatArray());
  }

  @Test
  void badStatisticsAreRefused(@TempDir Path dir) throws IOException {
    var e = assertThrows(IllegalArgumentException.class, () -> Standardizer.of(new double[] {0, 1}, new double[] {1}));
    assertEquals("Standardizer.of: 2 means but 1 deviations", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Standardizer.of(new double[] {0}, new double[] {-1}));
    assertEquals("Standardizer.of: column 0 has mean 0.0 and std -1.0 (need finite values, std >= 0)", e.getMessage());
    SafeTensors.write(dir.resolve("other.safetensors"), Map.of("weight", Tensor.zeros(DType.FLOAT32, 2)));
    var io = assertThrows(IOException.class, () -> Standardizer.load(dir.resolve("other.safetensors")));
    assertTrue(io.getMessage().contains("need rank-1 tensors standardizer.mean and standardizer.std"), io.getMessage());
    Standardizer s = Standardizer.of(new double[] {1, 2}, new double[] {2, 0});
    assertArrayEquals(new double[] {0.5, -2}, s.transform(Tensor.of(new double[][] {{2, 0}})).toDoubleArray());
  }
}
