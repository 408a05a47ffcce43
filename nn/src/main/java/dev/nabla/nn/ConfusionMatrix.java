package dev.nabla.nn;

import java.util.Objects;

/**
 * A confusion matrix: {@code count(t, p)} samples of true class t were predicted as p. Made by
 * {@link Metrics#confusionMatrix}. {@link #toString()} prints a table with true classes as rows:
 *
 * <pre>
 * true\pred    0    1    2
 *         0   10    0    0
 *         1    0    8    1
 *         2    0    2    9
 * </pre>
 */
public final class ConfusionMatrix {
  private final long[][] counts;

  ConfusionMatrix(long[][] counts) {
    this.counts = counts;
  }

  /** The number of classes C. */
  public int numClasses() {
    return counts.length;
  }

  /** Samples of true class {@code truth} predicted as {@code predicted}. */
  public long count(int truth, int predicted) {
    Objects.checkIndex(truth, counts.length);
    Objects.checkIndex(predicted, counts.length);
    return counts[truth][predicted];
  }

  /** All samples counted. */
  public long total() {
    long n = 0;
    for (long[] row : counts) for (long c : row) n += c;
    return n;
  }

  /** The diagonal's share of all samples (NaN with none). */
  public double accuracy() {
    long hit = 0;
    for (int c = 0; c < counts.length; c++) hit += counts[c][c];
    return (double) hit / total();
  }

  /** Of the samples predicted as {@code c}, the fraction that are c: TP / (TP + FP) (NaN if none). */
  public double precision(int c) {
    long predicted = 0;
    for (long[] row : counts) predicted += row[Objects.checkIndex(c, counts.length)];
    return (double) counts[c][c] / predicted;
  }

  /** Of the samples of class {@code c}, the fraction predicted as c: TP / (TP + FN) (NaN if none). */
  public double recall(int c) {
    long actual = 0;
    for (long n : counts[Objects.checkIndex(c, counts.length)]) actual += n;
    return (double) counts[c][c] / actual;
  }

  /** A copy of the counts, [true][predicted]. */
  public long[][] counts() {
    long[][] out = new long[counts.length][];
    for (int i = 0; i < counts.length; i++) out[i] = counts[i].clone();
    return out;
  }

  /** The table: a header of predicted classes, then one right-aligned row per true class. */
  @Override
  public String toString() {
    String corner = "true\\pred";
    int w = Integer.toString(counts.length - 1).length();
    for (long[] row : counts) for (long c : row) w = Math.max(w, Long.toString(c).length());
    StringBuilder b = new StringBuilder(corner);
    for (int p = 0; p < counts.length; p++) b.append(pad(Integer.toString(p), w + 2));
    for (int t = 0; t < counts.length; t++) {
      b.append('\n').append(pad(Integer.toString(t), corner.length()));
      for (long c : counts[t]) b.append(pad(Long.toString(c), w + 2));
    }
    return b.toString();
  }

  private static String pad(String s, int width) {
    return " ".repeat(Math.max(0, width - s.length())) + s;
  }
}
