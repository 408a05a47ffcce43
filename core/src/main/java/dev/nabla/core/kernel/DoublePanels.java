package dev.nabla.core.kernel;

/**
 * An operand of a GEMM given by a packer instead of a matrix (FLOAT32 twin generated), as B ({@link #pack}) or
 * as A ({@link #packRows}): a convolution packs its patches straight from the image into the GEMM's panels, so
 * no im2col matrix is written or read back.
 * Called from several threads at once, each with its own {@code bp}: an implementation must only read shared
 * state.
 */
interface DoublePanels {
  /**
   * Writes B[pc:pc+kc, jc:jc+nc] into {@code bp} as micro-panels {@code nr} columns wide, p-major: B(pc + p,
   * jc + jr + q) at {@code bp[jr·kc + p·nr + q]} for jr a multiple of nr; columns past nc in the last panel
   * are zero.
   */
  void pack(int pc, int kc, int jc, int nc, int nr, double[] bp);

  /**
   * Writes the matrix's rows ic..ic+mc, columns pc..pc+kc into {@code ap} as rows {@code as} apart: element
   * (ic + i, pc + p) at {@code ap[i·as + p]} (the row layout of an A block, the matrix in the role of A).
   */
  void packRows(int ic, int mc, int pc, int kc, int as, double[] ap);
}
