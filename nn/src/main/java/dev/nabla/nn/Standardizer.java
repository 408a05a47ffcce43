package dev.nabla.nn;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Per-column standardization x ↦ (x − μ)/σ with μ and σ (population standard deviation, like
 * scikit-learn's {@code StandardScaler}) fitted on training data and applied to any data. A
 * column with σ = 0 is only centred, not scaled. The statistics are part of a deployed model:
 * save them with it ({@link #save}, or {@link #stateDict()} into the model's own file) and
 * rebuild the same transform with {@link #load} or {@link #of}.
 *
 * <pre>{@code
 * Standardizer s = Standardizer.fit(train.features());
 * Tensor xTrain = s.transform(train.features()), xTest = s.transform(test.features());
 * s.save(Path.of("standardizer.safetensors"));
 * Standardizer again = Standardizer.load(Path.of("standardizer.safetensors"));  // same transform
 * }</pre>
 */
public final class Standardizer {
  /** The tensor names in {@link #stateDict()}: {@value}. */
  public static final String MEAN_KEY = "standardizer.mean";
  /** The tensor names in {@link #stateDict()}: {@value}. */
  public static final String STD_KEY = "standardizer.std";

  private final double[] mean, std;

  private Standardizer(double[] mean, double[] std) {
    this.mean = mean;
    this.std = std;
  }

  /**
   * A standardizer from saved statistics (μ and σ per column, σ ≥ 0, all finite).
   *
   * @throws IllegalArgumentException if the lengths differ or a value is not allowed
   */
  public static Standardizer of(double[] mean, double[] std) {
    Objects.requireNonNull(mean, "mean");
    Objects.requireNonNull(std, "std");
    if (mean.length != std.length)
      throw new IllegalArgumentException("Standardizer.of: " + mean.length + " means but " + std.length + " deviations");
    for (int j = 0; j < mean.length; j++)
      if (!Double.isFinite(mean[j]) || !Double.isFinite(std[j]) || std[j] < 0)
        throw new IllegalArgumentException("Standardizer.of: column " + j + " has mean " + mean[j] + " and std " + std[j]
            + " (need finite values, std >= 0)");
    return new Standardizer(mean.clone(), std.clone());
  }

  /** Fits μ and σ per column of {@code x} [N, F] (N ≥ 1), in double. */
  public static Standardizer fit(Tensor x) {
    Objects.requireNonNull(x, "x");
    if (x.rank() != 2 || x.shape().dim(0) == 0)
      throw new IllegalArgumentException("Standardizer.fit: need features of shape [N >= 1, F], got " + x.shape());
    int n = x.shape().dim(0), f = x.shape().dim(1);
    double[] v = x.toDoubleArray(), mean = new double[f], std = new double[f];
    for (int i = 0; i < n; i++) for (int j = 0; j < f; j++) mean[j] += v[i * f + j];
    for (int j = 0; j < f; j++) mean[j] /= n;
    for (int i = 0; i < n; i++) for (int j = 0; j < f; j++) std[j] += (v[i * f + j] - mean[j]) * (v[i * f + j] - mean[j]);
    for (int j = 0; j < f; j++) std[j] = Math.sqrt(std[j] / n);
    return new Standardizer(mean, std);
  }

  /** (x − μ)/σ per column (σ = 0: x − μ), in x's dtype. */
  public Tensor transform(Tensor x) {
    Objects.requireNonNull(x, "x");
    if (x.rank() != 2 || x.shape().dim(1) != mean.length)
      throw new IllegalArgumentException("Standardizer.transform: fitted on " + mean.length
          + " columns, got shape " + x.shape());
    int n = x.shape().dim(0), f = mean.length;
    double[] v = x.toDoubleArray();
    for (int i = 0; i < n; i++)
      for (int j = 0; j < f; j++) {
        double c = v[i * f + j] - mean[j];
        v[i * f + j] = std[j] == 0 ? c : c / std[j];
      }
    return Tensor.of(v).reshape(n, f).toType(x.dtype());
  }

  /** A copy of the fitted means. */
  public double[] mean() {
    return mean.clone();
  }

  /** A copy of the fitted standard deviations. */
  public double[] std() {
    return std.clone();
  }

  /**
   * The statistics as FLOAT64 tensors [F] named {@value #MEAN_KEY} and {@value #STD_KEY}: save
   * them alone or merged with a model's {@code stateDict()} in one safetensors file (the model then
   * loads that file with {@code load(path, false)}).
   */
  public Map<String, Tensor> stateDict() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    out.put(MEAN_KEY, Tensor.of(mean.clone()));
    out.put(STD_KEY, Tensor.of(std.clone()));
    return out;
  }

  /**
   * The standardizer saved in {@code state} under {@value #MEAN_KEY} and {@value #STD_KEY} (other
   * entries are ignored).
   *
   * @throws IllegalArgumentException if either is missing, not rank 1, of different lengths, or
   *     holds a value {@link #of} refuses
   */
  public static Standardizer fromStateDict(Map<String, Tensor> state) {
    Objects.requireNonNull(state, "state");
    Tensor m = state.get(MEAN_KEY), s = state.get(STD_KEY);
    if (m == null || s == null || m.rank() != 1 || s.rank() != 1)
      throw new IllegalArgumentException("Standardizer.fromStateDict: need rank-1 tensors " + MEAN_KEY + " and "
          + STD_KEY + ", got " + (m == null ? "none" : m.shape().toString()) + " and "
          + (s == null ? "none" : s.shape().toString()));
    return of(m.toType(DType.FLOAT64).toDoubleArray(), s.toType(DType.FLOAT64).toDoubleArray());
  }

  /** Writes {@link #stateDict()} to a safetensors file. */
  public void save(Path path) throws IOException {
    SafeTensors.write(Objects.requireNonNull(path, "path"), stateDict());
  }

  /**
   * Reads a standardizer from a safetensors file holding {@value #MEAN_KEY} and {@value #STD_KEY}
   * (on its own, or inside a model's file).
   *
   * @throws IOException if the file cannot be read or does not hold valid statistics
   */
  public static Standardizer load(Path path) throws IOException {
    Map<String, Tensor> state = SafeTensors.read(Objects.requireNonNull(path, "path"));
    try {
      return fromStateDict(state);
    } catch (IllegalArgumentException e) {
      throw new IOException(path + ": " + e.getMessage(), e);
    }
  }
}
