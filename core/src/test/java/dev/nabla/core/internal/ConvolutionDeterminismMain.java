package dev.nabla.core.internal;

import dev.nabla.core.DType;
import dev.nabla.core.Shape;
import dev.nabla.core.Tensor;
import dev.nabla.core.kernel.Parallel;
import java.util.SplittableRandom;

/**
 * Runs the convolution and pooling kernels above their threading thresholds (and, for the weight gradient,
 * over several im2col blocks) from a fixed seed and prints one hash of the result bits per kernel;
 * {@link ConvolutionDeterminismTest} runs it under different {@code nabla.threads}.
 */
public final class ConvolutionDeterminismMain {
  private ConvolutionDeterminismMain() {}

  static long hash(Tensor t) {
    long h = 1125899906842597L;
    for (double v : t.toDoubleArray()) h = 31 * h + Double.doubleToRawLongBits(v);
    return h;
  }

  public static void main(String[] args) {
    System.out.println("threads " + Parallel.threads());
    for (DType dt : java.util.List.of(DType.FLOAT32, DType.FLOAT64)) {
      SplittableRandom rng = new SplittableRandom(2026);
      int[] one = {1, 1}, s = {2, 1}, p = {1, 2}, d = {1, 2};
      Tensor x = Tensor.randn(dt, rng, 16, 8, 30, 31), w = Tensor.randn(dt, rng, 12, 4, 3, 3), b = Tensor.randn(dt, rng, 12);
      Tensor y = ConvolutionKernels.conv("conv2d", x, w, b, s, p, d, 2);
      print(dt, "conv2d", y);
      Tensor g = Tensor.randn(dt, rng, y.shape().dims());
      print(dt, "conv2dInputGrad", ConvolutionKernels.convInputGrad("conv2dInputGrad", g, w, x.shape(), s, p, d, 2));
      print(dt, "conv2dWeightGrad", ConvolutionKernels.convWeightGrad("conv2dWeightGrad", x, g, w.shape(), s, p, d, 2));
      // images of 2·9·150·150 patch elements: the im2col blocks hold 10 of the 24 images at a time
      Tensor big = Tensor.randn(dt, rng, 24, 2, 150, 150), wb = Tensor.randn(dt, rng, 3, 2, 3, 3);
      Tensor gb = Tensor.randn(dt, rng, 24, 3, 150, 150);
      print(dt, "conv2dWeightGrad (blocks)", ConvolutionKernels.convWeightGrad("conv2dWeightGrad", big, gb,
          Shape.of(3, 2, 3, 3), one, one, one, 1));
      print(dt, "maxPool2d", ConvolutionKernels.maxPool2d(x, new int[] {3, 3}, new int[] {2, 2}, one).values());
      Tensor avg = ConvolutionKernels.avgPool2d(x, new int[] {3, 3}, new int[] {2, 2}, one);
      print(dt, "avgPool2d", avg);
      print(dt, "avgPool2dGrad", ConvolutionKernels.avgPool2dGrad(avg, x.shape(), new int[] {3, 3}, new int[] {2, 2}, one));
    }
  }

  private static void print(DType dt, String name, Tensor t) {
    System.out.println("hash " + dt + " " + name + " " + Long.toHexString(hash(t)));
  }
}
