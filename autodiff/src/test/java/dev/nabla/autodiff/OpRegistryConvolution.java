package dev.nabla.autodiff;

import static dev.nabla.autodiff.RegistryEntries.err;

import dev.nabla.core.DType;
import dev.nabla.core.Shape;
import dev.nabla.core.ShapeMismatchException;
import dev.nabla.core.Tensor;
import dev.nabla.core.check.Domain;
import dev.nabla.core.check.Gen;
import dev.nabla.core.check.Gens;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The registry entries of the {@link Convolution} family and of {@link Convolutions}: every op and variant
 * (stride, padding, dilation, groups, no bias, unbatched), the gradient primitives on their own (so that their
 * first derivatives are checked directly, and grad of grad reaches the third order of the convolution), and the
 * error cases with their exact messages. Shapes are small: the gradient checks build full Jacobians.
 */
final class OpRegistryConvolution {
  private OpRegistryConvolution() {}

  private static final DType F64 = DType.FLOAT64;

  private static int between(SplittableRandom rng, int lo, int hi) {
    return lo + rng.nextInt(hi - lo + 1);
  }

  /** Input size along an axis so that the (dilated) kernel fits the padded input, with a few outputs. */
  private static int fit(SplittableRandom rng, int k, int stride, int pad, int dil) {
    int span = dil * (k - 1) + 1;
    return Math.max(1, span - 2 * pad + between(rng, 0, 2 * stride));
  }

  /**
   * A convolution's random geometry: 1 or 2 spatial axes, kernel 1..3 per axis, channels per group 1..2, output
   * channels per group 1..2, a batch of 1..2 (or none when unbatched).
   */
  record Case(int d, boolean batched, int n, int c, int o, int groups, int[] k, int[] in, int[] s, int[] p, int[] dl) {
    Shape x() {
      int[] dims = new int[(batched ? 2 : 1) + d];
      int i = 0;
      if (batched) dims[i++] = n;
      dims[i++] = c;
      for (int a = 0; a < d; a++) dims[i++] = in[a];
      return Shape.of(dims);
    }

    Shape w() {
      int[] dims = new int[2 + d];
      dims[0] = o;
      dims[1] = c / groups;
      for (int a = 0; a < d; a++) dims[2 + a] = k[a];
      return Shape.of(dims);
    }

    Shape y() {
      int[] dims = x().dims();
      dims[batched ? 1 : 0] = o;
      for (int a = 0; a < d; a++) dims[dims.length - d + a] = (in[a] + 2 * p[a] - dl[a] * (k[a] - 1) - 1) / s[a] + 1;
      return Shape.of(dims);
    }

    Convolution.Params params() {
      return new Convolution.Params(d == 1 ? "conv1d" : "conv2d", s, p, dl, groups);
    }
  }

  static Gen<Case> cases(int d, boolean batched, int[] s, int[] p, int[] dl, int groups) {
    return rng -> {
      int[] k = new int[d], in = new int[d];
      for (int a = 0; a < d; a++) {
        k[a] = between(rng, 1, 3);
        in[a] = fit(rng, k[a], s[a], p[a], dl[a]);
      }
      int c = groups * between(rng, 1, 2), o = groups * between(rng, 1, 2);
      return new Case(d, batched, batched ? between(rng, 1, 2) : 1, c, o, groups, k, in, s, p, dl);
    };
  }

  private static Gen<List<Tensor>> convInputs(Gen<Case> cases, boolean bias) {
    Gen<List<Shape>> shapes = rng -> {
      Case c = cases.generate(rng);
      return bias ? List.of(c.x(), c.w(), Shape.of(c.o())) : List.of(c.x(), c.w());
    };
    return Gens.tensorList(F64, shapes, Domain.ANY);
  }

  private static Function<List<Variable>, Variable> conv(int d, int[] s, int[] p, int[] dl, int groups) {
    return v -> {
      Variable b = v.size() > 2 ? v.get(2) : null;
      return d == 1 ? Convolutions.conv1d(v.get(0), v.get(1), b, s[0], p[0], dl[0], groups)
          : Convolutions.conv2d(v.get(0), v.get(1), b, s, p, dl, groups);
    };
  }

  private static OpRegistry.Entry convEntry(String name, int d, boolean batched, boolean bias, int[] s, int[] p,
      int[] dl, int groups) {
    return new OpRegistry.Entry(name, Set.of(Convolution.Conv.class), convInputs(cases(d, batched, s, p, dl, groups),
        bias), conv(d, s, p, dl, groups), true, List.of());
  }

  /** Inputs (g, w) of the input gradient, or (x, g) of the weight gradient, with the case's geometry. */
  private static Gen<List<Tensor>> gradInputs(Gen<Case> cases, boolean inputGrad) {
    Gen<List<Shape>> shapes = rng -> {
      Case c = cases.generate(rng);
      return inputGrad ? List.of(c.y(), c.w(), c.x()) : List.of(c.x(), c.y(), c.w());
    };
    return Gens.tensorList(F64, shapes, Domain.ANY);
  }

  private static Variable zeros(int... dims) {
    return OpRegistry.zeros(dims);
  }

  private static Gen<List<Tensor>> poolInputs(boolean batched, int[] k, int[] s, int[] p) {
    Gen<List<Shape>> shapes = rng -> {
      int h = Math.max(1, k[0] - 2 * p[0] + between(rng, 0, 2 * s[0])), w = Math.max(1, k[1] - 2 * p[1]
          + between(rng, 0, 2 * s[1])), c = between(rng, 1, 2);
      return List.of(batched ? Shape.of(between(rng, 1, 2), c, h, w) : Shape.of(c, h, w));
    };
    return Gens.tensorList(F64, shapes, Domain.ANY);
  }

  /**
   * {@link Convolution.MaxPool2dGrad} of g [n, c, oh, ow] for the input [n, c, s·(oh − 1) + k − 2p, …] holding
   * (7i mod 5): a fixed input with ties, whose pooling's indices the scatter uses (g is the only argument).
   */
  private static Variable maxPoolGrad(Variable g, int[] k, int[] s, int[] p) {
    Shape xs = Shape.of(g.shape().dim(0), g.shape().dim(1), s[0] * (g.shape().dim(2) - 1) + k[0] - 2 * p[0],
        s[1] * (g.shape().dim(3) - 1) + k[1] - 2 * p[1]);
    double[] x = new double[xs.size()];
    for (int i = 0; i < x.length; i++) x[i] = 7 * i % 5;
    int[] argmax = dev.nabla.core.internal.ConvolutionKernels.maxPool2d(Tensor.of(x, xs.dims()), k, s, p).argmax();
    return Engine.apply(new Convolution.MaxPool2dGrad(new Convolution.MaxPool2d(k, s, p), argmax, xs), g);
  }

  static List<OpRegistry.Entry> entries() {
    List<OpRegistry.Entry> e = new ArrayList<>();
    int[] one = {1, 1}, zero = {0, 0};
    // ---- conv2d
    e.add(convEntry("conv2d", 2, true, true, one, zero, one, 1).errors(
        err("channels 3 vs 5", () -> Convolutions.conv2d(zeros(2, 3, 7, 7), zeros(4, 5, 3, 3), null),
            ShapeMismatchException.class, "conv2d: input [2, 3, 7, 7] has 3 channels but weight [4, 5, 3, 3] expects 5 (groups 1)"),
        err("channels 4 vs 2 with groups 2", () -> Convolutions.conv2d(zeros(1, 4, 5, 5), zeros(2, 1, 3, 3), null, 1, 0, 1, 2),
            ShapeMismatchException.class, "conv2d: input [1, 4, 5, 5] has 4 channels but weight [2, 1, 3, 3] expects 2 (groups 2)"),
        err("groups 4 of 6 channels", () -> Convolutions.conv2d(zeros(2, 6, 7, 7), zeros(6, 2, 3, 3), null, 1, 0, 1, 4),
            IllegalArgumentException.class, "conv2d: input [2, 6, 7, 7] has 6 channels, not divisible by groups 4"),
        err("groups 4 of 6 outputs", () -> Convolutions.conv2d(zeros(1, 4, 5, 5), zeros(6, 1, 3, 3), null, 1, 0, 1, 4),
            IllegalArgumentException.class, "conv2d: weight [6, 1, 3, 3] has 6 output channels, not divisible by groups 4"),
        err("groups 0", () -> Convolutions.conv2d(zeros(1, 1, 5, 5), zeros(1, 1, 3, 3), null, 1, 0, 1, 0),
            IllegalArgumentException.class, "conv2d: groups must be positive, got 0"),
        err("kernel 5x5 on 4x4", () -> Convolutions.conv2d(zeros(1, 1, 4, 4), zeros(1, 1, 5, 5), null),
            IllegalArgumentException.class,
            "conv2d: kernel [5, 5] is larger than the padded input [4, 4] (input [1, 1, 4, 4], padding [0, 0])"),
        err("dilated kernel on 5x5", () -> Convolutions.conv2d(zeros(1, 1, 5, 5), zeros(1, 1, 3, 3), null, 1, 0, 3, 1),
            IllegalArgumentException.class, "conv2d: kernel [3, 3] with dilation [3, 3] (spanning [7, 7]) is larger"
                + " than the padded input [5, 5] (input [1, 1, 5, 5], padding [0, 0])"),
        err("input of rank 2", () -> Convolutions.conv2d(zeros(3, 7), zeros(4, 3, 3, 3), null),
            IllegalArgumentException.class, "conv2d: input [3, 7] must be [N, C, H, W] or unbatched [C, H, W]"),
        err("input of rank 5", () -> Convolutions.conv2d(zeros(1, 1, 3, 7, 7), zeros(4, 3, 3, 3), null),
            IllegalArgumentException.class, "conv2d: input [1, 1, 3, 7, 7] must be [N, C, H, W] or unbatched [C, H, W]"),
        err("weight of rank 3", () -> Convolutions.conv2d(zeros(1, 3, 7, 7), zeros(4, 3, 3), null),
            IllegalArgumentException.class, "conv2d: weight [4, 3, 3] must be [out, in/groups, kH, kW]"),
        err("bias [3] for 4 outputs", () -> Convolutions.conv2d(zeros(1, 3, 7, 7), zeros(4, 3, 3, 3), zeros(3)),
            ShapeMismatchException.class, "conv2d: bias [3] does not match weight [4, 3, 3, 3] (need [4])"),
        err("stride 0", () -> Convolutions.conv2d(zeros(1, 1, 5, 5), zeros(1, 1, 3, 3), null, 0, 0),
            IllegalArgumentException.class, "conv2d: stride [0, 0] must be positive"),
        err("padding -1", () -> Convolutions.conv2d(zeros(1, 1, 5, 5), zeros(1, 1, 3, 3), null, 1, -1),
            IllegalArgumentException.class, "conv2d: padding [-1, -1] must be non-negative"),
        err("one stride for two axes", () -> Convolutions.conv2d(zeros(1, 1, 5, 5), zeros(1, 1, 3, 3), null,
            new int[] {1}, new int[] {0, 0}, new int[] {1, 1}, 1),
            IllegalArgumentException.class, "conv2d: stride [1] must have 2 values"),
        err("FLOAT32 input, FLOAT64 weight", () -> Convolutions.conv2d(Variable.constant(Tensor.zeros(DType.FLOAT32, 1, 1,
            3, 3)), zeros(1, 1, 3, 3), null), IllegalArgumentException.class,
            "conv2d: dtype mismatch: FLOAT32 [1, 1, 3, 3] vs FLOAT64 [1, 1, 3, 3]; convert one with toType")));
    e.add(convEntry("conv2d (stride 2, padding 1)", 2, true, true, new int[] {2, 2}, one, one, 1));
    e.add(convEntry("conv2d (dilation 2, padding 2)", 2, true, true, one, new int[] {2, 2}, new int[] {2, 2}, 1));
    e.add(convEntry("conv2d (groups 2)", 2, true, true, one, one, one, 2));
    e.add(convEntry("conv2d (no bias)", 2, true, false, one, zero, one, 1));
    e.add(convEntry("conv2d (unbatched [C, H, W])", 2, false, true, one, one, one, 1));
    e.add(convEntry("conv2d (stride [2, 1], padding [0, 1], dilation [1, 2], groups 2)", 2, true, true,
        new int[] {2, 1}, new int[] {0, 1}, new int[] {1, 2}, 2));
    // ---- conv1d: a 2-D convolution of height 1 inside, its own shapes in its messages
    e.add(convEntry("conv1d", 1, true, true, new int[] {1}, new int[] {0}, new int[] {1}, 1).errors(
        err("channels 3 vs 2", () -> Convolutions.conv1d(zeros(2, 3, 7), zeros(4, 2, 3), null),
            ShapeMismatchException.class, "conv1d: input [2, 3, 7] has 3 channels but weight [4, 2, 3] expects 2 (groups 1)"),
        err("groups 2 of 3 channels", () -> Convolutions.conv1d(zeros(2, 3, 7), zeros(4, 1, 3), null, 1, 0, 1, 2),
            IllegalArgumentException.class, "conv1d: input [2, 3, 7] has 3 channels, not divisible by groups 2"),
        err("input of rank 4", () -> Convolutions.conv1d(zeros(2, 3, 7, 7), zeros(4, 3, 3), null),
            IllegalArgumentException.class, "conv1d: input [2, 3, 7, 7] must be [N, C, L] or unbatched [C, L]"),
        err("weight of rank 4", () -> Convolutions.conv1d(zeros(2, 3, 7), zeros(4, 3, 3, 3), null),
            IllegalArgumentException.class, "conv1d: weight [4, 3, 3, 3] must be [out, in/groups, k]"),
        err("kernel 5 on 4", () -> Convolutions.conv1d(zeros(1, 1, 4), zeros(1, 1, 5), null),
            IllegalArgumentException.class, "conv1d: kernel [5] is larger than the padded input [4] (input [1, 1, 4], padding [0])"),
        err("bias [2] for 4 outputs", () -> Convolutions.conv1d(zeros(2, 3, 7), zeros(4, 3, 3), zeros(2)),
            ShapeMismatchException.class, "conv1d: bias [2] does not match weight [4, 3, 3] (need [4])")));
    e.add(convEntry("conv1d (stride 2, padding 2, dilation 2)", 1, true, true, new int[] {2}, new int[] {2},
        new int[] {2}, 1));
    e.add(convEntry("conv1d (groups 2, padding 1)", 1, true, true, new int[] {1}, new int[] {1}, new int[] {1}, 2));
    e.add(convEntry("conv1d (no bias, unbatched [C, L])", 1, false, false, new int[] {1}, new int[] {1},
        new int[] {1}, 1));
    // ---- the gradient primitives on their own (inputs g, w / x, g; the third tensor only carries a shape)
    for (int d : new int[] {1, 2}) {
      int[] s = d == 1 ? new int[] {2} : new int[] {2, 1}, p = d == 1 ? new int[] {1} : new int[] {1, 0},
          dl = d == 1 ? new int[] {2} : new int[] {1, 2};
      Gen<Case> cases = cases(d, true, s, p, dl, 2);
      String op = d == 1 ? "conv1d" : "conv2d";
      Convolution.Params params = new Convolution.Params(op, s, p, dl, 2);
      Convolution.Params p2 = new Convolution.Params(op, one, zero, one, 1);
      e.add(new OpRegistry.Entry(op + "InputGrad (stride, padding, dilation, groups 2)",
          Set.of(Convolution.ConvInputGrad.class), gradInputs(cases, true),
          v -> Engine.apply(new Convolution.ConvInputGrad(params, v.get(2).shape()), v.get(0), v.get(1)), true,
          d == 1 ? List.of() : List.of(err("gradient of the wrong shape", () -> Engine.apply(
              new Convolution.ConvInputGrad(p2, Shape.of(1, 1, 5, 5)), zeros(1, 1, 4, 4), zeros(1, 1, 3, 3)),
              ShapeMismatchException.class, "conv2dInputGrad: gradient [1, 1, 4, 4] does not match the output"
                  + " [1, 1, 3, 3] of input [1, 1, 5, 5] and weight [1, 1, 3, 3]"))));
      e.add(new OpRegistry.Entry(op + "WeightGrad (stride, padding, dilation, groups 2)",
          Set.of(Convolution.ConvWeightGrad.class), gradInputs(cases, false),
          v -> Engine.apply(new Convolution.ConvWeightGrad(params, v.get(2).shape()), v.get(0), v.get(1)), true,
          d == 1 ? List.of() : List.of(err("gradient of the wrong shape", () -> Engine.apply(
              new Convolution.ConvWeightGrad(p2, Shape.of(1, 1, 3, 3)), zeros(1, 1, 5, 5), zeros(1, 1, 2, 2)),
              ShapeMismatchException.class, "conv2dWeightGrad: gradient [1, 1, 2, 2] does not match the output"
                  + " [1, 1, 3, 3] of input [1, 1, 5, 5] and weight [1, 1, 3, 3]"))));
    }
    // ---- pooling
    e.add(new OpRegistry.Entry("maxPool2d (kernel 2)", Set.of(Convolution.MaxPool2d.class),
        poolInputs(true, new int[] {2, 2}, new int[] {2, 2}, zero), v -> Convolutions.maxPool2d(v.get(0), 2), true,
        List.of(
            err("input of rank 2", () -> Convolutions.maxPool2d(zeros(3, 7), 2), IllegalArgumentException.class,
                "maxPool2d: input [3, 7] must be [N, C, H, W] or unbatched [C, H, W]"),
            err("padding 2 for kernel 3", () -> Convolutions.maxPool2d(zeros(1, 1, 6, 6), 3, 1, 2),
                IllegalArgumentException.class, "maxPool2d: padding [2, 2] must be at most half of kernel [3, 3]"),
            err("kernel 3 on 2x2", () -> Convolutions.maxPool2d(zeros(1, 1, 2, 2), 3), IllegalArgumentException.class,
                "maxPool2d: kernel [3, 3] is larger than the padded input [2, 2] (input [1, 1, 2, 2], padding [0, 0])"),
            err("kernel 0", () -> Convolutions.maxPool2d(zeros(1, 1, 2, 2), 0), IllegalArgumentException.class,
                "maxPool2d: kernel [0, 0] must be positive"),
            err("stride of 3 values", () -> Convolutions.maxPool2d(zeros(1, 1, 4, 4), new int[] {2, 2},
                new int[] {1, 1, 1}, new int[] {0, 0}), IllegalArgumentException.class,
                "maxPool2d: stride [1, 1, 1] must have 2 values"))));
    e.add(new OpRegistry.Entry("maxPool2d (kernel 3, stride 2, padding 1)", Set.of(Convolution.MaxPool2d.class),
        poolInputs(true, new int[] {3, 3}, new int[] {2, 2}, one), v -> Convolutions.maxPool2d(v.get(0), 3, 2, 1),
        true, List.of()));
    e.add(new OpRegistry.Entry("maxPool2d (kernel [2, 3], stride [1, 2], padding [1, 0], unbatched)",
        Set.of(Convolution.MaxPool2d.class), poolInputs(false, new int[] {2, 3}, new int[] {1, 2}, new int[] {1, 0}),
        v -> Convolutions.maxPool2d(v.get(0), new int[] {2, 3}, new int[] {1, 2}, new int[] {1, 0}), true, List.of()));
    e.add(new OpRegistry.Entry("avgPool2d (kernel 2)", Set.of(Convolution.AvgPool2d.class),
        poolInputs(true, new int[] {2, 2}, new int[] {2, 2}, zero), v -> Convolutions.avgPool2d(v.get(0), 2), true,
        List.of(
            err("input of rank 5", () -> Convolutions.avgPool2d(zeros(1, 1, 1, 3, 7), 2), IllegalArgumentException.class,
                "avgPool2d: input [1, 1, 1, 3, 7] must be [N, C, H, W] or unbatched [C, H, W]"),
            err("padding 1 for kernel 1", () -> Convolutions.avgPool2d(zeros(1, 1, 6, 6), 1, 1, 1),
                IllegalArgumentException.class, "avgPool2d: padding [1, 1] must be at most half of kernel [1, 1]"),
            err("kernel [3, 2] on 2x5", () -> Convolutions.avgPool2d(zeros(2, 2, 5), new int[] {3, 2}, null,
                new int[] {0, 1}), IllegalArgumentException.class,
                "avgPool2d: kernel [3, 2] is larger than the padded input [2, 7] (input [2, 2, 5], padding [0, 1])"),
            err("stride -1", () -> Convolutions.avgPool2d(zeros(1, 1, 4, 4), 2, -1, 0), IllegalArgumentException.class,
                "avgPool2d: stride [-1, -1] must be positive"))));
    e.add(new OpRegistry.Entry("avgPool2d (kernel 3, stride 2, padding 1)", Set.of(Convolution.AvgPool2d.class),
        poolInputs(true, new int[] {3, 3}, new int[] {2, 2}, one), v -> Convolutions.avgPool2d(v.get(0), 3, 2, 1),
        true, List.of()));
    e.add(new OpRegistry.Entry("avgPool2d (kernel [3, 2], stride [2, 1], padding [1, 0], unbatched)",
        Set.of(Convolution.AvgPool2d.class), poolInputs(false, new int[] {3, 2}, new int[] {2, 1}, new int[] {1, 0}),
        v -> Convolutions.avgPool2d(v.get(0), new int[] {3, 2}, new int[] {2, 1}, new int[] {1, 0}), true, List.of()));
    int[] k3 = {3, 3}, s2 = {2, 2};
    e.add(new OpRegistry.Entry("avgPool2dGrad (kernel 3, stride 2, padding 1)", Set.of(Convolution.AvgPool2dGrad.class),
        Gens.tensorList(F64, rng -> {
          int n = between(rng, 1, 2), c = between(rng, 1, 2), h = between(rng, 1, 5), w = between(rng, 1, 5);
          int oh = (h + 2 - 3) / 2 + 1, ow = (w + 2 - 3) / 2 + 1;
          return List.of(Shape.of(n, c, oh, ow), Shape.of(n, c, h, w));
        }, Domain.ANY),
        v -> Engine.apply(new Convolution.AvgPool2dGrad(new Convolution.AvgPool2d(k3, s2, one), v.get(1).shape()),
            v.get(0)), true, List.of(
                err("gradient of the wrong shape", () -> Engine.apply(new Convolution.AvgPool2dGrad(
                    new Convolution.AvgPool2d(k3, s2, one), Shape.of(1, 1, 5, 5)), zeros(1, 1, 2, 2)),
                    ShapeMismatchException.class,
                    "avgPool2dGrad: gradient [1, 1, 2, 2] does not match the output [1, 1, 3, 3] of input [1, 1, 5, 5]"))));
    e.add(new OpRegistry.Entry("maxPool2dGrad (kernel 3, stride 2, padding 1)", Set.of(Convolution.MaxPool2dGrad.class),
        Gens.tensorList(F64, rng -> List.of(Shape.of(between(rng, 1, 2), between(rng, 1, 2), between(rng, 1, 3),
            between(rng, 1, 3))), Domain.ANY),
        v -> maxPoolGrad(v.get(0), k3, s2, one), true, List.of(
            err("gradient of the wrong shape", () -> Engine.apply(new Convolution.MaxPool2dGrad(
                new Convolution.MaxPool2d(k3, s2, one), new int[4], Shape.of(1, 1, 5, 5)), zeros(1, 1, 2, 2)),
                ShapeMismatchException.class, "maxPool2dGrad: gradient [1, 1, 2, 2] (4 indices) does not match the"
                    + " output [1, 1, 3, 3] of input [1, 1, 5, 5]"),
            err("an index outside its plane", () -> Engine.apply(new Convolution.MaxPool2dGrad(
                new Convolution.MaxPool2d(k3, s2, one), new int[] {0, 1, 2, 3, 4, 5, 6, 7, 25}, Shape.of(1, 1, 5, 5)),
                zeros(1, 1, 3, 3)), IllegalArgumentException.class,
                "maxPool2dGrad: index 25 of output 8 is outside its plane [0, 25) of input [1, 1, 5, 5]"))));
    e.add(new OpRegistry.Entry("adaptiveAvgPool2d (1x1)", Set.of(Reductions.Sum.class),
        poolInputs(true, new int[] {1, 1}, new int[] {2, 2}, zero), v -> Convolutions.adaptiveAvgPool2d(v.get(0), 1, 1),
        true, List.of(
            err("input of rank 2", () -> Convolutions.adaptiveAvgPool2d(zeros(3, 7), 1, 1), IllegalArgumentException.class,
                "adaptiveAvgPool2d: input [3, 7] must be [N, C, H, W] or unbatched [C, H, W]"),
            err("3x3 of 5x5", () -> Convolutions.adaptiveAvgPool2d(zeros(1, 2, 5, 5), 3, 3), IllegalArgumentException.class,
                "adaptiveAvgPool2d: output size [3, 3] for input [1, 2, 5, 5]: only 1x1 or sizes that divide the"
                    + " input's 5x5 are supported"),
            err("0x1", () -> Convolutions.adaptiveAvgPool2d(zeros(1, 2, 5, 5), 0, 1), IllegalArgumentException.class,
                "adaptiveAvgPool2d: output size [0, 1] must be positive"))));
    e.add(new OpRegistry.Entry("adaptiveAvgPool2d (2x3 of 4x6)", Set.of(Convolution.AvgPool2d.class),
        Gens.tensorList(F64, Gens.shapesOf(Shape.of(2, 2, 4, 6), Shape.of(1, 4, 6)).map(List::of), Domain.ANY),
        v -> Convolutions.adaptiveAvgPool2d(v.get(0), 2, 3), true, List.of()));
    return e;
  }
}
