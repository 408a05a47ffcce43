package dev.nabla.core.internal;

import dev.nabla.core.ShapeMismatchException;
import dev.nabla.core.Tensor;
import dev.nabla.core.kernel.DoubleNorm;
import dev.nabla.core.kernel.FloatNorm;
import java.util.Objects;

/**
 * Fused normalization kernels for {@code dev.nabla.autodiff}'s {@code Normalization} rules (layer norm, RMS
 * norm, batch norm): one call each for the statistics, the normalization with its affine map, and the
 * training-mode backward, over a tensor read as [outer, groups, inner] (see {@link DoubleNorm}). Statistics
 * are per group, in {@code double} for both dtypes. The caller (autodiff) has checked the user-facing shapes
 * and names the op; these check sizes and dtypes again, so that a wrong call fails here and not in a loop.
 */
public final class NormalizationKernels {
  private NormalizationKernels() {}

  /** Per-group statistics: μ (0 when not {@code centered}) and the biased σ² (the mean square when not). */
  public record Stats(double[] mean, double[] var) {}

  /**
   * μ and σ² of each of the {@code groups} groups of {@code x} read as [outer, groups, inner].
   * Example: {@code stats("layerNorm", x, 1, rows, features, true)}.
   */
  public static Stats stats(String op, Tensor x, int outer, int groups, int inner, boolean centered) {
    requireLayout(op, x, outer, groups, inner);
    double[] mean = new double[groups], var = new double[groups];
    Object xs = TensorAccess.get().denseArray(x);
    if (xs instanceof float[] f) FloatNorm.stats(f, outer, groups, inner, centered, mean, var);
    else DoubleNorm.stats((double[]) xs, outer, groups, inner, centered, mean, var);
    return new Stats(mean, var);
  }

  /**
   * y = (x − μ)/√(σ² + ε)·w + b over {@code x} read as [outer, groups, inner], with the given statistics;
   * {@code weight} and {@code bias} (either may be null) hold one value per group ({@code perGroup}, batch
   * norm: [groups] elements) or per inner position (layer norm: [inner] elements). y has x's shape.
   */
  public static Tensor normalize(String op, Tensor x, int outer, int groups, int inner, double eps, Stats stats,
      Tensor weight, Tensor bias, boolean perGroup) {
    requireLayout(op, x, outer, groups, inner);
    Objects.requireNonNull(stats, "stats");
    TensorAccess access = TensorAccess.get();
    requireAffine(op, x, weight, bias, perGroup ? groups : inner);
    Object xs = access.denseArray(x), ws = weight == null ? null : access.denseArray(weight);
    Object bs = bias == null ? null : access.denseArray(bias);
    Object y;
    if (xs instanceof float[] f) {
      float[] out = new float[f.length];
      FloatNorm.normalize(f, outer, groups, inner, eps, stats.mean(), stats.var(), (float[]) ws, (float[]) bs,
          perGroup, out);
      y = out;
    } else {
      double[] d = (double[]) xs, out = new double[d.length];
      DoubleNorm.normalize(d, outer, groups, inner, eps, stats.mean(), stats.var(), (double[]) ws, (double[]) bs,
          perGroup, out);
      y = out;
    }
    return access.wrap(y, x.shape());
  }

  /**
   * {@link #stats} and {@link #normalize} fused, for a forward whose statistics are x's own (one pass over
   * each group, the same bits as the two calls): returns y and writes the statistics to {@code out[0]}.
   */
  public static Tensor statsNormalize(String op, Tensor x, int outer, int groups, int inner, boolean centered,
      double eps, Tensor weight, Tensor bias, boolean perGroup, Stats[] out) {
    requireLayout(op, x, outer, groups, inner);
    TensorAccess access = TensorAccess.get();
    requireAffine(op, x, weight, bias, perGroup ? groups : inner);
    double[] mean = new double[groups], var = new double[groups];
    Object xs = access.denseArray(x), ws = weight == null ? null : access.denseArray(weight);
    Object bs = bias == null ? null : access.denseArray(bias);
    Object y;
    if (xs instanceof float[] f) {
      float[] o = new float[f.length];
      FloatNorm.statsNormalize(f, outer, groups, inner, centered, eps, mean, var, (float[]) ws, (float[]) bs,
          perGroup, o);
      y = o;
    } else {
      double[] d = (double[]) xs, o = new double[d.length];
      DoubleNorm.statsNormalize(d, outer, groups, inner, centered, eps, mean, var, (double[]) ws, (double[]) bs,
          perGroup, o);
      y = o;
    }
    out[0] = new Stats(mean, var);
    return access.wrap(y, x.shape());
  }

  /**
   * The training-mode backward of x̂ = (x − μ)·s, s = 1/√(σ² + ε), with the statistics of x itself (given,
   * or computed when {@code stats} is null): for v = ∂L/∂x̂ of x's shape, dx = s·(v − mean(v) − x̂·mean(v ⊙ x̂))
   * per group (without mean(v) when not {@code centered}).
   */
  public static Tensor normalizeGrad(String op, Tensor x, Tensor v, int outer, int groups, int inner,
      boolean centered, double eps, Stats stats) {
    return normalizeGrad(op, x, v, null, outer, groups, inner, centered, eps, stats);
  }

  /**
   * {@link #normalizeGrad(String, Tensor, Tensor, int, int, int, boolean, double, Stats)} of v = g ⊙ weight,
   * the product formed in the kernel's row loops (not stored): {@code weight} (null for none) has {@code inner}
   * elements, one per inner position (layer and RMS norm's weight). The same bits as that call on a stored
   * g ⊙ weight.
   */
  public static Tensor normalizeGrad(String op, Tensor x, Tensor g, Tensor weight, int outer, int groups, int inner,
      boolean centered, double eps, Stats stats) {
    requireLayout(op, x, outer, groups, inner);
    Objects.requireNonNull(g, "v");
    TensorAccess access = TensorAccess.get();
    access.requireSameDType(op, x, g);
    if (!g.shape().equals(x.shape()))
      throw new ShapeMismatchException(op + ": gradient " + g.shape() + " does not match input " + x.shape());
    requireAffine(op, x, weight, null, inner);
    Stats st = stats != null ? stats : stats(op, x, outer, groups, inner, centered);
    Object xs = access.denseArray(x), gs = access.denseArray(g), dx;
    Object ws = weight == null ? null : access.denseArray(weight);
    if (xs instanceof float[] f) {
      float[] out = new float[f.length];
      FloatNorm.normalizeGrad(f, (float[]) gs, (float[]) ws, outer, groups, inner, centered, eps, st.mean(),
          st.var(), out);
      dx = out;
    } else {
      double[] d = (double[]) xs, out = new double[d.length];
      DoubleNorm.normalizeGrad(d, (double[]) gs, (double[]) ws, outer, groups, inner, centered, eps, st.mean(),
          st.var(), out);
      dx = out;
    }
    return access.wrap(dx, x.shape());
  }

  /**
   * The layer-norm backward in one pass over x and g (layout [1, rows, inner], one group per row; the
   * weight has {@code inner} elements): returns {dx, dw, db}, dx = P(g ⊙ weight) with the bits of
   * {@link #normalizeGrad(String, Tensor, Tensor, Tensor, int, int, int, boolean, double, Stats)}, and the
   * affine gradients Σ g ⊙ x̂, Σ g over the rows in the shape {@code affineShape} (see
   * {@code DoubleNorm.layerNormBackward} for their order of summation).
   */
  public static Tensor[] layerNormBackward(String op, Tensor x, Tensor g, Tensor weight, int rows, int inner,
      boolean centered, double eps, Stats stats, dev.nabla.core.Shape affineShape) {
    requireLayout(op, x, 1, rows, inner);
    Objects.requireNonNull(g, "g");
    Objects.requireNonNull(weight, "weight");
    Objects.requireNonNull(stats, "stats");
    TensorAccess access = TensorAccess.get();
    access.requireSameDType(op, x, g);
    if (!g.shape().equals(x.shape()))
      throw new ShapeMismatchException(op + ": gradient " + g.shape() + " does not match input " + x.shape());
    requireAffine(op, x, weight, null, inner);
    if (affineShape.size() != inner)
      throw new ShapeMismatchException(op + ": weight shape " + affineShape + " does not have " + inner + " elements");
    Object xs = access.denseArray(x), gs = access.denseArray(g), ws = access.denseArray(weight), dx, dw, db;
    if (xs instanceof float[] f) {
      float[] o = new float[f.length], ow = new float[inner], ob = new float[inner];
      FloatNorm.layerNormBackward(f, (float[]) gs, (float[]) ws, rows, inner, centered, eps, stats.mean(), stats.var(),
          o, ow, ob);
      dx = o;
      dw = ow;
      db = ob;
    } else {
      double[] d = (double[]) xs, o = new double[d.length], ow = new double[inner], ob = new double[inner];
      DoubleNorm.layerNormBackward(d, (double[]) gs, (double[]) ws, rows, inner, centered, eps, stats.mean(),
          stats.var(), o, ow, ob);
      dx = o;
      dw = ow;
      db = ob;
    }
    return new Tensor[] {access.wrap(dx, x.shape()), access.wrap(dw, affineShape), access.wrap(db, affineShape)};
  }

  /**
   * The affine weight's gradient Σ g ⊙ x̂ with x̂ = (x − μ)/√(σ² + ε) under the given statistics, summed over
   * all but the weight's index: per group ({@code perGroup}: [groups] elements) or per inner position ([inner]).
   * Returned with the elements in that order and the shape {@code shape} (the weight's).
   */
  public static Tensor affineGrad(String op, Tensor x, Tensor g, int outer, int groups, int inner, double eps,
      Stats stats, boolean perGroup, dev.nabla.core.Shape shape) {
    return affineGrads(op, x, g, outer, groups, inner, eps, stats, perGroup, shape, false)[0];
  }

  /**
   * {@link #affineGrad} and, when {@code withBias}, the bias's gradient Σ g over the same elements (the same
   * shape), in the same pass over x and g: returns {dw} or {dw, db}.
   */
  public static Tensor[] affineGrads(String op, Tensor x, Tensor g, int outer, int groups, int inner, double eps,
      Stats stats, boolean perGroup, dev.nabla.core.Shape shape, boolean withBias) {
    requireLayout(op, x, outer, groups, inner);
    Objects.requireNonNull(g, "g");
    Objects.requireNonNull(stats, "stats");
    TensorAccess access = TensorAccess.get();
    access.requireSameDType(op, x, g);
    if (!g.shape().equals(x.shape()))
      throw new ShapeMismatchException(op + ": gradient " + g.shape() + " does not match input " + x.shape());
    int n = perGroup ? groups : inner;
    if (shape.size() != n)
      throw new ShapeMismatchException(op + ": weight shape " + shape + " does not have " + n + " elements");
    double[] acc = perGroup ? null : new double[inner], accB = perGroup || !withBias ? null : new double[inner];
    Object xs = access.denseArray(x), gs = access.denseArray(g), dw, db;
    if (xs instanceof float[] f) {
      float[] out = new float[n], outB = withBias ? new float[n] : null;
      FloatNorm.affineGrad(f, (float[]) gs, outer, groups, inner, eps, stats.mean(), stats.var(), perGroup, acc, out,
          accB, outB);
      dw = out;
      db = outB;
    } else {
      double[] out = new double[n], outB = withBias ? new double[n] : null;
      DoubleNorm.affineGrad((double[]) xs, (double[]) gs, outer, groups, inner, eps, stats.mean(), stats.var(),
          perGroup, acc, out, accB, outB);
      dw = out;
      db = outB;
    }
    return withBias ? new Tensor[] {access.wrap(dw, shape), access.wrap(db, shape)}
        : new Tensor[] {access.wrap(dw, shape)};
  }

  /** Each of weight and bias (either may be null) has x's dtype and {@code affine} elements. */
  private static void requireAffine(String op, Tensor x, Tensor weight, Tensor bias, int affine) {
    for (Tensor t : new Tensor[] {weight, bias}) {
      if (t == null) continue;
      TensorAccess.get().requireSameDType(op, x, t);
      if (t.size() != affine)
        throw new ShapeMismatchException(op + ": affine parameter " + t.shape() + " has " + t.size()
            + " elements, need " + affine + " for input " + x.shape());
    }
  }

  private static void requireLayout(String op, Tensor x, int outer, int groups, int inner) {
    Objects.requireNonNull(x, "x");
    if (outer < 0 || groups < 0 || inner < 0 || (long) outer * groups * inner != x.size())
      throw new ShapeMismatchException(op + ": input " + x.shape() + " cannot be read as [" + outer + ", " + groups
          + ", " + inner + "]");
  }
}
