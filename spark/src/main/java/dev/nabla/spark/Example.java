package dev.nabla.spark;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.nn.DataLoader;
import dev.nabla.nn.Dataset;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One training example as it travels through Spark: a feature vector and either a class label
 * (classification) or a target vector (regression). Values are kept as doubles and converted to the
 * model's dtype when a batch is built, so FLOAT32 and FLOAT64 models read the same data.
 *
 * <pre>{@code
 * JavaRDD<Example> rdd = jsc.parallelize(Example.of(dataset), 4);
 * DataLoader.Batch b = Example.batch(List.of(Example.of(new double[] {1, 2}, 0)), DType.FLOAT32);
 * }</pre>
 *
 * @param features the feature vector (not copied; do not modify)
 * @param label the class index (≥ 0) of a classification example, or −1
 * @param target the target vector of a regression example, or null
 */
public record Example(double[] features, int label, double[] target) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Validates the fields. */
  public Example {
    Objects.requireNonNull(features, "features");
    if ((label >= 0) == (target != null))
      throw new IllegalArgumentException("Example: give either a label ≥ 0 or a target vector, got label " + label
          + " and " + (target == null ? "no target" : "a target of length " + target.length));
  }

  /** A classification example. */
  public static Example of(double[] features, int label) {
    if (label < 0) throw new IllegalArgumentException("Example: negative label " + label);
    return new Example(features, label, null);
  }

  /** A regression example. */
  public static Example of(double[] features, double[] target) {
    return new Example(features, -1, Objects.requireNonNull(target, "target"));
  }

  /** Every row of {@code data} as an example, in order. */
  public static List<Example> of(Dataset data) {
    Objects.requireNonNull(data, "data");
    int n = data.size(), f = data.numFeatures();
    double[] x = data.features().toDoubleArray();
    double[] t = data.hasLabels() ? null : data.targets().toDoubleArray();
    int tw = t == null ? 0 : (n == 0 ? 0 : t.length / n);
    List<Example> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      double[] row = Arrays.copyOfRange(x, i * f, (i + 1) * f);
      out.add(t == null ? of(row, data.labels()[i]) : of(row, Arrays.copyOfRange(t, i * tw, (i + 1) * tw)));
    }
    return out;
  }

  /**
   * The batch of {@code rows} in that order, as {@code dtype}: features [b, F], and labels (b
   * ints) or targets [b, T]. This is what {@link SparkTrainer} hands the loss function, so a
   * single-machine loop that calls it sees the very same tensors.
   */
  public static DataLoader.Batch batch(List<Example> rows, DType dtype) {
    Objects.requireNonNull(rows, "rows");
    Objects.requireNonNull(dtype, "dtype");
    if (rows.isEmpty()) throw new IllegalArgumentException("Example.batch: no rows");
    Example first = rows.get(0);
    int b = rows.size(), f = first.features.length;
    boolean labelled = first.target == null;
    int tw = labelled ? 0 : first.target.length;
    double[] x = new double[b * f];
    double[] t = labelled ? null : new double[b * tw];
    int[] y = labelled ? new int[b] : null;
    for (int i = 0; i < b; i++) {
      Example e = rows.get(i);
      if (e.features.length != f)
        throw new IllegalArgumentException("Example.batch: row " + i + " has " + e.features.length
            + " features, row 0 has " + f);
      if ((e.target == null) != labelled || (!labelled && e.target.length != tw))
        throw new IllegalArgumentException("Example.batch: row " + i + " does not match row 0 (mixed labels and "
            + "targets, or targets of different lengths)");
      System.arraycopy(e.features, 0, x, i * f, f);
      if (labelled) y[i] = e.label;
      else System.arraycopy(e.target, 0, t, i * tw, tw);
    }
    Tensor features = Tensor.of(x, b, f).toType(dtype);
    return new DataLoader.Batch(features, y, labelled ? null : Tensor.of(t, b, tw).toType(dtype));
  }
}
