package dev.nabla.benchmarks;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.Tensor;
import dev.nabla.nn.AdamW;
import dev.nabla.nn.Embedding;
import dev.nabla.nn.LayerNorm;
import dev.nabla.nn.Linear;
import dev.nabla.nn.Losses;
import dev.nabla.nn.Module;
import dev.nabla.nn.TransformerEncoderLayer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * W8: one training step of the {@code makemore} model's block stack, float32, mirroring
 * {@code examples/.../MakemoreModel} with {@code Makemore.Config.DEFAULT} (built here, since the example's
 * classes are package-private): token embedding (27 × 64) + position embedding (23 × 64, the block of
 * words.txt: longest word + 1) → 2 × TransformerEncoderLayer(64, 4 heads, feed-forward 256, pre-norm, exact
 * GELU, no dropout) run causally → LayerNorm(64) → Linear(64 → 27). B = 32 sequences of T = 23 tokens:
 * inputs labels(81, B·T, 27), targets labels(82, B·T, 27), both [B, T]. One step = zeroGrad + forward +
 * mean cross-entropy over all B·T positions + backward + AdamW (β = 0.9, 0.99, weight decay 0.01 as the
 * example; fixed lr 3e-3, the example's peak; no clipping). State-dict names are PyTorch's
 * ({@code tok.weight}, {@code blocks.0.self_attn.in_proj_weight}, …, {@code ln_f.bias}, {@code head.weight}),
 * initialised by {@link Weights#init} with seeds 800 + i. {@code benchmarks/pytorch/w8_transformer.py} is
 * the PyTorch twin (nn.TransformerEncoderLayer(norm_first=True, activation="gelu", batch_first=True) with a
 * boolean causal mask).
 */
public final class W8Transformer extends Module implements TrainingStep {
  /** Batch size, sequence length, vocabulary, width, heads, layers. */
  public static final int BATCH = 32, T = 23, VOCAB = 27, DIM = 64, HEADS = 4, LAYERS = 2;
  /** AdamW learning rate. */
  public static final double LR = 3e-3;

  public final int batch;
  private final Embedding tok, pos;
  private final List<TransformerEncoderLayer> blocks = new ArrayList<>();
  private final LayerNorm lnF;
  private final Linear head;
  private final boolean causal;
  public final AdamW opt;
  public final Tensor tokens;
  public final int[] targets;

  /** The workload at batch size {@code batch} (the benchmark uses {@link #BATCH}), causal. */
  public W8Transformer(int batch) {
    this(batch, true);
  }

  /** With {@code causal = false} the attention is not masked (a wrong model, for the check's test). */
  W8Transformer(int batch, boolean causal) {
    this.batch = batch;
    this.causal = causal;
    SplittableRandom unused = new SplittableRandom(0); // every drawn parameter is overwritten by Weights.init
    tok = registerModule("tok", new Embedding(VOCAB, DIM, unused));
    pos = registerModule("pos", new Embedding(T, DIM, unused));
    var options = TransformerEncoderLayer.DEFAULTS.withNormFirst(true)
        .withActivation(TransformerEncoderLayer.Activation.GELU).withDropout(0);
    Stack stack = registerModule("blocks", new Stack());
    for (int i = 0; i < LAYERS; i++)
      blocks.add(stack.add(i, new TransformerEncoderLayer(DIM, HEADS, 4 * DIM, unused, options)));
    lnF = registerModule("ln_f", new LayerNorm(DIM));
    head = registerModule("head", new Linear(DIM, VOCAB, unused));
    Weights.init(this, 800);
    opt = new AdamW(parameters(), LR, AdamW.DEFAULTS.withBetas(0.9, 0.99));
    tokens = Tensor.of(Data.labels(81, batch * T, VOCAB), batch, T);
    targets = Data.labels(82, batch * T, VOCAB);
  }

  /** PyTorch's nn.ModuleList: children named 0, 1, …; no forward of its own. */
  private static final class Stack extends Module {
    TransformerEncoderLayer add(int i, TransformerEncoderLayer layer) {
      return registerModule(Integer.toString(i), layer);
    }

    @Override
    public Variable forward(Variable x) {
      throw new UnsupportedOperationException("a module list has no forward");
    }
  }

  /** Logits [B, T, 27] of the token ids given as a [B, T] tensor's values. */
  @Override
  public Variable forward(Variable ids) {
    return logits(ids.value());
  }

  private Variable logits(Tensor ids) {
    Variable h = tok.forward(ids).add(pos.weight());
    for (TransformerEncoderLayer blk : blocks) h = blk.forward(h, causal);
    return head.forward(lnF.forward(h));
  }

  /** Forward + mean cross-entropy over all B·T positions (graph recorded). */
  @Override
  public Variable forwardLoss() {
    return Losses.crossEntropy(logits(tokens).reshape(batch * T, VOCAB), targets);
  }

  @Override
  public AdamW optimizer() {
    return opt;
  }

  @Override
  public String label() {
    return "W8 B=" + batch;
  }

  @Override
  public boolean referenceBatch() {
    return batch == BATCH;
  }

  /**
   * {@link TrainingStep#check(double, double)} against PyTorch's losses ({@link Reference#W8_LOSS0},
   * {@link Reference#W8_LOSS10}; B = 32 only); returns {loss0, loss10}.
   */
  public double[] check() {
    return check(Reference.W8_LOSS0, Reference.W8_LOSS10);
  }
}
