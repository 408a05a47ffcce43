package dev.nabla.nn;

import dev.nabla.core.Tensor;

/**
 * Per-column standardization x ↦ (x − μ)/σ with μ and σ (population standard deviation, like
 * scikit-learn's {@code StandardScaler}) fitted on training data and applied to any data. A
 * column with σ = 0 is only centred, not scaled.
 *
 * <pre>{@code
 * Standardizer s = Standardizer.fit(train.features());
 * Tensor xTrain = s.transform(train.features()), xTest = s.transform(test.features());
 * }</pre>
 */
public final class Standardizer {
  private final double[] mean, std;

  private Standardizer(double[] mean, double[] std) {
    this.mean = mean;
    this.std = std;
  }

  /** Fits μ and σ per column of {@code x} [N, F] (N ≥ 1), in double. */
  public static Standardizer fit(Tensor x) {
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
}
