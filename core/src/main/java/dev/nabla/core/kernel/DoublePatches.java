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
 */
final class DoublePatches implements DoublePanels {
  /** The GEMM's vector species: runs are copied a vector at a time. */
  private static final VectorSpecies<Double> S = DoubleVectorGemm.S;
  private static final int L = S.length();

  private final double[] x;
  private final int xOff;
  private final ConvGeometry g;

  /** The patches of the images from {@code xOff} (the first image's channel c0), images c·h·w apart. */
  DoublePatches(double[] x, int xOff, ConvGeometry g) {
    this.x = x;
    this.xOff = xOff;
    this.g = g;
  }

  @Override
  public void pack(int pc, int kc, int jc, int nc, int nr, double[] bp) {
    int ow = g.ow(), ohw = g.oh() * ow, chw = g.c() * g.h() * g.w();
    for (int jr = 0; jr < nc; jr += nr) {
      int cols = Math.min(nr, nc - jr), base = jr * kc;
      for (int q = 0; q < cols; ) { // the panel's columns, cut into runs along one output row
        int col = jc + jr + q, img = col / ohw, pix = col - img * ohw, oy = pix / ow, ox = pix - oy * ow;
        int len = Math.min(cols - q, ow - ox);
        run(xOff + img * chw, pc, kc, oy, ox, len, bp, base + q, nr);
        q += len;
      }
      for (int p = 0, d = base; cols < nr && p < kc; p++, d += nr) for (int q = cols; q < nr; q++) bp[d + q] = 0;
    }
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
