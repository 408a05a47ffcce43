package dev.nabla.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Convolution and pooling forward values against naive reference loops (FLOAT64), FLOAT32 against FLOAT64, the
 * batch cut into blocks for im2col (large images), and PyTorch's choice among tied maxima.
 */
class ConvolutionForwardTest {

  /** y[n, o, i, j] by the definition, x zero outside the input. */
  static double[] referenceConv(double[] x, double[] w, double[] b, int n, int c, int h, int wd, int o, int groups,
      int kh, int kw, int[] s, int[] p, int[] d) {
    int oh = (h + 2 * p[0] - d[0] * (kh - 1) - 1) / s[0] + 1, ow = (wd + 2 * p[1] - d[1] * (kw - 1) - 1) / s[1] + 1;
    int cg = c / groups, og = o / groups;
    double[] y = new double[n * o * oh * ow];
    for (int in = 0; in < n; in++)
      for (int oc = 0; oc < o; oc++)
        for (int i = 0; i < oh; i++)
          for (int j = 0; j < ow; j++) {
            double sum = b == null ? 0 : b[oc];
            for (int ci = 0; ci < cg; ci++)
              for (int a = 0; a < kh; a++)
                for (int q = 0; q < kw; q++) {
                  int iy = i * s[0] - p[0] + a * d[0], ix = j * s[1] - p[1] + q * d[1];
                  if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
                  int cc = oc / og * cg + ci;
                  sum += w[((oc * cg + ci) * kh + a) * kw + q] * x[((in * c + cc) * h + iy) * wd + ix];
                }
            y[((in * o + oc) * oh + i) * ow + j] = sum;
          }
    return y;
  }

  private static Tensor randn(SplittableRandom rng, int... dims) {
    return Tensor.randn(DType.FLOAT64, rng, dims);
  }

  @Test
  void conv2dMatchesTheDefinitionForManyGeometries() {
    SplittableRandom rng = new SplittableRandom(11);
    for (int trial = 0; trial < 60; trial++) {
      int groups = 1 + rng.nextInt(3), c = groups * (1 + rng.nextInt(3)), o = groups * (1 + rng.nextInt(3));
      int kh = 1 + rng.nextInt(4), kw = 1 + rng.nextInt(4), n = 1 + rng.nextInt(3);
      int[] s = {1 + rng.nextInt(3), 1 + rng.nextInt(3)}, p = {rng.nextInt(3), rng.nextInt(3)},
          d = {1 + rng.nextInt(2), 1 + rng.nextInt(2)};
      int h = Math.max(1, d[0] * (kh - 1) + 1 - 2 * p[0] + rng.nextInt(8)),
          wd = Math.max(1, d[1] * (kw - 1) + 1 - 2 * p[1] + rng.nextInt(8));
      Tensor x = randn(rng, n, c, h, wd), w = randn(rng, o, c / groups, kh, kw), b = randn(rng, o);
      boolean bias = rng.nextBoolean();
      Tensor y = Convolutions.conv2d(Variable.constant(x), Variable.constant(w), bias ? Variable.constant(b) : null, s,
          p, d, groups).value();
      double[] expected = referenceConv(x.toDoubleArray(), w.toDoubleArray(), bias ? b.toDoubleArray() : null, n, c,
          h, wd, o, groups, kh, kw, s, p, d);
      assertTrue(y.allClose(Tensor.of(expected, y.shape().dims()), 1e-12, 1e-12), "trial " + trial);
      // FLOAT32 forward against FLOAT64
      Tensor y32 = Convolutions.conv2d(Variable.constant(x.toType(DType.FLOAT32)),
          Variable.constant(w.toType(DType.FLOAT32)), bias ? Variable.constant(b.toType(DType.FLOAT32)) : null, s, p,
          d, groups).value();
      assertEquals(DType.FLOAT32, y32.dtype());
      assertTrue(y32.toType(DType.FLOAT64).allClose(y, 1e-4, 1e-4), "float32 trial " + trial);
    }
  }

  @Test
  void conv1dIsConv2dOfHeightOne() {
    SplittableRandom rng = new SplittableRandom(12);
    Tensor x = randn(rng, 2, 4, 9), w = randn(rng, 6, 2, 3), b = randn(rng, 6);
    Tensor y = Convolutions.conv1d(Variable.constant(x), Variable.constant(w), Variable.constant(b), 2, 2, 2, 2)
        .value();
    double[] expected = referenceConv(x.toDoubleArray(), w.toDoubleArray(), b.toDoubleArray(), 2, 4, 1, 9, 6, 2, 1,
        3, new int[] {1, 2}, new int[] {0, 2}, new int[] {1, 2});
    assertArrayEquals(new int[] {2, 6, 5}, y.shape().dims());
    assertArrayEquals(expected, y.toDoubleArray(), 1e-12);
    Tensor unbatched = Convolutions.conv1d(Variable.constant(x.slice(0, 1, 2).reshape(4, 9)), Variable.constant(w),
        Variable.constant(b), 2, 2, 2, 2).value();
    assertArrayEquals(y.slice(0, 1, 2).reshape(6, 5).toDoubleArray(), unbatched.toDoubleArray(), 0);
  }

  /**
   * Images large enough that the im2col buffer holds one at a time (c·kh·kw·oh·ow above half its limit): the
   * forward and both gradients run block by block, the weight gradient summing across blocks.
   */
  @Test
  void largeImagesRunBlockByBlock() {
    SplittableRandom rng = new SplittableRandom(13);
    int n = 3, c = 8, h = 171, wd = 173, o = 2;
    Tensor x = randn(rng, n, c, h, wd), w = randn(rng, o, c, 3, 3), b = randn(rng, o);
    int[] s = {1, 1}, p = {1, 1}, d = {1, 1};
    Variable xv = Variable.parameter(x), wv = Variable.parameter(w);
    Variable y = Convolutions.conv2d(xv, wv, Variable.constant(b), s, p, d, 1);
    assertArrayEquals(referenceConv(x.toDoubleArray(), w.toDoubleArray(), b.toDoubleArray(), n, c, h, wd, o, 1, 3, 3,
        s, p, d), y.value().toDoubleArray(), 1e-10);
    Tensor g = randn(rng, y.shape().dims());
    List<Tensor> grads = Grad.grad(y.mul(Variable.constant(g)).sum(), List.of(xv, wv));
    // references: ∂w[o, c, a, q] = Σ g[n, o, i, j]·x[n, c, i − 1 + a, j − 1 + q]; ∂x by the same sum
    double[] xs = x.toDoubleArray(), gs = g.toDoubleArray(), ws = w.toDoubleArray();
    double[] gw = new double[o * c * 9], gx = new double[xs.length];
    for (int in = 0; in < n; in++)
      for (int oc = 0; oc < o; oc++)
        for (int i = 0; i < h; i++)
          for (int j = 0; j < wd; j++) {
            double gv = gs[((in * o + oc) * h + i) * wd + j];
            for (int ci = 0; ci < c; ci++)
              for (int a = 0; a < 3; a++)
                for (int q = 0; q < 3; q++) {
                  int iy = i - 1 + a, ix = j - 1 + q;
                  if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
                  int xi = ((in * c + ci) * h + iy) * wd + ix, wi = ((oc * c + ci) * 3 + a) * 3 + q;
                  gw[wi] += gv * xs[xi];
                  gx[xi] += gv * ws[wi];
                }
          }
    assertTrue(grads.get(0).allClose(Tensor.of(gx, x.shape().dims()), 1e-9, 1e-9), "input gradient");
    assertTrue(grads.get(1).allClose(Tensor.of(gw, w.shape().dims()), 1e-8, 1e-9), "weight gradient");
  }

  @Test
  void poolingMatchesTheDefinition() {
    SplittableRandom rng = new SplittableRandom(14);
    for (int trial = 0; trial < 40; trial++) {
      int kh = 1 + rng.nextInt(3), kw = 1 + rng.nextInt(3), n = 1 + rng.nextInt(2), c = 1 + rng.nextInt(3);
      int[] k = {kh, kw}, s = {1 + rng.nextInt(3), 1 + rng.nextInt(3)},
          p = {rng.nextInt(kh / 2 + 1), rng.nextInt(kw / 2 + 1)};
      int h = Math.max(1, kh - 2 * p[0] + rng.nextInt(7)), wd = Math.max(1, kw - 2 * p[1] + rng.nextInt(7));
      int oh = (h + 2 * p[0] - kh) / s[0] + 1, ow = (wd + 2 * p[1] - kw) / s[1] + 1;
      Tensor x = randn(rng, n, c, h, wd);
      double[] xs = x.toDoubleArray(), max = new double[n * c * oh * ow], avg = new double[max.length];
      for (int pl = 0; pl < n * c; pl++)
        for (int i = 0; i < oh; i++)
          for (int j = 0; j < ow; j++) {
            double m = Double.NEGATIVE_INFINITY, sum = 0;
            for (int a = 0; a < kh; a++)
              for (int q = 0; q < kw; q++) {
                int iy = i * s[0] - p[0] + a, ix = j * s[1] - p[1] + q;
                if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
                m = Math.max(m, xs[(pl * h + iy) * wd + ix]);
                sum += xs[(pl * h + iy) * wd + ix];
              }
            max[(pl * oh + i) * ow + j] = m;
            avg[(pl * oh + i) * ow + j] = sum / (kh * kw);
          }
      for (DType dt : DType.values()) {
        if (dt != DType.FLOAT32 && dt != DType.FLOAT64) continue;
        Variable xv = Variable.constant(x.toType(dt));
        double tol = dt == DType.FLOAT64 ? 1e-12 : 1e-5;
        assertArrayEquals(max, Convolutions.maxPool2d(xv, k, s, p).value().toDoubleArray(), tol, "max, trial " + trial);
        assertArrayEquals(avg, Convolutions.avgPool2d(xv, k, s, p).value().toDoubleArray(), tol, "avg, trial " + trial);
      }
    }
  }

  /** PyTorch gives a tied window's whole gradient to its first maximum (row-major), not an even split. */
  @Test
  void maxPoolTiesGiveTheGradientToTheFirstMaximum() {
    Variable x = Variable.parameter(Tensor.of(new double[] {
      1, 3, 3, 0,
      3, 2, 0, 0,
      5, 5, 7, 7,
      5, 5, 7, 7}, 1, 1, 4, 4));
    Variable y = Convolutions.maxPool2d(x, 2);
    assertArrayEquals(new double[] {3, 3, 5, 7}, y.value().toDoubleArray(), 0);
    y.sum().backward();
    assertArrayEquals(new double[] {
      0, 1, 1, 0,
      0, 0, 0, 0,
      1, 0, 1, 0,
      0, 0, 0, 0}, x.grad().toDoubleArray(), 0);
  }

  @Test
  void adaptiveAvgPoolIsTheMeanOrAnEvenAveragePool() {
    SplittableRandom rng = new SplittableRandom(15);
    Tensor x = randn(rng, 2, 3, 4, 6);
    assertTrue(Convolutions.adaptiveAvgPool2d(Variable.constant(x), 1, 1).value()
        .allClose(x.mean(new int[] {2, 3}, true), 1e-14, 1e-14));
    assertTrue(Convolutions.adaptiveAvgPool2d(Variable.constant(x), 2, 3).value()
        .allClose(Convolutions.avgPool2d(Variable.constant(x), 2).value(), 0, 0));
  }

  /** A null stride means the kernel, as PyTorch's stride=None. */
  @Test
  void nullStrideIsTheKernel() {
    Variable x = Variable.constant(randn(new SplittableRandom(16), 2, 3, 6, 9));
    int[] k = {2, 3}, none = {0, 0};
    assertTrue(Convolutions.maxPool2d(x, k, null, none).value().allClose(Convolutions.maxPool2d(x, k, k, none).value(),
        0, 0));
    assertTrue(Convolutions.avgPool2d(x, k, null, none).value().allClose(Convolutions.avgPool2d(x, k, k, none).value(),
        0, 0));
    assertArrayEquals(new int[] {2, 3, 3, 3}, Convolutions.avgPool2d(x, k, null, none).shape().dims());
  }
}
