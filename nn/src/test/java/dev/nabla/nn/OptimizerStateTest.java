package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Optimizer and scheduler state dicts: a run interrupted after k steps, saved to safetensors files,
 * reloaded into freshly built objects and continued ends with the same parameter bits as a run that
 * was never interrupted.
 */
class OptimizerStateTest {
  /** One training setup: model, optimizer, schedule. */
  record Run(Sequential model, Optimizer opt, LRScheduler sched, ReduceLROnPlateau plateau) {}

  static final Tensor X = Tensor.randn(DType.FLOAT32, new SplittableRandom(5), 16, 4);
  static final int[] Y = new SplittableRandom(6).ints(16, 0, 3).toArray();

  static Run adamW(long seed) {
    var rng = new SplittableRandom(seed);
    var model = new Sequential(new Linear(4, 8, rng), new ReLU(), new Linear(8, 3, rng));
    List<Variable> p = model.parameters();
    var opt = new AdamW(p.subList(0, 2), 0.01, AdamW.DEFAULTS.withAmsgrad(true).withWeightDecay(0.05));
    opt.addParamGroup(p.subList(2, 4)).setLr(0.003).weightDecay(0);
    return new Run(model, opt, new OneCycleLR(opt, 0.02, 12), null);
  }

  static Run sgd(long seed) {
    var rng = new SplittableRandom(seed);
    var model = new Sequential(new Linear(4, 8, rng), new ReLU(), new Linear(8, 3, rng));
    var opt = new SGD(model.parameters(), 0.05).momentum(0.9).nesterov(true).weightDecay(1e-3);
    return new Run(model, opt, new CosineAnnealingLR(opt, 7, 1e-4), new ReduceLROnPlateau(opt).patience(1).factor(0.5));
  }

  /** Steps {@code from} (inclusive) to {@code to}, each on its own fixed batch of 4. */
  static void train(Run r, int from, int to) {
    for (int i = from; i < to; i++) {
      int start = (i % 4) * 4;
      Variable loss = Losses.crossEntropy(r.model().forward(Variable.constant(X.narrow(0, start, 4).contiguous())),
          Arrays.copyOfRange(Y, start, start + 4));
      r.opt().zeroGrad();
      loss.backward();
      r.opt().step();
      r.sched().step();
      if (r.plateau() != null) r.plateau().step(loss.item());
    }
  }

  static void assertSameBits(Sequential a, Sequential b) {
    for (var e : a.namedParameters().entrySet())
      assertArrayEquals(e.getValue().value().toFloatArray(), b.namedParameters().get(e.getKey()).value().toFloatArray(),
          e.getKey());
  }

  static boolean sameBits(Sequential a, Sequential b) {
    for (var e : a.namedParameters().entrySet())
      if (!Arrays.equals(e.getValue().value().toFloatArray(), b.namedParameters().get(e.getKey()).value().toFloatArray()))
        return false;
    return true;
  }

  void resumesBitForBit(Function<Long, Run> make, Path dir) throws IOException {
    Run whole = make.apply(1L);
    train(whole, 0, 11);

    Run first = make.apply(1L);
    train(first, 0, 5);
    first.model().save(dir.resolve("model.safetensors"));
    SafeTensors.write(dir.resolve("opt.safetensors"), first.opt().stateDict());
    SafeTensors.write(dir.resolve("sched.safetensors"), first.sched().stateDict());
    if (first.plateau() != null) SafeTensors.write(dir.resolve("plateau.safetensors"), first.plateau().stateDict());

    Run resumed = make.apply(99L); // other initial weights: everything must come from the files
    resumed.model().load(dir.resolve("model.safetensors"));
    resumed.opt().loadStateDict(SafeTensors.read(dir.resolve("opt.safetensors")));
    resumed.sched().loadStateDict(SafeTensors.read(dir.resolve("sched.safetensors")));
    if (resumed.plateau() != null) resumed.plateau().loadStateDict(SafeTensors.read(dir.resolve("plateau.safetensors")));
    train(resumed, 5, 11);
    assertSameBits(whole.model(), resumed.model());
    assertEquals(whole.opt().lr(), resumed.opt().lr());

    // the optimizer state is what makes this work: without it the continuation differs
    Run fresh = make.apply(99L);
    fresh.model().load(dir.resolve("model.safetensors"));
    fresh.sched().loadStateDict(SafeTensors.read(dir.resolve("sched.safetensors")));
    train(fresh, 5, 11);
    assertFalse(sameBits(whole.model(), fresh.model()), "resuming without the optimizer state changes the result");
  }

  @Test
  void adamWWithGroupsAndOneCycleResumesBitForBit(@TempDir Path dir) throws IOException {
    resumesBitForBit(OptimizerStateTest::adamW, dir);
  }

  @Test
  void sgdWithCosineAndPlateauResumesBitForBit(@TempDir Path dir) throws IOException {
    resumesBitForBit(OptimizerStateTest::sgd, dir);
  }

  @Test
  void stateDictUsesPyTorchNames() {
    Run r = adamW(1);
    train(r, 0, 2);
    Map<String, Tensor> s = r.opt().stateDict();
    assertEquals(2.0, s.get("state.0.step").item());
    assertEquals(List.of(8, 4), List.of(s.get("state.0.exp_avg").shape().dim(0), s.get("state.0.exp_avg").shape().dim(1)));
    assertTrue(s.containsKey("state.3.max_exp_avg_sq"));
    assertEquals(0.0, s.get("param_groups.1.weight_decay").item());
    assertFalse(s.containsKey("param_groups.0.weight_decay"));
    assertArrayEquals(new double[] {2, 3}, s.get("param_groups.1.params").toDoubleArray());
  }

  @Test
  void aMismatchedStateDictIsRefusedAndChangesNothing() {
    Run r = adamW(1);
    train(r, 0, 2);
    Map<String, Tensor> before = r.opt().stateDict();
    Map<String, Tensor> bad = new HashMap<>(before);
    bad.put("state.1.exp_avg", Tensor.zeros(DType.FLOAT32, 7));
    bad.put("param_groups.0.lr", Tensor.scalar(123));
    var e = assertThrows(IllegalArgumentException.class, () -> r.opt().loadStateDict(bad));
    assertEquals("AdamW.loadStateDict: \"state.1.exp_avg\" is FLOAT32 [7] but parameter 1 needs FLOAT32 [8]",
        e.getMessage());
    Map<String, Tensor> after = r.opt().stateDict();
    assertEquals(before.keySet(), after.keySet());
    for (String k : before.keySet()) assertArrayEquals(before.get(k).toDoubleArray(), after.get(k).toDoubleArray(), k);

    Map<String, Tensor> unknown = new HashMap<>(before);
    unknown.put("state.9.exp_avg", Tensor.zeros(DType.FLOAT32, 8));
    e = assertThrows(IllegalArgumentException.class, () -> r.opt().loadStateDict(unknown));
    assertTrue(e.getMessage().startsWith("AdamW.loadStateDict: unexpected entry \"state.9.exp_avg\""), e.getMessage());

    Run sgd = sgd(1);
    e = assertThrows(IllegalArgumentException.class, () -> sgd.opt().loadStateDict(before));
    assertTrue(e.getMessage().contains("param_groups.0.params"), e.getMessage());
  }
}
