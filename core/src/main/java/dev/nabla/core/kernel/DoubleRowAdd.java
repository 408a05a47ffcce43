package dev.nabla.core.kernel;

// twins: int (core/src/build/Twins.java also writes IntRowAdd from this source)

/** y[yo + j] += x[xo + j] for j &lt; n: the plain loop; FLOAT32 has its own, hand-written {@link FloatRowAdd}. */
final class DoubleRowAdd {
  private DoubleRowAdd() {}

  static void add(double[] x, int xo, double[] y, int yo, int n) {
    for (int j = 0; j < n; j++) y[yo + j] += x[xo + j];
  }
}
