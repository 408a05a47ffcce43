package dev.nabla.core.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

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
 *
 * <p>With the Vector API GEMM, the forward and the weight gradient write no patch matrix at all: the block's
 * images are copied once into zero-bordered planes ({@link #padded}) and {@link Patches} gathers the patches
 * through the same map, a vector at a time, straight into the GEMM's panels (B for the forward, A's rows for the
 * weight gradient's col·Gᵀ): the same matrix, so the same bits, without writing, zeroing and reading back the
 * column matrix. The im2col path's scratch arrays that are overwritten whole are kept per thread
 * ({@link #scratch}). W7 (FLOAT32, B = 64, 1 thread): allocation 4.92 → 2.30 MB per step; see
 * benchmarks/RESULTS.md for the times.
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

  /** Per-thread scratch arrays of the small-image paths, kept between calls (up to {@value #KEEP} elements). */
  private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[2][0]);
  private static final int KEEP = 1 << 20;

  /**
   * A scratch array of at least {@code size} elements, its contents arbitrary: the calling thread's array of
   * {@code slot} (0 or 1), kept for its next call, or a new one above {@value #KEEP} elements. For buffers the
   * caller overwrites whole (a GEMM's output, gy rearranged): a kept array saves the JVM's zeroing of a fresh one.
   */
  static double[] scratch(int slot, int size) {
    if (size > KEEP) return new double[size];
    double[][] s = SCRATCH.get();
    if (s[slot].length < size) s[slot] = new double[size];
    return s[slot];
  }

  /** The padded plane's width. */
  static int paddedWidth(ConvGeometry g) {
    return g.w() + 2 * g.pw();
  }

  /** Elements of a padded plane: (h + 2·ph)·(w + 2·pw). */
  static int paddedPlane(ConvGeometry g) {
    return (g.h() + 2 * g.ph()) * paddedWidth(g);
  }

  /** A zeroed padded plane, the scratch of {@link #im2col} and {@link #col2im} (one per thread). */
  static double[] plane(ConvGeometry g) {
    return new double[paddedPlane(g)];
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
      copyRows(x, xOff + ci * h * w, w, padded, inside, wp, h, w);
      for (int t = 0; t < taps; t++) {
        int dst = colOff + (ci * taps + t) * ld, m = t * ohw;
        for (int q = 0; q < ohw; q++) col[dst + q] = padded[map[m + q]];
      }
    }
  }

  /**
   * {@link DoubleConv#col2im} through {@code map}: adds each column element into the element of x it was read
   * from, in the same order (x's plane is copied into {@code padded}, the sums made there, the inside copied back;
   * the border's sums are never read, so it is not cleared).
   */
  static void col2im(double[] col, int colOff, int ld, ConvGeometry g, int[] map, double[] padded, double[] x,
      int xOff) {
    int h = g.h(), w = g.w(), wp = paddedWidth(g), ohw = g.oh() * g.ow(), taps = g.kh() * g.kw();
    int inside = g.ph() * wp + g.pw();
    for (int ci = 0; ci < g.c(); ci++) {
      int plane = xOff + ci * h * w;
      copyRows(x, plane, w, padded, inside, wp, h, w);
      for (int t = 0; t < taps; t++) {
        int src = colOff + (ci * taps + t) * ld, m = t * ohw;
        for (int q = 0; q < ohw; q++) padded[map[m + q]] += col[src + q];
      }
      copyRows(padded, inside, wp, x, plane, w, h, w);
    }
  }

  /**
   * Copies {@code rows} rows of {@code len} elements from a (rows {@code as} apart) to b (rows {@code bs} apart):
   * short rows by a loop (a call to System.arraycopy costs more than copying 4 or 8 elements).
   */
  private static void copyRows(double[] a, int aOff, int as, double[] b, int bOff, int bs, int rows, int len) {
    for (int r = 0; r < rows; r++, aOff += as, bOff += bs) {
      if (len > 16) System.arraycopy(a, aOff, b, bOff, len);
      else for (int q = 0; q < len; q++) b[bOff + q] = a[aOff + q];
    }
  }

  /**
   * Images n0..n0+m of x (all channels) copied into zero-bordered planes, [m, c, h + 2·ph, w + 2·pw]: what
   * {@link Patches} gathers from. Split across threads by plane.
   */
  static double[] padded(double[] x, int n0, int m, ConvGeometry g) {
    double[] xp = new double[m * g.c() * paddedPlane(g)];
    int hw = g.h() * g.w();
    Parallel.forRange(m * g.c(), hw, COPY_THRESHOLD, Parallel.SPLIT, (lo, hi) -> pad(x, n0 * g.c() * hw, g, lo, hi, xp));
    return xp;
  }

  /**
   * Copies the planes p0..p1 (image·c + channel, counted from x's {@code xOff}) into the insides of the padded
   * planes of xp, {@link #paddedPlane} apart; the borders are not written, so xp's must be zero (a fresh array,
   * or one whose borders were never written). The padded layout of both {@link Patches} and {@code DoublePatches}.
   */
  static void pad(double[] x, int xOff, ConvGeometry g, int p0, int p1, double[] xp) {
    int h = g.h(), w = g.w(), wp = paddedWidth(g), plane = paddedPlane(g), inside = g.ph() * wp + g.pw();
    for (int p = p0; p < p1; p++) copyRows(x, xOff + p * h * w, w, xp, p * plane + inside, wp, h, w);
  }

  /** Elements copied below which {@link #padded} stays on the calling thread. */
  private static final long COPY_THRESHOLD = 1 << 15;

  /**
   * The im2col matrix of a block of {@link #padded} images as a GEMM operand packed straight into the GEMM's
   * panels (B's for the forward, A's rows for the weight gradient's col·Gᵀ), so that no column matrix is written
   * and read back: column img·oh·ow + pix, row ci·kh·kw + t is the padded image's plane ci at
   * {@code map[t·oh·ow + pix]}. The same matrix as {@link #im2col}'s, so the GEMM gives the im2col path's bits.
   * Reads shared state only: the GEMM's threads share one instance.
   */
  static final class Patches implements DoublePanels {
    /** The GEMM's species: a run of a row is gathered a vector at a time (only the Vector API GEMM takes this). */
    private static final VectorSpecies<Double> S = DoubleVectorGemm.S;
    private static final int L = S.length();
    private final double[] xp;
    private final int[] map;
    private final int off, image, plane, ohw, taps;

    /** The patches of group {@code grp}'s channels of the padded images {@code xp} of geometry {@code g}. */
    Patches(double[] xp, int grp, ConvGeometry g, int[] map) {
      this.xp = xp;
      this.map = map;
      plane = paddedPlane(g);
      image = g.c() * plane;
      off = grp * g.cg() * plane;
      ohw = g.oh() * g.ow();
      taps = g.kh() * g.kw();
    }

    @Override
    public void pack(int pc, int kc, int jc, int nc, int nr, double[] bp) {
      for (int jr = 0; jr < nc; jr += nr) {
        int cols = Math.min(nr, nc - jr), base = jr * kc;
        for (int q = 0; q < cols; ) { // the panel's columns, cut where an image ends
          int col = jc + jr + q, img = col / ohw, pix = col - img * ohw, len = Math.min(cols - q, ohw - pix);
          gather(off + img * image, pc, kc, pix, len, bp, base + q, nr);
          q += len;
        }
        for (int p = 0, d = base; cols < nr && p < kc; p++, d += nr) for (int q = cols; q < nr; q++) bp[d + q] = 0;
      }
    }

    @Override
    public void packRows(int ic, int mc, int pc, int kc, int as, double[] ap) {
      for (int p = 0; p < kc; ) { // the columns, cut where an image ends
        int col = pc + p, img = col / ohw, pix = col - img * ohw, len = Math.min(kc - p, ohw - pix);
        gather(off + img * image, ic, mc, pix, len, ap, p, as);
        p += len;
      }
    }

    /**
     * Rows r0..r0+rows of columns pix..pix+len of the padded image at {@code src}, into a at {@code dst}, rows
     * {@code step} apart.
     */
    private void gather(int src, int r0, int rows, int pix, int len, double[] a, int dst, int step) {
      int ci = r0 / taps, t = r0 - ci * taps;
      for (int p = 0; p < rows; p++, dst += step) {
        int s = src + ci * plane, m = t * ohw + pix, u = 0;
        for (; u + L <= len; u += L) DoubleVector.fromArray(S, xp, s, map, m + u).intoArray(a, dst + u);
        for (; u < len; u++) a[dst + u] = xp[s + map[m + u]];
        if (++t == taps) {
          t = 0;
          ci++;
        }
      }
    }
  }
}
