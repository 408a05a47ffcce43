package dev.nabla.core.kernel;

/**
 * The row loops of indexSelect and indexAdd along axis 0 of dense row-major arrays, rows of {@code inner}
 * elements, split across threads by output rows. One source for every dtype: {@code DoubleIndexRows} (FLOAT32 and
 * INT32 twins generated from it).
 */
public final class IndexRows {
  private IndexRows() {}

  /** Row i of y ← row idx[i] of x, for i &lt; idx.length. */
  public static void select(double[] x, int[] idx, int inner, double[] y) {
    DoubleIndexRows.select(x, idx, inner, y);
  }

  public static void select(float[] x, int[] idx, int inner, float[] y) {
    FloatIndexRows.select(x, idx, inner, y);
  }

  public static void select(int[] x, int[] idx, int inner, int[] y) {
    IntIndexRows.select(x, idx, inner, y);
  }

  /**
   * Row idx[i] of y += row i of x, for i &lt; idx.length, y having {@code rows} rows; a row's additions run in
   * index order, so its bits are the same on any thread count.
   */
  public static void add(double[] x, int[] idx, int inner, int rows, double[] y) {
    DoubleIndexRows.add(x, idx, inner, rows, y);
  }

  public static void add(float[] x, int[] idx, int inner, int rows, float[] y) {
    FloatIndexRows.add(x, idx, inner, rows, y);
  }

  public static void add(int[] x, int[] idx, int inner, int rows, int[] y) {
    IntIndexRows.add(x, idx, inner, rows, y);
  }
}
