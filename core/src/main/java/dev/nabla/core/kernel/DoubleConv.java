package dev.nabla.core.kernel;

import java.util.Arrays;

/**
 * Convolution and pooling loops over NCHW arrays (FLOAT32 twin generated), for sizes checked by the caller
 * ({@code ConvolutionKernels}); see {@link ConvGeometry} for the names.
 *
 * <p>Convolutions go through im2col and the GEMM: the patches of a block of images are laid out as one matrix
 * [c·kh·kw, images·oh·ow] (row (ci·kh + i)·kw + j holds x[ci, oy·sh − ph + i·dh, ox·sw − pw + j·dw], zero
 * outside the input), so that each group is one product with its weight rows [og, cg·kh·kw]. The forward,
 * the input gradient (Wᵀ·G, then col2im, the adjoint of im2col) and the weight gradient (G·colᵀ) are each one
 * or a few {@link MatMul#gemm} calls per block of images; the copies around them split across threads by
 * image. Blocks hold at most {@value #COLUMNS} patch elements: their size depends on the shapes only, so the
 * weight gradient's sums over images run in a fixed order on any thread count. Scratch arrays (the im2col
 * matrix, the product's output block, the flipped weight) are allocated per call.
 *
 * <p>Implicit GEMM: with the Vector API GEMM, images of at least 256 output pixels and products of at least
 * 8 rows per group, no
 * im2col matrix is written: {@code DoublePatches} packs the patches straight from the image into the GEMM's
 * panels (as B for the forward, as A's rows for the weight gradient, gwᵀ = col·Gᵀ), and the input gradient at
 * stride and dilation 1 is the forward convolution of gy by the flipped weight (padding k − 1 − p), so neither
 * Wᵀ·G nor col2im runs. Every output is still one fma chain over k in a fixed order (same bits on any thread
 * count), but not the im2col path's bits: the sums run in another order, so {@code -Dnabla.simd=false} gives
 * other last bits for these shapes. The other shapes keep the im2col path (small images go to
 * {@link DoubleSmallConv}, with the im2col path's bits: with the Vector API GEMM its packer fills the GEMM's panels
 * for the forward and the weight gradient, and only the input gradient writes a column matrix). W9 (32×32, 64→64,
 * FLOAT32, 1 thread, thread CPU time per call): forward 25.6 → 18.5 ms, input gradient 25.0 → 18.5 ms, weight
 * gradient 22.9 → 18.4 ms. At column stride 1 each
 * block of images is first copied into zero-bordered planes ({@code DoubleSmallConv.pad}), so a run of patches is a
 * plain vector copy; with that and the GEMM's one-block loop for products of at most MC rows (B micro-panels packed
 * just before use), W9 fwd+bwd at 1 thread went 61.9 → 49.6 ms (JMH).
 *
 * <p>Pooling works per (image, channel) plane, in parallel over planes. Max pooling treats padding as −∞ and
 * records, for each output, the flat index into x of the first largest element of its window in row-major
 * order (a NaN wins), as PyTorch does; average pooling divides by kh·kw, padding included (PyTorch's
 * count_include_pad = True, ceil_mode = False).
 */
public final class DoubleConv {
  private DoubleConv() {}

  /** Elements copied below which a copy loop stays on the calling thread. */
  private static final long THRESHOLD = 1 << 15;
  /** The most elements one block's im2col matrix holds (the batch is cut into blocks of images that fit). */
  private static final long COLUMNS = 1 << 22;
  /** Runs of at most this many elements are copied by a loop: a call to System.arraycopy costs more. */
  private static final int SHORT = 16;

  /**
   * The GEMM that takes panel packers (the Vector API one), when the implicit GEMM pays for this convolution: at
   * least {@value #IMPLICIT_PIXELS} output pixels per image and {@value #IMPLICIT_ROWS} rows in the product
   * ({@code rows}, per group: the forward's og, the input gradient's cg, the weight gradient's patch); else null
   * (im2col).
   */
  private static Gemm implicit(ConvGeometry g, int rows) {
    return g.oh() * g.ow() >= IMPLICIT_PIXELS && rows >= IMPLICIT_ROWS ? MatMul.panelGemm() : null;
  }

  /**
   * Output pixels per image below which convolutions keep the im2col path: with W7's 8×8 and 4×4 images (runs of
   * 8 and 4, products 16–32 rows high) the implicit GEMM measured 1.2–2× slower per kernel, with W9's 32×32
   * faster (thread CPU time, 1 thread).
   */
  static final int IMPLICIT_PIXELS = 256;
  /**
   * Whether a small-image convolution ({@code map} not null) of blocks of {@code nb} images takes the panel route:
   * when every block's product per group is above {@link DoubleMatMul#SMALL} multiply-adds, where
   * {@link MatMul#gemm} would take the blocked GEMM too (below, it runs a direct loop with other bits).
   */
  private static boolean smallRoute(int[] map, ConvGeometry g, int nb) {
    int last = g.n() % nb == 0 ? nb : g.n() % nb;
    long product = (long) g.og() * g.patch() * Math.min(nb, last) * g.oh() * g.ow();
    return map != null && g.n() > 0 && product > DoubleMatMul.SMALL;
  }

  /** Product rows below which convolutions keep the im2col path (a 1-channel input gradient fills 1 of 8 tile rows). */
  private static final int IMPLICIT_ROWS = 8;

  /** Images per block: as many as fit in {@link #COLUMNS}, at least one. */
  private static int block(ConvGeometry g) {
    long perImage = (long) g.c() * g.kh() * g.kw() * g.oh() * g.ow();
    return (int) Math.max(1, Math.min(g.n(), COLUMNS / Math.max(1, perImage)));
  }

  /**
   * The patches of the image at {@code xOff} (all c channels) into columns {@code colOff..colOff + oh·ow} of
   * the matrix {@code col} with row stride {@code ld}.
   */
  static void im2col(double[] x, int xOff, ConvGeometry g, double[] col, int colOff, int ld) {
    int h = g.h(), w = g.w(), oh = g.oh(), ow = g.ow(), kh = g.kh(), kw = g.kw();
    for (int ci = 0, r = 0; ci < g.c(); ci++) {
      int plane = xOff + ci * h * w;
      for (int i = 0; i < kh; i++) {
        for (int j = 0; j < kw; j++, r++) {
          int dst = colOff + r * ld, dx = j * g.dw() - g.pw();
          if (dx == 0 && ow == w && g.sw() == 1 && g.sh() == 1) { // "same" width: the valid rows are one run
            int oy0 = Math.min(oh, Math.max(0, g.ph() - i * g.dh()));
            int oy1 = Math.max(oy0, Math.min(oh, h + g.ph() - i * g.dh()));
            for (int k = dst; k < dst + oy0 * ow; k++) col[k] = 0;
            int from = plane + (oy0 - g.ph() + i * g.dh()) * w;
            if (oy1 > oy0) System.arraycopy(x, from, col, dst + oy0 * ow, (oy1 - oy0) * ow);
            for (int k = dst + oy1 * ow; k < dst + oh * ow; k++) col[k] = 0;
            continue;
          }
          for (int oy = 0; oy < oh; oy++, dst += ow) {
            int iy = oy * g.sh() - g.ph() + i * g.dh();
            if (iy < 0 || iy >= h) {
              Arrays.fill(col, dst, dst + ow, 0);
              continue;
            }
            int row = plane + iy * w;
            if (g.sw() == 1) { // one contiguous run between zero borders (short: loops, not calls)
              int lo = Math.min(ow, Math.max(0, -dx)), hi = Math.max(lo, Math.min(ow, w - dx));
              for (int q = 0; q < lo; q++) col[dst + q] = 0;
              if (hi - lo > SHORT) System.arraycopy(x, row + lo + dx, col, dst + lo, hi - lo);
              else for (int q = lo; q < hi; q++) col[dst + q] = x[row + dx + q];
              for (int q = hi; q < ow; q++) col[dst + q] = 0;
            } else {
              for (int ox = 0, ix = dx; ox < ow; ox++, ix += g.sw()) col[dst + ox] = ix >= 0 && ix < w ? x[row + ix] : 0;
            }
          }
        }
      }
    }
  }

  /** The adjoint of {@link #im2col}: adds each column element into the input element it was read from. */
  static void col2im(double[] col, int colOff, int ld, ConvGeometry g, double[] x, int xOff) {
    int h = g.h(), w = g.w(), oh = g.oh(), ow = g.ow(), kh = g.kh(), kw = g.kw();
    for (int ci = 0, r = 0; ci < g.c(); ci++) {
      int plane = xOff + ci * h * w;
      for (int i = 0; i < kh; i++) {
        for (int j = 0; j < kw; j++, r++) {
          int src = colOff + r * ld, dx = j * g.dw() - g.pw();
          if (dx == 0 && ow == w && g.sw() == 1 && g.sh() == 1) { // "same" width: the valid rows are one run
            int oy0 = Math.min(oh, Math.max(0, g.ph() - i * g.dh()));
            int oy1 = Math.max(oy0, Math.min(oh, h + g.ph() - i * g.dh()));
            int to = plane + (oy0 - g.ph() + i * g.dh()) * w, from = src + oy0 * ow;
            for (int k = 0; k < (oy1 - oy0) * ow; k++) x[to + k] += col[from + k];
            continue;
          }
          for (int oy = 0; oy < oh; oy++, src += ow) {
            int iy = oy * g.sh() - g.ph() + i * g.dh();
            if (iy < 0 || iy >= h) continue;
            int row = plane + iy * w;
            if (g.sw() == 1) { // the run of columns inside the row, without a test per element
              int lo = Math.min(ow, Math.max(0, -dx)), hi = Math.max(lo, Math.min(ow, w - dx));
              for (int ox = lo; ox < hi; ox++) x[row + ox + dx] += col[src + ox];
            } else {
              for (int ox = 0, ix = dx; ox < ow; ox++, ix += g.sw()) if (ix >= 0 && ix < w) x[row + ix] += col[src + ox];
            }
          }
        }
      }
    }
  }

  /** y [n, o, oh, ow] = conv(x [n, c, h, w], wt [o, c/groups, kh, kw]) + b [o] (b may be null). */
  public static void forward(double[] x, double[] wt, double[] b, double[] y, ConvGeometry g) {
    conv(x, wt, b, y, g, false, implicit(g, g.og()), MatMul.panelGemm());
  }

  /**
   * {@link #forward}, or y += the convolution when {@code add}. With a GEMM that takes a panel packer
   * ({@code panels}: the Vector API one, {@link MatMul#panelGemm}) the patches are packed straight into its
   * panels ({@link DoublePatches}); with null, through an im2col matrix per block and {@link MatMul#gemm}.
   */
  static void conv(double[] x, double[] wt, double[] b, double[] y, ConvGeometry g, boolean add, Gemm panels) {
    conv(x, wt, b, y, g, add, panels, null);
  }

  /**
   * {@link #conv(double[], double[], double[], double[], ConvGeometry, boolean, Gemm)}, where small images (see
   * {@link DoubleSmallConv#fits}) take {@code small}, a GEMM that takes panel packers, when it is not null: the
   * patches are then packed from zero-bordered copies of the images ({@link DoubleSmallConv.Patches}), the im2col
   * path's matrix and bits without its column matrix.
   */
  static void conv(double[] x, double[] wt, double[] b, double[] y, ConvGeometry g, boolean add, Gemm panels,
      Gemm small) {
    int n = g.n(), o = g.o(), ohw = g.oh() * g.ow(), rows = g.c() * g.kh() * g.kw(), patch = g.patch(), og = g.og();
    int nb = block(g);
    boolean implicit = panels != null && (long) n * o * ohw * patch > 0;
    int[] map = implicit ? null : DoubleSmallConv.map(g);
    if (!smallRoute(map, g, nb)) small = null;
    double[] col = implicit || small != null ? null : new double[rows * nb * ohw];
    double[] out = map != null ? DoubleSmallConv.scratch(0, o * nb * ohw) : new double[o * nb * ohw];
    double[] xp = implicit ? paddedBlock(g, nb) : null;
    for (int start = 0; start < n; start += nb) {
      final int n0 = start, m = Math.min(nb, n - start), ld = m * ohw;
      if (implicit) {
        if (xp != null) pad(x, n0, m, g, xp);
        for (int grp = 0; grp < g.groups(); grp++)
          panels.gemm(og, ld, patch, wt, grp * og * patch, patch, implicitPatches(x, xp, n0, grp, g), out,
              grp * og * ld, ld, false);
      } else if (small != null) {
        double[] sp = DoubleSmallConv.padded(x, n0, m, g);
        for (int grp = 0; grp < g.groups(); grp++)
          small.gemm(og, ld, patch, wt, grp * og * patch, patch, new DoubleSmallConv.Patches(sp, grp, g, map), out,
              grp * og * ld, ld, false);
      } else {
        patches(x, n0, m, g, map, col);
        for (int grp = 0; grp < g.groups(); grp++)
          MatMul.gemm(false, false, og, ld, patch, wt, grp * og * patch, patch, col, grp * patch * ld, ld, out,
              grp * og * ld, ld, false);
      }
      Parallel.forRange(m, (long) o * ohw, THRESHOLD, (lo, hi) -> {
        for (int i = lo; i < hi; i++) {
          for (int oc = 0; oc < o; oc++) {
            int s = oc * ld + i * ohw, d = ((n0 + i) * o + oc) * ohw;
            if (add) {
              for (int k = 0; k < ohw; k++) y[d + k] += out[s + k];
            } else {
              double bias = b == null ? 0 : b[oc];
              for (int k = 0; k < ohw; k++) y[d + k] = out[s + k] + bias;
            }
          }
        }
      });
    }
  }

  /**
   * The zeroed block of padded planes that {@link DoublePatches#padded} reads, for nb images, when the column stride
   * is 1; else null (the patches are read from x with border tests).
   */
  private static double[] paddedBlock(ConvGeometry g, int nb) {
    return g.sw() == 1 ? new double[nb * g.c() * DoubleSmallConv.paddedPlane(g)] : null;
  }

  /** Copies images n0..n0+m of x into the padded block xp, split across threads by plane. */
  private static void pad(double[] x, int n0, int m, ConvGeometry g, double[] xp) {
    int hw = g.h() * g.w();
    Parallel.forRange(m * g.c(), hw, THRESHOLD, (lo, hi) -> DoubleSmallConv.pad(x, n0 * g.c() * hw, g, lo, hi, xp));
  }

  /** The patches of group grp of the block from image n0: read from the padded block xp, or from x when xp is null. */
  private static DoublePatches implicitPatches(double[] x, double[] xp, int n0, int grp, ConvGeometry g) {
    if (xp != null) return DoublePatches.padded(xp, grp * g.cg() * DoubleSmallConv.paddedPlane(g), g);
    return new DoublePatches(x, n0 * g.c() * g.h() * g.w() + grp * g.cg() * g.h() * g.w(), g);
  }

  /**
   * The im2col matrix [c·kh·kw, m·oh·ow] of images n0..n0+m into col, split across threads by image: through
   * {@link DoubleSmallConv}'s index {@code map} for small images (non-null map), else {@link #im2col}; the same
   * elements either way.
   */
  private static void patches(double[] x, int n0, int m, ConvGeometry g, int[] map, double[] col) {
    int ohw = g.oh() * g.ow(), ld = m * ohw, chw = g.c() * g.h() * g.w();
    Parallel.forRange(m, (long) g.c() * g.kh() * g.kw() * ohw, THRESHOLD, (lo, hi) -> {
      double[] padded = map == null ? null : DoubleSmallConv.plane(g);
      for (int i = lo; i < hi; i++) {
        if (map == null) im2col(x, (n0 + i) * chw, g, col, i * ohw, ld);
        else DoubleSmallConv.im2col(x, (n0 + i) * chw, g, map, padded, col, i * ohw, ld);
      }
    });
  }

  /** The adjoint of {@link #patches}: col2im of images n0..n0+m into gx, the same bits either way. */
  private static void scatter(double[] col, int n0, int m, ConvGeometry g, int[] map, double[] gx) {
    int ohw = g.oh() * g.ow(), ld = m * ohw, chw = g.c() * g.h() * g.w();
    Parallel.forRange(m, (long) g.c() * g.kh() * g.kw() * ohw, THRESHOLD, (lo, hi) -> {
      double[] padded = map == null ? null : DoubleSmallConv.plane(g);
      for (int i = lo; i < hi; i++) {
        if (map == null) col2im(col, i * ohw, ld, g, gx, (n0 + i) * chw);
        else DoubleSmallConv.col2im(col, i * ohw, ld, g, map, padded, gx, (n0 + i) * chw);
      }
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

  /**
   * gx [n, c, h, w] += the gradient of the convolution with respect to its input, for output gradient
   * gy [n, o, oh, ow] and weight wt (the transposed convolution of gy by wt).
   */
  public static void inputGrad(double[] gy, double[] wt, double[] gx, ConvGeometry g) {
    inputGrad(gy, wt, gx, g, implicit(g, g.cg()));
  }

  /**
   * {@link #inputGrad}: with a GEMM that takes a panel packer and stride and dilation 1, the forward convolution
   * of gy by the flipped weight (padding k − 1 − p) with its patches packed from gy; otherwise Wᵀ·G and col2im.
   */
  static void inputGrad(double[] gy, double[] wt, double[] gx, ConvGeometry g, Gemm panels) {
    if (panels != null && g.sh() == 1 && g.sw() == 1 && g.dh() == 1 && g.dw() == 1 && g.ph() < g.kh()
        && g.pw() < g.kw()) {
      conv(gy, flipped(wt, g), null, gx, new ConvGeometry(g.n(), g.o(), g.oh(), g.ow(), g.c(), g.groups(), g.kh(),
          g.kw(), 1, 1, g.kh() - 1 - g.ph(), g.kw() - 1 - g.pw(), 1, 1), true, panels);
      return;
    }
    int n = g.n(), o = g.o(), ohw = g.oh() * g.ow(), rows = g.c() * g.kh() * g.kw(), patch = g.patch(), og = g.og();
    int nb = block(g);
    int[] map = DoubleSmallConv.map(g);
    double[] col = map != null ? DoubleSmallConv.scratch(0, rows * nb * ohw) : new double[rows * nb * ohw];
    double[] t = map != null ? DoubleSmallConv.scratch(1, o * nb * ohw) : new double[o * nb * ohw];
    for (int start = 0; start < n; start += nb) {
      final int n0 = start, m = Math.min(nb, n - start), ld = m * ohw;
      channelsFirst(gy, n0, m, g, t);
      for (int grp = 0; grp < g.groups(); grp++)
        MatMul.gemm(true, false, patch, ld, og, wt, grp * og * patch, patch, t, grp * og * ld, ld, col,
            grp * patch * ld, ld, false);
      scatter(col, n0, m, g, map, gx);
    }
  }

  /**
   * The weight of the input gradient as a convolution: [c, o/groups, kh, kw], element (grp·cg + ci, oj, a, b)
   * being wt's (grp·og + oj, ci, kh − 1 − a, kw − 1 − b) (in/out channels swapped per group, kernel rotated 180°).
   */
  private static double[] flipped(double[] wt, ConvGeometry g) {
    int cg = g.cg(), og = g.og(), khw = g.kh() * g.kw();
    double[] f = new double[wt.length];
    for (int grp = 0; grp < g.groups(); grp++)
      for (int oj = 0; oj < og; oj++)
        for (int ci = 0; ci < cg; ci++) {
          int s = ((grp * og + oj) * cg + ci) * khw, d = ((grp * cg + ci) * og + oj) * khw;
          for (int t = 0; t < khw; t++) f[d + t] = wt[s + khw - 1 - t];
        }
    return f;
  }

  /**
   * gw [o, c/groups, kh, kw] = the gradient of the convolution with respect to its weight, for input
   * x [n, c, h, w] and output gradient gy [n, o, oh, ow] (overwritten, summed over images in order).
   */
  public static void weightGrad(double[] x, double[] gy, double[] gw, ConvGeometry g) {
    weightGrad(x, gy, gw, g, implicit(g, g.patch()), MatMul.panelGemm());
  }

  /**
   * {@link #weightGrad}: with a GEMM that takes a panel packer, gwᵀ [patch, og] = col·Gᵀ per group with col's
   * rows packed straight from x ({@link DoublePatches#packRows}), then transposed into gw; otherwise G·colᵀ
   * through an im2col matrix.
   */
  static void weightGrad(double[] x, double[] gy, double[] gw, ConvGeometry g, Gemm panels) {
    weightGrad(x, gy, gw, g, panels, null);
  }

  /**
   * {@link #weightGrad(double[], double[], double[], ConvGeometry, Gemm)}, where small images take {@code small}
   * when it is not null: gwᵀ = col·Gᵀ with col's rows packed from zero-bordered copies of the images
   * ({@link DoubleSmallConv.Patches}). Each element is the fma chain of G·colᵀ over the same k, so the bits are
   * the im2col path's.
   */
  static void weightGrad(double[] x, double[] gy, double[] gw, ConvGeometry g, Gemm panels, Gemm small) {
    int n = g.n(), o = g.o(), ohw = g.oh() * g.ow(), rows = g.c() * g.kh() * g.kw(), patch = g.patch(), og = g.og();
    int nb = block(g);
    boolean implicit = panels != null && (long) n * o * ohw * patch > 0;
    int[] map = implicit ? null : DoubleSmallConv.map(g);
    if (!smallRoute(map, g, nb)) small = null;
    double[] col = implicit || small != null ? null : new double[rows * nb * ohw];
    double[] t = map != null ? DoubleSmallConv.scratch(1, o * nb * ohw) : new double[o * nb * ohw];
    double[] gwt = implicit || small != null ? new double[gw.length] : null; // per group [patch, og]
    double[] xp = implicit ? paddedBlock(g, nb) : null;
    if (n == 0) Arrays.fill(gw, 0);
    for (int start = 0; start < n; start += nb) {
      final int n0 = start, m = Math.min(nb, n - start), ld = m * ohw;
      if (!implicit && small == null) patches(x, n0, m, g, map, col);
      else if (xp != null) pad(x, n0, m, g, xp);
      double[] sp = small != null ? DoubleSmallConv.padded(x, n0, m, g) : null;
      channelsFirst(gy, n0, m, g, t);
      for (int grp = 0; grp < g.groups(); grp++) {
        if (implicit) {
          panels.gemm(true, patch, og, ld, implicitPatches(x, xp, n0, grp, g), t, grp * og * ld, ld, gwt,
              grp * patch * og, og, n0 > 0);
        } else if (small != null) { // col·Gᵀ: the same fma chains as G·colᵀ, so the same bits
          small.gemm(true, patch, og, ld, new DoubleSmallConv.Patches(sp, grp, g, map), t, grp * og * ld, ld, gwt,
              grp * patch * og, og, n0 > 0);
        } else {
          MatMul.gemm(false, true, og, patch, ld, t, grp * og * ld, ld, col, grp * patch * ld, ld, gw,
              grp * og * patch, patch, n0 > 0);
        }
      }
    }
    if (gwt != null) {
      for (int grp = 0; grp < g.groups(); grp++)
        for (int r = 0; r < patch; r++)
          for (int oj = 0, s = (grp * patch + r) * og, d = grp * og * patch + r; oj < og; oj++, d += patch)
            gw[d] = gwt[s + oj];
    }
  }

  /**
   * Max pooling: y [n, c, oh, ow] and, in {@code argmax}, the flat index into x of each output's element.
   * Windows are clipped to the input (padding is −∞); the first largest element wins, a NaN wins.
   */
  public static void maxPool(double[] x, double[] y, int[] argmax, ConvGeometry g) {
    int h = g.h(), w = g.w(), oh = g.oh(), ow = g.ow(), kh = g.kh(), kw = g.kw(), sh = g.sh(), sw = g.sw();
    int ph = g.ph(), pw = g.pw(), dh = g.dh(), dw = g.dw();
    boolean twoByTwo = kh == 2 && kw == 2 && sh == 2 && sw == 2 && ph == 0 && pw == 0 && dh == 1 && dw == 1;
    Parallel.forRange(g.n() * g.c(), (long) oh * ow * kh * kw, THRESHOLD, (lo, hi) -> {
      for (int p = lo; p < hi; p++) {
        int plane = p * h * w, out = p * oh * ow;
        if (twoByTwo) {
          maxPool2x2(x, y, argmax, plane, out, w, oh, ow);
          continue;
        }
        for (int oy = 0; oy < oh; oy++) {
          int y0 = oy * sh - ph, y1 = Math.min(y0 + (kh - 1) * dh + 1, h);
          while (y0 < 0) y0 += dh;
          for (int ox = 0; ox < ow; ox++) {
            int x0 = ox * sw - pw, x1 = Math.min(x0 + (kw - 1) * dw + 1, w);
            while (x0 < 0) x0 += dw;
            int best = plane + y0 * w + x0;
            double max = Double.NEGATIVE_INFINITY;
            for (int iy = y0; iy < y1; iy += dh) {
              for (int ix = x0; ix < x1; ix += dw) {
                int k = plane + iy * w + ix;
                double v = x[k];
                if (v > max || Double.isNaN(v)) {
                  max = v;
                  best = k;
                }
              }
            }
            y[out + oy * ow + ox] = max;
            argmax[out + oy * ow + ox] = best;
          }
        }
      }
    });
  }

  /**
   * {@link #maxPool} of one plane for 2×2 windows of stride 2 without padding (MaxPool2d(2)). The same rule (the
   * first largest in row-major order, the last NaN) found without a data-dependent branch or float select (C2
   * compiles a float select as a jump, mispredicted half the time): m = the window's Math.max (NaN if any is
   * NaN), then the first element equal to m as integer selects, and y = x at that index. −0.0 == 0.0, so a
   * window of both zeros gets its first one, as with ">". A NaN window (rare) takes its last NaN, by branches.
   */
  private static void maxPool2x2(double[] x, double[] y, int[] argmax, int plane, int out, int w, int oh, int ow) {
    for (int oy = 0; oy < oh; oy++) {
      int r = plane + 2 * oy * w, o = out + oy * ow;
      for (int ox = 0; ox < ow; ox++) {
        int k = r + 2 * ox;
        double a = x[k], b = x[k + 1], c = x[k + w], d = x[k + w + 1];
        double m = Math.max(Math.max(a, b), Math.max(c, d));
        int best = d == m ? k + w + 1 : k;
        best = c == m ? k + w : best;
        best = b == m ? k + 1 : best;
        best = a == m ? k : best;
        if (m != m) best = d != d ? k + w + 1 : c != c ? k + w : b != b ? k + 1 : k;
        y[o + ox] = x[best];
        argmax[o + ox] = best;
      }
    }
  }

  /**
   * The adjoint of {@link #maxPool}: gx [n, c, h, w] += gy [n, c, oh, ow] scattered to the flat input indices
   * {@code argmax} that {@link #maxPool} recorded. A window's element lies in its own (image, channel) plane, so
   * the planes split across threads without two writing one element, and each plane adds in output order: the
   * same bits on any thread count.
   */
  public static void maxPoolGrad(double[] gy, int[] argmax, double[] gx, ConvGeometry g) {
    int ohw = g.oh() * g.ow();
    Parallel.forRange(g.n() * g.c(), ohw, THRESHOLD, Parallel.SPLIT, (lo, hi) -> { // planes: any cut
      for (int i = lo * ohw, end = hi * ohw; i < end; i++) gx[argmax[i]] += gy[i];
    });
  }

  /** Average pooling: y [n, c, oh, ow], each output the sum of its window (inside the input) over kh·kw. */
  public static void avgPool(double[] x, double[] y, ConvGeometry g) {
    int h = g.h(), w = g.w(), oh = g.oh(), ow = g.ow(), kh = g.kh(), kw = g.kw(), sh = g.sh(), sw = g.sw();
    int ph = g.ph(), pw = g.pw();
    /*wide*/ double count = kh * kw;
    Parallel.forRange(g.n() * g.c(), (long) oh * ow * kh * kw, THRESHOLD, (lo, hi) -> {
      for (int p = lo; p < hi; p++) {
        int plane = p * h * w, out = p * oh * ow;
        for (int oy = 0; oy < oh; oy++) {
          int y0 = oy * sh - ph, y1 = Math.min(y0 + kh, h);
          y0 = Math.max(y0, 0);
          for (int ox = 0; ox < ow; ox++) {
            int x0 = Math.max(ox * sw - pw, 0), x1 = Math.min(ox * sw - pw + kw, w);
            /*wide*/ double s = 0;
            for (int iy = y0; iy < y1; iy++) for (int ix = x0; ix < x1; ix++) s += x[plane + iy * w + ix];
            y[out + oy * ow + ox] = (double) (s / count);
          }
        }
      }
    });
  }

  /** The adjoint of {@link #avgPool}: gx [n, c, h, w] += each gy spread over its window, divided by kh·kw. */
  public static void avgPoolGrad(double[] gy, double[] gx, ConvGeometry g) {
    int h = g.h(), w = g.w(), oh = g.oh(), ow = g.ow(), kh = g.kh(), kw = g.kw(), sh = g.sh(), sw = g.sw();
    int ph = g.ph(), pw = g.pw();
    /*wide*/ double count = kh * kw;
    Parallel.forRange(g.n() * g.c(), (long) oh * ow * kh * kw, THRESHOLD, (lo, hi) -> {
      for (int p = lo; p < hi; p++) {
        int plane = p * h * w, out = p * oh * ow;
        for (int oy = 0; oy < oh; oy++) {
          int y0 = oy * sh - ph, y1 = Math.min(y0 + kh, h);
          y0 = Math.max(y0, 0);
          for (int ox = 0; ox < ow; ox++) {
            int x0 = Math.max(ox * sw - pw, 0), x1 = Math.min(ox * sw - pw + kw, w);
            double v = (double) (gy[out + oy * ow + ox] / count);
            for (int iy = y0; iy < y1; iy++) for (int ix = x0; ix < x1; ix++) gx[plane + iy * w + ix] += v;
          }
        }
      }
    });
  }
}
