package dev.nabla.core.kernel;

import java.util.Arrays;

/**
 * im2col and col2im for small images (FLOAT32 twin generated), which {@link DoubleConv}'s im2col path calls
 * instead of its own copies for planes of a few dozen elements, such as the 8×8 and 4×4 images of the {@code cnn}
 * example. There {@link DoubleConv#im2col} and {@link DoubleConv#col2im} copy rows of 4 or 8 elements, each between
 * zero borders computed per row, and spend their time on that bookkeeping. Here each image channel is first
 * copied into a zero-bordered plane (the padding written out), and a patch matrix row is then one gather through
 * an index map computed once per call: row (i, j), column (oy, ox) reads the padded plane at
 * (oy·sh + i·dh)·wp + ox·sw + j·dw, with no test, whatever the stride, padding or dilation. col2im copies the
 * input gradient's plane into the padded one, scatters through the same map, and copies the inside back.
 * Both give exactly {@link DoubleConv}'s elements and bits (the same additions in the same order).
 */
final class DoubleSmallConv {
  private DoubleSmallConv() {}

  /** The largest padded plane, and the largest kh·kw·oh·ow map, this class takes. */
  private static final int MAX_PLANE = 1 << 10, MAX_MAP = 1 << 12;

  /**
   * Whether the images of {@code g} are small enough for this class (padded plane and index map) and below
   * {@link DoubleConv}'s implicit-GEMM size (those take no im2col at all).
   */
  static boolean fits(ConvGeometry g) {
    long plane = (long) (g.h() + 2 * g.ph()) * (g.w() + 2 * g.pw());
    long map = (long) g.kh() * g.kw() * g.oh() * g.ow();
    return plane <= MAX_PLANE && map <= MAX_MAP && (long) g.oh() * g.ow() < DoubleConv.IMPLICIT_PIXELS;
  }

  /** The padded plane's width. */
  private static int paddedWidth(ConvGeometry g) {
    return g.w() + 2 * g.pw();
  }

  /** A zeroed padded plane, the scratch of {@link #im2col} and {@link #col2im} (one per thread). */
  static double[] plane(ConvGeometry g) {
    return new double[(g.h() + 2 * g.ph()) * paddedWidth(g)];
  }

  /**
   * The index map of {@code g} when it {@link #fits}, else null: map[(i·kw + j)·oh·ow + oy·ow + ox] = the
   * padded-plane index that patch row (i, j) reads at output (oy, ox).
   */
  static int[] map(ConvGeometry g) {
    if (!fits(g)) return null;
    int oh = g.oh(), ow = g.ow(), wp = paddedWidth(g);
    int[] map = new int[g.kh() * g.kw() * oh * ow];
    for (int i = 0, k = 0; i < g.kh(); i++)
      for (int j = 0; j < g.kw(); j++)
        for (int oy = 0; oy < oh; oy++)
          for (int ox = 0; ox < ow; ox++) map[k++] = (oy * g.sh() + i * g.dh()) * wp + ox * g.sw() + j * g.dw();
    return map;
  }

  /**
   * {@link DoubleConv#im2col} through {@code map}: the patches of the image at {@code xOff} into columns
   * {@code colOff..colOff + oh·ow} of {@code col} (row stride {@code ld}); {@code padded} is a {@link #plane}
   * whose border this leaves zero.
   */
  static void im2col(double[] x, int xOff, ConvGeometry g, int[] map, double[] padded, double[] col, int colOff,
      int ld) {
    int h = g.h(), w = g.w(), wp = paddedWidth(g), ohw = g.oh() * g.ow(), taps = g.kh() * g.kw();
    int inside = g.ph() * wp + g.pw();
    for (int ci = 0; ci < g.c(); ci++) {
      int plane = xOff + ci * h * w;
      for (int iy = 0; iy < h; iy++) System.arraycopy(x, plane + iy * w, padded, inside + iy * wp, w);
      for (int t = 0; t < taps; t++) {
        int dst = colOff + (ci * taps + t) * ld, m = t * ohw;
        for (int q = 0; q < ohw; q++) col[dst + q] = padded[map[m + q]];
      }
    }
  }

  /**
   * {@link DoubleConv#col2im} through {@code map}: adds each column element into the element of x it was read
   * from, in the same order (x's plane is copied into {@code padded}, the sums made there, the inside copied back).
   */
  static void col2im(double[] col, int colOff, int ld, ConvGeometry g, int[] map, double[] padded, double[] x,
      int xOff) {
    int h = g.h(), w = g.w(), wp = paddedWidth(g), ohw = g.oh() * g.ow(), taps = g.kh() * g.kw();
    int inside = g.ph() * wp + g.pw();
    for (int ci = 0; ci < g.c(); ci++) {
      int plane = xOff + ci * h * w;
      Arrays.fill(padded, 0);
      for (int iy = 0; iy < h; iy++) System.arraycopy(x, plane + iy * w, padded, inside + iy * wp, w);
      for (int t = 0; t < taps; t++) {
        int src = colOff + (ci * taps + t) * ld, m = t * ohw;
        for (int q = 0; q < ohw; q++) padded[map[m + q]] += col[src + q];
      }
      for (int iy = 0; iy < h; iy++) System.arraycopy(padded, inside + iy * wp, x, plane + iy * w, w);
    }
  }
}
