package dev.nabla.spark;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.nn.Dropout;
import dev.nabla.nn.Module;
import dev.nabla.spark.SparkTrainer.LossFunction;
import dev.nabla.spark.SparkTrainer.ModelFactory;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

/**
 * What runs on the executors for {@link SparkTrainer}: a partition's examples per step ({@link Shard}), the
 * parameters broadcast to it ({@link Weights}), the gradient sum it sends back ({@link Partial}), the step itself
 * ({@link StepTask}) and the model replicas it reuses ({@link Replicas}).
 */
final class PartitionWork {
  private PartitionWork() {}

  /** One partition's examples for one epoch, grouped by step and ordered by slot. */
  static final class Shard implements Serializable {
    private static final long serialVersionUID = 1L;
    final Example[][] rows;
    final long[][] indices;

    private Shard(Example[][] rows, long[][] indices) {
      this.rows = rows;
      this.indices = indices;
    }

    static Shard of(Iterator<Tuple2<Example, Long>> it, int[] positions, int b, int steps) {
      List<Example> ex = new ArrayList<>();
      List<Long> idx = new ArrayList<>();
      while (it.hasNext()) {
        Tuple2<Example, Long> t = it.next();
        ex.add(t._1());
        idx.add(t._2());
      }
      int[] count = new int[steps];
      for (long i : idx) count[positions[(int) i] / b]++;
      Example[][] rows = new Example[steps][];
      long[][] indices = new long[steps][];
      int[][] slots = new int[steps][];
      for (int s = 0; s < steps; s++) {
        rows[s] = new Example[count[s]];
        indices[s] = new long[count[s]];
        slots[s] = new int[count[s]];
        count[s] = 0;
      }
      for (int k = 0; k < ex.size(); k++) { // insertion by slot: a partition holds few rows of any one batch
        long i = idx.get(k);
        int pos = positions[(int) i], s = pos / b, slot = pos % b, j = count[s]++;
        while (j > 0 && slots[s][j - 1] > slot) {
          slots[s][j] = slots[s][j - 1];
          rows[s][j] = rows[s][j - 1];
          indices[s][j] = indices[s][j - 1];
          j--;
        }
        slots[s][j] = slot;
        rows[s][j] = ex.get(k);
        indices[s][j] = i;
      }
      return new Shard(rows, indices);
    }
  }

  /** The parameter values as plain arrays (float[] or double[]), in {@code parameters()} order. */
  record Weights(Object[] values) implements Serializable {
    private static final long serialVersionUID = 1L;

    static Weights of(List<Variable> params) {
      Object[] v = new Object[params.size()];
      for (int i = 0; i < v.length; i++) {
        Tensor t = params.get(i).value();
        v[i] = t.dtype() == DType.FLOAT32 ? t.toFloatArray() : t.toDoubleArray();
      }
      return new Weights(v);
    }

    void copyInto(List<Variable> params) {
      if (params.size() != values.length)
        throw new IllegalArgumentException("SparkTrainer: the model factory built " + params.size()
            + " parameters on an executor, the driver's model has " + values.length);
      for (int i = 0; i < values.length; i++) {
        Tensor dst = params.get(i).value();
        Tensor src = values[i] instanceof float[] f ? Tensor.of(f, dst.shape().dims())
            : Tensor.of((double[]) values[i], dst.shape().dims());
        if (src.dtype() != dst.dtype())
          throw new IllegalArgumentException("SparkTrainer: parameter " + i + " is " + dst.dtype() + " " + dst.shape()
              + " on an executor but " + src.dtype() + " on the driver");
        dst.copyInPlace(src);
      }
    }
  }

  /**
   * One partition's contribution to a step: Σ gradients (float[] or double[] in the parameter's
   * dtype, null for a parameter the loss did not reach), Σ loss and the example count. The driver
   * adds them up in double.
   */
  record Partial(Object[] grads, double loss, int count) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Σ over the partitions, in list (= partition) order. */
    static Partial sumInOrder(List<Partial> parts, List<Variable> params) {
      double[][] sum = new double[params.size()][];
      double loss = 0;
      int count = 0;
      for (Partial p : parts) {
        if (p.count == 0) continue;
        loss += p.loss;
        count += p.count;
        for (int i = 0; i < sum.length; i++) {
          Object g = p.grads[i];
          if (g == null) continue;
          if (g instanceof float[] f) {
            if (sum[i] == null) sum[i] = new double[f.length];
            for (int j = 0; j < f.length; j++) sum[i][j] += f[j];
          } else {
            double[] d = (double[]) g;
            if (sum[i] == null) sum[i] = d.clone();
            else for (int j = 0; j < d.length; j++) sum[i][j] += d[j];
          }
        }
      }
      return new Partial(sum, loss, count);
    }

    /** Sets each parameter's gradient to Σ / count (in the parameter's dtype), or null. */
    void applyMean(List<Variable> params) {
      for (int i = 0; i < grads.length; i++) {
        Variable p = params.get(i);
        double[] g = (double[]) grads[i];
        if (g == null) {
          p.setGrad(null);
          continue;
        }
        double[] mean = new double[g.length];
        for (int j = 0; j < g.length; j++) mean[j] = g[j] / count;
        p.setGrad(Tensor.of(mean, p.shape().dims()).toType(p.dtype()));
      }
    }
  }

  /** The work of one partition in one step. */
  static final class StepTask<M extends Module> implements org.apache.spark.api.java.function.Function<Shard, Partial> {
    private static final long serialVersionUID = 1L;
    private final ModelFactory<M> factory;
    private final LossFunction<M> loss;
    private final String run;
    private final int step;
    private final long globalStep;
    private final Broadcast<Weights> weights;
    private final DType dtype;

    StepTask(ModelFactory<M> factory, LossFunction<M> loss, String run, int step, long globalStep,
        Broadcast<Weights> weights, DType dtype) {
      this.factory = factory;
      this.loss = loss;
      this.run = run;
      this.step = step;
      this.globalStep = globalStep;
      this.weights = weights;
      this.dtype = dtype;
    }

    @Override
    public Partial call(Shard shard) {
      Example[] rows = shard.rows[step];
      if (rows.length == 0) return new Partial(null, 0, 0);
      M model = Replicas.borrow(run, factory);
      try {
        List<Variable> params = model.parameters();
        weights.value().copyInto(params);
        model.train();
        model.zeroGrad();
        Variable l;
        try (Dropout.Keys k = Dropout.keys(globalStep, shard.indices[step])) {
          l = loss.apply(model, Example.batch(List.of(rows), dtype));
        }
        if (l.size() != 1)
          throw new IllegalArgumentException("SparkTrainer: the loss function must return a scalar, got shape "
              + l.shape());
        l.backward();
        Object[] g = new Object[params.size()];
        for (int i = 0; i < g.length; i++) {
          Tensor t = params.get(i).grad();
          g[i] = t == null ? null : t.dtype() == DType.FLOAT32 ? t.toFloatArray() : t.toDoubleArray();
        }
        return new Partial(g, l.item(), rows.length);
      } finally {
        Replicas.release(run, model);
      }
    }
  }

  /** Models built on this JVM for the current run, reused across steps (one per concurrent task). */
  static final class Replicas {
    private static final ArrayDeque<Module> FREE = new ArrayDeque<>();
    private static String current;

    static synchronized <M extends Module> M borrow(String run, ModelFactory<M> factory) {
      if (!run.equals(current)) {
        FREE.clear();
        current = run;
      }
      @SuppressWarnings("unchecked")
      M m = (M) FREE.poll();
      if (m != null) return m;
      M fresh = factory.get();
      SparkTrainer.refuseUnsupported(fresh, "model (built on an executor)");
      return fresh;
    }

    static synchronized void release(String run, Module m) {
      if (run.equals(current)) FREE.push(m);
    }
  }
}
