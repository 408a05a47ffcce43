package dev.nabla.nn;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import java.util.random.RandomGenerator;

/**
 * A gated recurrent unit layer (one or more stacked), batch-first, like PyTorch's
 * {@code nn.GRU(input_size, hidden_size, num_layers, batch_first=True)}. Per time step, with the
 * gates stacked in PyTorch's order r, z, n:
 * <pre>
 * r = σ(W_ir x + b_ir + W_hr h + b_hr)    z = σ(W_iz x + b_iz + W_hz h + b_hz)
 * n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))
 * h' = (1 − z) ⊙ n + z ⊙ h
 * </pre>
 * Layer k's parameters are {@code weight_ih_lk} [3H, in], {@code weight_hh_lk} [3H, H],
 * {@code bias_ih_lk} and {@code bias_hh_lk} [3H], initialized U(−1/√H, 1/√H) in that order, as
 * PyTorch does; so a PyTorch state_dict loads with {@link #load}. Layer k + 1 reads layer k's
 * outputs (no dropout between layers). The initial state is zero unless given to
 * {@link #forward(Variable, Variable)}.
 *
 * <pre>{@code
 * var gru = new GRU(3, 4, 2, new SplittableRandom(0));           // FLOAT32, two layers
 * Variable out = gru.forward(x);                                  // x [B, T, 3] -> [B, T, 4]
 * GRU.Output o = gru.forward(x, null);                            // also h_n [2, B, 4]
 * }</pre>
 */
public final class GRU extends RecurrentBase {
  /** The outputs [B, T, H] of the last layer and the final state h_n [L, B, H] of every layer. */
  public record Output(Variable output, Variable h) {}

  /** One layer, FLOAT32. */
  public GRU(int inputSize, int hiddenSize, RandomGenerator rng) {
    this(inputSize, hiddenSize, 1, rng, DType.FLOAT32);
  }

  /** One layer in the given dtype (FLOAT64 for gradient checks). */
  public GRU(int inputSize, int hiddenSize, RandomGenerator rng, DType dtype) {
    this(inputSize, hiddenSize, 1, rng, dtype);
  }

  /** {@code numLayers} stacked layers, FLOAT32. */
  public GRU(int inputSize, int hiddenSize, int numLayers, RandomGenerator rng) {
    this(inputSize, hiddenSize, numLayers, rng, DType.FLOAT32);
  }

  /** {@code numLayers} stacked layers in the given dtype (FLOAT64 for gradient checks). */
  public GRU(int inputSize, int hiddenSize, int numLayers, RandomGenerator rng, DType dtype) {
    super("GRU", 3, inputSize, hiddenSize, numLayers, rng, dtype);
  }

  /** The output sequence [B, T, H] for x [B, T, input_size] ([T, H] for an unbatched [T, input_size]), from a zero state. */
  @Override
  public Variable forward(Variable x) {
    return forward(x, null).output();
  }

  /**
   * The output sequence and the final state, from the initial state h0 [L, B, H] (PyTorch's layout,
   * not batch-first; [L, H] for an unbatched input), or zeros where null.
   */
  public Output forward(Variable x, Variable h0) {
    checkInput(x);
    boolean batched = x.rank() == 3;
    Variable in = batched ? x : x.unsqueeze(0);
    Variable[] states = {initialState("h0", h0, in.shape().dim(0), batched)};
    Variable out = run(in, states);
    return batched ? new Output(out, states[0]) : new Output(out.squeeze(0), states[0].squeeze(1));
  }

  @Override
  Variable[] step(Variable xt, Variable ht, Variable[] state) {
    Variable r = gate(xt, 0).add(gate(ht, 0)).sigmoid(), z = gate(xt, 1).add(gate(ht, 1)).sigmoid();
    Variable n = gate(xt, 2).add(r.mul(gate(ht, 2))).tanh();
    return new Variable[] {n.add(z.mul(state[0].sub(n)))}; // (1 − z)·n + z·h
  }

  @Override
  public GRU train() {
    super.train();
    return this;
  }

  @Override
  public GRU train(boolean on) {
    super.train(on);
    return this;
  }

  @Override
  public GRU eval() {
    super.eval();
    return this;
  }
}
