package dev.nabla.core.kernel;

/**
 * FLOAT32's row add (hand-written: the generator keeps this file instead of a twin of {@link DoubleRowAdd}): in float
 * lanes with the Vector API ({@link FloatMath#addRow}; C2 does not vectorize the plain loop, whose two arrays may be
 * one), else the plain loop. Each element is one float addition either way: the same bits.
 */
final class FloatRowAdd {
  private FloatRowAdd() {}

  static void add(float[] x, int xo, float[] y, int yo, int n) {
    if (FloatMath.VECTOR != null) {
      FloatMath.VECTOR.addRow(x, xo, y, yo, n);
      return;
    }
    for (int j = 0; j < n; j++) y[yo + j] += x[xo + j];
  }
}
