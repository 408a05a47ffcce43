package dev.nabla.examples;

import dev.nabla.autodiff.Grad;
import dev.nabla.autodiff.Variable;
import dev.nabla.core.Tensor;
import dev.nabla.nn.AdamW;
import dev.nabla.nn.GradClip;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The second flagship: makemore, a character-level transformer language model ({@link
 * MakemoreModel}) trained on 63,875 English words ({@code words.txt}, from SCOWL; licence in {@code
 * words.rst} next to it), which then makes up new words. It prints the validation loss in nats per
 * character next to a bigram count model's on the same split, the training time and 20 sampled
 * words. {@code benchmarks/pytorch/makemore.py} is the same program in PyTorch: same split, same
 * batches in the same order, same hyper-parameters (initial weights differ: each side draws its own).
 *
 * <p>Data: '.' = 0 marks the word boundary, a…z = 1…26. The words are shuffled with a Fisher–Yates
 * shuffle driven by {@code new SplittableRandom(42).nextLong()} (j = unsigned r mod (i + 1), i from
 * n − 1 down to 1); the first n/10 are validation words, the rest training words. Every epoch, a
 * {@code SplittableRandom(7)} reshuffles the training words the same way and batches take B words in
 * turn (an epoch's last partial batch is dropped). A word w is the input ".w" and the target "w.";
 * a batch is padded to its longest word and the padding is left out of the loss (mean over real
 * targets). Training: AdamW (β = 0.9, 0.99; weight decay 0.01), linear warm-up then cosine decay of
 * the rate, gradient clipped to 2-norm 1.
 */
public final class Makemore {
  /**
   * Hyper-parameters; {@link #DEFAULT} is what {@code makemore} runs (and the PyTorch twin).
   *
   * @param dim model width D
   * @param heads attention heads (D must be a multiple)
   * @param layers transformer blocks
   * @param batch words per step
   * @param steps optimizer steps
   * @param lr peak learning rate
   * @param lrMin final learning rate
   * @param warmup linear warm-up steps
   * @param logEvery steps per progress line
   * @param maxWords use only this many words of words.txt, evenly spaced through the sorted list (all if
   *     larger), for quick runs
   */
  record Config(int dim, int heads, int layers, int batch, int steps, double lr, double lrMin, int warmup,
      int logEvery, int maxWords) {
    static final Config DEFAULT = new Config(64, 4, 2, 32, 2000, 3e-3, 3e-4, 100, 250, Integer.MAX_VALUE);
  }

  /**
   * What a run produced.
   *
   * @param bigramValLoss the bigram model's validation loss, nats/char
   * @param valLoss the transformer's validation loss, nats/char
   * @param trainLoss mean training loss of each chunk of {@code logEvery} steps
   * @param trainSeconds wall time of the training loop
   * @param samples 20 words sampled from the trained model
   */
  record Result(double bigramValLoss, double valLoss, double[] trainLoss, double trainSeconds, List<String> samples) {}

  static final int SPLIT_SEED = 42, ORDER_SEED = 7, INIT_SEED = 1337, SAMPLE_SEED = 2026;
  static final double ALPHA = 1.0;
  static final int EVAL_BATCH = 500;

  private Makemore() {}

  public static void main(String[] args) throws IOException {
    Config c = Config.DEFAULT;
    if (args.length > 0) {
      int steps = Integer.parseInt(args[0]);
      c = new Config(c.dim(), c.heads(), c.layers(), c.batch(), steps, c.lr(), c.lrMin(), c.warmup(), c.logEvery(),
          c.maxWords());
    }
    Result r = run(c, System.out, ProgressLine.Mode.detect());
    System.out.printf(Locale.ROOT, "bigram val loss: %.4f nats/char%n", r.bigramValLoss());
    System.out.printf(Locale.ROOT, "transformer val loss: %.4f nats/char (%.4f below the bigram)%n", r.valLoss(),
        r.bigramValLoss() - r.valLoss());
    System.out.printf(Locale.ROOT, "training time: %.1f s (%d steps of %d words)%n", r.trainSeconds(), c.steps(),
        c.batch());
    System.out.println("samples: " + String.join(" ", r.samples()));
  }

  /** The words of {@code words.txt} (a–z only; anything else is an error). */
  static List<String> words() throws IOException {
    var in = Makemore.class.getResourceAsStream("/words.txt");
    if (in == null) throw new IOException("makemore: words.txt is not on the class path");
    List<String> words = new ArrayList<>();
    try (var r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
      for (String line; (line = r.readLine()) != null; ) {
        String w = line.strip();
        if (w.isEmpty()) continue;
        for (int i = 0; i < w.length(); i++)
          if (w.charAt(i) < 'a' || w.charAt(i) > 'z')
            throw new IOException("words.txt: word '" + w + "' has a character outside a-z: '" + w.charAt(i) + "'");
        words.add(w);
      }
    }
    return words;
  }

  /** {@code n} words evenly spaced through {@code words} (all of them if n is larger). */
  static List<String> subset(List<String> words, int n) {
    if (words.size() <= n) return words;
    List<String> some = new ArrayList<>(n);
    for (int i = 0; i < n; i++) some.add(words.get((int) ((long) i * words.size() / n)));
    return some;
  }

  /** Fisher–Yates from the end with j = unsigned(rng.nextLong()) mod (i + 1), as the PyTorch script does. */
  static void shuffle(int[] a, SplittableRandom rng) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = (int) Long.remainderUnsigned(rng.nextLong(), i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  /** The training and validation words: the first n/10 of the shuffled words validate. */
  static List<List<String>> split(List<String> words) {
    int[] idx = new int[words.size()];
    for (int i = 0; i < idx.length; i++) idx[i] = i;
    shuffle(idx, new SplittableRandom(SPLIT_SEED));
    int nVal = words.size() / 10;
    List<String> train = new ArrayList<>(), val = new ArrayList<>();
    for (int i = 0; i < idx.length; i++) (i < nVal ? val : train).add(words.get(idx[i]));
    return List.of(train, val);
  }

  /** Token of a letter: a = 1 … z = 26. */
  static int token(char c) {
    return c - 'a' + 1;
  }

  /**
   * A padded batch: inputs [B, T] ('.' + word, then '.'), targets [B·T] (word + '.', padding
   * pointing at class 0) and weights [B·T] (1 for a real target, 0 for padding).
   */
  record Batch(int b, int t, int[] inputs, int[] targets, float[] weights, int count) {
    static Batch of(List<String> words) {
      int b = words.size(), t = 0;
      for (String w : words) t = Math.max(t, w.length() + 1);
      int[] in = new int[b * t], tg = new int[b * t];
      float[] wt = new float[b * t];
      int count = 0;
      for (int i = 0; i < b; i++) {
        String w = words.get(i);
        for (int j = 0; j <= w.length(); j++) {
          if (j < w.length()) {
            in[i * t + j + 1] = token(w.charAt(j));
            tg[i * t + j] = token(w.charAt(j));
          }
          wt[i * t + j] = 1; // the last real target is '.' = 0
          count++;
        }
      }
      return new Batch(b, t, in, tg, wt, count);
    }
  }

  /** Summed negative log-likelihood of a batch's real targets (a scalar Variable). */
  static Variable nllSum(MakemoreModel model, Batch x) {
    Variable logits = model.logits(x.inputs(), x.b(), x.t()).reshape(x.b() * x.t(), MakemoreModel.VOCAB);
    return logits.crossEntropyRows(x.targets()).mul(Variable.constant(Tensor.of(x.weights(), x.weights().length))).sum();
  }

  /** Validation loss of a bigram count model with add-α smoothing fit on {@code train}, nats/char. */
  static double bigramLoss(List<String> train, List<String> val, double alpha) {
    double[][] counts = new double[27][27];
    for (double[] row : counts) Arrays.fill(row, alpha);
    for (String w : train) {
      int prev = 0;
      for (int i = 0; i <= w.length(); i++) {
        int c = i < w.length() ? token(w.charAt(i)) : 0;
        counts[prev][c]++;
        prev = c;
      }
    }
    double[][] logp = new double[27][27];
    for (int a = 0; a < 27; a++) {
      double s = 0;
      for (double c : counts[a]) s += c;
      for (int b = 0; b < 27; b++) logp[a][b] = Math.log(counts[a][b] / s);
    }
    double nll = 0;
    long n = 0;
    for (String w : val) {
      int prev = 0;
      for (int i = 0; i <= w.length(); i++) {
        int c = i < w.length() ? token(w.charAt(i)) : 0;
        nll -= logp[prev][c];
        n++;
        prev = c;
      }
    }
    return nll / n;
  }

  /** Linear warm-up to lr over {@code warmup} steps, then cosine decay to lrMin at the last step. */
  static double lrAt(Config c, int step) {
    if (step < c.warmup()) return c.lr() * (step + 1) / c.warmup();
    double p = (double) (step - c.warmup()) / Math.max(1, c.steps() - 1 - c.warmup());
    return c.lrMin() + 0.5 * (c.lr() - c.lrMin()) * (1 + Math.cos(Math.PI * p));
  }

  /** The transformer's loss on {@code words}, nats/char, without recording a graph. */
  static double evalLoss(MakemoreModel model, List<String> words) {
    double nll = 0;
    long n = 0;
    try (var off = Grad.disabled()) {
      for (int i = 0; i < words.size(); i += EVAL_BATCH) {
        Batch x = Batch.of(words.subList(i, Math.min(words.size(), i + EVAL_BATCH)));
        nll += nllSum(model, x).item();
        n += x.count();
      }
    }
    return nll / n;
  }

  /** Trains with {@code c}, printing the header and progress to {@code out} as {@code mode} says. */
  static Result run(Config c, PrintStream out, ProgressLine.Mode mode) throws IOException {
    List<String> words = words();
    words = subset(words, c.maxWords());
    List<List<String>> split = split(words);
    List<String> train = split.get(0), val = split.get(1);
    int block = 0;
    for (String w : words) block = Math.max(block, w.length() + 1);
    var model = new MakemoreModel(c.dim(), c.heads(), c.layers(), block, new SplittableRandom(INIT_SEED));
    if (mode != ProgressLine.Mode.OFF)
      out.printf(Locale.ROOT, "makemore: %d words (%d train / %d val), vocabulary 27 ('.' + a-z), block %d;"
          + " transformer %d layers, %d dims, %d heads, %d parameters%n", words.size(), train.size(), val.size(), block,
          c.layers(), c.dim(), c.heads(), model.parameterCount());
    double bigram = bigramLoss(train, val, ALPHA);
    if (mode != ProgressLine.Mode.OFF) out.printf(Locale.ROOT, "bigram val loss: %.4f nats/char%n", bigram);

    var opt = new AdamW(model.parameters(), c.lr(), AdamW.DEFAULTS.withBetas(0.9, 0.99));
    var order = new SplittableRandom(ORDER_SEED);
    int[] perm = new int[train.size()];
    for (int i = 0; i < perm.length; i++) perm[i] = i;
    int next = perm.length;
    double[] chunks = new double[(c.steps() + c.logEvery() - 1) / c.logEvery()];
    long t0 = System.nanoTime();
    double sum = 0;
    ProgressLine line = null;
    for (int step = 0; step < c.steps(); step++) {
      if (step % c.logEvery() == 0)
        line = new ProgressLine(out, mode, String.format(Locale.ROOT, "steps %5d-%d/%d", step + 1,
            Math.min(c.steps(), step + c.logEvery()), c.steps()), Math.min(c.logEvery(), c.steps() - step));
      if (next + c.batch() > perm.length) {
        shuffle(perm, order);
        next = 0;
      }
      List<String> words1 = new ArrayList<>(c.batch());
      for (int i = 0; i < c.batch(); i++) words1.add(train.get(perm[next + i]));
      next += c.batch();
      Batch x = Batch.of(words1);
      opt.setLr(lrAt(c, step));
      Variable loss = nllSum(model, x).div(x.count());
      opt.zeroGrad();
      loss.backward();
      GradClip.clipGradNorm(model.parameters(), 1.0);
      opt.step();
      sum += loss.item();
      int inChunk = step % c.logEvery() + 1;
      line.step(String.format(Locale.ROOT, "train loss %.4f", sum / inChunk));
      if (inChunk == c.logEvery() || step + 1 == c.steps()) {
        chunks[step / c.logEvery()] = sum / inChunk;
        line.finish(String.format(Locale.ROOT, "train loss %.4f  lr %.2e  %.1f s", sum / inChunk, lrAt(c, step),
            (System.nanoTime() - t0) / 1e9));
        sum = 0;
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    double valLoss = evalLoss(model, val);
    return new Result(bigram, valLoss, chunks, seconds, sample(model, 20, new SplittableRandom(SAMPLE_SEED)));
  }

  /** {@code count} words drawn letter by letter from the model's next-token distribution. */
  static List<String> sample(MakemoreModel model, int count, SplittableRandom rng) {
    List<String> out = new ArrayList<>();
    try (var off = Grad.disabled()) {
      for (int s = 0; s < count; s++) {
        StringBuilder w = new StringBuilder();
        int[] ids = new int[model.block()];
        for (int t = 1; t < model.block(); t++) {
          int[] prefix = Arrays.copyOf(ids, t);
          double[] logits = model.logits(prefix, 1, t).narrow(1, t - 1, 1).softmax(2).value().toDoubleArray();
          double u = rng.nextDouble(), acc = 0;
          int c = logits.length - 1;
          for (int k = 0; k < logits.length; k++) {
            acc += logits[k];
            if (u < acc) {
              c = k;
              break;
            }
          }
          if (c == 0) break;
          ids[t] = c;
          w.append((char) ('a' + c - 1));
        }
        out.add(w.toString());
      }
    }
    return out;
  }
}
