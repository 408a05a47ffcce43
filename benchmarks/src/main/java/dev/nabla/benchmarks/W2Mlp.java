package dev.nabla.benchmarks;

import dev.nabla.autodiff.Grad;
import dev.nabla.autodiff.Variable;
import dev.nabla.core.Tensor;
import dev.nabla.nn.Linear;
import dev.nabla.nn.Losses;
import dev.nabla.nn.ReLU;
import dev.nabla.nn.SGD;
import dev.nabla.nn.Sequential;

/**
 * W2: Linear(784,256) → ReLU → Linear(256,128) → ReLU → Linear(128,10), float32, with
 * {@code WORKLOADS.md}'s initialisation (layer L, fan-in f: weight = U(∓1/√f) from seed 100+2L,
 * bias from seed 101+2L), X = normal(11, B·784), labels = labels(12, B, 10), mean cross-entropy,
 * SGD lr 0.01, momentum 0.9, weight decay 1e-4; the same batch every step.
 */
public final class W2Mlp {
  static final int[] SIZES = {784, 256, 128, 10};

  public final int batch;
  public final Sequential model;
  public final SGD opt;
  public final Variable x;
  public final int[] labels;

  public W2Mlp(int batch) {
    this.batch = batch;
    Linear[] layers = new Linear[3];
    for (int l = 0; l < 3; l++) {
      int in = SIZES[l], out = SIZES[l + 1];
      double bound = 1.0 / Math.sqrt(in);
      Variable w = Variable.parameter(Tensor.of(Data.uniform(100 + 2 * l, out * in, -bound, bound), out, in));
      Variable b = Variable.parameter(Tensor.of(Data.uniform(101 + 2 * l, out, -bound, bound), out));
      layers[l] = new Linear(w, b);
    }
    model = new Sequential(layers[0], new ReLU(), layers[1], new ReLU(), layers[2]);
    opt = new SGD(model.parameters(), 0.01).momentum(0.9).weightDecay(1e-4);
    x = Variable.constant(Tensor.of(Data.normal(11, batch * 784), batch, 784));
    labels = Data.labels(12, batch, 10);
  }

  /** Phase fwd_nograd: the forward pass under {@link Grad#disabled()} (no graph). */
  public Variable forwardNoGrad() {
    try (var off = Grad.disabled()) {
      return model.forward(x);
    }
  }

  /** Phase fwd_loss: forward + loss with the graph recorded (then dropped). */
  public Variable forwardLoss() {
    return Losses.crossEntropy(model.forward(x), labels);
  }

  /**
   * Phase fwd_loss_bwd: gradients cleared (set to null: a few field writes, the same as PyTorch's
   * untimed {@code p.grad = None}), then forward + loss + backward.
   */
  public Variable forwardLossBackward() {
    opt.zeroGrad();
    Variable loss = forwardLoss();
    loss.backward();
    return loss;
  }

  /** Phase step: zeroGrad + forward + loss + backward + SGD step. */
  public Variable step() {
    opt.zeroGrad();
    Variable loss = forwardLoss();
    loss.backward();
    opt.step();
    return loss;
  }

  /**
   * Checks this model, fresh from the constructor (a benchmark then times this same instance, from
   * where the check leaves it): the loss before the first step and after 10 steps against PyTorch's
   * within {@link Reference#W2_TOL} (B = 32 and 256 are known; other batch sizes are only checked to
   * decrease), and the no-grad forward against the graph forward. Returns {loss0, loss10}.
   */
  public double[] check() {
    W2Mlp m = this;
    double loss0 = Double.NaN;
    for (int s = 0; s < 10; s++) {
      double l = m.step().item();
      if (s == 0) loss0 = l;
    }
    double loss10 = m.forwardLoss().item();
    double nograd = crossEntropyOf(m.forwardNoGrad().value(), m.labels);
    Reference.check("W2 B=" + batch + " loss of the no-grad forward vs the graph forward", nograd, loss10, 1e-5);
    if (batch == 32) {
      Reference.check("W2 B=32 loss before step 1 (PyTorch)", loss0, Reference.W2_B32_LOSS0, Reference.W2_TOL);
      Reference.check("W2 B=32 loss after 10 steps (PyTorch)", loss10, Reference.W2_B32_LOSS10, Reference.W2_TOL);
    } else if (batch == 256) {
      Reference.check("W2 B=256 loss before step 1 (PyTorch)", loss0, Reference.W2_B256_LOSS0, Reference.W2_TOL);
      Reference.check("W2 B=256 loss after 10 steps (PyTorch)", loss10, Reference.W2_B256_LOSS10, Reference.W2_TOL);
    } else if (!(loss10 < loss0)) {
      throw new AssertionError("W2 B=" + batch + ": loss did not decrease in 10 steps: " + loss0 + " -> " + loss10);
    }
    return new double[] {loss0, loss10};
  }

  /** Mean cross-entropy of logits [B, C] computed in float64 (for the no-grad forward). */
  static double crossEntropyOf(Tensor logits, int[] labels) {
    float[] z = logits.contiguous().toFloatArray();
    int b = labels.length, k = z.length / b;
    double sum = 0;
    for (int i = 0; i < b; i++) {
      double max = Double.NEGATIVE_INFINITY, s = 0;
      for (int j = 0; j < k; j++) max = Math.max(max, z[i * k + j]);
      for (int j = 0; j < k; j++) s += Math.exp(z[i * k + j] - max);
      sum += max + Math.log(s) - z[i * k + labels[i]];
    }
    return sum / b;
  }

  /**
   * Bytes of the step's essential memory, float32: every forward output (the activations a
   * framework must hold for backward or returns: per layer x·Wᵀ, + b, ReLU; then log-softmax, the
   * picked log-probabilities, their negation and the mean) plus the parameter gradients. Views
   * (Wᵀ) count 0. Returns {activations, parameter gradients}.
   */
  public static long[] essentialBytes(int batch) {
    long act = 0, grads = 0;
    for (int l = 0; l < 3; l++) {
      int in = SIZES[l], out = SIZES[l + 1];
      act += 2L * batch * out; // x·Wᵀ and + b
      if (l < 2) act += (long) batch * out; // ReLU
      grads += (long) out * in + out;
    }
    act += (long) batch * 10 + batch + batch + 1 + 1; // logSoftmax, gather, neg, sum, /B
    return new long[] {4 * act, 4 * grads};
  }
}
