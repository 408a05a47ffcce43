package dev.nabla.nn;

import dev.nabla.autodiff.Variable;
import java.util.List;

/**
 * Modules applied one after another: {@code forward(x) = mₙ(…m₂(m₁(x)))}. Children are named
 * {@code 0, 1, 2, …}, so parameters are {@code 0.weight}, {@code 0.bias}, {@code 2.weight}, … like
 * PyTorch's {@code nn.Sequential}.
 *
 * <pre>{@code
 * var model = new Sequential(new Linear(4, 16, rng), new ReLU(), new Linear(16, 3, rng));
 * Variable logits = model.forward(Variable.constant(x));   // [batch, 3]
 * }</pre>
 */
public final class Sequential extends Module {
  private final List<Module> layers;

  /** The given modules, in order. */
  public Sequential(Module... layers) {
    this(List.of(layers));
  }

  /** The given modules, in order. */
  public Sequential(List<? extends Module> layers) {
    this.layers = List.copyOf(layers);
    for (int i = 0; i < this.layers.size(); i++) registerModule(Integer.toString(i), this.layers.get(i));
  }

  @Override
  public Variable forward(Variable x) {
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
}
