package dev.nabla.nn;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import java.util.random.RandomGenerator;

/**
 * A long short-term memory layer (one or more stacked), batch-first, like PyTorch's
 * {@code nn.LSTM(input_size, hidden_size, num_layers, batch_first=True)}. Per time step, with the
 * gates stacked in PyTorch's order i, f, g, o:
 * <pre>
 * i = σ(W_ii x + b_ii + W_hi h + b_hi)    f = σ(W_if x + b_if + W_hf h + b_hf)
 * g = tanh(W_ig x + b_ig + W_hg h + b_hg) o = σ(W_io x + b_io + W_ho h + b_ho)
 * c' = f ⊙ c + i ⊙ g                      h' = o ⊙ tanh(c')
 * </pre>
 * Layer k's parameters are {@code weight_ih_lk} [4H, in], {@code weight_hh_lk} [4H, H],
 * {@code bias_ih_lk} and {@code bias_hh_lk} [4H] (in = input_size for layer 0, H above), initialized
 * U(−1/√H, 1/√H) in that order, as PyTorch does; so a PyTorch state_dict loads with {@link #load}.
 * Layer k + 1 reads layer k's outputs (no dropout between layers). The initial states are zero
 * unless given to {@link #forward(Variable, Variable, Variable)}.
 *
 * <pre>{@code
 * var lstm = new LSTM(3, 4, new SplittableRandom(0));            // FLOAT32, one layer
 * Variable out = lstm.forward(x);                                 // x [B, T, 3] -> [B, T, 4]
 * LSTM.Output o = lstm.forward(x, null, null);                    // also h_n, c_n [1, B, 4]
 * }</pre>
 */
public final class LSTM extends RecurrentBase {
  /** The outputs [B, T, H] of the last layer and the final states h_n, c_n [L, B, H] of every layer. */
  public record Output(Variable output, Variable h, Variable c) {}

  /** One layer, FLOAT32. */
  public LSTM(int inputSize, int hiddenSize, RandomGenerator rng) {
    this(inputSize, hiddenSize, 1, rng, DType.FLOAT32);
  }

  /** One layer in the given dtype (FLOAT64 for gradient checks). */
  public LSTM(int inputSize, int hiddenSize, RandomGenerator rng, DType dtype) {
    this(inputSize, hiddenSize, 1, rng, dtype);
  }

  /** {@code numLayers} stacked layers, FLOAT32. */
  public LSTM(int inputSize, int hiddenSize, int numLayers, RandomGenerator rng) {
    this(inputSize, hiddenSize, numLayers, rng, DType.FLOAT32);
  }

  /** {@code numLayers} stacked layers in the given dtype (FLOAT64 for gradient checks). */
  public LSTM(int inputSize, int hiddenSize, int numLayers, RandomGenerator rng, DType dtype) {
    super("LSTM", 4, inputSize, hiddenSize, numLayers, rng, dtype);
  }

  /** The output sequence [B, T, H] for x [B, T, input_size] ([T, H] for an unbatched [T, input_size]), from zero states. */
  @Override
  public Variable forward(Variable x) {
    return forward(x, null, null).output();
  }

  /**
   * The output sequence and the final states, from initial states h0 and c0 [L, B, H] (PyTorch's
   * layout, not batch-first; [L, H] for an unbatched input), or zeros where null.
   */
  public Output forward(Variable x, Variable h0, Variable c0) {
    checkInput(x);
    boolean batched = x.rank() == 3;
    Variable in = batched ? x : x.unsqueeze(0);
    int batch = in.shape().dim(0);
    Variable[] states = {initialState("h0", h0, batch, batched), initialState("c0", c0, batch, batched)};
    Variable out = run(in, states);
    if (!batched) return new Output(out.squeeze(0), states[0].squeeze(1), states[1].squeeze(1));
    return new Output(out, states[0], states[1]);
  }

  @Override
  Variable[] step(Variable xt, Variable ht, Variable[] state) {
    Variable z = xt.add(ht), s = z.sigmoid();
    Variable i = gate(s, 0), f = gate(s, 1), g = gate(z, 2).tanh(), o = gate(s, 3);
    Variable c = f.mul(state[1]).add(i.mul(g));
    return new Variable[] {o.mul(c.tanh()), c};
  }

  @Override
  public LSTM train() {
    super.train();
    return this;
  }

  @Override
  public LSTM train(boolean on) {
    super.train(on);
    return this;
  }

  @Override
  public LSTM eval() {
    super.eval();
    return this;
  }
}
