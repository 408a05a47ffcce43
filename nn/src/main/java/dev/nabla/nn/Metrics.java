package dev.nabla.nn;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.Tensor;
import java.util.Objects;

/**
 * Classification metrics from model outputs: either logits / scores [N, C] (the predicted class
 * is the arg-max of each row, first on ties) or predicted class indices [N] (INT32, like
 * {@code logits.argmax(1)}, or whole numbers of a floating dtype). Labels are an {@code int[]}; for
 * an INT32 label tensor pass {@code labels.toIntArray()}.
 *
 * <pre>{@code
 * Tensor logits = model.eval().predict(test.features());
 * double acc = Metrics.accuracy(logits, test.labels());          // fraction of rows right
 * ConfusionMatrix cm = Metrics.confusionMatrix(logits, test.labels(), 10);
 * System.out.println(cm);                                         // a table, true class by row
 * }</pre>
 */
public final class Metrics {
  private Metrics() {}

  /**
   * The fraction of samples whose predicted class equals its label: (1/N)·Σᵢ [ŷᵢ = yᵢ].
   *
   * @param outputs logits [N, C] or predicted class indices [N]
   * @param labels N class indices
   * @throws IllegalArgumentException if the sizes disagree or there are no samples
   */
  public static double accuracy(Tensor outputs, int[] labels) {
    int[] pred = predictions("accuracy", outputs, labels);
    if (pred.length == 0) throw new IllegalArgumentException("accuracy: no samples (outputs of shape " + outputs.shape() + ")");
    int hit = 0;
    for (int i = 0; i < pred.length; i++) if (pred[i] == labels[i]) hit++;
    return (double) hit / pred.length;
  }

  /** {@link #accuracy(Tensor, int[])} of a Variable's value. */
  public static double accuracy(Variable outputs, int[] labels) {
    return accuracy(Objects.requireNonNull(outputs, "outputs").value(), labels);
  }

  /**
   * Counts of (true class, predicted class) pairs over {@code numClasses} classes.
   *
   * @param outputs logits [N, C] (C = numClasses) or predicted class indices [N]
   * @throws IllegalArgumentException if the sizes disagree or a class is outside [0, numClasses)
   */
  public static ConfusionMatrix confusionMatrix(Tensor outputs, int[] labels, int numClasses) {
    int[] pred = predictions("confusionMatrix", outputs, labels);
    if (numClasses <= 0) throw new IllegalArgumentException("confusionMatrix: numClasses must be positive, got " + numClasses);
    if (outputs.rank() == 2 && outputs.shape().dim(1) != numClasses)
      throw new IllegalArgumentException("confusionMatrix: outputs of shape " + outputs.shape() + " have "
          + outputs.shape().dim(1) + " columns for " + numClasses + " classes");
    long[][] counts = new long[numClasses][numClasses];
    for (int i = 0; i < pred.length; i++) {
      if (labels[i] < 0 || labels[i] >= numClasses || pred[i] < 0 || pred[i] >= numClasses)
        throw new IllegalArgumentException("confusionMatrix: sample " + i + " has label " + labels[i] + " and prediction "
            + pred[i] + ", outside [0, " + numClasses + ")");
      counts[labels[i]][pred[i]]++;
    }
    return new ConfusionMatrix(counts);
  }

  private static int[] predictions(String op, Tensor outputs, int[] labels) {
    Objects.requireNonNull(outputs, "outputs");
    Objects.requireNonNull(labels, "labels");
    int[] pred;
    if (outputs.rank() == 2) {
      pred = outputs.shape().dim(0) == 0 ? new int[0] : outputs.argmaxIndices();
    } else if (outputs.rank() == 1) { // class indices: INT32 (argmax), or whole numbers
      double[] v = outputs.toDoubleArray();
      pred = new int[v.length];
      for (int i = 0; i < v.length; i++) {
        if (v[i] != Math.rint(v[i]) || v[i] < 0 || v[i] > Integer.MAX_VALUE)
          throw new IllegalArgumentException(op + ": outputs of shape " + outputs.shape() + " are read as class indices,"
              + " but element " + i + " is " + v[i] + "; pass logits as [N, C]");
        pred[i] = (int) v[i];
      }
    } else {
      throw new IllegalArgumentException(op + ": need logits [N, C] or class indices [N], got shape " + outputs.shape());
    }
    if (pred.length != labels.length)
      throw new IllegalArgumentException(op + ": outputs of shape " + outputs.shape() + " for " + labels.length + " labels");
    return pred;
  }
}
