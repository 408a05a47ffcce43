package dev.nabla.autodiff;

import dev.nabla.core.Shape;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.ConvolutionKernels;

/**
 * Convolution and pooling primitives (the user's entry points are in {@link Convolutions}). Their tensor work is
 * in core's {@code ConvolutionKernels} (im2col and the GEMM; direct loops for pooling). The family is closed
 * under differentiation, so grad of grad works to any order: with F(x, w, g) = ⟨g, conv(x, w)⟩, which is
 * linear in each argument, the input gradient ∂F/∂x = {@link ConvInputGrad}(g, w) and the weight gradient
 * ∂F/∂w = {@link ConvWeightGrad}(x, g) are primitives whose own vector–Jacobian products are again
 * {@link Conv}, {@link ConvInputGrad} and {@link ConvWeightGrad}; likewise {@link AvgPool2d} and
 * {@link AvgPool2dGrad} are each other's adjoints. The family is sealed without a {@code permits} list: its
 * members are the classes nested here.
 */
sealed interface Convolution extends Primitive {

  /**
   * The hyper-parameters of a convolution: {@code op} is "conv1d" or "conv2d" (the spatial rank is the length of
   * the arrays, 1 or 2).
   */
  record Params(String op, int[] stride, int[] padding, int[] dilation, int groups) {
    /**
     * The bias gradient: g [N, O, L…] (or [O, L…]) summed over every axis but the channel's, as two sums that
     * each read g in place (the spatial axes are a trailing block: rows; then the batch axis of [N, O]) rather
     * than one sum over axes {0, 2, …}, which copies g transposed first.
     */
    Variable biasGrad(Variable g) {
      int spatial = stride.length, rank = g.rank();
      int[] axes = new int[spatial];
      for (int i = 0; i < spatial; i++) axes[i] = rank - spatial + i;
      Variable s = g.sum(axes, false);
      return rank == spatial + 2 ? s.sum(new int[] {0}, false) : s;
    }
  }

  /**
   * y[n, o, p] = b[o] + Σ_{c ∈ group(o), k} w[o, c, k]·x[n, c, s·p − pad + d·k] (per spatial axis; x is zero
   * outside the input). Input x [N, C, L…] (or [C, L…]), weight w [O, C/groups, K…], bias b [O] (optional third
   * input). With G = ∂L/∂y: ∂x = {@link ConvInputGrad}(G, w) (the transposed convolution),
   * ∂w = {@link ConvWeightGrad}(x, G) (the correlation of x with G) and ∂b = Σ G over every axis but the channel's.
   */
  final class Conv implements Convolution {
    final Params p;

    Conv(Params p) {
      this.p = p;
    }

    public String name() { return p.op(); }
    public Tensor forward(Tensor... x) {
      return ConvolutionKernels.conv(p.op(), x[0], x[1], x.length > 2 ? x[2] : null, p.stride(), p.padding(),
          p.dilation(), p.groups());
    }
    public Variable[] vjp(Variable g, Variable y, Variable... x) {
      Variable in = x[0], w = x[1];
      Variable[] grads = new Variable[x.length];
      if (in.requiresGrad()) grads[0] = Engine.apply(new ConvInputGrad(p, in.shape()), g, w);
      if (w.requiresGrad()) grads[1] = Engine.apply(new ConvWeightGrad(p, w.shape()), in, g);
      if (x.length > 2 && x[2].requiresGrad()) grads[2] = p.biasGrad(g);
      return grads;
    }
  }

  /**
   * The input gradient of {@link Conv} as a primitive: z = ∂⟨g, conv(x, w)⟩/∂x for inputs (g, w), of the
   * input's shape (the transposed convolution of g by w). It is linear in g and in w: with Z = ∂L/∂z,
   * ∂g = conv(Z, w) and ∂w = {@link ConvWeightGrad}(Z, g).
   */
  final class ConvInputGrad implements Convolution {
    final Params p;
    final Shape inputShape;

    ConvInputGrad(Params p, Shape inputShape) {
      this.p = p;
      this.inputShape = inputShape;
    }

    public String name() { return p.op() + "InputGrad"; }
    public Tensor forward(Tensor... x) {
      return ConvolutionKernels.convInputGrad(name(), x[0], x[1], inputShape, p.stride(), p.padding(), p.dilation(),
          p.groups());
    }
    public Variable[] vjp(Variable gz, Variable z, Variable... x) {
      Variable g = x[0], w = x[1];
      return new Variable[] {
        g.requiresGrad() ? Engine.apply(new Conv(p), gz, w) : null,
        w.requiresGrad() ? Engine.apply(new ConvWeightGrad(p, w.shape()), gz, g) : null
      };
    }
  }

  /**
   * The weight gradient of {@link Conv} as a primitive: z = ∂⟨g, conv(x, w)⟩/∂w for inputs (x, g), of the
   * weight's shape. It is linear in x and in g: with Z = ∂L/∂z, ∂x = {@link ConvInputGrad}(g, Z) and
   * ∂g = conv(x, Z).
   */
  final class ConvWeightGrad implements Convolution {
    final Params p;
    final Shape weightShape;

    ConvWeightGrad(Params p, Shape weightShape) {
      this.p = p;
      this.weightShape = weightShape;
    }

    public String name() { return p.op() + "WeightGrad"; }
    public Tensor forward(Tensor... x) {
      return ConvolutionKernels.convWeightGrad(name(), x[0], x[1], weightShape, p.stride(), p.padding(),
          p.dilation(), p.groups());
    }
    public Variable[] vjp(Variable gz, Variable z, Variable... x) {
      Variable in = x[0], g = x[1];
      return new Variable[] {
        in.requiresGrad() ? Engine.apply(new ConvInputGrad(p, in.shape()), g, gz) : null,
        g.requiresGrad() ? Engine.apply(new Conv(p), in, gz) : null
      };
    }
  }

  /**
   * y[n, c, i, j] = max over the window of x (padding −∞): x at index a(n, c, i, j), the first largest element
   * of the window in row-major order, as PyTorch picks it. ∂x = {@link MaxPool2dGrad}(G): G added at the
   * indices a. Ties: the whole gradient goes to the first maximum, like PyTorch's max_pool2d (not split evenly
   * as for the max reduction).
   */
  final class MaxPool2d implements Convolution {
    final int[] kernel, stride, padding;
    /** The flat input index of each output, set by {@link #forward} (each application has its own primitive). */
    private int[] argmax;

    MaxPool2d(int[] kernel, int[] stride, int[] padding) {
      this.kernel = kernel;
      this.stride = stride;
      this.padding = padding;
    }

    public String name() { return "maxPool2d"; }
    public Tensor forward(Tensor... x) {
      ConvolutionKernels.MaxPool r = ConvolutionKernels.maxPool2d(x[0], kernel, stride, padding);
      argmax = r.argmax();
      return r.values();
    }
    public Variable[] vjp(Variable g, Variable y, Variable... x) {
      return new Variable[] {Engine.apply(new MaxPool2dGrad(this, argmax, x[0].shape()), g)};
    }
  }

  /**
   * The gradient of {@link MaxPool2d} as a primitive: z = zeros of the input's shape with g[i] added at the
   * input index a[i] that the pooling recorded (one scatter, no index tensor). Linear in g, and its adjoint is
   * the gather: ∂g = Z at the indices a (flattened), so grad of grad works.
   */
  final class MaxPool2dGrad implements Convolution {
    final MaxPool2d pool;
    final int[] argmax;
    final Shape inputShape;

    MaxPool2dGrad(MaxPool2d pool, int[] argmax, Shape inputShape) {
      this.pool = pool;
      this.argmax = argmax;
      this.inputShape = inputShape;
    }

    public String name() { return "maxPool2dGrad"; }
    public Tensor forward(Tensor... x) {
      return ConvolutionKernels.maxPool2dGrad(x[0], argmax, inputShape, pool.kernel, pool.stride, pool.padding);
    }
    public Variable[] vjp(Variable gz, Variable z, Variable... x) {
      Variable picked = gz.reshape(inputShape.size()).indexSelect(0, argmax);
      return new Variable[] {picked.reshape(x[0].shape().dims())};
    }
  }

  /**
   * y[n, c, i, j] = (1 / (kH·kW))·Σ over the window of x, zero padding counted (PyTorch's count_include_pad);
   * linear, so ∂x = {@link AvgPool2dGrad}(G), its adjoint.
   */
  final class AvgPool2d implements Convolution {
    final int[] kernel, stride, padding;

    AvgPool2d(int[] kernel, int[] stride, int[] padding) {
      this.kernel = kernel;
      this.stride = stride;
      this.padding = padding;
    }

    public String name() { return "avgPool2d"; }
    public Tensor forward(Tensor... x) { return ConvolutionKernels.avgPool2d(x[0], kernel, stride, padding); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) {
      return new Variable[] {Engine.apply(new AvgPool2dGrad(this, x[0].shape()), g)};
    }
  }

  /**
   * The adjoint of {@link AvgPool2d}: z[n, c, h, w] = Σ over the outputs whose window holds (h, w) of
   * g / (kH·kW), of the pooled input's shape. Linear, so ∂g = {@link AvgPool2d}(Z).
   */
  final class AvgPool2dGrad implements Convolution {
    final AvgPool2d pool;
    final Shape inputShape;

    AvgPool2dGrad(AvgPool2d pool, Shape inputShape) {
      this.pool = pool;
      this.inputShape = inputShape;
    }

    public String name() { return "avgPool2dGrad"; }
    public Tensor forward(Tensor... x) {
      return ConvolutionKernels.avgPool2dGrad(x[0], inputShape, pool.kernel, pool.stride, pool.padding);
    }
    public Variable[] vjp(Variable gz, Variable z, Variable... x) {
      return new Variable[] {Engine.apply(new AvgPool2d(pool.kernel, pool.stride, pool.padding), gz)};
    }
  }
}
