package dev.nabla.nn;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * An in-memory dataset: features [N, F] — or [N, C, H, W], any shape whose first dimension counts
 * the samples — with either N integer class labels (classification) or targets [N, …]
 * (regression). Immutable. Subsets and {@link DataLoader} batches keep the trailing dimensions.
 *
 * <pre>{@code
 * Dataset iris = Dataset.readCsv(Path.of("iris.csv"));          // header optional, label last
 * Dataset.Split s = iris.split(0.2, 42).standardized();          // 80/20, scaled with train stats
 * var loader = new DataLoader(s.train(), 16).shuffle(new SplittableRandom(1));
 * }</pre>
 */
public final class Dataset {
  private final Tensor features;
  private final int[] labels;
  private final Tensor targets;

  private Dataset(Tensor features, int[] labels, Tensor targets) {
    Objects.requireNonNull(features, "features");
    if (features.rank() < 2)
      throw new IllegalArgumentException("Dataset: features must have shape [samples, features, ...], got "
          + features.shape());
    int n = features.shape().dim(0);
    if (labels != null && labels.length != n)
      throw new IllegalArgumentException("Dataset: " + labels.length + " labels for features of shape "
          + features.shape());
    if (labels != null)
      for (int i = 0; i < labels.length; i++)
        if (labels[i] < 0) throw new IllegalArgumentException("Dataset: negative label " + labels[i] + " at row " + i);
    if (targets != null && (targets.rank() == 0 || targets.shape().dim(0) != n))
      throw new IllegalArgumentException("Dataset: targets of shape " + targets.shape() + " for features of shape "
          + features.shape() + " (need " + n + " rows)");
    this.features = features;
    this.labels = labels;
    this.targets = targets;
  }

  /**
   * Classification data: features [N, F] (or [N, C, H, W], …) and N labels ≥ 0.
   *
   * <pre>{@code Dataset.of(Tensor.zeros(DType.FLOAT32, 100, 1, 28, 28), labels)   // images}</pre>
   */
  public static Dataset of(Tensor features, int[] labels) {
    Objects.requireNonNull(features, "features");
    return new Dataset(features, Objects.requireNonNull(labels, "labels").clone(), null);
  }

  /**
   * Regression data: features [N, …] and floating targets with N rows; or classification data when
   * {@code targets} is an INT32 tensor [N] of class labels ({@code Dataset.of(x, Tensor.of(labels))}).
   */
  public static Dataset of(Tensor features, Tensor targets) {
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(targets, "targets");
    if (targets.dtype() != DType.INT32) return new Dataset(features, null, targets);
    if (targets.rank() != 1)
      throw new IllegalArgumentException("Dataset: INT32 labels must have shape [samples], got " + targets.shape());
    return new Dataset(features, targets.toIntArray(), null);
  }

  /** Classification data from rows of features (all of one length), as {@code dtype}. */
  public static Dataset of(double[][] rows, int[] labels, DType dtype) {
    Objects.requireNonNull(rows, "rows");
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(dtype, "dtype");
    for (int i = 0; i < rows.length; i++) Objects.requireNonNull(rows[i], "rows[" + i + "]");
    int f = rows.length == 0 ? 0 : rows[0].length;
    double[] flat = new double[rows.length * f];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != f)
        throw new IllegalArgumentException("Dataset: row " + i + " has " + rows[i].length + " features, row 0 has " + f);
      System.arraycopy(rows[i], 0, flat, i * f, f);
    }
    return of(Tensor.of(flat).reshape(rows.length, f).toType(dtype), labels);
  }

  // ---------------------------------------------------------------- CSV

  /** {@link #readCsv(Path, DType)} as FLOAT32, the default model dtype. */
  public static Dataset readCsv(Path path) throws IOException {
    return readCsv(path, DType.FLOAT32);
  }

  /** A classification CSV file; see {@link #readCsv(Reader, String, DType)}. */
  public static Dataset readCsv(Path path, DType dtype) throws IOException {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(dtype, "dtype");
    try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      return readCsv(r, path.toString(), dtype);
    }
  }

  /**
   * Reads comma-separated numbers, one sample per line: the feature columns, then the class label
   * (a non-negative integer) in the last column. A first line with any non-numeric field is a
   * header and is skipped; blank lines are skipped; fields are trimmed. Every row must have the
   * same number of columns (at least 2), every value must be a finite number.
   *
   * @param source the name used in error messages (e.g. the file name)
   * @throws IOException naming the source, line and column, e.g.
   *     {@code iris.csv line 7, column 3: "abc" is not a number}
   */
  public static Dataset readCsv(Reader reader, String source, DType dtype) throws IOException {
    Objects.requireNonNull(reader, "reader");
    Objects.requireNonNull(dtype, "dtype");
    return readCsv(reader, source, dtype, (field, line, col) -> {
      double label = number(field, source, line, col);
      if (label < 0 || label != Math.rint(label) || label > Integer.MAX_VALUE)
        throw new IOException(source + " line " + line + ", column " + (col + 1) + ": label \"" + field.trim()
            + "\" is not a non-negative integer class index");
      return (int) label;
    }, true);
  }

  /** A CSV file whose last column names the class; see {@link #readCsv(Reader, String, DType, List)}. */
  public static Dataset readCsv(Path path, DType dtype, List<String> classes) throws IOException {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(classes, "classes");
    try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      return readCsv(r, path.toString(), dtype, classes);
    }
  }

  /**
   * Reads a CSV file whose last column holds class names, such as UCI's original {@code iris.data}
   * ({@code 5.1,3.5,1.4,0.2,Iris-setosa}): a name's class index is its position in {@code classes}.
   * Otherwise as {@link #readCsv(Reader, String, DType)}; a first line whose feature columns are not all
   * numbers is a header.
   *
   * <pre>{@code
   * Dataset iris = Dataset.readCsv(Path.of("iris.data"), DType.FLOAT32,
   *     List.of("Iris-setosa", "Iris-versicolor", "Iris-virginica"));   // labels 0, 1, 2
   * }</pre>
   *
   * @throws IOException naming the source, line and column, also for a name not in {@code classes}
   */
  public static Dataset readCsv(Reader reader, String source, DType dtype, List<String> classes) throws IOException {
    Objects.requireNonNull(reader, "reader");
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(classes, "classes");
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < classes.size(); i++) {
      String name = Objects.requireNonNull(classes.get(i), "classes[" + i + "]").trim();
      if (index.putIfAbsent(name, i) != null)
        throw new IllegalArgumentException("Dataset.readCsv: class \"" + name + "\" is listed twice in " + classes);
    }
    return readCsv(reader, source, dtype, (field, line, col) -> {
      Integer label = index.get(field.trim());
      if (label == null)
        throw new IOException(source + " line " + line + ", column " + (col + 1) + ": class \"" + field.trim()
            + "\" is not one of " + classes);
      return label;
    }, false);
  }

  /** How the last column of a CSV line becomes a class index. */
  private interface LabelParser {
    int parse(String field, int line, int col) throws IOException;
  }

  private static Dataset readCsv(Reader reader, String source, DType dtype, LabelParser labelOf,
      boolean labelInHeaderCheck) throws IOException {
    BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
    List<double[]> rows = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    int cols = -1, lineNo = 0;
    boolean first = true;
    String line;
    while ((line = in.readLine()) != null) {
      lineNo++;
      if (line.isBlank()) continue;
      String[] fields = line.split(",", -1);
      if (first) {
        first = false;
        if (isHeader(fields, labelInHeaderCheck ? fields.length : fields.length - 1)) continue;
      }
      if (cols < 0) {
        cols = fields.length;
        if (cols < 2)
          throw new IOException(source + " line " + lineNo + ": " + cols + " column; need features and a label");
      }
      if (fields.length != cols)
        throw new IOException(source + " line " + lineNo + ": " + fields.length + " columns, expected " + cols);
      double[] row = new double[cols - 1];
      for (int c = 0; c < cols - 1; c++) row[c] = number(fields[c], source, lineNo, c);
      rows.add(row);
      labels.add(labelOf.parse(fields[cols - 1], lineNo, cols - 1));
    }
    if (rows.isEmpty()) throw new IOException(source + ": no data rows");
    int f = cols - 1;
    double[] flat = new double[rows.size() * f];
    for (int i = 0; i < rows.size(); i++) System.arraycopy(rows.get(i), 0, flat, i * f, f);
    int[] y = labels.stream().mapToInt(Integer::intValue).toArray();
    return new Dataset(Tensor.of(flat).reshape(rows.size(), f).toType(dtype), y, null);
  }

  /** Whether any of the first {@code n} fields is not a number. */
  private static boolean isHeader(String[] fields, int n) {
    for (int i = 0; i < Math.min(n, fields.length); i++) {
      String s = fields[i];
      try {
        Double.parseDouble(s.trim());
      } catch (NumberFormatException e) {
        return true;
      }
    }
    return false;
  }

  private static double number(String field, String source, int line, int col) throws IOException {
    String s = field.trim();
    double v;
    try {
      v = Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw new IOException(source + " line " + line + ", column " + (col + 1) + ": \"" + s + "\" is not a number");
    }
    if (!Double.isFinite(v))
      throw new IOException(source + " line " + line + ", column " + (col + 1) + ": \"" + s + "\" is not finite");
    return v;
  }

  // ---------------------------------------------------------------- access

  /** The number of samples N. */
  public int size() {
    return features.shape().dim(0);
  }

  /** The number of values per sample: F for features [N, F], C·H·W for [N, C, H, W]. */
  public int numFeatures() {
    int n = 1;
    for (int d = 1; d < features.rank(); d++) n *= features.shape().dim(d);
    return n;
  }

  /** The features, [N, F] (or [N, C, H, W], …). */
  public Tensor features() {
    return features;
  }

  /** Whether this is classification data (labels rather than targets). */
  public boolean hasLabels() {
    return labels != null;
  }

  /** A copy of the class labels, or null for regression data. */
  public int[] labels() {
    return labels == null ? null : labels.clone();
  }

  /** The class labels as an INT32 tensor [N], or null for regression data. */
  public Tensor labelTensor() {
    return labels == null ? null : Tensor.of(labels);
  }

  /** The regression targets, or null for classification data. */
  public Tensor targets() {
    return targets;
  }

  /** 1 + the largest label (0 when empty); for regression data, 0. */
  public int numClasses() {
    int c = 0;
    if (labels != null) for (int l : labels) c = Math.max(c, l + 1);
    return c;
  }

  /** The samples at {@code indices}, in that order. */
  public Dataset subset(int[] indices) {
    Objects.requireNonNull(indices, "indices");
    Tensor f = features.indexSelect(0, indices);
    if (labels == null) return new Dataset(f, null, targets.indexSelect(0, indices));
    int[] l = new int[indices.length];
    for (int i = 0; i < indices.length; i++) l[i] = labels[indices[i]];
    return new Dataset(f, l, null);
  }

  /** The same data with features (and targets) converted to {@code dtype}. */
  public Dataset toType(DType dtype) {
    Objects.requireNonNull(dtype, "dtype");
    return new Dataset(features.toType(dtype), labels, targets == null ? null : targets.toType(dtype));
  }

  /** The same labels or targets with other features (same number of rows). */
  public Dataset withFeatures(Tensor newFeatures) {
    Objects.requireNonNull(newFeatures, "newFeatures");
    return new Dataset(newFeatures, labels, targets);
  }

  // ---------------------------------------------------------------- splitting

  /**
   * A train/test pair, and the {@link Standardizer} that scaled it (null until {@link
   * #standardized()}): keep it with the model, so that raw inputs can be scaled the same way at
   * prediction time.
   *
   * <pre>{@code
   * Dataset.Split s = data.split(0.2, 42).standardized();
   * s.standardizer().save(Path.of("standardizer.safetensors"));
   * }</pre>
   */
  public record Split(Dataset train, Dataset test, Standardizer standardizer) {
    /** An unscaled pair. */
    public Split(Dataset train, Dataset test) {
      this(train, test, null);
    }

    /**
     * Both parts standardized with the mean and standard deviation of the training features (see
     * {@link Standardizer}), so nothing is learnt from the test part; the fitted standardizer is
     * kept in {@link #standardizer()}.
     */
    public Split standardized() {
      Standardizer s = Standardizer.fit(train.features());
      return new Split(train.withFeatures(s.transform(train.features())), test.withFeatures(s.transform(test.features())),
          s);
    }
  }

  /**
   * A random split: round(N·testFraction) samples go to the test part. The permutation is a
   * Fisher–Yates shuffle from {@code new SplittableRandom(seed)}, so a seed gives the same split
   * every time; each part keeps the shuffled order.
   */
  public Split split(double testFraction, long seed) {
    if (!(testFraction >= 0 && testFraction <= 1))
      throw new IllegalArgumentException("Dataset.split: testFraction must be in [0, 1], got " + testFraction);
    int n = size(), nTest = (int) Math.round(n * testFraction);
    int[] perm = permutation(n, new SplittableRandom(seed));
    int[] test = Arrays.copyOfRange(perm, 0, nTest), train = Arrays.copyOfRange(perm, nTest, n);
    return new Split(subset(train), subset(test));
  }

  /** A Fisher–Yates permutation of 0..n-1 from {@code rng}. */
  static int[] permutation(int n, RandomGenerator rng) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) p[i] = i;
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
