package dev.nabla.examples;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.nn.Functional;
import dev.nabla.nn.Linear;
import dev.nabla.nn.Module;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * like {@code nn.MultiheadAttention}'s {@code in_proj_weight}), softmax(q·kᵀ/√d + M)·v per head with
 * M = −1e9 above the diagonal, and an output projection; the MLP is D → 4D → D with the exact
 * (erf) GELU; every LayerNorm normalizes the last dimension with eps 1e-5. Linear layers keep
 * PyTorch's default initialisation. The same model, parameter for parameter, is {@code
 * benchmarks/pytorch/makemore.py}.
 *
 * <p>Embedding, LayerNorm and attention are composed of Variable ops ({@code indexSelect}, {@code
 * mean}, {@code matmul}, {@code softmax}, …), so every gradient is the engine's.
 */
final class MakemoreModel extends Module {
  /** Tokens: '.' and the 26 letters. */
  static final int VOCAB = 27;

  private final int dim, heads, block;
  private final Variable tok, pos;
  private final List<Block> blocks = new ArrayList<>();
  private final Norm lnF;
  private final Linear head;
  private final Map<Integer, Variable> masks = new HashMap<>();

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
    Variable mask = masks.computeIfAbsent(t, MakemoreModel::causalMask);
    for (Block blk : blocks) h = blk.forward(h, mask);
    return head.forward(lnF.forward(h));
  }

  /** [T, T]: 0 on and below the diagonal, −1e9 above (finite: exp gives exactly 0, never inf − inf). */
  private static Variable causalMask(int t) {
    float[] m = new float[t * t];
    for (int i = 0; i < t; i++)
      for (int j = i + 1; j < t; j++) m[i * t + j] = -1e9f;
    return Variable.constant(Tensor.of(m, t, t));
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
      int last = x.rank() - 1;
      Variable c = x.sub(x.mean(last, true));
      Variable var = c.square().mean(last, true);
      return c.div(var.add(1e-5).sqrt()).mul(weight).add(bias);
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
      throw new UnsupportedOperationException("makemore: a block needs its causal mask; call forward(x, mask)");
    }

    Variable forward(Variable x, Variable mask) {
      x = x.add(attention(ln1.forward(x), mask));
      return x.add(fc2.forward(Functional.gelu(fc1.forward(ln2.forward(x)), false)));
    }

    private Variable attention(Variable x, Variable mask) {
      int b = x.shape().dim(0), t = x.shape().dim(1), hd = dim / heads;
      Variable qkv = inProj.forward(x).reshape(b, t, 3, heads, hd).permute(2, 0, 3, 1, 4); // [3, B, H, T, hd]
      Variable q = qkv.narrow(0, 0, 1).squeeze(0), k = qkv.narrow(0, 1, 1).squeeze(0), v = qkv.narrow(0, 2, 1).squeeze(0);
      Variable att = q.matmul(k.transpose(2, 3)).mul(1 / Math.sqrt(hd)).add(mask).softmax(3); // [B, H, T, T]
      Variable y = att.matmul(v).permute(0, 2, 1, 3).reshape(b, t, dim);
      return outProj.forward(y);
    }
  }
}
