package dev.nabla.benchmarks;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.Tensor;
import dev.nabla.nn.Losses;

/**
 * W5: logits = normal(31, rows·classes) as rows×classes (requires grad), labels = labels(32, rows,
 * classes); mean cross-entropy ({@link Losses#crossEntropy(Variable, int[])}); forward + backward.
 * The workload is 1024×1000.
 */
public final class W5SoftmaxCE {
  public final int rows, classes;
  public final Variable logits;
  public final int[] labels;

  public W5SoftmaxCE(int rows, int classes) {
    this.rows = rows;
    this.classes = classes;
    logits = Variable.parameter(Tensor.of(Data.normal(31, rows * classes), rows, classes));
    labels = Data.labels(32, rows, classes);
  }

  public Variable loss() {
    return Losses.crossEntropy(logits, labels);
  }

  /** Gradient cleared (a field write), forward, backward. */
  public Variable forwardBackward() {
    logits.zeroGrad();
    Variable l = loss();
    l.backward();
    return l;
  }

  /**
   * Checks loss and gradient against float64 (loss within {@link Reference#W5_LOSS_TOL}, each
   * gradient entry (softmax − onehot)/rows within {@link Reference#W5_GRAD_RTOL} of itself) and, at
   * 1024×1000, the loss against PyTorch's within {@link Reference#W5_LOSS_TOL}. Returns
   * {loss, float64 loss, max relative gradient error}.
   */
  public double[] check() {
    double loss = forwardBackward().item();
    return check(loss, logits.grad().toFloatArray());
  }

  /** The checks of {@link #check()} on a given loss and gradient of these logits. */
  double[] check(double loss, float[] g) {
    float[] z = logits.value().toFloatArray();
    double ref = 0, err = 0;
    for (int i = 0; i < rows; i++) {
      double max = Double.NEGATIVE_INFINITY, s = 0;
      for (int j = 0; j < classes; j++) max = Math.max(max, z[i * classes + j]);
      for (int j = 0; j < classes; j++) s += Math.exp(z[i * classes + j] - max);
      double lse = max + Math.log(s);
      ref += lse - z[i * classes + labels[i]];
      for (int j = 0; j < classes; j++) {
        double p = (Math.exp(z[i * classes + j] - lse) - (j == labels[i] ? 1 : 0)) / rows;
        err = Math.max(err, Math.abs(g[i * classes + j] - p) / Math.abs(p)); // p != 0: softmax > 0, onehot − 1 < 0
      }
    }
    ref /= rows;
    Reference.check("W5 " + rows + "x" + classes + " loss vs float64", loss, ref, Reference.W5_LOSS_TOL);
    Reference.check("W5 " + rows + "x" + classes + " max relative gradient error vs float64", err, 0,
        Reference.W5_GRAD_RTOL);
    if (rows == 1024 && classes == 1000)
      Reference.check("W5 loss (PyTorch)", loss, Reference.W5_LOSS, Reference.W5_LOSS_TOL);
    return new double[] {loss, ref, err};
  }
}
