package dev.nabla.nn;

import dev.nabla.autodiff.Variable;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Modules applied one after another: {@code forward(x) = mₙ(…m₂(m₁(x)))}. Children are named
 * {@code 0, 1, 2, …}, so parameters are {@code 0.weight}, {@code 0.bias}, {@code 2.weight}, … like
 * PyTorch's {@code nn.Sequential}.
 *
 * <pre>{@code
 * var model = new Sequential(new Linear(4, 16, rng), new ReLU(), new Linear(16, 3, rng));
 * Variable logits = model.forward(Variable.constant(x));   // [batch, 3]
 * Tensor probs = model.eval().predict(x).softmax(1);        // inference: no graph, own type back
 * }</pre>
 */
public final class Sequential extends Module {
  private final List<Module> layers;

  /** The given modules, in order. */
  public Sequential(Module... layers) {
    this(Arrays.asList(Objects.requireNonNull(layers, "layers")));
  }

  /** The given modules, in order. */
  public Sequential(List<? extends Module> layers) {
    Objects.requireNonNull(layers, "layers");
    for (int i = 0; i < layers.size(); i++) Objects.requireNonNull(layers.get(i), "layers[" + i + "]");
    this.layers = List.copyOf(layers);
    for (int i = 0; i < this.layers.size(); i++) registerModule(Integer.toString(i), this.layers.get(i));
  }

  @Override
  public Variable forward(Variable x) {
    Objects.requireNonNull(x, "x");
    for (Module m : layers) x = m.forward(x);
    return x;
  }

  /** The i-th module. */
  public Module get(int i) {
    return layers.get(i);
  }

  /** The number of modules. */
  public int size() {
    return layers.size();
  }

  /** The modules, in order. */
  public List<Module> layers() {
    return layers;
  }

  @Override
  public Sequential train() {
    super.train();
    return this;
  }

  @Override
  public Sequential train(boolean on) {
    super.train(on);
    return this;
  }

  @Override
  public Sequential eval() {
    super.eval();
    return this;
  }
}
