package dev.nabla.core.kernel;

/**
 * The sizes of one 2-D convolution or pooling, checked by the caller ({@code ConvolutionKernels}); a 1-D one is
 * the 2-D one with height 1 (kernel 1, stride 1, padding 0, dilation 1 along it). Input [n, c, h, w],
 * weight [o, c/groups, kh, kw], output [n, o, oh, ow] with oh = ⌊(h + 2·ph − dh·(kh − 1) − 1) / sh⌋ + 1 and
 * likewise ow. Pooling uses o = c and groups = c.
 */
public record ConvGeometry(int n, int c, int h, int w, int o, int groups, int kh, int kw, int sh, int sw, int ph,
    int pw, int dh, int dw) {

  /** Output height. */
  public int oh() {
    return (h + 2 * ph - dh * (kh - 1) - 1) / sh + 1;
  }

  /** Output width. */
  public int ow() {
    return (w + 2 * pw - dw * (kw - 1) - 1) / sw + 1;
  }

  /** Input channels per group. */
  public int cg() {
    return c / groups;
  }

  /** Output channels per group. */
  public int og() {
    return o / groups;
  }

  /** Rows of one group's im2col matrix: cg·kh·kw. */
  public int patch() {
    return c / groups * kh * kw;
  }
}
