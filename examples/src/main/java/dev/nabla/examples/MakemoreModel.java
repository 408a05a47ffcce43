package dev.nabla.examples;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.Tensor;
import dev.nabla.nn.Embedding;
import dev.nabla.nn.LayerNorm;
import dev.nabla.nn.Linear;
import dev.nabla.nn.Module;
import dev.nabla.nn.TransformerEncoderLayer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The {@link Makemore} language model: a small decoder-only transformer over 27 tokens ({@code
 * '.'} = 0, {@code a}…{@code z} = 1…26), FLOAT32. For token ids x [B, T]:
 *
 * <pre>
 * h = tok(x) + pos.weight[0..T)                 learned embeddings ({@link Embedding}, N(0, 1))
 * for each block:  h = block(h, causal)         pre-norm: h + attn(norm1(h)), then h + ff(norm2(h))
 * logits = head(lnF(h))                         [B, T, 27]
 * </pre>
 *
 * Each block is a {@link TransformerEncoderLayer} (pre-norm, exact GELU, feed-forward 4D, no dropout)
 * run causally: position i attends to positions j ≤ i, which makes the encoder layer a GPT-style
 * decoder block. The final norm is a {@link LayerNorm} (eps 1e-5), the head a {@link Linear}; every
 * layer keeps PyTorch's default initialisation. {@code benchmarks/pytorch/makemore.py} builds the
 * same model from {@code nn.TransformerEncoderLayer}.
 */
final class MakemoreModel extends Module {
  /** Tokens: '.' and the 26 letters. */
  static final int VOCAB = 27;

  private final int block;
  private final Embedding tok, pos;
  private final List<TransformerEncoderLayer> blocks = new ArrayList<>();
  private final LayerNorm lnF;
  private final Linear head;

  /** A model with {@code layers} blocks of width {@code dim} and {@code heads} heads, for sequences up to {@code block}. */
  MakemoreModel(int dim, int heads, int layers, int block, SplittableRandom rng) {
    if (dim % heads != 0) throw new IllegalArgumentException("makemore: dim " + dim + " is not a multiple of heads " + heads);
    this.block = block;
    tok = registerModule("tok", new Embedding(VOCAB, dim, rng));
    pos = registerModule("pos", new Embedding(block, dim, rng));
    var options = TransformerEncoderLayer.DEFAULTS.withNormFirst(true)
        .withActivation(TransformerEncoderLayer.Activation.GELU).withDropout(0);
    for (int i = 0; i < layers; i++)
      blocks.add(registerModule("block" + i, new TransformerEncoderLayer(dim, heads, 4 * dim, rng, options)));
    lnF = registerModule("lnF", new LayerNorm(dim));
    head = registerModule("head", new Linear(dim, VOCAB, rng));
  }

  /** The longest sequence the position table covers. */
  int block() {
    return block;
  }

  /** Logits [B, T, 27] for token ids [B, T] (FLOAT32 or INT32 values that are whole numbers in [0, 27)). */
  @Override
  public Variable forward(Variable tokens) {
    Objects.requireNonNull(tokens, "tokens");
    if (tokens.rank() != 2 || tokens.shape().dim(1) > block)
      throw new IllegalArgumentException("makemore: tokens must be [batch, time <= " + block + "], got " + tokens.shape());
    double[] v = tokens.value().toDoubleArray();
    int[] ids = new int[v.length];
    for (int i = 0; i < v.length; i++) ids[i] = (int) v[i];
    return logits(ids, tokens.shape().dim(0), tokens.shape().dim(1));
  }

  /** Logits [B, T, 27] for the row-major token ids of a [B, T] batch. */
  Variable logits(int[] ids, int b, int t) {
    Variable h = tok.forward(Tensor.of(ids, b, t)).add(pos.weight().narrow(0, 0, t));
    for (TransformerEncoderLayer blk : blocks) h = blk.forward(h, true);
    return head.forward(lnF.forward(h));
  }
}
