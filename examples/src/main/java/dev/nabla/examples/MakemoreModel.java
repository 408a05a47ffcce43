package dev.nabla.examples;

import dev.nabla.autodiff.Attention;
import dev.nabla.autodiff.Normalizations;
import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.nn.Functional;
import dev.nabla.nn.Linear;
import dev.nabla.nn.Module;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The {@link Makemore} language model: a small decoder-only transformer over 27 tokens ({@code
 * '.'} = 0, {@code a}…{@code z} = 1…26), FLOAT32. For token ids x [B, T]:
 *
 * <pre>
 * h = tok[x] + pos[0..T)                                   learned embeddings, N(0, 1) like nn.Embedding
 * for each block:  h = h + attn(ln1(h));  h = h + fc2(gelu(fc1(ln2(h))))      (pre-norm)
 * logits = head(lnF(h))                                    [B, T, 27]
 * </pre>
 *
 * where attn is causal multi-head self-attention with one input projection [3D, D] (rows: q, k, v,
 * like {@code nn.MultiheadAttention}'s {@code in_proj_weight}), softmax(q·kᵀ/√d)·v per head with
 * position i attending to positions j ≤ i, and an output projection; the MLP is D → 4D → D with the exact
 * (erf) GELU; every LayerNorm normalizes the last dimension with eps 1e-5. Linear layers keep
 * PyTorch's default initialisation. The same model, parameter for parameter, is {@code
 * benchmarks/pytorch/makemore.py}.
 *
 * <p>LayerNorm is the fused {@link Normalizations#layerNorm}, attention the fused {@link
 * Attention#scaledDotProductAttention} (causal); the embedding lookup is {@code indexSelect} on the
 * token table.
 */
final class MakemoreModel extends Module {
  /** Tokens: '.' and the 26 letters. */
  static final int VOCAB = 27;

  private final int dim, heads, block;
  private final Variable tok, pos;
  private final List<Block> blocks = new ArrayList<>();
  private final Norm lnF;
  private final Linear head;

  /** A model with {@code layers} blocks of width {@code dim} and {@code heads} heads, for sequences up to {@code block}. */
  MakemoreModel(int dim, int heads, int layers, int block, SplittableRandom rng) {
    if (dim % heads != 0) throw new IllegalArgumentException("makemore: dim " + dim + " is not a multiple of heads " + heads);
    this.dim = dim;
    this.heads = heads;
    this.block = block;
    tok = registerParameter("tok", Tensor.randn(DType.FLOAT32, rng, VOCAB, dim));
    pos = registerParameter("pos", Tensor.randn(DType.FLOAT32, rng, block, dim));
    for (int i = 0; i < layers; i++) blocks.add(registerModule("block" + i, new Block(dim, heads, rng)));
    lnF = registerModule("lnF", new Norm(dim));
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
    Variable h = tok.indexSelect(0, ids).reshape(b, t, dim).add(pos.narrow(0, 0, t));
    for (Block blk : blocks) h = blk.forward(h);
    return head.forward(lnF.forward(h));
  }

  /** LayerNorm over the last dimension: (x − mean)/√(var + 1e-5)·weight + bias, biased variance. */
  static final class Norm extends Module {
    private final Variable weight, bias;

    Norm(int dim) {
      weight = registerParameter("weight", Tensor.ones(DType.FLOAT32, dim));
      bias = registerParameter("bias", Tensor.zeros(DType.FLOAT32, dim));
    }

    @Override
    public Variable forward(Variable x) {
      return Normalizations.layerNorm(x, weight.shape().dim(0), weight, bias);
    }
  }

  /** One pre-norm transformer block. */
  static final class Block extends Module {
    private final int dim, heads;
    private final Norm ln1, ln2;
    private final Linear inProj, outProj, fc1, fc2;

    Block(int dim, int heads, SplittableRandom rng) {
      this.dim = dim;
      this.heads = heads;
      ln1 = registerModule("ln1", new Norm(dim));
      inProj = registerModule("inProj", new Linear(dim, 3 * dim, rng));
      outProj = registerModule("outProj", new Linear(dim, dim, rng));
      ln2 = registerModule("ln2", new Norm(dim));
      fc1 = registerModule("fc1", new Linear(dim, 4 * dim, rng));
      fc2 = registerModule("fc2", new Linear(4 * dim, dim, rng));
    }

    @Override
    public Variable forward(Variable x) {
      x = x.add(attention(ln1.forward(x)));
      return x.add(fc2.forward(Functional.gelu(fc1.forward(ln2.forward(x)), false)));
    }

    private Variable attention(Variable x) {
      int b = x.shape().dim(0), t = x.shape().dim(1), hd = dim / heads;
      Variable qkv = inProj.forward(x).reshape(b, t, 3, heads, hd).permute(2, 0, 3, 1, 4); // [3, B, H, T, hd]
      Variable q = qkv.narrow(0, 0, 1).squeeze(0), k = qkv.narrow(0, 1, 1).squeeze(0), v = qkv.narrow(0, 2, 1).squeeze(0);
      Variable y = Attention.scaledDotProductAttention(q, k, v, true).permute(0, 2, 1, 3).reshape(b, t, dim);
      return outProj.forward(y);
    }
  }
}
