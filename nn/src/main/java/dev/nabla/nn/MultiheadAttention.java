package dev.nabla.nn;

import dev.nabla.autodiff.Attention;
import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import dev.nabla.core.Shape;
import dev.nabla.core.Tensor;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Multi-head attention, batch-first, like PyTorch's {@code nn.MultiheadAttention(dim, heads, batch_first=True)}:
 * <pre>
 *   Q = query·Wqᵀ + bq,  K = key·Wkᵀ + bk,  V = value·Wvᵀ + bv      (the three row blocks of in_proj)
 *   head h = softmax(Q_h·K_hᵀ/√(dim/heads) + mask) · V_h             (scaled dot-product attention)
 *   out = concat(heads)·W_outᵀ + b_out                               (out_proj, a Linear)
 * </pre>
 * for query [B, Tq, dim], key and value [B, Tk, dim] (or unbatched [T, dim]); the output is [B, Tq, dim]. Each
 * head sees its own dim/heads features. The attention is {@link Attention#scaledDotProductAttention}: one fused
 * softmax per row.
 *
 * <p>Parameters, PyTorch's names and layouts: {@code in_proj_weight} [3·dim, dim] (rows: Wq, Wk, Wv),
 * {@code in_proj_bias} [3·dim], and the child {@code out_proj}, a {@link Linear} (dim → dim) with
 * {@code out_proj.weight} and {@code out_proj.bias}, so a PyTorch state_dict loads as it is. Initialisation is
 * PyTorch's: {@code in_proj_weight} Xavier-uniform, both biases 0, {@code out_proj.weight} a Linear's default
 * (U(±1/√dim)); drawn from the generator in that order.
 *
 * <p>Masks: {@code causal} lets query i attend to keys j ≤ i; an additive mask (0 keeps, −∞ removes, as
 * {@link Attention} documents) broadcasts to [B, heads, Tq, Tk], e.g. [Tq, Tk] or a key-padding mask
 * [B, 1, 1, Tk] from {@link Attention#additiveMask}. PyTorch's boolean {@code attn_mask} is the opposite
 * convention (true = masked). Attention dropout (PyTorch's {@code dropout}) is 0 unless given; it drops
 * attention weights in training mode only.
 *
 * <pre>{@code
 * var mha = new MultiheadAttention(64, 4, rng);                       // FLOAT32
 * Variable y = mha.forward(x);                                        // self-attention, x [B, T, 64]
 * Variable causal = mha.forward(x, true);                             // decoder-style
 * Variable cross = mha.forward(queries, memory, memory);              // cross-attention
 * }</pre>
 */
public final class MultiheadAttention extends Module {
  private final int dim, heads;
  private final double dropout;
  private final Variable inProjWeight, inProjBias;
  private final Linear outProj;
  private final Dropout attnDropout;

  /** FLOAT32, no attention dropout, PyTorch's initialisation. */
  public MultiheadAttention(int dim, int heads, RandomGenerator rng) {
    this(dim, heads, 0.0, rng, DType.FLOAT32);
  }

  /** In the given dtype (FLOAT64 for gradient checks), no attention dropout. */
  public MultiheadAttention(int dim, int heads, RandomGenerator rng, DType dtype) {
    this(dim, heads, 0.0, rng, dtype);
  }

  /**
   * With attention dropout {@code dropout} ∈ [0, 1) on the weights in training mode (masks drawn from
   * {@code rng}, after the initial values), in the given dtype.
   *
   * @throws IllegalArgumentException when dim is not positive, heads is not positive or does not divide dim,
   *     or dropout is outside [0, 1)
   */
  public MultiheadAttention(int dim, int heads, double dropout, RandomGenerator rng, DType dtype) {
    Objects.requireNonNull(rng, "rng");
    Objects.requireNonNull(dtype, "dtype");
    if (dim <= 0 || heads <= 0 || dim % heads != 0)
      throw new IllegalArgumentException("MultiheadAttention: embed_dim " + dim + " must be positive and divisible by"
          + " num_heads " + heads);
    if (!(dropout >= 0 && dropout < 1))
      throw new IllegalArgumentException("MultiheadAttention: dropout must be in [0, 1), got " + dropout);
    this.dim = dim;
    this.heads = heads;
    this.dropout = dropout;
    this.inProjWeight = registerParameter("in_proj_weight", Init.xavierUniform(Shape.of(3 * dim, dim), dtype, 1, rng));
    this.inProjBias = registerParameter("in_proj_bias", Tensor.zeros(dtype, 3 * dim));
    this.outProj = registerModule("out_proj", new Linear(dim, dim, rng, dtype));
    Init.constant(outProj.bias(), 0);
    this.attnDropout = dropout > 0 ? new Dropout(dropout, rng) : null;
  }

  /** Self-attention: query = key = value = x, [B, T, dim] or [T, dim]. */
  @Override
  public Variable forward(Variable x) {
    return forward(x, x, x, null, false);
  }

  /** Self-attention, causal (query i attends to keys j ≤ i) when {@code causal}. */
  public Variable forward(Variable x, boolean causal) {
    return forward(x, x, x, null, causal);
  }

  /** Attention of query [B, Tq, dim] over key and value [B, Tk, dim], no mask. */
  public Variable forward(Variable query, Variable key, Variable value) {
    return forward(query, key, value, null, false);
  }

  /** Attention of query over key and value, causal when {@code causal} (aligned top-left when Tq ≠ Tk). */
  public Variable forward(Variable query, Variable key, Variable value, boolean causal) {
    return forward(query, key, value, null, causal);
  }

  /**
   * The general form: query [B, Tq, dim], key and value [B, Tk, dim] (or all three unbatched, [T, dim]), an
   * additive {@code mask} of the inputs' dtype broadcasting to [B, heads, Tq, Tk] (or null), causal or not.
   * Returns [B, Tq, dim] (or [Tq, dim]).
   *
   * @throws IllegalArgumentException naming the layer and the shapes when they do not fit
   */
  public Variable forward(Variable query, Variable key, Variable value, Tensor mask, boolean causal) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    check(query, key, value);
    boolean unbatched = query.rank() == 2;
    if (unbatched) {
      query = query.unsqueeze(0);
      key = key.unsqueeze(0);
      value = value.unsqueeze(0);
    }
    Variable q = heads(project(query, 0)), k = heads(project(key, 1)), v = heads(project(value, 2));
    Variable out;
    if (attnDropout != null && isTraining()) {
      attnDropout.train(true);
      Variable p = Attention.weights(q, k, mask, causal, Attention.defaultScale(dim / heads));
      out = attnDropout.forward(p).matmul(v);
    } else {
      out = Attention.scaledDotProductAttention(q, k, v, mask, causal);
    }
    int b = out.shape().dim(0), t = out.shape().dim(2);
    out = outProj.forward(out.permute(0, 2, 1, 3).reshape(b, t, dim));
    return unbatched ? out.squeeze(0) : out;
  }

  /** x·Wᵢᵀ + bᵢ with block i (0: query, 1: key, 2: value) of in_proj. */
  private Variable project(Variable x, int block) {
    return x.linear(inProjWeight.slice(0, block * dim, (block + 1) * dim),
        inProjBias.slice(0, block * dim, (block + 1) * dim));
  }

  /** [B, T, dim] to [B, heads, T, dim/heads] (a view). */
  private Variable heads(Variable x) {
    return x.reshape(x.shape().dim(0), x.shape().dim(1), heads, dim / heads).permute(0, 2, 1, 3);
  }

  private void check(Variable query, Variable key, Variable value) {
    String where = "MultiheadAttention(embed_dim=" + dim + ", num_heads=" + heads + "): ";
    String shapes = "query " + query.shape() + ", key " + key.shape() + ", value " + value.shape();
    for (Variable x : new Variable[] {query, key, value}) {
      if (x.rank() != query.rank() || (x.rank() != 2 && x.rank() != 3) || x.shape().dim(-1) != dim)
        throw new IllegalArgumentException(where + "needs query, key and value of shape [B, T, " + dim + "] (or all [T, "
            + dim + "]), got " + shapes);
      if (x.dtype() != inProjWeight.dtype())
        throw new IllegalArgumentException(where + "input is " + x.dtype() + " " + x.shape() + " but the parameters are "
            + inProjWeight.dtype() + "; convert the input with Tensor.toType");
    }
    if (!key.shape().equals(value.shape()) || query.rank() == 3 && query.shape().dim(0) != key.shape().dim(0))
      throw new IllegalArgumentException(where + "key and value must have one shape and the batch of query, got "
          + shapes);
  }

  /** in_proj_weight, [3·dim, dim]: the rows of Wq, Wk and Wv. */
  public Variable inProjWeight() {
    return inProjWeight;
  }

  /** in_proj_bias, [3·dim]. */
  public Variable inProjBias() {
    return inProjBias;
  }

  /** The output projection {@code out_proj}, dim → dim. */
  public Linear outProj() {
    return outProj;
  }

  /** The embedding dimension. */
  public int embedDim() {
    return dim;
  }

  /** The number of heads. */
  public int numHeads() {
    return heads;
  }

  @Override
  public MultiheadAttention train() {
    super.train();
    return this;
  }

  @Override
  public MultiheadAttention train(boolean on) {
    super.train(on);
    return this;
  }

  @Override
  public MultiheadAttention eval() {
    super.eval();
    return this;
  }

  @Override
  protected String extraRepr() {
    return "embed_dim=" + dim + ", num_heads=" + heads + (dropout > 0 ? ", dropout=" + dropout : "") + ", batch_first=true";
  }
}
