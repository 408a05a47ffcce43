package dev.nabla.core.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The im2col matrix of a block of images, packed straight into a GEMM's B panels (FLOAT32 twin generated):
 * the convolution as an implicit GEMM, with no column matrix written and read back. Column
 * img·oh·ow + oy·ow + ox and row (ci·kh + i)·kw + j hold x[img, c0 + ci, oy·sh − ph + i·dh, ox·sw − pw + j·dw],
 * zero outside the input (see {@link DoubleConv#im2col}, the same matrix). Reads x only, so the GEMM's threads
 * share one instance. As A ({@link #packRows}) it is the same matrix, for the weight gradient's col·Gᵀ. Uses the
 * Vector API: only the Vector API GEMM ({@link VectorGemm}) is given one.
 *
 * <p>Two sources. At column stride 1 ({@link #padded}) the images are first copied into zero-bordered planes
 * ({@code DoubleSmallConv.pad}: the padding written out), so that element (row, column) is the padded block at
 * {@code rowOff[row] + colOff(column)}, and a run of columns along one output row is a plain vector copy with no
 * border test: row (ci, i, j) adds ci·plane + i·dh·wp + j·dw (a table made once per instance), column
 * (img, oy, ox) adds img·c·plane + oy·sh·wp + ox. Before, each run of 32 elements tested the image's borders and
 * cut its copy around them, and that bookkeeping cost about a third of the packing (W9: packing 27.5 % of the
 * forward). At other strides the patches are read from x itself ({@link #DoublePatches(double[], int,
 * ConvGeometry)}), element by element with border tests.
 */
final class DoublePatches implements DoublePanels {
  /** The GEMM's vector species: runs are copied a vector at a time. */
  private static final VectorSpecies<Double> S = DoubleVectorGemm.S;
  private static final int L = S.length();

  private final double[] x;
  private final int xOff;
  private final ConvGeometry g;
  /** Padded source only (else null): each patch row's offset in the padded block, from the block's channel c0. */
  private final int[] rowOff;

  /** The patches of the images from {@code xOff} (the first image's channel c0), images c·h·w apart. */
  DoublePatches(double[] x, int xOff, ConvGeometry g) {
    this.x = x;
    this.xOff = xOff;
    this.g = g;
    this.rowOff = null;
  }

  private DoublePatches(double[] xp, int xpOff, ConvGeometry g, int[] rowOff) {
    this.x = xp;
    this.xOff = xpOff;
    this.g = g;
    this.rowOff = rowOff;
  }

  /**
   * The patches of the padded images from {@code xpOff} (the first image's channel c0 in a block written by
   * {@code DoubleSmallConv.pad}), for column stride 1 only.
   */
  static DoublePatches padded(double[] xp, int xpOff, ConvGeometry g) {
    if (g.sw() != 1) throw new IllegalArgumentException("padded patches need column stride 1: " + g);
    int kh = g.kh(), kw = g.kw(), wp = DoubleSmallConv.paddedWidth(g), plane = DoubleSmallConv.paddedPlane(g);
    int[] rowOff = new int[g.patch()];
    for (int ci = 0, r = 0; ci < g.cg(); ci++)
      for (int i = 0; i < kh; i++)
        for (int j = 0; j < kw; j++, r++) rowOff[r] = ci * plane + i * g.dh() * wp + j * g.dw();
    return new DoublePatches(xp, xpOff, g, rowOff);
  }

  @Override
  public void pack(int pc, int kc, int jc, int nc, int nr, double[] bp) {
    int ow = g.ow(), ohw = g.oh() * ow, chw = g.c() * g.h() * g.w();
    int wp = DoubleSmallConv.paddedWidth(g), image = g.c() * DoubleSmallConv.paddedPlane(g), rowStep = g.sh() * wp;
    for (int jr = 0; jr < nc; jr += nr) {
      int cols = Math.min(nr, nc - jr), base = jr * kc;
      for (int q = 0; q < cols; ) { // the panel's columns, cut into runs along one output row
        int col = jc + jr + q, img = col / ohw, pix = col - img * ohw, oy = pix / ow, ox = pix - oy * ow;
        int len = Math.min(cols - q, ow - ox);
        if (rowOff != null) runPadded(xOff + img * image + oy * rowStep + ox, pc, kc, len, bp, base + q, nr);
        else run(xOff + img * chw, pc, kc, oy, ox, len, bp, base + q, nr);
        q += len;
      }
      for (int p = 0, d = base; cols < nr && p < kc; p++, d += nr) for (int q = cols; q < nr; q++) bp[d + q] = 0;
    }
  }

  /** Rows pc..pc+kc of a run of len columns from the padded block at {@code from}, into bp at dst, rows nr apart. */
  private void runPadded(int from, int pc, int kc, int len, double[] bp, int dst, int nr) {
    if (len == 2 * L) { // a whole panel row of 2 vectors (W9: 32-pixel rows, 32-column float panels)
      for (int p = 0; p < kc; p++, dst += nr) {
        int s = from + rowOff[pc + p];
        DoubleVector.fromArray(S, x, s).intoArray(bp, dst);
        DoubleVector.fromArray(S, x, s + L).intoArray(bp, dst + L);
      }
      return;
    }
    for (int p = 0; p < kc; p++, dst += nr) copy(x, from + rowOff[pc + p], bp, dst, len);
  }

  /** y[d..d+len) = x[s..s+len): whole vectors, then element by element. */
  private static void copy(double[] x, int s, double[] y, int d, int len) {
    int q = 0;
    for (; q + L <= len; q += L) DoubleVector.fromArray(S, x, s + q).intoArray(y, d + q);
    for (; q < len; q++) y[d + q] = x[s + q];
  }

  /** Rows pc..pc+kc of the columns (oy, ox..ox+len) of the image at {@code img}, into bp at dst, rows nr apart. */
  private void run(int img, int pc, int kc, int oy, int ox, int len, double[] bp, int dst, int nr) {
    int h = g.h(), w = g.w(), kw = g.kw(), kh = g.kh(), dh = g.dh(), dw = g.dw(), sw = g.sw(), hw = h * w;
    int ci = pc / (kh * kw), rem = pc - ci * kh * kw, i = rem / kw, j = rem - i * kw;
    int iy0 = oy * g.sh() - g.ph(), ix00 = ox * sw - g.pw();
    for (int p = 0; p < kc; p++, dst += nr) {
      int iy = iy0 + i * dh, ix0 = ix00 + j * dw;
      if (iy < 0 || iy >= h) {
        for (int q = 0; q < len; q++) bp[dst + q] = 0;
      } else if (sw == 1) { // one contiguous run between zero borders
        copy(img + ci * hw + iy * w + ix0, Math.min(len, Math.max(0, -ix0)), w - ix0, len, bp, dst);
      } else {
        int row = img + ci * hw + iy * w;
        for (int q = 0, ix = ix0; q < len; q++, ix += sw) bp[dst + q] = ix >= 0 && ix < w ? x[row + ix] : 0;
      }
      if (++j == kw) {
        j = 0;
        if (++i == kh) {
          i = 0;
          ci++;
        }
      }
    }
  }

  @Override
  public void packRows(int ic, int mc, int pc, int kc, int as, double[] ap) {
    if (rowOff != null) {
      packRowsPadded(ic, mc, pc, kc, as, ap);
      return;
    }
    int h = g.h(), w = g.w(), kw = g.kw(), kh = g.kh(), ow = g.ow(), ohw = g.oh() * ow, sw = g.sw(), hw = h * w;
    int chw = g.c() * hw, ci = ic / (kh * kw), rem = ic - ci * kh * kw, i = rem / kw, j = rem - i * kw;
    int[] runs = new int[3 * (kc / Math.max(1, ow) + 2)]; // columns pc..pc+kc cut into runs along one output row:
    int count = 0; // (image offset, oy, ox), the same for every row
    for (int p = 0; p < kc; count++) {
      int col = pc + p, img = col / ohw, pix = col - img * ohw, oy = pix / ow, ox = pix - oy * ow;
      runs[3 * count] = img * chw;
      runs[3 * count + 1] = oy;
      runs[3 * count + 2] = ox;
      p += Math.min(kc - p, ow - ox);
    }
    for (int r = 0; r < mc; r++) {
      int iOff = i * g.dh() - g.ph(), jOff = j * g.dw() - g.pw(), plane = xOff + ci * hw;
      for (int u = 0, p = 0, d = r * as; u < count; u++) {
        int oy = runs[3 * u + 1], ox = runs[3 * u + 2], len = Math.min(kc - p, ow - ox);
        int iy = oy * g.sh() + iOff, ix0 = ox * sw + jOff;
        if (iy < 0 || iy >= h) {
          for (int q = 0; q < len; q++) ap[d + q] = 0;
        } else if (sw == 1) {
          copy(plane + runs[3 * u] + iy * w + ix0, Math.min(len, Math.max(0, -ix0)), w - ix0, len, ap, d);
        } else {
          int row = plane + runs[3 * u] + iy * w;
          for (int q = 0, ix = ix0; q < len; q++, ix += sw) ap[d + q] = ix >= 0 && ix < w ? x[row + ix] : 0;
        }
        p += len;
        d += len;
      }
      if (++j == kw) {
        j = 0;
        if (++i == kh) {
          i = 0;
          ci++;
        }
      }
    }
  }

  /**
   * {@link #packRows} from the padded block: the columns pc..pc+kc are cut once into runs along one output row
   * (their offsets, the same for every row), then each row is its runs' plain copies.
   */
  private void packRowsPadded(int ic, int mc, int pc, int kc, int as, double[] ap) {
    int ow = g.ow(), ohw = g.oh() * ow, wp = DoubleSmallConv.paddedWidth(g), image = g.c() * DoubleSmallConv.paddedPlane(g), rowStep = g.sh() * wp;
    int[] from = new int[kc / Math.max(1, ow) + 2], lens = new int[from.length];
    int count = 0;
    for (int p = 0; p < kc; count++) {
      int col = pc + p, img = col / ohw, pix = col - img * ohw, oy = pix / ow, ox = pix - oy * ow;
      from[count] = xOff + img * image + oy * rowStep + ox;
      lens[count] = Math.min(kc - p, ow - ox);
      p += lens[count];
    }
    for (int r = 0; r < mc; r++) {
      int off = rowOff[ic + r];
      for (int u = 0, d = r * as; u < count; d += lens[u], u++) copy(x, from[u] + off, ap, d, lens[u]);
    }
  }

  /**
   * bp[dst + q] = x[from + q] for q in [lo, min(hi, len)), zero for the other q &lt; len: whole vectors when the
   * run lies inside x (the border lanes zeroed after), else element by element.
   */
  private void copy(int from, int lo, int hi, int len, double[] bp, int dst) {
    hi = Math.max(lo, Math.min(len, hi));
    int q = 0;
    if (from >= 0 && from + len <= x.length) {
      for (; q + L <= len; q += L) DoubleVector.fromArray(S, x, from + q).intoArray(bp, dst + q);
      for (int r = q; r < len; r++) bp[dst + r] = x[from + r];
      for (int r = 0; r < lo; r++) bp[dst + r] = 0;
      for (int r = hi; r < len; r++) bp[dst + r] = 0;
    } else {
      for (; q < lo; q++) bp[dst + q] = 0;
      for (; q < hi; q++) bp[dst + q] = x[from + q];
      for (; q < len; q++) bp[dst + q] = 0;
    }
  }
}
