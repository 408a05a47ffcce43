package dev.nabla.core.internal;

import dev.nabla.core.DType;
import dev.nabla.core.DeterminismRuns;
import dev.nabla.core.Shape;
import dev.nabla.core.Tensor;
import java.util.SplittableRandom;

/**
 * Runs the convolution and pooling kernels above their threading thresholds (and, for the weight gradient,
 * over several im2col blocks) from a fixed seed and prints one hash of the result bits per kernel
 * ({@link DeterminismRuns}); {@link ConvolutionDeterminismTest} runs it under different {@code nabla.threads}.
 */
public final class ConvolutionDeterminismMain {
  private ConvolutionDeterminismMain() {}

  public static void main(String[] args) {
    DeterminismRuns.printThreads();
    for (DType dt : java.util.List.of(DType.FLOAT32, DType.FLOAT64)) {
      SplittableRandom rng = new SplittableRandom(2026);
      int[] one = {1, 1}, s = {2, 1}, p = {1, 2}, d = {1, 2};
      Tensor x = Tensor.randn(dt, rng, 16, 8, 30, 31), w = Tensor.randn(dt, rng, 12, 4, 3, 3), b = Tensor.randn(dt, rng, 12);
      Tensor y = ConvolutionKernels.conv("conv2d", x, w, b, s, p, d, 2);
      DeterminismRuns.printHash(dt, "conv2d", y);
      Tensor g = Tensor.randn(dt, rng, y.shape().dims());
      DeterminismRuns.printHash(dt, "conv2dInputGrad", ConvolutionKernels.convInputGrad("conv2dInputGrad", g, w, x.shape(), s, p, d, 2));
      DeterminismRuns.printHash(dt, "conv2dWeightGrad", ConvolutionKernels.convWeightGrad("conv2dWeightGrad", x, g, w.shape(), s, p, d, 2));
      // images of 2·9·150·150 patch elements: the im2col blocks hold 10 of the 24 images at a time
      Tensor big = Tensor.randn(dt, rng, 24, 2, 150, 150), wb = Tensor.randn(dt, rng, 3, 2, 3, 3);
      Tensor gb = Tensor.randn(dt, rng, 24, 3, 150, 150);
      DeterminismRuns.printHash(dt, "conv2dWeightGrad (blocks)", ConvolutionKernels.convWeightGrad("conv2dWeightGrad", big, gb,
          Shape.of(3, 2, 3, 3), one, one, one, 1));
      DeterminismRuns.printHash(dt, "maxPool2d", ConvolutionKernels.maxPool2d(x, new int[] {3, 3}, new int[] {2, 2}, one).values());
      ConvolutionKernels.MaxPool mp = ConvolutionKernels.maxPool2d(x, new int[] {3, 3}, new int[] {1, 2}, one);
      DeterminismRuns.printHash(dt, "maxPool2dGrad", ConvolutionKernels.maxPool2dGrad(Tensor.randn(dt, rng,
          mp.values().shape().dims()), mp.argmax(), x.shape(), new int[] {3, 3}, new int[] {1, 2}, one));
      // the cnn example's second convolution at B = 64: small images (DoubleSmallConv)
      Tensor xs = Tensor.randn(dt, rng, 64, 16, 4, 4), ws = Tensor.randn(dt, rng, 32, 16, 3, 3);
      Tensor ys = ConvolutionKernels.conv("conv2d", xs, ws, null, one, one, one, 1);
      Tensor gs = Tensor.randn(dt, rng, ys.shape().dims());
      DeterminismRuns.printHash(dt, "conv2d (small)", ys);
      DeterminismRuns.printHash(dt, "conv2dInputGrad (small)", ConvolutionKernels.convInputGrad("conv2dInputGrad", gs, ws,
          xs.shape(), one, one, one, 1));
      DeterminismRuns.printHash(dt, "conv2dWeightGrad (small)", ConvolutionKernels.convWeightGrad("conv2dWeightGrad", xs,
          gs, ws.shape(), one, one, one, 1));
      Tensor avg = ConvolutionKernels.avgPool2d(x, new int[] {3, 3}, new int[] {2, 2}, one);
      DeterminismRuns.printHash(dt, "avgPool2d", avg);
      DeterminismRuns.printHash(dt, "avgPool2dGrad", ConvolutionKernels.avgPool2dGrad(avg, x.shape(), new int[] {3, 3}, new int[] {2, 2}, one));
    }
  }
}
