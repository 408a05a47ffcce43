package dev.nabla.nn;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * What {@link LSTM} and {@link GRU} share: PyTorch's parameters per layer k ({@code weight_ih_lk}
 * [G·H, in], {@code weight_hh_lk} [G·H, H], {@code bias_ih_lk} and {@code bias_hh_lk} [G·H], G gates
 * stacked in PyTorch's order), their initialization U(−1/√H, 1/√H) in PyTorch's order, the checks of
 * the input and initial states, and the loop over layers and time steps. Each layer first projects
 * every time step's input at once ({@code x·W_ihᵀ + b_ih}, one product), then runs the recurrence
 * step by step; a subclass supplies one step of its cell.
 */
abstract class RecurrentBase extends Module {
  final int inputSize, hiddenSize, numLayers, gates;
  final DType dtype;
  final List<Variable[]> layers = new ArrayList<>(); // per layer: w_ih, w_hh, b_ih, b_hh

  RecurrentBase(String kind, int gates, int inputSize, int hiddenSize, int numLayers, RandomGenerator rng, DType dtype) {
    Objects.requireNonNull(rng, "rng");
    Objects.requireNonNull(dtype, "dtype");
    if (inputSize <= 0 || hiddenSize <= 0 || numLayers <= 0)
      throw new IllegalArgumentException(kind + ": sizes must be positive, got input_size=" + inputSize + ", hidden_size="
          + hiddenSize + ", num_layers=" + numLayers);
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.numLayers = numLayers;
    this.gates = gates;
    this.dtype = dtype;
    double bound = 1.0 / Math.sqrt(hiddenSize);
    for (int k = 0; k < numLayers; k++) {
      int in = k == 0 ? inputSize : hiddenSize;
      layers.add(new Variable[] {
        registerParameter("weight_ih_l" + k, Init.uniform(dtype, rng, -bound, bound, gates * hiddenSize, in)),
        registerParameter("weight_hh_l" + k, Init.uniform(dtype, rng, -bound, bound, gates * hiddenSize, hiddenSize)),
        registerParameter("bias_ih_l" + k, Init.uniform(dtype, rng, -bound, bound, gates * hiddenSize)),
        registerParameter("bias_hh_l" + k, Init.uniform(dtype, rng, -bound, bound, gates * hiddenSize))});
    }
  }

  /** The layer's name in errors, PyTorch's repr: {@code LSTM(3, 4, num_layers=2, batch_first=True)}. */
  final String describe() {
    return getClass().getSimpleName() + "(" + inputSize + ", " + hiddenSize + (numLayers > 1 ? ", num_layers=" + numLayers : "")
        + ", batch_first=True)";
  }

  /** Checks x: [B, T, input_size] (or [T, input_size], unbatched) in the parameters' dtype. */
  final void checkInput(Variable x) {
    Objects.requireNonNull(x, "x");
    if ((x.rank() != 3 && x.rank() != 2) || x.shape().dim(-1) != inputSize)
      throw new IllegalArgumentException(describe() + ": input of shape " + x.shape() + " must be [batch, time, "
          + inputSize + "] (or [time, " + inputSize + "] unbatched)");
    if (x.dtype() != dtype)
      throw new IllegalArgumentException(describe() + ": input is " + x.dtype() + " " + x.shape()
          + " but the parameters are " + dtype + "; convert the input with Tensor.toType");
  }

  /** The initial state of every layer, [L, B, H] (PyTorch's layout, not batch-first): zeros when null. */
  final Variable initialState(String name, Variable s, int batch, boolean batched) {
    if (s == null) return Variable.constant(Tensor.zeros(dtype, numLayers, batch, hiddenSize));
    Variable full = batched ? s : s.rank() == 2 ? s.unsqueeze(1) : s;
    if (full.rank() != 3 || full.shape().dim(0) != numLayers || full.shape().dim(1) != batch
        || full.shape().dim(2) != hiddenSize || s.dtype() != dtype)
      throw new IllegalArgumentException(describe() + ": " + name + " " + s.dtype() + " " + s.shape() + " must be " + dtype
          + " [" + numLayers + ", " + (batched ? batch + ", " : "") + hiddenSize + "]");
    return full;
  }

  /**
   * Runs every layer over x [B, T, in]; {@code states} holds the initial state(s) [L, B, H] of each
   * kind (h, or h and c) and gets the final ones. Returns the last layer's outputs [B, T, H].
   */
  final Variable run(Variable x, Variable[] states) {
    int batch = x.shape().dim(0), steps = x.shape().dim(1), h = hiddenSize;
    Variable[][] last = new Variable[states.length][numLayers];
    Variable input = x;
    for (int k = 0; k < numLayers; k++) {
      Variable[] p = layers.get(k);
      // [T, B, G·H]: the input projections of all time steps, one product; step t is a contiguous slab
      Variable proj = input.linear(p[0], p[2]).transpose(0, 1).reshape(steps, batch, gates * h);
      Variable[] state = new Variable[states.length];
      for (int s = 0; s < states.length; s++) state[s] = states[s].narrow(0, k, 1).reshape(batch, h);
      List<Variable> outs = new ArrayList<>(steps);
      for (int t = 0; t < steps; t++) {
        Variable xt = proj.narrow(0, t, 1).reshape(batch, gates * h);
        state = step(xt, state[0].linear(p[1], p[3]), state);
        outs.add(state[0]);
      }
      for (int s = 0; s < states.length; s++) last[s][k] = state[s];
      input = steps == 0 ? Variable.constant(Tensor.zeros(dtype, batch, 0, h)) : Variable.stack(outs, 1);
    }
    for (int s = 0; s < states.length; s++) states[s] = Variable.stack(List.of(last[s]), 0);
    return input;
  }

  /**
   * One time step of the cell: {@code xt} = x_t·W_ihᵀ + b_ih and {@code ht} = h·W_hhᵀ + b_hh, both
   * [B, G·H]; {@code state} the current state (h first). Returns the next state (h first).
   */
  abstract Variable[] step(Variable xt, Variable ht, Variable[] state);

  /** Gate j of [B, G·H]: columns j·H ... (j + 1)·H. */
  final Variable gate(Variable v, int j) {
    return v.narrow(1, j * hiddenSize, hiddenSize);
  }

  /** The input size. */
  public int inputSize() {
    return inputSize;
  }

  /** The hidden size H. */
  public int hiddenSize() {
    return hiddenSize;
  }

  /** The number of stacked layers. */
  public int numLayers() {
    return numLayers;
  }

  @Override
  protected String extraRepr() {
    return inputSize + ", " + hiddenSize + (numLayers > 1 ? ", num_layers=" + numLayers : "") + ", batch_first=True";
  }
}
