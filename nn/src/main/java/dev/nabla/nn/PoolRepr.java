package dev.nabla.nn;

/** PyTorch's way of printing a pooling size: one number when both axes agree, else a pair. */
final class PoolRepr {
  private PoolRepr() {}

  static String of(int[] v) {
    return v[0] == v[1] ? String.valueOf(v[0]) : "(" + v[0] + ", " + v[1] + ")";
  }
}
