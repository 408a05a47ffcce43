package dev.nabla.core;

/**
 * The element type of a {@link Tensor}. Ops never promote silently: mixing FLOAT32 and FLOAT64
 * in one op is an error; convert explicitly with {@link Tensor#toType(DType)}.
 */
public enum DType {
  /** 32-bit IEEE 754; the default for models. */
  FLOAT32(4),
  /** 64-bit IEEE 754; used for gradient checks. */
  FLOAT64(8);

  private final int bytes;

  DType(int bytes) {
    this.bytes = bytes;
  }

  /** Bytes per element: 4 or 8. */
  public int bytes() {
    return bytes;
  }
}
