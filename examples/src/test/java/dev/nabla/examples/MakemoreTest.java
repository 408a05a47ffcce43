package dev.nabla.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autodiff.Grad;
import dev.nabla.autodiff.Variable;
import dev.nabla.core.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MakemoreTest {
  @Test
  void splitIsThePyTorchScriptsSplit() throws Exception {
    List<String> words = Makemore.words();
    assertEquals(63_875, words.size());
    List<List<String>> split = Makemore.split(words);
    assertEquals(57_488, split.get(0).size());
    assertEquals(6_387, split.get(1).size());
    // what benchmarks/pytorch/makemore.py's split() gives (its own SplitMix64 in Python)
    assertEquals(List.of("tillage", "interlards", "castles"), split.get(1).subList(0, 3));
    assertEquals(List.of("diatom", "tuneful", "diked"), split.get(0).subList(0, 3));
  }

  @Test
  void paddingAndOtherWordsDoNotLeakIntoAWordsLoss() {
    var model = new MakemoreModel(16, 2, 2, 12, new SplittableRandom(3));
    List<String> words = List.of("ab", "zebra", "quixotic");
    try (var off = Grad.disabled()) {
      double together = Makemore.nllSum(model, Makemore.Batch.of(words)).item();
      double apart = 0;
      for (String w : words) apart += Makemore.nllSum(model, Makemore.Batch.of(List.of(w))).item();
      assertEquals(apart, together, 1e-4 * Math.abs(apart), "batched loss = sum of the words' own losses");
      assertEquals(2 + 5 + 8 + 3, Makemore.Batch.of(words).count(), "one target per letter and one for the end");
    }
  }

  @Test
  void attentionIsCausal() {
    var model = new MakemoreModel(16, 4, 1, 8, new SplittableRandom(5));
    try (var off = Grad.disabled()) {
      float[] a = model.logits(new int[] {0, 3, 4, 5, 6}, 1, 5).value().toFloatArray();
      float[] b = model.logits(new int[] {0, 3, 4, 9, 1}, 1, 5).value().toFloatArray();
      int prefix = 3 * MakemoreModel.VOCAB; // positions 0..2 see only tokens 0..2, which agree
      assertTrue(Arrays.equals(Arrays.copyOf(a, prefix), Arrays.copyOf(b, prefix)), "earlier positions unchanged");
      assertTrue(!Arrays.equals(a, b), "later positions see the changed tokens");
      float[] viaForward = model.forward(Variable.constant(Tensor.of(new int[] {0, 3, 4, 5, 6}, 1, 5))).value().toFloatArray();
      assertTrue(Arrays.equals(a, viaForward), "forward of INT32 token ids = logits of the int[] ids");
    }
  }

  @Test
  void aSmallModelBeatsTheBigramOnASubset() throws Exception {
    var c = new Makemore.Config(32, 4, 1, 32, 150, 5e-3, 5e-4, 15, 50, 3000);
    var bytes = new ByteArrayOutputStream();
    Makemore.Result r = Makemore.run(c, new PrintStream(bytes, true, StandardCharsets.UTF_8), ProgressLine.Mode.PLAIN);
    List<List<String>> split = Makemore.split(Makemore.subset(Makemore.words(), 3000));
    double unigram = unigramLoss(split.get(0), split.get(1));
    System.out.printf("makemore at reduced size: val loss %.4f, bigram %.4f, unigram %.4f, train loss per chunk %s%n",
        r.valLoss(), r.bigramValLoss(), unigram, Arrays.toString(r.trainLoss()));
    assertTrue(r.valLoss() < unigram - 0.3, "transformer " + r.valLoss() + " vs unigram " + unigram);
    assertTrue(r.valLoss() < r.bigramValLoss() - 0.05, "transformer " + r.valLoss() + " vs bigram " + r.bigramValLoss());
    assertTrue(r.trainLoss()[2] < r.trainLoss()[0] - 0.2, "loss falls: " + Arrays.toString(r.trainLoss()));
    assertTrue(r.bigramValLoss() < unigram, "bigram " + r.bigramValLoss() + " vs unigram " + unigram);
    assertEquals(20, r.samples().size());
    for (String w : r.samples()) assertTrue(w.matches("[a-z]*"), w);
    String log = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(log.contains("bigram val loss: "), log);
    assertTrue(log.contains("steps   101-150/150  50/50  train loss "), log);
  }

  /** Validation cross-entropy of letter (and end) frequencies counted on the training words, add-one. */
  private static double unigramLoss(List<String> train, List<String> val) {
    double[] counts = new double[27];
    Arrays.fill(counts, 1);
    for (String w : train) {
      for (char ch : w.toCharArray()) counts[Makemore.token(ch)]++;
      counts[0]++;
    }
    double total = Arrays.stream(counts).sum(), nll = 0;
    long n = 0;
    for (String w : val) {
      for (char ch : w.toCharArray()) nll -= Math.log(counts[Makemore.token(ch)] / total);
      nll -= Math.log(counts[0] / total);
      n += w.length() + 1;
    }
    return nll / n;
  }
}
