package dev.nabla.nn;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A fully connected layer: {@code y = x·Wᵀ + b} with weight W of shape [out, in] and bias b of
 * shape [out], like PyTorch's {@code nn.Linear}. Any leading dimensions of x are batch dimensions;
 * the last must have size {@code in}.
 *
 * <p>Default initialisation is PyTorch's: W and b uniform in (−1/√in, 1/√in) — for W this is
 * Kaiming-uniform with a = √5 — drawn from the given generator (W first, row-major, then b).
 *
 * <pre>{@code
 * var layer = new Linear(4, 3, new SplittableRandom(0));          // FLOAT32, with bias
 * var f64 = new Linear(4, 3, rng, DType.FLOAT64, false);          // FLOAT64, no bias
 * layer.forward(Variable.constant(Tensor.zeros(DType.FLOAT32, 8, 4))).shape();   // [8, 3]
 * }</pre>
 */
public final class Linear extends Module {
  private final int in, out;
  private final Variable weight, bias;

  /** FLOAT32 with bias, PyTorch's default initialisation. */
  public Linear(int in, int out, RandomGenerator rng) {
    this(in, out, rng, DType.FLOAT32, true);
  }

  /** With bias, in the given dtype (FLOAT64 for gradient checks). */
  public Linear(int in, int out, RandomGenerator rng, DType dtype) {
    this(in, out, rng, dtype, true);
  }

  /** In the given dtype, with or without bias. */
  public Linear(int in, int out, RandomGenerator rng, DType dtype, boolean bias) {
    Objects.requireNonNull(rng, "rng");
    Objects.requireNonNull(dtype, "dtype");
    if (in < 0 || out < 0) throw new IllegalArgumentException("Linear: negative size in=" + in + ", out=" + out);
    this.in = in;
    this.out = out;
    double bound = in > 0 ? 1.0 / Math.sqrt(in) : 0;
    this.weight = registerParameter("weight", Init.uniform(dtype, rng, -bound, bound, out, in));
    this.bias = bias ? registerParameter("bias", Init.uniform(dtype, rng, -bound, bound, out)) : null;
  }

  /**
   * A layer around existing parameters (not copied): weight [out, in] and bias [out] or null. For
   * functional use, e.g. inside {@code GradCheck.check}, where the checker supplies the
   * parameters.
   */
  public Linear(Variable weight, Variable bias) {
    Objects.requireNonNull(weight, "weight");
    if (weight.rank() != 2)
      throw new IllegalArgumentException("Linear: weight must have shape [out, in], got " + weight.shape());
    this.out = weight.shape().dim(0);
    this.in = weight.shape().dim(1);
    if (bias != null && (bias.rank() != 1 || bias.shape().dim(0) != out || bias.dtype() != weight.dtype()))
      throw new IllegalArgumentException("Linear: bias " + bias.dtype() + " " + bias.shape() + " does not fit weight "
          + weight.dtype() + " " + weight.shape() + " (need " + weight.dtype() + " [" + out + "])");
    this.weight = registerParameter("weight", weight);
    this.bias = bias == null ? null : registerParameter("bias", bias);
  }

  /** x·Wᵀ + b. */
  @Override
  public Variable forward(Variable x) {
    Objects.requireNonNull(x, "x");
    if (x.rank() == 0 || x.shape().dim(-1) != in)
      throw new IllegalArgumentException("Linear(in_features=" + in + ", out_features=" + out + "): input of shape "
          + x.shape() + " needs " + in + " features in its last dimension");
    if (x.dtype() != weight.dtype())
      throw new IllegalArgumentException("Linear(in_features=" + in + ", out_features=" + out + "): input is "
          + x.dtype() + " " + x.shape() + " but the parameters are " + weight.dtype() + "; convert the input with"
          + " Tensor.toType");
    return x.linear(weight, bias); // fused x·Wᵀ + b: no transpose or broadcast bias materialized
  }

  /** The weight, [out, in]. */
  public Variable weight() {
    return weight;
  }

  /** The bias, [out], or null. */
  public Variable bias() {
    return bias;
  }

  public int inFeatures() {
    return in;
  }

  public int outFeatures() {
    return out;
  }

  @Override
  public Linear train() {
    super.train();
    return this;
  }

  @Override
  public Linear train(boolean on) {
    super.train(on);
    return this;
  }

  @Override
  public Linear eval() {
    super.eval();
    return this;
  }

  @Override
  protected String extraRepr() {
    return "in_features=" + in + ", out_features=" + out + ", bias=" + (bias != null);
  }
}
