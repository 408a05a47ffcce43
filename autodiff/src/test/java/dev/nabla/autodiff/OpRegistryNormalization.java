package dev.nabla.autodiff;

import static dev.nabla.autodiff.RegistryEntries.err;

import dev.nabla.autodiff.OpRegistry.Entry;
import dev.nabla.autodiff.OpRegistry.ErrorCase;
import dev.nabla.core.DType;
import dev.nabla.core.Shape;
import dev.nabla.core.ShapeMismatchException;
import dev.nabla.core.Tensor;
import dev.nabla.core.check.Domain;
import dev.nabla.core.check.Gen;
import dev.nabla.core.check.Gens;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Registry entries of the {@link Normalization} family ({@link Normalizations}' layer norm, RMS norm and batch
 * norm): every variant (with and without weight and bias, one and two normalized dims, batch norm in training
 * and eval mode on 2-D, 3-D and 4-D input), the fused backward on its own (its rule is the second-order one),
 * and the error cases. Batch norm in training updates its running statistics: each call gets fresh buffers.
 */
final class OpRegistryNormalization {
  private OpRegistryNormalization() {}

  private static final DType F64 = DType.FLOAT64;
  private static final Set<Class<?>> NORMALIZE = Set.of(Normalization.Normalize.class);

  private static Entry entry(String name, Set<Class<?>> prims, Gen<List<Shape>> shapes,
      Function<List<Variable>, Variable> fn, ErrorCase... errors) {
    return RegistryEntries.entry(name, prims, Gens.tensorList(F64, shapes, Domain.ANY), fn, errors);
  }

  private static Variable zeros(int... dims) {
    return Variable.parameter(Tensor.zeros(F64, dims));
  }

  /** dims[0..] random in [lo, lo + spread) each. */
  private static int[] dims(java.util.SplittableRandom rng, int count, int lo, int spread) {
    int[] d = new int[count];
    for (int i = 0; i < count; i++) d[i] = lo + rng.nextInt(spread);
    return d;
  }

  private static int[] cat(int[] a, int[] b) {
    int[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  /** x [lead..., norm...] (lead rank 0..2, each normalized dim 2..4, at least 3 elements), then the affine shapes. */
  private static Gen<List<Shape>> trailing(int k, int affine) {
    return rng -> {
      int[] norm = dims(rng, k, 2, 3);
      if (k == 1) norm[0] += 1;
      List<Shape> s = new ArrayList<>();
      s.add(Shape.of(cat(dims(rng, rng.nextInt(3), 1, 3), norm)));
      for (int i = 0; i < affine; i++) s.add(Shape.of(norm));
      return s;
    };
  }

  /** x [N, C, spatial...] of the given rank (N 3..4, C 1..3, spatial 1..3), then the affine [C] shapes. */
  private static Gen<List<Shape>> channels(int rank, int affine) {
    return rng -> {
      int[] d = cat(new int[] {3 + rng.nextInt(2), 1 + rng.nextInt(3)}, dims(rng, rank - 2, 1, 3));
      List<Shape> s = new ArrayList<>();
      s.add(Shape.of(d));
      for (int i = 0; i < affine; i++) s.add(Shape.of(d[1]));
      return s;
    };
  }

  private static int[] normShape(Variable x, int k) {
    return normShape(x.shape().dims(), k);
  }

  private static int[] normShape(int[] d, int k) {
    return java.util.Arrays.copyOfRange(d, d.length - k, d.length);
  }

  private static Variable arg(List<Variable> v, int i) {
    return i < v.size() ? v.get(i) : null;
  }

  /** Batch norm in training with fresh running statistics (zeros and ones), so calls do not interact. */
  private static Variable bnTrain(List<Variable> v, boolean weight, boolean bias) {
    Variable x = v.get(0);
    int c = x.shape().dim(1);
    return Normalizations.batchNorm(x, Tensor.zeros(x.dtype(), c), Tensor.ones(x.dtype(), c),
        weight ? v.get(1) : null, bias ? v.get(weight ? 2 : 1) : null, true, 0.1, 1e-5);
  }

  /** Batch norm in eval mode with fixed, non-trivial running statistics. */
  private static Variable bnEval(List<Variable> v) {
    Variable x = v.get(0);
    int c = x.shape().dim(1);
    Tensor mean = Tensor.arange(F64, c).mul(0.3).sub(0.2).toType(x.dtype());
    Tensor var = Tensor.arange(F64, c).mul(0.4).add(0.5).toType(x.dtype());
    return Normalizations.batchNorm(x, mean, var, v.get(1), v.get(2), false, 0.1, 1e-5);
  }

  static List<Entry> entries() {
    List<Entry> e = new ArrayList<>();
    e.add(entry("layerNorm(last dim, weight, bias)", NORMALIZE, trailing(1, 2),
        v -> Normalizations.layerNorm(v.get(0), normShape(v.get(0), 1), v.get(1), v.get(2), 1e-5),
        err("normalizedShape [4] for [2, 3]", () -> Normalizations.layerNorm(zeros(2, 3), 4, null, null),
            ShapeMismatchException.class, "layerNorm: normalizedShape [4] does not match the last dims of input [2, 3]"),
        err("normalizedShape [2, 3] for [3]",
            () -> Normalizations.layerNorm(zeros(3), new int[] {2, 3}, null, null, 1e-5), ShapeMismatchException.class,
            "layerNorm: normalizedShape [2, 3] does not match the last dims of input [3]"),
        err("weight [4] for [3]", () -> Normalizations.layerNorm(zeros(2, 3), 3, zeros(4), zeros(3)),
            ShapeMismatchException.class, "layerNorm: weight [4] does not match normalizedShape [3] (input [2, 3])"),
        err("bias [3, 1] for [3]", () -> Normalizations.layerNorm(zeros(2, 3), 3, zeros(3), zeros(3, 1)),
            ShapeMismatchException.class, "layerNorm: bias [3, 1] does not match normalizedShape [3] (input [2, 3])"),
        err("INT32 input", () -> Normalizations.layerNorm(Variable.constant(Tensor.of(new int[] {1, 2, 3}, 1, 3)), 3,
            null, null), IllegalArgumentException.class, "layerNorm: input INT32 [1, 3] is not floating point (FLOAT32 or"
            + " FLOAT64)"),
        err("empty normalizedShape", () -> Normalizations.layerNorm(zeros(2, 3), new int[0], null, null, 1e-5),
            IllegalArgumentException.class,
            "layerNorm: normalizedShape [] must have at least one dim, each positive (input [2, 3])"),
        err("FLOAT32 weight for FLOAT64 input", () -> Normalizations.layerNorm(zeros(2, 3), 3,
            Variable.constant(Tensor.ones(DType.FLOAT32, 3)), null), IllegalArgumentException.class,
            "layerNorm: dtype mismatch: FLOAT64 [2, 3] vs FLOAT32 [3]; convert one with toType")));
    e.add(entry("layerNorm(last dim, no affine)", NORMALIZE, trailing(1, 0),
        v -> Normalizations.layerNorm(v.get(0), normShape(v.get(0), 1), null, null, 1e-5)));
    e.add(entry("layerNorm(last dim, bias only)", NORMALIZE, trailing(1, 1),
        v -> Normalizations.layerNorm(v.get(0), normShape(v.get(0), 1), null, v.get(1), 1e-3)));
    e.add(entry("layerNorm(last 2 dims, weight, bias)", NORMALIZE, trailing(2, 2),
        v -> Normalizations.layerNorm(v.get(0), normShape(v.get(0), 2), v.get(1), v.get(2), 1e-5)));
    e.add(entry("layerNorm(last 2 dims, weight only)", NORMALIZE, trailing(2, 1),
        v -> Normalizations.layerNorm(v.get(0), normShape(v.get(0), 2), v.get(1), null, 1e-5)));
    e.add(entry("rmsNorm(last dim, weight)", NORMALIZE, trailing(1, 1),
        v -> Normalizations.rmsNorm(v.get(0), normShape(v.get(0), 1), v.get(1), 1e-6),
        err("normalizedShape [3] for [3, 2]", () -> Normalizations.rmsNorm(zeros(3, 2), new int[] {3}, null, 1e-6),
            ShapeMismatchException.class, "rmsNorm: normalizedShape [3] does not match the last dims of input [3, 2]"),
        err("weight [3] for [2]", () -> Normalizations.rmsNorm(zeros(3, 2), new int[] {2}, zeros(3), 1e-6),
            ShapeMismatchException.class, "rmsNorm: weight [3] does not match normalizedShape [2] (input [3, 2])")));
    e.add(entry("rmsNorm(last dim, no weight, default eps)", NORMALIZE, trailing(1, 0),
        v -> Normalizations.rmsNorm(v.get(0), v.get(0).shape().dim(-1), null)));
    e.add(entry("rmsNorm(last 2 dims, weight)", NORMALIZE, trailing(2, 1),
        v -> Normalizations.rmsNorm(v.get(0), normShape(v.get(0), 2), v.get(1), 1e-5)));
    e.add(entry("batchNorm(train, [N, C], weight, bias)", NORMALIZE, channels(2, 2), v -> bnTrain(v, true, true),
        err("one value per channel", () -> Normalizations.batchNorm(zeros(1, 3), Tensor.zeros(F64, 3),
            Tensor.ones(F64, 3), null, null, true, 0.1, 1e-5), IllegalArgumentException.class,
            "batchNorm: expected more than 1 value per channel when training, got input [1, 3]"),
        err("one value per channel, [1, 2, 1]", () -> Normalizations.batchNorm(zeros(1, 2, 1), null, null, null, null,
            true, 0.1, 1e-5), IllegalArgumentException.class,
            "batchNorm: expected more than 1 value per channel when training, got input [1, 2, 1]"),
        err("running mean [4] for 3 channels", () -> Normalizations.batchNorm(zeros(2, 3), Tensor.zeros(F64, 4),
            Tensor.ones(F64, 3), null, null, true, 0.1, 1e-5), ShapeMismatchException.class,
            "batchNorm: input [2, 3] has 3 channels but runningMean [4] expects 4"),
        err("weight [2] for 3 channels", () -> Normalizations.batchNorm(zeros(2, 3, 5), Tensor.zeros(F64, 3),
            Tensor.ones(F64, 3), zeros(2), zeros(3), true, 0.1, 1e-5), ShapeMismatchException.class,
            "batchNorm: input [2, 3, 5] has 3 channels but weight [2] expects 2"),
        err("bias [3, 1]", () -> Normalizations.batchNorm(zeros(2, 3, 5), null, null, zeros(3), zeros(3, 1), true,
            0.1, 1e-5), ShapeMismatchException.class,
            "batchNorm: input [2, 3, 5] has 3 channels but bias [3, 1] expects shape [3]"),
        err("INT32 input", () -> Normalizations.batchNorm(Variable.constant(Tensor.of(new int[] {1, 2, 3, 4}, 2, 2)),
            null, null, null, null, true, 0.1, 1e-5), IllegalArgumentException.class,
            "batchNorm: input INT32 [2, 2] is not floating point (FLOAT32 or FLOAT64)"),
        err("rank 1", () -> Normalizations.batchNorm(zeros(3), null, null, null, null, true, 0.1, 1e-5),
            ShapeMismatchException.class, "batchNorm: input [3] must be [N, C, ...] (at least 2 dims)"),
        err("eval without statistics", () -> Normalizations.batchNorm(zeros(2, 3), null, null, null, null, false, 0.1,
            1e-5), IllegalArgumentException.class, "batchNorm: eval mode needs runningMean and runningVar (input [2, 3])"),
        err("FLOAT32 running mean", () -> Normalizations.batchNorm(zeros(2, 3), Tensor.zeros(DType.FLOAT32, 3),
            Tensor.ones(F64, 3), null, null, true, 0.1, 1e-5), IllegalArgumentException.class,
            "batchNorm: dtype mismatch: input FLOAT64 [2, 3] vs running statistic FLOAT32 [3]; convert one with toType"),
        err("a view as running mean", () -> Normalizations.batchNorm(zeros(2, 3), Tensor.zeros(F64, 6).slice(0, 0, 6, 2),
            Tensor.ones(F64, 3), null, null, true, 0.1, 1e-5), IllegalArgumentException.class,
            "batchNorm: running statistic [3] must be writable in place (dense, not a view)")));
    e.add(entry("batchNorm(train, [N, C], no affine)", NORMALIZE, channels(2, 0), v -> bnTrain(v, false, false)));
    e.add(entry("batchNorm(train, [N, C, L], weight, bias)", NORMALIZE, channels(3, 2), v -> bnTrain(v, true, true)));
    e.add(entry("batchNorm(train, [N, C, L], weight only)", NORMALIZE, channels(3, 1), v -> bnTrain(v, true, false)));
    e.add(entry("batchNorm(train, [N, C, H, W], weight, bias)", NORMALIZE, channels(4, 2),
        v -> bnTrain(v, true, true)));
    e.add(entry("batchNorm(eval, [N, C], weight, bias)", NORMALIZE, channels(2, 2), v -> bnEval(v)));
    e.add(entry("batchNorm(eval, [N, C, L], weight, bias)", NORMALIZE, channels(3, 2), v -> bnEval(v)));
    e.add(entry("batchNorm(eval, [N, C, H, W], weight, bias)", NORMALIZE, channels(4, 2), v -> bnEval(v)));
    e.add(entry("batchNorm(eval, [N, C, H, W], no affine)", NORMALIZE, channels(4, 0), v -> {
      Variable x = v.get(0);
      int c = x.shape().dim(1);
      return Normalizations.batchNorm(x, Tensor.full(x.dtype(), 0.25, c), Tensor.full(x.dtype(), 2.0, c), null, null,
          false, 0.1, 1e-5);
    }));
    // the fused training-mode backward on its own: z = P(v); its rule is the second-order one
    Set<Class<?>> grad = Set.of(Normalization.NormalizeGrad.class);
    e.add(entry("layerNormBackward (fused, last dim)", grad, rng -> {
      Shape x = trailing(1, 0).generate(rng).get(0);
      return List.of(x, x);
    }, v -> Engine.apply(new Normalization.NormalizeGrad("layerNorm",
        Normalization.Layout.trailing(v.get(0).shape().dims(), 1), true, 1e-5, null), v.get(0), v.get(1)),
        err("gradient [2, 4] for input [2, 3]", () -> Engine.apply(new Normalization.NormalizeGrad("layerNorm",
            Normalization.Layout.trailing(new int[] {2, 3}, 1), true, 1e-5, null), zeros(2, 3), zeros(2, 4)),
            ShapeMismatchException.class, "layerNormBackward: gradient [2, 4] does not match input [2, 3]")));
    e.add(entry("rmsNormBackward (fused, last 2 dims)", grad, rng -> {
      Shape x = trailing(2, 0).generate(rng).get(0);
      return List.of(x, x);
    }, v -> Engine.apply(new Normalization.NormalizeGrad("rmsNorm",
        Normalization.Layout.trailing(v.get(0).shape().dims(), 2), false, 1e-5, null), v.get(0), v.get(1))));
    e.add(entry("batchNormBackward (fused, [N, C, L])", grad, rng -> {
      Shape x = channels(3, 0).generate(rng).get(0);
      return List.of(x, x);
    }, v -> Engine.apply(new Normalization.NormalizeGrad("batchNorm",
        Normalization.Layout.channels(v.get(0).shape().dims()), true, 1e-5, null), v.get(0), v.get(1))));
    // the fused backward with the weight inside: z = P(g ⊙ w) (layer and RMS norm)
    e.add(entry("layerNormBackward (fused, weight inside, last dim)", grad, rng -> {
      Shape x = trailing(1, 0).generate(rng).get(0);
      int[] d = x.dims();
      return List.of(x, x, Shape.of(d[d.length - 1]));
    }, v -> Engine.apply(new Normalization.NormalizeGrad("layerNorm",
        Normalization.Layout.trailing(v.get(0).shape().dims(), 1), true, 1e-5, null, true, null), v.get(0), v.get(1),
        v.get(2)),
        err("weight [4] for input [2, 3]", () -> Engine.apply(new Normalization.NormalizeGrad("layerNorm",
            Normalization.Layout.trailing(new int[] {2, 3}, 1), true, 1e-5, null, true, null), zeros(2, 3), zeros(2, 3),
            zeros(4)), ShapeMismatchException.class,
            "layerNormBackward: affine parameter [4] has 4 elements, need 3 for input [2, 3]")));
    e.add(entry("rmsNormBackward (fused, weight inside, last 2 dims)", grad, rng -> {
      Shape x = trailing(2, 0).generate(rng).get(0);
      return List.of(x, x, Shape.of(normShape(x.dims(), 2)));
    }, v -> Engine.apply(new Normalization.NormalizeGrad("rmsNorm",
        Normalization.Layout.trailing(v.get(0).shape().dims(), 2), false, 1e-5, null, true, null), v.get(0), v.get(1),
        v.get(2))));
    e.add(entry("layerNormBackward (one pass with the affine sums, last dim)", grad, rng -> {
      Shape x = trailing(1, 0).generate(rng).get(0);
      int[] d = x.dims();
      return List.of(x, x, Shape.of(d[d.length - 1]));
    }, v -> Engine.apply(new Normalization.NormalizeGrad("layerNorm",
        Normalization.Layout.trailing(v.get(0).shape().dims(), 1), true, 1e-5, null, true,
        new Normalization.Found()), v.get(0), v.get(1), v.get(2))));
    // the bias gradient on its own (summed here, no weight-gradient pass before it): z = Σ g
    Set<Class<?>> bias = Set.of(Normalization.BiasGrad.class);
    e.add(entry("layerNormBiasBackward (last 2 dims)", bias, rng -> List.of(trailing(2, 0).generate(rng).get(0)),
        v -> {
          int[] d = v.get(0).shape().dims();
          Normalization.Normalize of = new Normalization.Normalize("layerNorm", Normalization.Layout.trailing(d, 2),
              true, 1e-5, true, true, null, null);
          return Engine.apply(new Normalization.BiasGrad(of, normShape(d, 2), null), v.get(0));
        }));
    e.add(entry("batchNormBiasBackward ([N, C, H, W])", bias, rng -> List.of(channels(4, 0).generate(rng).get(0)),
        v -> {
          int[] d = v.get(0).shape().dims();
          Normalization.Normalize of = new Normalization.Normalize("batchNorm", Normalization.Layout.channels(d), true,
              1e-5, true, true, null, null);
          return Engine.apply(new Normalization.BiasGrad(of, new int[] {d[1]}, null), v.get(0));
        }));
    // the fused weight gradient on its own: z = Σ g ⊙ x̂ over all but the weight's axes
    Set<Class<?>> affine = Set.of(Normalization.AffineGrad.class);
    e.add(entry("layerNormWeightBackward (fused, last 2 dims)", affine, rng -> {
      Shape x = trailing(2, 0).generate(rng).get(0);
      return List.of(x, x);
    }, v -> {
      int[] d = v.get(0).shape().dims();
      Normalization.Normalize of = new Normalization.Normalize("layerNorm", Normalization.Layout.trailing(d, 2), true,
          1e-5, true, false, null, null);
      return Engine.apply(new Normalization.AffineGrad(of, normShape(v.get(0), 2)), v.get(0), v.get(1));
    }, err("gradient [2, 4] for input [2, 3]", () -> Engine.apply(new Normalization.AffineGrad(
        new Normalization.Normalize("layerNorm", Normalization.Layout.trailing(new int[] {2, 3}, 1), true, 1e-5, true,
            false, null, null), new int[] {3}), zeros(2, 3), zeros(2, 4)), ShapeMismatchException.class,
        "layerNormWeightBackward: gradient [2, 4] does not match input [2, 3]")));
    e.add(entry("rmsNormWeightBackward (fused, last dim)", affine, rng -> {
      Shape x = trailing(1, 0).generate(rng).get(0);
      return List.of(x, x);
    }, v -> {
      int[] d = v.get(0).shape().dims();
      Normalization.Normalize of = new Normalization.Normalize("rmsNorm", Normalization.Layout.trailing(d, 1), false,
          1e-5, true, false, null, null);
      return Engine.apply(new Normalization.AffineGrad(of, normShape(v.get(0), 1)), v.get(0), v.get(1));
    }));
    e.add(entry("batchNormWeightBackward (fused, train, [N, C, H, W])", affine, rng -> {
      Shape x = channels(4, 0).generate(rng).get(0);
      return List.of(x, x);
    }, v -> {
      int[] d = v.get(0).shape().dims();
      Normalization.Normalize of = new Normalization.Normalize("batchNorm", Normalization.Layout.channels(d), true,
          1e-5, true, false, null, null);
      return Engine.apply(new Normalization.AffineGrad(of, new int[] {d[1]}), v.get(0), v.get(1));
    }));
    e.add(entry("batchNormWeightBackward (fused, eval, [N, C, L])", affine, rng -> {
      Shape x = channels(3, 0).generate(rng).get(0);
      return List.of(x, x);
    }, v -> {
      int[] d = v.get(0).shape().dims();
      double[] mean = new double[d[1]], var = new double[d[1]];
      for (int c = 0; c < d[1]; c++) {
        mean[c] = 0.3 * c - 0.2;
        var[c] = 0.5 + 0.4 * c;
      }
      Normalization.Normalize of = new Normalization.Normalize("batchNorm", Normalization.Layout.channels(d), true,
          1e-5, true, false, new dev.nabla.core.internal.NormalizationKernels.Stats(mean, var), null);
      return Engine.apply(new Normalization.AffineGrad(of, new int[] {d[1]}), v.get(0), v.get(1));
    }));
    return e;
  }
}
