package dev.nabla.core;

/**
 * The element type of a {@link Tensor}. Ops never promote silently: mixing FLOAT32, FLOAT64 and
 * INT32 in one op is an error; convert explicitly with {@link Tensor#toType(DType)}.
 */
public enum DType {
  /** 32-bit IEEE 754; the default for models. */
  FLOAT32(4),
  /** 64-bit IEEE 754; used for gradient checks. */
  FLOAT64(8),
  /**
   * 32-bit two's-complement integers: indices and labels. Never differentiable; supports views,
   * copies, comparisons and the integer arithmetic add, sub, mul, neg, abs, sign, maximum, minimum
   * (wrapping on overflow, like PyTorch); other math is refused.
   */
  INT32(4);

  private final int bytes;

  DType(int bytes) {
    this.bytes = bytes;
  }

  /** Bytes per element: 4 or 8. */
  public int bytes() {
    return bytes;
  }
}
