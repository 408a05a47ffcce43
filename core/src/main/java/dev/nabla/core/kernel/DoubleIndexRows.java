package dev.nabla.core.kernel;

// twins: int (a data-movement kernel: core/src/build/Twins.java also writes IntIndexRows from this source)

/**
 * The one source of {@link IndexRows}. select: chunks of output rows, each a copy. add: each chunk owns a range of
 * destination rows and scans every index, adding the source rows that name one of its rows in index order: a
 * row's sum has one order whatever the cut, and chunks write disjoint rows.
 */
final class DoubleIndexRows {
  /** Elements moved below which a loop stays on the calling thread. */
  private static final long THRESHOLD = 1 << 16;

  private DoubleIndexRows() {}

  static void select(double[] x, int[] idx, int inner, double[] y) {
    Parallel.forRange(idx.length, inner, THRESHOLD, Parallel.SPLIT, (lo, hi) -> {
      for (int i = lo; i < hi; i++) System.arraycopy(x, idx[i] * inner, y, i * inner, inner);
    });
  }

  static void add(double[] x, int[] idx, int inner, int rows, double[] y) {
    int n = idx.length;
    long perRow = Math.max(1, (long) n * inner / Math.max(1, rows)); // the work spread over the destination rows
    Parallel.forRange(rows, perRow, THRESHOLD, Parallel.SPLIT, (lo, hi) -> {
      for (int i = 0; i < n; i++) {
        int r = idx[i];
        if (r >= lo && r < hi) DoubleRowAdd.add(x, i * inner, y, r * inner, inner);
      }
    });
  }
}
