package dev.nabla.core.kernel;

/** Vectorized FLOAT32 transcendental functions, when the Vector API is available. */
interface FloatMath {
  /** Computes {@code y[i] = op(x[i])} for {@code lo <= i < hi}; false if this op is not handled here. */
  boolean apply(UnaryOp op, float[] x, float[] y, int lo, int hi);
}
