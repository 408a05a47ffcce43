package dev.nabla.core.kernel;

/**
 * The B operand of a GEMM given by a packer instead of a matrix (FLOAT32 twin generated): a convolution packs
 * its patches straight from the image into the GEMM's panels, so no im2col matrix is written or read back.
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
}
