package dev.nabla.core.internal;

import dev.nabla.core.Shape;
import dev.nabla.core.ShapeMismatchException;
import dev.nabla.core.Tensor;
import dev.nabla.core.kernel.ConvGeometry;
import dev.nabla.core.kernel.DoubleConv;
import dev.nabla.core.kernel.FloatConv;
import java.util.Arrays;
import java.util.Objects;

/**
 * Tensor-level convolution and pooling for {@code dev.nabla.autodiff}'s {@code Convolution} primitives: each
 * entry point checks its shapes once, in the words of the op it serves, and runs the array loops of
 * {@code DoubleConv} (or its FLOAT32 twin) on dense copies. Layouts are PyTorch's: input [N, C, L] or
 * [N, C, H, W] (or unbatched, without N), weight [out, in/groups, k…], bias [out]. The spatial rank comes from
 * the op's name (1 for "conv1d…", else 2); a 1-D convolution runs as a 2-D one of height 1.
 */
public final class ConvolutionKernels {
  private ConvolutionKernels() {}

  /** Max pooling's result: the values and, for each, the flat row-major index into the input it came from. */
  public record MaxPool(Tensor values, int[] argmax) {}

  /**
   * y = conv(x, w) + b in the words of {@code op} ("conv1d" or "conv2d"); b may be null.
   * {@code conv("conv2d", x [2, 3, 7, 7], w [4, 3, 3, 3], null, {1, 1}, {1, 1}, {1, 1}, 1)} has shape [2, 4, 7, 7].
   */
  public static Tensor conv(String op, Tensor x, Tensor w, Tensor b, int[] stride, int[] padding, int[] dilation,
      int groups) {
    Objects.requireNonNull(x, "x");
    Objects.requireNonNull(w, "weight");
    TensorAccess access = TensorAccess.get();
    access.requireSameDType(op, x, w);
    if (b != null) access.requireSameDType(op, w, b);
    ConvGeometry g = geometry(op, x.shape(), w.shape(), b == null ? null : b.shape(), stride, padding, dilation,
        groups);
    Object xa = access.denseArray(x), wa = access.denseArray(w), ba = b == null ? null : access.denseArray(b);
    Shape out = outputShape(x.shape(), g, spatialRank(op));
    if (xa instanceof double[] xd) {
      double[] y = new double[out.size()];
      DoubleConv.forward(xd, (double[]) wa, (double[]) ba, y, g);
      return access.wrap(y, out);
    }
    float[] y = new float[out.size()];
    FloatConv.forward(floats(op, xa), (float[]) wa, (float[]) ba, y, g);
    return access.wrap(y, out);
  }

  /**
   * ∂L/∂x of {@link #conv} for ∂L/∂y = {@code gy}, weight {@code w} and the input's shape {@code xShape} (the
   * transposed convolution of gy by w), named {@code op} in errors.
   */
  public static Tensor convInputGrad(String op, Tensor gy, Tensor w, Shape xShape, int[] stride, int[] padding,
      int[] dilation, int groups) {
    Objects.requireNonNull(gy, "gy");
    Objects.requireNonNull(w, "weight");
    Objects.requireNonNull(xShape, "xShape");
    TensorAccess access = TensorAccess.get();
    access.requireSameDType(op, gy, w);
    ConvGeometry g = geometry(op, xShape, w.shape(), null, stride, padding, dilation, groups);
    requireOutput(op, gy.shape(), outputShape(xShape, g, spatialRank(op)), xShape, w.shape());
    Object ga = access.denseArray(gy), wa = access.denseArray(w);
    if (ga instanceof double[] gd) {
      double[] gx = new double[xShape.size()];
      DoubleConv.inputGrad(gd, (double[]) wa, gx, g);
      return access.wrap(gx, xShape);
    }
    float[] gx = new float[xShape.size()];
    FloatConv.inputGrad(floats(op, ga), (float[]) wa, gx, g);
    return access.wrap(gx, xShape);
  }

  /**
   * ∂L/∂w of {@link #conv} for input {@code x}, ∂L/∂y = {@code gy} and the weight's shape {@code wShape},
   * named {@code op} in errors.
   */
  public static Tensor convWeightGrad(String op, Tensor x, Tensor gy, Shape wShape, int[] stride, int[] padding,
      int[] dilation, int groups) {
    Objects.requireNonNull(x, "x");
    Objects.requireNonNull(gy, "gy");
    Objects.requireNonNull(wShape, "wShape");
    TensorAccess access = TensorAccess.get();
    access.requireSameDType(op, x, gy);
    ConvGeometry g = geometry(op, x.shape(), wShape, null, stride, padding, dilation, groups);
    requireOutput(op, gy.shape(), outputShape(x.shape(), g, spatialRank(op)), x.shape(), wShape);
    Object xa = access.denseArray(x), ga = access.denseArray(gy);
    if (xa instanceof double[] xd) {
      double[] gw = new double[wShape.size()];
      DoubleConv.weightGrad(xd, (double[]) ga, gw, g);
      return access.wrap(gw, wShape);
    }
    float[] gw = new float[wShape.size()];
    FloatConv.weightGrad(floats(op, xa), (float[]) ga, gw, g);
    return access.wrap(gw, wShape);
  }

  /**
   * 2-D max pooling of x [N, C, H, W] or [C, H, W] (padding −∞, at most half the kernel), with the flat index of
   * each output's element (the first largest of its window).
   */
  public static MaxPool maxPool2d(Tensor x, int[] kernel, int[] stride, int[] padding) {
    Objects.requireNonNull(x, "x");
    TensorAccess access = TensorAccess.get();
    ConvGeometry g = poolGeometry("maxPool2d", x.shape(), kernel, stride, padding);
    Shape out = outputShape(x.shape(), g, 2);
    Object xa = access.denseArray(x);
    int[] argmax = new int[out.size()];
    if (xa instanceof double[] xd) {
      double[] y = new double[out.size()];
      DoubleConv.maxPool(xd, y, argmax, g);
      return new MaxPool(access.wrap(y, out), argmax);
    }
    float[] y = new float[out.size()];
    FloatConv.maxPool(floats("maxPool2d", xa), y, argmax, g);
    return new MaxPool(access.wrap(y, out), argmax);
  }

  /**
   * Checks that each output's index lies in its own (image, channel) plane of the input, as {@link #maxPool2d}'s
   * do: the backward's threads split by plane, so an index elsewhere would be a race, not just a wrong sum.
   */
  private static void requireInPlane(int[] argmax, int ohw, int hw, Shape xShape) {
    for (int i = 0, base = 0; i < argmax.length; base += hw) { // plane by plane: no division per element
      for (int end = Math.min(argmax.length, i + Math.max(1, ohw)); i < end; i++) {
        if (Integer.compareUnsigned(argmax[i] - base, hw) >= 0)
          throw new IllegalArgumentException("maxPool2dGrad: index " + argmax[i] + " of output " + i
              + " is outside its plane [" + base + ", " + (base + hw) + ") of input " + xShape);
      }
    }
  }

  /**
   * The adjoint of {@link #maxPool2d}: ∂L/∂x of shape {@code xShape} for ∂L/∂y = {@code gy}, each element of gy
   * added at its input index in {@code argmax} (as {@link #maxPool2d} returned it for an input of that shape and
   * the same kernel, stride and padding).
   */
  public static Tensor maxPool2dGrad(Tensor gy, int[] argmax, Shape xShape, int[] kernel, int[] stride,
      int[] padding) {
    Objects.requireNonNull(gy, "gy");
    Objects.requireNonNull(argmax, "argmax");
    Objects.requireNonNull(xShape, "xShape");
    TensorAccess access = TensorAccess.get();
    ConvGeometry g = poolGeometry("maxPool2dGrad", xShape, kernel, stride, padding);
    Shape out = outputShape(xShape, g, 2);
    if (!gy.shape().equals(out) || argmax.length != out.size())
      throw new ShapeMismatchException("maxPool2dGrad: gradient " + gy.shape() + " (" + argmax.length
          + " indices) does not match the output " + out + " of input " + xShape);
    requireInPlane(argmax, g.oh() * g.ow(), g.h() * g.w(), xShape);
    Object ga = access.denseArray(gy);
    if (ga instanceof double[] gd) {
      double[] gx = new double[xShape.size()];
      DoubleConv.maxPoolGrad(gd, argmax, gx, g);
      return access.wrap(gx, xShape);
    }
    float[] gx = new float[xShape.size()];
    FloatConv.maxPoolGrad(floats("maxPool2dGrad", ga), argmax, gx, g);
    return access.wrap(gx, xShape);
  }

  /** 2-D average pooling of x [N, C, H, W] or [C, H, W], zero padding counted (divisor kH·kW). */
  public static Tensor avgPool2d(Tensor x, int[] kernel, int[] stride, int[] padding) {
    Objects.requireNonNull(x, "x");
    TensorAccess access = TensorAccess.get();
    ConvGeometry g = poolGeometry("avgPool2d", x.shape(), kernel, stride, padding);
    Shape out = outputShape(x.shape(), g, 2);
    Object xa = access.denseArray(x);
    if (xa instanceof double[] xd) {
      double[] y = new double[out.size()];
      DoubleConv.avgPool(xd, y, g);
      return access.wrap(y, out);
    }
    float[] y = new float[out.size()];
    FloatConv.avgPool(floats("avgPool2d", xa), y, g);
    return access.wrap(y, out);
  }

  /** The adjoint of {@link #avgPool2d}: ∂L/∂x of shape {@code xShape} for ∂L/∂y = {@code gy}. */
  public static Tensor avgPool2dGrad(Tensor gy, Shape xShape, int[] kernel, int[] stride, int[] padding) {
    Objects.requireNonNull(gy, "gy");
    Objects.requireNonNull(xShape, "xShape");
    TensorAccess access = TensorAccess.get();
    ConvGeometry g = poolGeometry("avgPool2dGrad", xShape, kernel, stride, padding);
    Shape out = outputShape(xShape, g, 2);
    if (!gy.shape().equals(out))
      throw new ShapeMismatchException("avgPool2dGrad: gradient " + gy.shape() + " does not match the output " + out
          + " of input " + xShape);
    Object ga = access.denseArray(gy);
    if (ga instanceof double[] gd) {
      double[] gx = new double[xShape.size()];
      DoubleConv.avgPoolGrad(gd, gx, g);
      return access.wrap(gx, xShape);
    }
    float[] gx = new float[xShape.size()];
    FloatConv.avgPoolGrad(floats("avgPool2dGrad", ga), gx, g);
    return access.wrap(gx, xShape);
  }

  // ---------------------------------------------------------------- checks

  private static float[] floats(String op, Object array) {
    if (array instanceof float[] f) return f;
    throw new IllegalArgumentException(op + ": needs a floating-point tensor (FLOAT32 or FLOAT64)");
  }

  private static String s(int[] a) {
    return Arrays.toString(a);
  }

  private static void requireSpatial(String op, String what, int[] a, int d, int min) {
    Objects.requireNonNull(a, what);
    if (a.length != d)
      throw new IllegalArgumentException(op + ": " + what + " " + s(a) + " must have " + d + (d == 1 ? " value" : " values"));
    for (int v : a)
      if (v < min)
        throw new IllegalArgumentException(op + ": " + what + " " + s(a) + " must be " + (min == 0 ? "non-negative"
            : "positive"));
  }

  private static String layout(int d, boolean weight) {
    if (weight) return d == 1 ? "[out, in/groups, k]" : "[out, in/groups, kH, kW]";
    return d == 1 ? "[N, C, L] or unbatched [C, L]" : "[N, C, H, W] or unbatched [C, H, W]";
  }

  private static void requireInputRank(String op, Shape x, int d) {
    if (x.rank() != d + 1 && x.rank() != d + 2)
      throw new IllegalArgumentException(op + ": input " + x + " must be " + layout(d, false));
  }

  /** The spatial sizes of x (the last d dims), its channels and batch size. */
  private static int[] spatial(Shape x, int d) {
    int[] sp = new int[d];
    for (int i = 0; i < d; i++) sp[i] = x.dim(x.rank() - d + i);
    return sp;
  }

  private static void requireKernelFits(String op, Shape x, int[] kernel, int[] dilation, int[] padding, int d) {
    int[] in = spatial(x, d), span = new int[d], padded = new int[d];
    boolean fits = true;
    for (int i = 0; i < d; i++) {
      span[i] = dilation[i] * (kernel[i] - 1) + 1;
      padded[i] = in[i] + 2 * padding[i];
      fits &= span[i] <= padded[i];
    }
    if (!fits) {
      boolean dilated = Arrays.stream(dilation).anyMatch(v -> v != 1);
      throw new IllegalArgumentException(op + ": kernel " + s(kernel) + (dilated ? " with dilation " + s(dilation)
          + " (spanning " + s(span) + ")" : "") + " is larger than the padded input " + s(padded) + " (input " + x
          + ", padding " + s(padding) + ")");
    }
  }

  /** 1 for the ops named conv1d…, else 2. */
  private static int spatialRank(String op) {
    return op.startsWith("conv1d") ? 1 : 2;
  }

  private static ConvGeometry geometry(String op, Shape x, Shape w, Shape b, int[] stride, int[] padding,
      int[] dilation, int groups) {
    int d = spatialRank(op);
    requireSpatial(op, "stride", stride, d, 1);
    requireSpatial(op, "padding", padding, d, 0);
    requireSpatial(op, "dilation", dilation, d, 1);
    if (groups < 1) throw new IllegalArgumentException(op + ": groups must be positive, got " + groups);
    requireInputRank(op, x, d);
    if (w.rank() != d + 2) throw new IllegalArgumentException(op + ": weight " + w + " must be " + layout(d, true));
    int c = x.dim(x.rank() - d - 1), o = w.dim(0);
    if (c % groups != 0)
      throw new IllegalArgumentException(op + ": input " + x + " has " + c + " channels, not divisible by groups "
          + groups);
    if (o % groups != 0)
      throw new IllegalArgumentException(op + ": weight " + w + " has " + o + " output channels, not divisible by"
          + " groups " + groups);
    if (c != w.dim(1) * groups)
      throw new ShapeMismatchException(op + ": input " + x + " has " + c + " channels but weight " + w + " expects "
          + w.dim(1) * groups + " (groups " + groups + ")");
    if (b != null && (b.rank() != 1 || b.dim(0) != o))
      throw new ShapeMismatchException(op + ": bias " + b + " does not match weight " + w + " (need [" + o + "])");
    int[] kernel = spatial(w, d);
    for (int k : kernel) if (k == 0) throw new IllegalArgumentException(op + ": weight " + w + " has an empty kernel");
    requireKernelFits(op, x, kernel, dilation, padding, d);
    int n = x.rank() == d + 2 ? x.dim(0) : 1;
    int[] in = spatial(x, d);
    return d == 1
        ? new ConvGeometry(n, c, 1, in[0], o, groups, 1, kernel[0], 1, stride[0], 0, padding[0], 1, dilation[0])
        : new ConvGeometry(n, c, in[0], in[1], o, groups, kernel[0], kernel[1], stride[0], stride[1], padding[0],
            padding[1], dilation[0], dilation[1]);
  }

  private static ConvGeometry poolGeometry(String op, Shape x, int[] kernel, int[] stride, int[] padding) {
    requireSpatial(op, "kernel", kernel, 2, 1);
    requireSpatial(op, "stride", stride, 2, 1);
    requireSpatial(op, "padding", padding, 2, 0);
    requireInputRank(op, x, 2);
    for (int i = 0; i < 2; i++)
      if (padding[i] > kernel[i] / 2)
        throw new IllegalArgumentException(op + ": padding " + s(padding) + " must be at most half of kernel "
            + s(kernel));
    requireKernelFits(op, x, kernel, new int[] {1, 1}, padding, 2);
    int n = x.rank() == 4 ? x.dim(0) : 1, c = x.dim(x.rank() - 3);
    return new ConvGeometry(n, c, x.dim(-2), x.dim(-1), c, c, kernel[0], kernel[1], stride[0], stride[1],
        padding[0], padding[1], 1, 1);
  }

  /** [N, O, (oh,) ow], or without N when x is unbatched. */
  private static Shape outputShape(Shape x, ConvGeometry g, int d) {
    int[] dims = new int[x.rank()];
    int k = 0;
    if (x.rank() == d + 2) dims[k++] = g.n();
    dims[k++] = g.o();
    if (d == 2) dims[k++] = g.oh();
    dims[k] = g.ow();
    return Shape.of(dims);
  }

  private static void requireOutput(String op, Shape gy, Shape out, Shape x, Shape w) {
    if (!gy.equals(out))
      throw new ShapeMismatchException(op + ": gradient " + gy + " does not match the output " + out + " of input " + x
          + " and weight " + w);
  }
}
