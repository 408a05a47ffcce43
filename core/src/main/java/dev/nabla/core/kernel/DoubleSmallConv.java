package dev.nabla.core.kernel;

/**
 * Convolutions of small images (FLOAT32 twin generated), the same products as {@link DoubleConv}'s (im2col, one
 * {@link MatMul#gemm} per group and block of images, col2im) with copies made for planes of a few dozen elements,
 * such as the 8×8 and 4×4 images of the {@code cnn} example. There {@link DoubleConv}'s im2col and col2im copy
 * rows of 4 or 8 elements, each between zero borders it computes per row, and spend their time on that
 * bookkeeping. Here each image channel is first copied into a zero-bordered plane (the padding written out), and
 * a patch matrix row is then one gather through an index map computed once per call: row (i, j), column
 * (oy, ox) reads the padded plane at (oy·sh + i·dh)·wp + ox·sw + j·dw, with no test, whatever the stride,
 * padding or dilation. col2im scatters through the same map into a zeroed padded plane and adds its inside to
 * the input gradient.
 *
 * <p>Images are cut into blocks as in {@link DoubleConv} (shapes only), each block's copies split across threads by
 * image, and the weight gradient sums over blocks in order: the same bits on any thread count.
 * {@link #fits} says which geometries this class takes (it would take any; the limit keeps its map small).
 */
public final class DoubleSmallConv {
  private DoubleSmallConv() {}

  /** Elements copied below which a copy loop stays on the calling thread (as {@link DoubleConv}'s). */
  private static final long THRESHOLD = 1 << 15;
  /** The most elements one block's patch matrix holds (as {@link DoubleConv}'s). */
  private static final long COLUMNS = 1 << 22;
  /** The largest padded plane, and the largest kh·kw·oh·ow map, this class takes. */
  private static final int MAX_PLANE = 1 << 10, MAX_MAP = 1 << 12;

  /**
   * Whether the images of {@code g} are small enough for this class (padded plane and index map) and below
   * {@link DoubleConv}'s implicit-GEMM size, whose path it would otherwise replace with different bits.
   */
  public static boolean fits(ConvGeometry g) {
    long plane = (long) (g.h() + 2 * g.ph()) * (g.w() + 2 * g.pw());
    long map = (long) g.kh() * g.kw() * g.oh() * g.ow();
    return plane <= MAX_PLANE && map <= MAX_MAP && (long) g.oh() * g.ow() < DoubleConv.IMPLICIT_PIXELS;
  }

  /** Images per block: as many as fit in {@link #COLUMNS}, at least one. */
  private static int block(ConvGeometry g) {
    long perImage = (long) g.c() * g.kh() * g.kw() * g.oh() * g.ow();
    return (int) Math.max(1, Math.min(g.n(), COLUMNS / Math.max(1, perImage)));
  }

  /** The padded plane's width. */
  private static int paddedWidth(ConvGeometry g) {
    return g.w() + 2 * g.pw();
  }

  /** The padded plane's size. */
  private static int paddedSize(ConvGeometry g) {
    return (g.h() + 2 * g.ph()) * paddedWidth(g);
  }

  /** map[(i·kw + j)·oh·ow + oy·ow + ox] = the padded-plane index that patch row (i, j) reads at output (oy, ox). */
  static int[] indexMap(ConvGeometry g) {
    int oh = g.oh(), ow = g.ow(), wp = paddedWidth(g);
    int[] map = new int[g.kh() * g.kw() * oh * ow];
    for (int i = 0, k = 0; i < g.kh(); i++)
      for (int j = 0; j < g.kw(); j++)
        for (int oy = 0; oy < oh; oy++)
          for (int ox = 0; ox < ow; ox++) map[k++] = (oy * g.sh() + i * g.dh()) * wp + ox * g.sw() + j * g.dw();
    return map;
  }

  /**
   * The patches of the image at {@code xOff} into columns {@code colOff..colOff + oh·ow} of {@code col} (row
   * stride {@code ld}), the rows in {@link DoubleConv}'s order; {@code padded} is a zeroed scratch plane whose
   * border this leaves zero.
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

  /** The adjoint of {@link #im2col}: adds each column element into the input element it was read from. */
  static void col2im(double[] col, int colOff, int ld, ConvGeometry g, int[] map, double[] padded, double[] x,
      int xOff) {
    int h = g.h(), w = g.w(), wp = paddedWidth(g), ohw = g.oh() * g.ow(), taps = g.kh() * g.kw();
    int inside = g.ph() * wp + g.pw();
    for (int ci = 0; ci < g.c(); ci++) {
      java.util.Arrays.fill(padded, 0);
      for (int t = 0; t < taps; t++) {
        int src = colOff + (ci * taps + t) * ld, m = t * ohw;
        for (int q = 0; q < ohw; q++) padded[map[m + q]] += col[src + q];
      }
      int plane = xOff + ci * h * w;
      for (int iy = 0; iy < h; iy++)
        for (int ix = 0, p = inside + iy * wp, d = plane + iy * w; ix < w; ix++) x[d + ix] += padded[p + ix];
    }
  }

  /** The patch matrix [c·kh·kw, m·oh·ow] of images n0..n0+m into col, split across threads by image. */
  private static void patches(double[] x, int n0, int m, ConvGeometry g, int[] map, double[] col) {
    int ohw = g.oh() * g.ow(), ld = m * ohw, chw = g.c() * g.h() * g.w();
    Parallel.forRange(m, (long) g.c() * g.kh() * g.kw() * ohw, THRESHOLD, (lo, hi) -> {
      double[] padded = new double[paddedSize(g)];
      for (int i = lo; i < hi; i++) im2col(x, (n0 + i) * chw, g, map, padded, col, i * ohw, ld);
    });
  }

  /** gy [n, o, oh, ow] rearranged as [o, m·oh·ow] for the images n0..n0+m, into t. */
  private static void channelsFirst(double[] gy, int n0, int m, ConvGeometry g, double[] t) {
    int o = g.o(), ohw = g.oh() * g.ow(), ld = m * ohw;
    Parallel.forRange(m, (long) o * ohw, THRESHOLD, (lo, hi) -> {
      for (int i = lo; i < hi; i++)
        for (int oc = 0; oc < o; oc++) System.arraycopy(gy, ((n0 + i) * o + oc) * ohw, t, oc * ld + i * ohw, ohw);
    });
  }

  /** y [n, o, oh, ow] = conv(x [n, c, h, w], wt [o, c/groups, kh, kw]) + b [o] (b may be null). */
  public static void forward(double[] x, double[] wt, double[] b, double[] y, ConvGeometry g) {
    int n = g.n(), o = g.o(), ohw = g.oh() * g.ow(), rows = g.c() * g.kh() * g.kw(), patch = g.patch(), og = g.og();
    int nb = block(g);
    int[] map = indexMap(g);
    double[] col = new double[rows * nb * ohw], out = new double[o * nb * ohw];
    for (int start = 0; start < n; start += nb) {
      final int n0 = start, m = Math.min(nb, n - start), ld = m * ohw;
      patches(x, n0, m, g, map, col);
      for (int grp = 0; grp < g.groups(); grp++)
        MatMul.gemm(false, false, og, ld, patch, wt, grp * og * patch, patch, col, grp * patch * ld, ld, out,
            grp * og * ld, ld, false);
      Parallel.forRange(m, (long) o * ohw, THRESHOLD, (lo, hi) -> {
        for (int i = lo; i < hi; i++) {
          for (int oc = 0; oc < o; oc++) {
            int s = oc * ld + i * ohw, d = ((n0 + i) * o + oc) * ohw;
            double bias = b == null ? 0 : b[oc];
            for (int k = 0; k < ohw; k++) y[d + k] = out[s + k] + bias;
          }
        }
      });
    }
  }

  /** gx [n, c, h, w] += the gradient of the convolution with respect to its input (Wᵀ·G, then col2im). */
  public static void inputGrad(double[] gy, double[] wt, double[] gx, ConvGeometry g) {
    int n = g.n(), o = g.o(), ohw = g.oh() * g.ow(), rows = g.c() * g.kh() * g.kw(), patch = g.patch(), og = g.og();
    int nb = block(g), chw = g.c() * g.h() * g.w();
    int[] map = indexMap(g);
    double[] col = new double[rows * nb * ohw], t = new double[o * nb * ohw];
    for (int start = 0; start < n; start += nb) {
      final int n0 = start, m = Math.min(nb, n - start), ld = m * ohw;
      channelsFirst(gy, n0, m, g, t);
      for (int grp = 0; grp < g.groups(); grp++)
        MatMul.gemm(true, false, patch, ld, og, wt, grp * og * patch, patch, t, grp * og * ld, ld, col,
            grp * patch * ld, ld, false);
      Parallel.forRange(m, (long) rows * ohw, THRESHOLD, (lo, hi) -> {
        double[] padded = new double[paddedSize(g)];
        for (int i = lo; i < hi; i++) col2im(col, i * ohw, ld, g, map, padded, gx, (n0 + i) * chw);
      });
    }
  }

  /**
   * gw [o, c/groups, kh, kw] = the gradient of the convolution with respect to its weight (G·colᵀ; overwritten,
   * summed over blocks of images in order).
   */
  public static void weightGrad(double[] x, double[] gy, double[] gw, ConvGeometry g) {
    int n = g.n(), o = g.o(), ohw = g.oh() * g.ow(), rows = g.c() * g.kh() * g.kw(), patch = g.patch(), og = g.og();
    int nb = block(g);
    int[] map = indexMap(g);
    double[] col = new double[rows * nb * ohw], t = new double[o * nb * ohw];
    if (n == 0) java.util.Arrays.fill(gw, 0);
    for (int start = 0; start < n; start += nb) {
      final int n0 = start, m = Math.min(nb, n - start), ld = m * ohw;
      patches(x, n0, m, g, map, col);
      channelsFirst(gy, n0, m, g, t);
      for (int grp = 0; grp < g.groups(); grp++)
        MatMul.gemm(false, true, og, patch, ld, t, grp * og * ld, ld, col, grp * patch * ld, ld, gw,
            grp * og * patch, patch, n0 > 0);
    }
  }
}
