package dev.nabla.nn;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * One transformer encoder block, batch-first, like PyTorch's {@code nn.TransformerEncoderLayer(dModel, heads,
 * dimFeedforward, batch_first=True)}: self-attention and a feed-forward network, each in a residual branch with
 * a layer norm, after it (post-norm, PyTorch's default) or before it ({@code normFirst}, pre-norm, as GPT):
 * <pre>
 *   post-norm:  x = norm1(x + sa(x));         x = norm2(x + ff(x))
 *   pre-norm:   x = x + sa(norm1(x));         x = x + ff(norm2(x))
 *   sa(x) = dropout1(self_attn(x, x, x))      ff(x) = dropout2(linear2(dropout(activation(linear1(x)))))
 * </pre>
 * for x [B, T, dModel] (or [T, dModel]). With {@code causal}, position i attends to positions j ≤ i: a
 * decoder-only (GPT-style) block.
 *
 * <p>Children, under PyTorch's state_dict names: {@code self_attn} ({@link MultiheadAttention}),
 * {@code linear1} (dModel → dimFeedforward), {@code dropout}, {@code linear2} (dimFeedforward → dModel),
 * {@code norm1}, {@code norm2} ({@link LayerNorm}s over dModel), {@code dropout1}, {@code dropout2}; so
 * {@code self_attn.in_proj_weight}, {@code linear1.weight}, {@code norm1.weight}, … load from a PyTorch
 * state_dict. Initialisation is each child's PyTorch default, drawn from the generator in that order; the
 * dropouts (also on the attention weights, as in PyTorch) draw their masks from it afterwards.
 *
 * <pre>{@code
 * var block = new TransformerEncoderLayer(64, 4, 256, rng);                      // post-norm, ReLU, dropout 0.1
 * var gpt = new TransformerEncoderLayer(64, 4, 256, rng, TransformerEncoderLayer.DEFAULTS
 *     .withNormFirst(true).withActivation(TransformerEncoderLayer.Activation.GELU).withDropout(0));
 * Variable h = gpt.forward(x, true);                                             // causal, x [B, T, 64]
 * }</pre>
 */
public final class TransformerEncoderLayer extends Module {
  /** The feed-forward network's activation. */
  public enum Activation {
    /** max(0, x), PyTorch's default. */
    RELU,
    /** The exact (erf) GELU, x·Φ(x). */
    GELU
  }

  /** PyTorch's defaults: post-norm, ReLU, dropout 0.1, layer_norm_eps 1e-5; FLOAT32. */
  public static final Options DEFAULTS = new Options(false, Activation.RELU, 0.1, 1e-5, DType.FLOAT32);

  /**
   * The layer's settings, an immutable value: change one with a {@code with…} method, which returns a new
   * value. {@code TransformerEncoderLayer.DEFAULTS.withNormFirst(true).withDropout(0)}.
   *
   * @param normFirst pre-norm (layer norm before each branch) instead of post-norm
   * @param activation the feed-forward activation
   * @param dropout the dropout probability in [0, 1) (attention weights, feed-forward, both residual branches)
   * @param layerNormEps the layer norms' ε &gt; 0
   * @param dtype the parameters' dtype
   */
  public record Options(boolean normFirst, Activation activation, double dropout, double layerNormEps, DType dtype) {
    /** @throws IllegalArgumentException if a value is out of its range */
    public Options {
      Objects.requireNonNull(activation, "activation");
      Objects.requireNonNull(dtype, "dtype");
      if (!(dropout >= 0 && dropout < 1))
        throw new IllegalArgumentException("TransformerEncoderLayer: dropout must be in [0, 1), got " + dropout);
      if (!(layerNormEps > 0))
        throw new IllegalArgumentException("TransformerEncoderLayer: layer_norm_eps must be positive, got "
            + layerNormEps);
    }

    /** These options with pre-norm ({@code true}) or post-norm. */
    public Options withNormFirst(boolean normFirst) {
      return new Options(normFirst, activation, dropout, layerNormEps, dtype);
    }

    /** These options with the given activation. */
    public Options withActivation(Activation activation) {
      return new Options(normFirst, activation, dropout, layerNormEps, dtype);
    }

    /** These options with dropout probability {@code dropout} ∈ [0, 1). */
    public Options withDropout(double dropout) {
      return new Options(normFirst, activation, dropout, layerNormEps, dtype);
    }

    /** These options with layer norm ε &gt; 0. */
    public Options withLayerNormEps(double layerNormEps) {
      return new Options(normFirst, activation, dropout, layerNormEps, dtype);
    }

    /** These options with parameters of {@code dtype}. */
    public Options withDType(DType dtype) {
      return new Options(normFirst, activation, dropout, layerNormEps, dtype);
    }
  }

  private final int dModel;
  private final Options options;
  private final MultiheadAttention selfAttn;
  private final Linear linear1, linear2;
  private final LayerNorm norm1, norm2;
  private final Module dropout, dropout1, dropout2;

  /** PyTorch's defaults ({@link #DEFAULTS}): post-norm, ReLU, dropout 0.1, FLOAT32. */
  public TransformerEncoderLayer(int dModel, int heads, int dimFeedforward, RandomGenerator rng) {
    this(dModel, heads, dimFeedforward, rng, DEFAULTS);
  }

  /**
   * With the given options.
   *
   * @throws IllegalArgumentException when heads does not divide dModel or a size is not positive
   */
  public TransformerEncoderLayer(int dModel, int heads, int dimFeedforward, RandomGenerator rng, Options options) {
    Objects.requireNonNull(rng, "rng");
    Objects.requireNonNull(options, "options");
    if (dimFeedforward <= 0)
      throw new IllegalArgumentException("TransformerEncoderLayer: dim_feedforward must be positive, got "
          + dimFeedforward);
    this.dModel = dModel;
    this.options = options;
    DType dt = options.dtype();
    double p = options.dropout();
    this.selfAttn = registerModule("self_attn", new MultiheadAttention(dModel, heads, p, rng, dt));
    this.linear1 = registerModule("linear1", new Linear(dModel, dimFeedforward, rng, dt));
    this.dropout = registerModule("dropout", new Dropout(p, rng));
    this.linear2 = registerModule("linear2", new Linear(dimFeedforward, dModel, rng, dt));
    this.norm1 = registerModule("norm1", new LayerNorm(new int[] {dModel}, options.layerNormEps(), true, dt));
    this.norm2 = registerModule("norm2", new LayerNorm(new int[] {dModel}, options.layerNormEps(), true, dt));
    this.dropout1 = registerModule("dropout1", new Dropout(p, rng));
    this.dropout2 = registerModule("dropout2", new Dropout(p, rng));
  }

  /** The block on x [B, T, dModel] (or [T, dModel]), attending everywhere. */
  @Override
  public Variable forward(Variable x) {
    return forward(x, null, false);
  }

  /** The block, causal when {@code causal}: position i attends to positions j ≤ i. */
  public Variable forward(Variable x, boolean causal) {
    return forward(x, null, causal);
  }

  /**
   * The block with an additive attention {@code mask} (broadcasting to [B, heads, T, T], see
   * {@link MultiheadAttention}; or null), causal or not.
   */
  public Variable forward(Variable x, Tensor mask, boolean causal) {
    Objects.requireNonNull(x, "x");
    if (options.normFirst()) {
      x = x.add(selfAttention(norm1.forward(x), mask, causal));
      return x.add(feedForward(norm2.forward(x)));
    }
    x = norm1.forward(x.add(selfAttention(x, mask, causal)));
    return norm2.forward(x.add(feedForward(x)));
  }

  private Variable selfAttention(Variable x, Tensor mask, boolean causal) {
    return dropout1.forward(selfAttn.forward(x, x, x, mask, causal));
  }

  private Variable feedForward(Variable x) {
    Variable h = linear1.forward(x);
    h = options.activation() == Activation.GELU ? Functional.gelu(h, false) : h.relu();
    return dropout2.forward(linear2.forward(dropout.forward(h)));
  }

  /** The self-attention {@code self_attn}. */
  public MultiheadAttention selfAttn() {
    return selfAttn;
  }

  /** The settings. */
  public Options options() {
    return options;
  }

  @Override
  public TransformerEncoderLayer train() {
    super.train();
    return this;
  }

  @Override
  public TransformerEncoderLayer train(boolean on) {
    super.train(on);
    return this;
  }

  @Override
  public TransformerEncoderLayer eval() {
    super.eval();
    return this;
  }

  @Override
  protected String extraRepr() {
    return "d_model=" + dModel + ", norm_first=" + options.normFirst() + ", activation="
        + options.activation().name().toLowerCase(java.util.Locale.ROOT);
  }
}
