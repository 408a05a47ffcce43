package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import dev.nabla.core.Shape;
import dev.nabla.core.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/**
 * Null arguments at nn's public boundary fail at once with a NullPointerException whose message
 * names the parameter (Objects.requireNonNull), not later from deep inside. SafeTensors and
 * Module.save/load are checked elsewhere.
 */
class NullArgumentsTest {
  static final SplittableRandom RNG = new SplittableRandom(1);
  static final Variable V = Variable.constant(Tensor.zeros(DType.FLOAT64, 2, 2));
  static final Variable P = Variable.parameter(Tensor.zeros(DType.FLOAT64, 2));
  static final Tensor T = Tensor.zeros(DType.FLOAT32, 4, 2);
  static final Dataset D = Dataset.of(T, new int[4]);

  record Case(String what, String param, Executable call) {}

  static Stream<Case> cases() {
    SGD sgd = new SGD(List.of(P), 0.1);
    return Stream.of(
        new Case("new DataLoader(null, 4)", "data", () -> new DataLoader(null, 4)),
        new Case("new Linear(2, 2, null)", "rng", () -> new Linear(2, 2, null)),
        new Case("new Linear(2, 2, rng, null)", "dtype", () -> new Linear(2, 2, RNG, null)),
        new Case("new Linear(null, null)", "weight", () -> new Linear(null, null)),
        new Case("Linear.forward(null)", "x", () -> new Linear(2, 2, RNG).forward(null)),
        new Case("new Sequential((Module[]) null)", "layers", () -> new Sequential((Module[]) null)),
        new Case("new Sequential(relu, null)", "layers[1]", () -> new Sequential(new ReLU(), null)),
        new Case("new Sequential((List) null)", "layers", () -> new Sequential((List<Module>) null)),
        new Case("Sequential.forward(null)", "x", () -> new Sequential(new ReLU()).forward(null)),
        new Case("Module.predict(null)", "x", () -> new Sequential(new ReLU()).predict(null)),
        new Case("Module.loadStateDict(null)", "state", () -> new Linear(2, 2, RNG).loadStateDict(null, true)),
        new Case("Losses.mse(null, v)", "pred", () -> Losses.mse(null, V)),
        new Case("Losses.mse(v, null)", "target", () -> Losses.mse(V, null)),
        new Case("Losses.l1(v, null)", "target", () -> Losses.l1(V, null)),
        new Case("Losses.huber(null, v)", "pred", () -> Losses.huber(null, V)),
        new Case("Losses.crossEntropy(v, (int[]) null)", "labels", () -> Losses.crossEntropy(V, (int[]) null)),
        new Case("Losses.crossEntropy(null, labels)", "logits", () -> Losses.crossEntropy(null, new int[2])),
        new Case("Losses.nllLoss(v, null)", "labels", () -> Losses.nllLoss(V, null)),
        new Case("Losses.binaryCrossEntropyWithLogits(v, null)", "targets",
            () -> Losses.binaryCrossEntropyWithLogits(V, null)),
        new Case("Losses.mse(v, v, null)", "reduction", () -> Losses.mse(V, V, null)),
        new Case("Regularization.l2(null)", "params", () -> Regularization.l2(null)),
        new Case("Regularization.l1(null)", "params", () -> Regularization.l1(null)),
        new Case("GradClip.clipGradNorm(null, 1)", "params", () -> GradClip.clipGradNorm(null, 1)),
        new Case("Init.xavierUniform(null, ...)", "shape", () -> Init.xavierUniform((Shape) null, DType.FLOAT32, 1, RNG)),
        new Case("new SGD(null, 0.1)", "params", () -> new SGD(null, 0.1)),
        new Case("new Adam(null, 0.1)", "params", () -> new Adam(null, 0.1)),
        new Case("new AdamW(null, 0.1)", "params", () -> new AdamW(null, 0.1)),
        new Case("addParamGroup(null)", "params", () -> sgd.addParamGroup(null)),
        new Case("Optimizer.loadStateDict(null)", "dict", () -> sgd.loadStateDict(null)),
        new Case("new StepLR(null, 3)", "optimizer", () -> new StepLR(null, 3)),
        new Case("new ExponentialLR(null, 0.9)", "optimizer", () -> new ExponentialLR(null, 0.9)),
        new Case("new CosineAnnealingLR(null, 3)", "optimizer", () -> new CosineAnnealingLR(null, 3)),
        new Case("new LinearLR(null)", "optimizer", () -> new LinearLR(null)),
        new Case("new OneCycleLR(null, 0.1, 10)", "optimizer", () -> new OneCycleLR(null, 0.1, 10)),
        new Case("new ReduceLROnPlateau(null)", "optimizer", () -> new ReduceLROnPlateau(null)),
        new Case("LRScheduler.loadStateDict(null)", "dict", () -> new StepLR(sgd, 3).loadStateDict(null)),
        new Case("Dataset.of(null, labels)", "features", () -> Dataset.of(null, new int[2])),
        new Case("Dataset.of(t, (int[]) null)", "labels", () -> Dataset.of(T, (int[]) null)),
        new Case("Dataset.of(t, (Tensor) null)", "targets", () -> Dataset.of(T, (Tensor) null)),
        new Case("Dataset.of(rows, labels, null)", "dtype", () -> Dataset.of(new double[][] {{1}}, new int[1], null)),
        new Case("Dataset.of(rows with a null row)", "rows[1]",
            () -> Dataset.of(new double[][] {{1}, null}, new int[2], DType.FLOAT32)),
        new Case("Dataset.readCsv((Path) null)", "path", () -> Dataset.readCsv((java.nio.file.Path) null)),
        new Case("Dataset.readCsv(path, dtype, null)", "classes",
            () -> Dataset.readCsv(java.nio.file.Path.of("x.csv"), DType.FLOAT32, null)),
        new Case("Dataset.readCsv(reader, source, dtype, [null])", "classes[0]",
            () -> Dataset.readCsv(new java.io.StringReader("1,a\n"), "t.csv", DType.FLOAT32, Arrays.asList((String) null))),
        new Case("Dataset.subset(null)", "indices", () -> D.subset(null)),
        new Case("Dataset.withFeatures(null)", "newFeatures", () -> D.withFeatures(null)),
        new Case("Standardizer.fit(null)", "x", () -> Standardizer.fit(null)),
        new Case("Standardizer.transform(null)", "x", () -> Standardizer.fit(T).transform(null)),
        new Case("Standardizer.of(null, std)", "mean", () -> Standardizer.of(null, new double[1])),
        new Case("Standardizer.fromStateDict(null)", "state", () -> Standardizer.fromStateDict(null)),
        new Case("Metrics.accuracy(null, labels)", "outputs", () -> Metrics.accuracy((Tensor) null, new int[1])),
        new Case("Metrics.accuracy(t, null)", "labels", () -> Metrics.accuracy(T, null)),
        new Case("Metrics.confusionMatrix(t, null, 2)", "labels", () -> Metrics.confusionMatrix(T, null, 2)));
  }

  @TestFactory
  Stream<DynamicTest> nullArgumentsNameTheParameter() {
    return cases().map(c -> DynamicTest.dynamicTest(c.what(), () -> {
      var e = assertThrows(NullPointerException.class, c.call(), c.what());
      assertEquals(c.param(), e.getMessage(), c.what() + ": " + Arrays.toString(e.getStackTrace()).substring(0, 200));
    }));
  }
}
