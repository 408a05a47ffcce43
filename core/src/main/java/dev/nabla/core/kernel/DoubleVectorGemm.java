package dev.nabla.core.kernel;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * GEMM with {@code jdk.incubator.vector} micro-kernels, blocked GotoBLAS/BLIS style.
 *
 * <p>Loops, outermost first: column panels of C ({@code NC} wide), depth blocks ({@code KC} deep),
 * row blocks ({@code MC} high), then MR×NR tiles. For each (column panel, depth block) the kc×nc
 * slab of op(B) is packed into NR-wide micro-panels (stays in L3/L2), for each row block the mc×kc
 * block of op(A) is packed into MR-high micro-panels (stays in L2), and the micro-kernel
 * ({@link DoubleGemmKernels}) streams one A micro-panel against one B micro-panel (kc×NR) while an MR×NR
 * tile of C lives in registers. The tile and the blocks follow the vector species, by the rule at
 * {@link #MR}: 6 rows × 2 vectors with 16 vector registers (AVX2), 8 rows × 2 vectors with 32 (AVX-512).
 * Packing absorbs the transposes, so all four trans cases run the same kernels. Partial edge tiles are
 * packed with zero padding and computed in a scratch tile (C's part copied in when accumulating, then copied out).
 *
 * <p>Row-layout A panels: when A is row-major and either B is transposed (x·Wᵀ, a layer's forward) or the
 * product is narrow (n at most {@link #ROWS_N}), A panels are packed as rows {@code AS} apart, a plain row
 * copy, and read by the row kernels at constant row offsets. A narrow product's A block serves only a few
 * B micro-panels, so the p-major gather cost more than the kernel gained from it (float NN on Zen 4, rows
 * against p-major run alternately with the 256-bit 6×16 tile: n = 64 +18%, 128 +10%, 256 +7%, 512 ±0; with the
 * 8×32 tile, layout and tile together against the 6×32 p-major kernel before them, JMH medians of 4 alternated
 * rounds: n = 64 +36%, 128 +23%, 256 +10%); above it the p-major layout stays, measured faster (n = 1024 NN: by
 * 20% on AVX2). And when x·Wᵀ has fewer rows in x than in W, the
 * product runs as Cᵀ = W·xᵀ into a scratch matrix, so the big W is the copied operand and only the small x is
 * transposed (32×256×784 float: 35 → 49 GFLOP/s). Both are FLOAT32 only ({@link #ROW_PANELS}); double
 * products take the p-major path, except those whose A comes from a packer (below), always row layout.
 *
 * <p>Packers: a product may take A's rows or B's panels from a {@link DoublePanels} instead of a matrix (a
 * convolution packs its patches straight from the image, with no im2col matrix); the blocking, kernels and thread
 * split are the same. A transposed B is packed with vector gathers from 512 bits ({@link #GATHER}).
 *
 * <p>Every C element is {@code acc = fma(a, b, acc)} over p in order, acc starting at 0 (first depth block,
 * not accumulating) or at C (accumulating, and every later depth block), then stored: one fma chain over all
 * of k, the same bits whichever tile, thread, split or depth block size computes it (the Cᵀ path runs the same
 * chain on Cᵀ). Threads split C into row blocks (or column blocks when C is wide), each packing its own panels
 * into per-thread buffers.
 *
 * <p>The one source of {@link VectorGemm} (FLOAT32 twin generated): block sizes are in bytes, so the
 * twin's are twice as many elements.
 */
final class DoubleVectorGemm {
  /**
   * The vector species: the preferred one, or {@code -Dnabla.gemm.bits=128|256|512} (read once), so that
   * tests can run every width's tile on any machine (the Vector API emulates a width the CPU lacks).
   */
  static final VectorSpecies<Double> S = species();
  static final int L = S.length();
  /**
   * The tile and block rule, the one place it is written. The register tile is MR rows × NR = 2 vectors, and
   * the 2·MR accumulators, the two B vectors and one broadcast A element must fit the vector registers: 16
   * below 512 bits (AVX2, SSE: MR = 6, 15 registers), 32 from 512 bits (AVX-512: MR = 8, 19 registers). Up to
   * 14 rows would fit in 32; JMH on Zen 4 (float, n = 64…1024) found 12 rows no faster than 8 at n ≥ 256 and
   * 20% slower at n = 64, whose 64 rows leave a 4-row edge tile, while 8 divides every power of two.
   * Blocks are sized in bytes (the FLOAT32 twin's are twice as many elements): KC = 256 deep, so a B
   * micro-panel (KC×NR) takes 16 KB on 256-bit vectors and 32 KB on 512-bit ones (KC = 128, to keep it at
   * 16 KB, measured 4–25% slower on Zen 4 at n = 256 and 1024); an A block (MC×KC) 144 KB of L2; a B slab
   * (KC×NC) 2 MB of L3. 256-bit float: 6×16 tile, MC = 144, NC = 2048; 512-bit float: 8×32, MC = 144, NC = 2048.
   */
  static final int MR = S.vectorBitSize() >= 512 ? 8 : 6, NR = 2 * L, KC = 256;
  private static final int MC = (144 << 10) / (KC * Double.BYTES) / MR * MR;
  private static final int NC = (2 << 20) / (KC * Double.BYTES) / NR * NR;
  /**
   * Distance between the rows of a row-layout A micro-panel: KC plus 16 elements, so the MR rows the kernel
   * reads side by side do not all fall into the same L1 sets.
   */
  static final int AS = KC + 16;
  /** Products at most this many columns wide take row-layout A panels (see the class comment). */
  private static final int ROWS_N = 256;
  /**
   * Whether x·Wᵀ takes its own paths (row-layout A panels; Cᵀ = W·xᵀ when x has fewer rows than W).
   * They were measured and tuned on FLOAT32 only: true in the FLOAT32 twin, false here.
   */
  private static final boolean ROW_PANELS = Double.BYTES == Float.BYTES;
  /**
   * Flops below which a product runs on the calling thread. With spinning workers (see {@link Parallel})
   * two threads pay from about 1 MFLOP: n = 128 on 2 threads 65 -> 100-120 GFLOP/s (was 8 MFLOP).
   */
  private static final long PARALLEL_FLOPS = 1L << 20;

  /** A thread's packed panels of op(A) and op(B), its Cᵀ scratch and its edge tile. */
  private static final class Buffers {
    double[] a = new double[0], b = new double[0], c = new double[0], t = new double[MR * NR];
    /** The gathers' offsets in {@link #packB}, for the ldb they were made for. */
    int[] rows = new int[L];
    int rowsLd = -1;
  }

  private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

  private DoubleVectorGemm() {}

  private static VectorSpecies<Double> species() {
    String bits = System.getProperty("nabla.gemm.bits");
    if (bits == null || bits.isBlank()) return DoubleVector.SPECIES_PREFERRED;
    return VectorSpecies.of(double.class, VectorShape.forBitSize(Integer.parseInt(bits.trim())));
  }

  /** Depth blocks of equal size, at most KC: k = 784 runs as 4 × 196, not 3 × 256 + a stub of 16. */
  private static int depthStep(int k) {
    return ceilDiv(k, ceilDiv(k, KC));
  }

  private static int ceilDiv(int x, int y) {
    return (x + y - 1) / y;
  }

  static void gemm(boolean tA, boolean tB, int m, int n, int k, double[] a, int aOff, int lda,
      double[] b, int bOff, int ldb, double[] c, int cOff, int ldc, boolean accumulate) {
    if (ROW_PANELS && tB && !tA && m < n) { // x·Wᵀ with fewer rows than columns: Cᵀ = W·xᵀ copies the big W, transposes the small x
      Buffers buf = BUFFERS.get();
      if (buf.c.length < m * n) buf.c = new double[m * n];
      double[] ct = buf.c;
      if (accumulate) { // Cᵀ starts at C, so the chain is the one the other paths run
        for (int i = 0; i < m; i++) {
          for (int j = 0, ci = cOff + i * ldc, ti = i; j < n; j++, ci++, ti += m) ct[ti] = c[ci];
        }
      }
      gemm(false, true, n, m, k, b, bOff, ldb, a, aOff, lda, ct, 0, m, accumulate);
      for (int i = 0; i < m; i++) {
        for (int j = 0, ci = cOff + i * ldc, ti = i; j < n; j++, ci++, ti += m) c[ci] = ct[ti];
      }
      return;
    }
    split(tA, tB, m, n, k, a, aOff, lda, null, b, bOff, ldb, null, c, cOff, ldc, accumulate);
  }

  /**
   * C = A·B (or C += A·B) with A row-major and B given by its packer instead of a matrix: {@code panels}
   * writes B's NR-wide micro-panels where {@link #packB} would (a convolution packs its patches straight
   * from the image, with no im2col matrix). Same blocks, kernels, threads and fma chains as {@link #gemm}.
   */
  static void gemm(int m, int n, int k, double[] a, int aOff, int lda, DoublePanels panels, double[] c, int cOff,
      int ldc, boolean accumulate) {
    split(false, false, m, n, k, a, aOff, lda, null, null, 0, 0, panels, c, cOff, ldc, accumulate);
  }

  /**
   * C = A·op(B) (or C += A·op(B)) with A given by its packer ({@link DoublePanels#packRows}, row layout) and B a
   * matrix: a convolution's weight gradient packs its patches straight from the image as A's rows. Same blocks,
   * kernels, threads and fma chains as {@link #gemm}.
   */
  static void gemm(boolean tB, int m, int n, int k, DoublePanels panels, double[] b, int bOff, int ldb, double[] c,
      int cOff, int ldc, boolean accumulate) {
    split(false, tB, m, n, k, null, 0, 0, panels, b, bOff, ldb, null, c, cOff, ldc, accumulate);
  }

  /**
   * Splits C into row or column blocks across threads; A and B are the matrices a and b, or packed by
   * {@code aPanels} and {@code bPanels} when those are not null.
   */
  private static void split(boolean tA, boolean tB, int m, int n, int k, double[] a, int aOff, int lda,
      DoublePanels aPanels, double[] b, int bOff, int ldb, DoublePanels bPanels, double[] c, int cOff, int ldc,
      boolean accumulate) {
    int rowBlocks = ceilDiv(m, MR), colBlocks = ceilDiv(n, NR);
    boolean byRows = rowBlocks >= colBlocks;
    long cost = 2L * k * (byRows ? (long) MR * n : (long) NR * m);
    if (bPanels != null && aPanels == null) { // B from a packer: panelBlock for at most MC rows
      // chosen in its own lambda, not inside block: block with panelBlock inlined grew past C2's inlining budget
      // (kernels not inlined, vectors boxed: W9 conv2d 1.3-8x slower); the matrix products keep their lambda
      Parallel.forRange(byRows ? rowBlocks : colBlocks, cost, PARALLEL_FLOPS, (lo, hi) -> {
        int i0 = byRows ? lo * MR : 0, i1 = byRows ? Math.min(m, hi * MR) : m;
        int j0 = byRows ? 0 : lo * NR, j1 = byRows ? n : Math.min(n, hi * NR);
        if (i1 - i0 <= MC) panelBlock(tA, k, a, aOff, lda, bPanels, c, cOff, ldc, accumulate, i0, i1, j0, j1);
        else block(tA, tB, k, a, aOff, lda, null, b, bOff, ldb, bPanels, c, cOff, ldc, accumulate, i0, i1, j0, j1);
      });
      return;
    }
    Parallel.forRange(byRows ? rowBlocks : colBlocks, cost, PARALLEL_FLOPS, (lo, hi) -> {
      if (byRows) {
        block(tA, tB, k, a, aOff, lda, aPanels, b, bOff, ldb, bPanels, c, cOff, ldc, accumulate, lo * MR,
            Math.min(m, hi * MR),
            0, n);
      } else {
        block(tA, tB, k, a, aOff, lda, aPanels, b, bOff, ldb, bPanels, c, cOff, ldc, accumulate, 0, m, lo * NR,
            Math.min(n, hi * NR));
      }
    });
  }

  private static void block(boolean tA, boolean tB, int k, double[] a, int aOff, int lda, DoublePanels aPanels,
      double[] b, int bOff, int ldb, DoublePanels bPanels, double[] c, int cOff, int ldc, boolean accumulate, int i0, int i1,
      int j0, int j1) {
    Buffers buf = BUFFERS.get();
    int kStep = depthStep(k);
    boolean rows = aPanels != null || ROW_PANELS && !tA && (tB || j1 - j0 <= ROWS_N); // A from a packer, x·Wᵀ or narrow: A panels as rows; the others p-major
    int aSize = Math.min(MC, ceilDiv(i1 - i0, MR) * MR) * (rows ? AS : kStep);
    int bSize = Math.min(NC, ceilDiv(j1 - j0, NR) * NR) * kStep;
    if (buf.a.length < aSize) buf.a = new double[aSize];
    if (buf.b.length < bSize) buf.b = new double[bSize];
    double[] ap = buf.a, bp = buf.b, t = buf.t;
    for (int jc = j0; jc < j1; jc += NC) {
      int nc = Math.min(NC, j1 - jc);
      for (int pc = 0; pc < k; pc += kStep) {
        int kc = Math.min(kStep, k - pc);
        boolean add = accumulate || pc > 0;
        if (bPanels == null) packB(tB, b, bOff, ldb, pc, kc, jc, nc, bp, buf);
        else bPanels.pack(pc, kc, jc, nc, NR, bp);
        for (int ic = i0; ic < i1; ic += MC) {
          int mc = Math.min(MC, i1 - ic);
          if (aPanels != null) packedRows(aPanels, ic, mc, pc, kc, ap);
          else if (rows) packRows(a, aOff, lda, ic, mc, pc, kc, ap);
          else packA(tA, a, aOff, lda, ic, mc, pc, kc, ap, 0);
          for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            for (int ir = 0; ir < mc; ir += MR) {
              int mr = Math.min(MR, mc - ir), co = cOff + (ic + ir) * ldc + jc + jr;
              int ao = ir * (rows ? AS : kc), bo = jr * kc;
              if (mr == MR && nr == NR) { // a full tile: C itself is the kernel's tile
                if (add) DoubleGemmKernels.kernelAcc(MR, rows, kc, ap, ao, bp, bo, c, co, ldc);
                else DoubleGemmKernels.kernel(MR, rows, kc, ap, ao, bp, bo, c, co, ldc);
              } else if (add) { // an edge tile, computed in the scratch tile the same way: load C, accumulate, copy back
                copyTile(c, co, ldc, t, 0, NR, mr, nr);
                DoubleGemmKernels.kernelAcc(MR, rows, kc, ap, ao, bp, bo, t, 0, NR);
                copyTile(t, 0, NR, c, co, ldc, mr, nr);
              } else {
                DoubleGemmKernels.kernel(MR, rows, kc, ap, ao, bp, bo, t, 0, NR);
                copyTile(t, 0, NR, c, co, ldc, mr, nr);
              }
            }
          }
        }
      }
    }
  }

  /**
   * {@link #block} for B from a packer and at most MC rows (a convolution's forward: its og output channels), in
   * another loop order: all of A's depth blocks are packed once, then each B micro-panel is packed just before
   * the tiles that read it, all depth blocks of one micro-panel in turn, so the panel is read from L1 right
   * after it is written (in {@link #block}'s order each slab of kc×NC went out to L3 and was read back). The
   * same fma chains: each tile runs the depth blocks in order, accumulating from the second.
   */
  private static void panelBlock(boolean tA, int k, double[] a, int aOff, int lda, DoublePanels bPanels, double[] c,
      int cOff, int ldc, boolean accumulate, int i0, int i1, int j0, int j1) {
    Buffers buf = BUFFERS.get();
    int kStep = depthStep(k), mc = i1 - i0, mPad = ceilDiv(mc, MR) * MR;
    if (buf.a.length < mPad * k) buf.a = new double[mPad * k];
    if (buf.b.length < NR * kStep) buf.b = new double[NR * kStep];
    double[] ap = buf.a, bp = buf.b, t = buf.t;
    for (int pc = 0; pc < k; pc += kStep) { // depth block pc's A panels at pc·mPad, p-major
      int kc = Math.min(kStep, k - pc);
      packA(tA, a, aOff, lda, i0, mc, pc, kc, ap, pc * mPad);
    }
    for (int jr = j0; jr < j1; jr += NR) {
      int nr = Math.min(NR, j1 - jr);
      for (int pc = 0; pc < k; pc += kStep) {
        int kc = Math.min(kStep, k - pc);
        boolean add = accumulate || pc > 0;
        bPanels.pack(pc, kc, jr, nr, NR, bp);
        for (int ir = 0; ir < mc; ir += MR) {
          int mr = Math.min(MR, mc - ir), co = cOff + (i0 + ir) * ldc + jr, ao = pc * mPad + ir * kc;
          if (mr == MR && nr == NR) {
            if (add) DoubleGemmKernels.kernelAcc(MR, false, kc, ap, ao, bp, 0, c, co, ldc);
            else DoubleGemmKernels.kernel(MR, false, kc, ap, ao, bp, 0, c, co, ldc);
          } else if (add) {
            copyTile(c, co, ldc, t, 0, NR, mr, nr);
            DoubleGemmKernels.kernelAcc(MR, false, kc, ap, ao, bp, 0, t, 0, NR);
            copyTile(t, 0, NR, c, co, ldc, mr, nr);
          } else {
            DoubleGemmKernels.kernel(MR, false, kc, ap, ao, bp, 0, t, 0, NR);
            copyTile(t, 0, NR, c, co, ldc, mr, nr);
          }
        }
      }
    }
  }

  /**
   * Copies an mr × nr tile from x (rows ldx apart) to y (rows ldy apart): C into the scratch tile or back. The
   * scratch tile's padding rows and columns are left as they are; the kernel computes them from zero-padded
   * panels and they are never copied back.
   */
  private static void copyTile(double[] x, int xo, int ldx, double[] y, int yo, int ldy, int mr, int nr) {
    for (int r = 0; r < mr; r++) System.arraycopy(x, xo + r * ldx, y, yo + r * ldy, nr);
  }

  /** Packs op(A)[ic:ic+mc, pc:pc+kc] as MR-row micro-panels from ap[apOff], p-major, zero-padded to MR rows. */
  private static void packA(boolean tA, double[] a, int aOff, int lda, int ic, int mc, int pc, int kc, double[] ap,
      int apOff) {
    for (int ir = 0; ir < mc; ir += MR) {
      int mr = Math.min(MR, mc - ir), base = apOff + ir * kc;
      if (tA) {
        for (int p = 0; p < kc; p++) {
          System.arraycopy(a, aOff + (pc + p) * lda + ic + ir, ap, base + p * MR, mr); // a row of op(A)ᵀ: mr in a row
        }
      } else if (mr == MR) { // MR rows read side by side, written in order
        for (int p = 0, s = aOff + (ic + ir) * lda + pc, dst = base; p < kc; p++, s++, dst += MR) {
          for (int r = 0, sr = s; r < MR; r++, sr += lda) ap[dst + r] = a[sr];
        }
      } else {
        for (int r = 0; r < mr; r++) {
          int src = aOff + (ic + ir + r) * lda + pc;
          for (int p = 0, dst = base + r; p < kc; p++, dst += MR) ap[dst] = a[src + p];
        }
      }
      for (int r = mr; r < MR; r++) {
        for (int p = 0, dst = base + r; p < kc; p++, dst += MR) ap[dst] = 0;
      }
    }
  }

  /** {@link #packRows} by A's packer: its rows, then zero rows up to a multiple of MR. */
  private static void packedRows(DoublePanels aPanels, int ic, int mc, int pc, int kc, double[] ap) {
    aPanels.packRows(ic, mc, pc, kc, AS, ap);
    for (int r = mc; r < ceilDiv(mc, MR) * MR; r++) Arrays.fill(ap, r * AS, r * AS + kc, 0);
  }

  /** Packs A[ic:ic+mc, pc:pc+kc] (row-major) as MR-row micro-panels of rows AS apart: row copies, zero-padded to MR rows. */
  private static void packRows(double[] a, int aOff, int lda, int ic, int mc, int pc, int kc, double[] ap) {
    for (int ir = 0; ir < mc; ir += MR) {
      int mr = Math.min(MR, mc - ir), base = ir * AS;
      for (int r = 0; r < mr; r++) System.arraycopy(a, aOff + (ic + ir + r) * lda + pc, ap, base + r * AS, kc);
      for (int r = mr; r < MR; r++) Arrays.fill(ap, base + r * AS, base + r * AS + kc, 0);
    }
  }

  /**
   * Whether a transposed B (x·Wᵀ: W's rows become the panel's columns) is packed with vector gathers. On Zen 4
   * (W2 B = 256 forward, JFR share of packB against the kernels): 512-bit gathers 0.10 of the kernel time against
   * 0.155 for the scalar scatter; with {@code -XX:UseAVX=2} the 256-bit gathers lost (0.125 against 0.078), so
   * narrower vectors keep the scalar loop.
   */
  private static final boolean GATHER = S.vectorBitSize() >= 512;

  /** Packs op(B)[pc:pc+kc, jc:jc+nc] as NR-column micro-panels, p-major, zero-padded to NR columns. */
  private static void packB(boolean tB, double[] b, int bOff, int ldb, int pc, int kc, int jc, int nc, double[] bp,
      Buffers buf) {
    boolean gather = tB && GATHER;
    int[] rows = buf.rows; // the gathers' offsets: L rows of B's storage
    if (gather && buf.rowsLd != ldb) {
      for (int l = 0; l < L; l++) rows[l] = l * ldb;
      buf.rowsLd = ldb;
    }
    for (int jr = 0; jr < nc; jr += NR) {
      int nr = Math.min(NR, nc - jr), base = jr * kc;
      if (gather && nr == NR) { // one vector of a panel row gathered from L rows of B's storage
        int s0 = bOff + (jc + jr) * ldb + pc, s1 = s0 + L * ldb;
        for (int p = 0, dst = base; p < kc; p++, dst += NR) {
          DoubleVector.fromArray(S, b, s0 + p, rows, 0).intoArray(bp, dst);
          DoubleVector.fromArray(S, b, s1 + p, rows, 0).intoArray(bp, dst + L);
        }
      } else if (tB) {
        for (int j = 0; j < nr; j++) {
          int src = bOff + (jc + jr + j) * ldb + pc;
          for (int p = 0, dst = base + j; p < kc; p++, dst += NR) bp[dst] = b[src + p];
        }
        for (int j = nr; j < NR; j++) {
          for (int p = 0, dst = base + j; p < kc; p++, dst += NR) bp[dst] = 0;
        }
      } else if (nr == NR) {
        for (int p = 0, src = bOff + pc * ldb + jc + jr, dst = base; p < kc; p++, src += ldb, dst += NR) {
          DoubleVector.fromArray(S, b, src).intoArray(bp, dst);
          DoubleVector.fromArray(S, b, src + L).intoArray(bp, dst + L);
        }
      } else {
        for (int p = 0, src = bOff + pc * ldb + jc + jr, dst = base; p < kc; p++, src += ldb, dst += NR) {
          for (int j = 0; j < nr; j++) bp[dst + j] = b[src + j];
          for (int j = nr; j < NR; j++) bp[dst + j] = 0;
        }
      }
    }
  }
}
