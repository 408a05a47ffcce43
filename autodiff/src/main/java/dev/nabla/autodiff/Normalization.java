package dev.nabla.autodiff;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.NormalizationKernels;
import dev.nabla.core.internal.NormalizationKernels.Stats;

/**
 * The fused normalization primitives behind {@link Normalizations}: layer norm, RMS norm and batch norm share
 * one forward ({@link Normalize}: statistics and output in one pass) and one training-mode backward
 * ({@link NormalizeGrad}), each a single kernel call (core's {@code NormalizationKernels}). For layer and RMS
 * norm with a weight, the backward is one pass over x and g: dx with g ⊙ w formed in the row loops, and the
 * affine gradients summed on the way, which {@link AffineGrad} and {@link BiasGrad} then take ({@link Found})
 * instead of passing over x and g again. The family is sealed without a {@code permits} list: its members
 * are the classes nested here (and {@link Found}, which is not a primitive).
 *
 * <p>Notation. The input x is read as [outer, groups, inner] ({@link Layout}); each group is normalized over
 * its M = outer·inner elements: μ = mean(x) (0 for RMS norm), σ² = mean((x − μ)²) (biased; the mean square for
 * RMS norm), s = 1/√(σ² + ε), x̂ = (x − μ)·s, y = x̂ ⊙ w + b. Means below are over a group (the layout's
 * reduce axes). With g = ∂L/∂y and ĝ = g ⊙ w: ∂w = Σ g ⊙ x̂, ∂b = Σ g (over the non-affine axes) and, when the
 * statistics are those of x (training), ∂x = P(ĝ) with the self-adjoint P(v) = s·(v − mean(v) − x̂·mean(v ⊙ x̂));
 * with fixed statistics (batch norm in eval mode) ∂x = s ⊙ ĝ.
 */
sealed interface Normalization extends Primitive {

  /**
   * How an input of a given shape is read by the kernels: [outer, groups, inner], the axes a group's
   * statistics reduce ({@code reduceAxes}), the axes the affine gradients sum ({@code affineSumAxes}), the
   * shape the affine parameters broadcast as ({@code affineShape}), and whether they are indexed by group.
   */
  record Layout(int outer, int groups, int inner, int[] reduceAxes, int[] affineSumAxes, int[] affineShape,
      boolean perGroup) {

    /** Layer/RMS norm over the last {@code k} dims of {@code dims}: one group per leading index. */
    static Layout trailing(int[] dims, int k) {
      int r = dims.length, rows = 1, inner = 1;
      for (int i = 0; i < r - k; i++) rows *= dims[i];
      for (int i = r - k; i < r; i++) inner *= dims[i];
      int[] reduce = new int[k], lead = new int[r - k], affine = new int[k];
      for (int i = 0; i < k; i++) {
        reduce[i] = r - k + i;
        affine[i] = dims[r - k + i];
      }
      for (int i = 0; i < r - k; i++) lead[i] = i;
      return new Layout(1, rows, inner, reduce, lead, affine, false);
    }

    /** Batch norm of [N, C, ...]: one group per channel, over N and the spatial dims. */
    static Layout channels(int[] dims) {
      int r = dims.length, inner = 1;
      for (int i = 2; i < r; i++) inner *= dims[i];
      int[] reduce = new int[r - 1], affine = new int[r - 1];
      reduce[0] = 0;
      for (int i = 2; i < r; i++) reduce[i - 1] = i;
      affine[0] = dims[1];
      for (int i = 1; i < r - 1; i++) affine[i] = 1;
      return new Layout(dims[0], dims[1], inner, reduce, reduce, affine, true);
    }

    /** The number of elements each group's statistics are taken over. */
    long count() {
      return (long) outer * inner;
    }
  }

  /**
   * y = x̂ ⊙ w + b, x̂ = (x − μ)/√(σ² + ε), fused (statistics, normalization and affine map in one kernel call).
   * Inputs: x, then w and b where present. Statistics: those of x (training: layer norm, RMS norm, batch norm
   * in training mode; kept after the forward as {@link #stats()} for the backward and the running estimates),
   * or fixed ones (batch norm in eval mode: the running statistics, constants).
   * ∂x = P(ĝ) via {@link NormalizeGrad} (training) or s ⊙ ĝ (fixed); ∂w = Σ g ⊙ x̂ via {@link AffineGrad}
   * (no x̂ materialized); ∂b = Σ g via {@link BiasGrad} when there is a weight (else a sum). With a weight per
   * inner position in training, the three are one kernel pass. Every piece is differentiable again (grad of grad).
   */
  final class Normalize implements Normalization {
    final String name;
    final Layout layout;
    final boolean centered, hasWeight, hasBias;
    final double eps;
    final Stats fixed;
    Stats stats;

    Normalize(String name, Layout layout, boolean centered, double eps, boolean hasWeight, boolean hasBias,
        Stats fixed, Stats cached) {
      this.name = name;
      this.layout = layout;
      this.centered = centered;
      this.eps = eps;
      this.hasWeight = hasWeight;
      this.hasBias = hasBias;
      this.fixed = fixed;
      this.stats = fixed != null ? fixed : cached;
    }

    /** The statistics the forward used (those of x in training; the fixed ones otherwise). */
    Stats stats() {
      return stats;
    }

    public String name() { return name; }

    public Tensor forward(Tensor... x) {
      Layout l = layout;
      Tensor w = hasWeight ? x[1] : null, b = hasBias ? x[hasWeight ? 2 : 1] : null;
      if (stats == null) { // x's own statistics: computed and used in one pass
        Stats[] st = new Stats[1];
        Tensor y = NormalizationKernels.statsNormalize(name, x[0], l.outer(), l.groups(), l.inner(), centered, eps, w,
            b, l.perGroup(), st);
        stats = st[0];
        return y;
      }
      return NormalizationKernels.normalize(name, x[0], l.outer(), l.groups(), l.inner(), eps, stats,
          w, b, l.perGroup());
    }

    /** x̂ of the same input: this op without weight and bias, reusing the statistics already known. */
    Normalize plain() {
      return new Normalize(name, layout, centered, eps, false, false, fixed, stats);
    }

    public Variable[] vjp(Variable g, Variable y, Variable... x) {
      Variable in = x[0], w = hasWeight ? x[1] : null, b = hasBias ? x[hasWeight ? 2 : 1] : null;
      Variable[] out = new Variable[x.length];
      Found found = new Found(); // affine gradients a fused pass finds on its way, for the primitives after it
      if (in.requiresGrad()) {
        if (fixed == null && w != null && !layout.perGroup()) // one pass: dx with ĝ = g ⊙ w inside, dw and db
          out[0] = Engine.apply(new NormalizeGrad(name, layout, centered, eps, stats, true, found), in, g, w);
        else {
          Variable gh = w == null ? g : g.mul(broadcastable(w));
          out[0] = fixed == null ? Engine.apply(new NormalizeGrad(name, layout, centered, eps, stats), in, gh)
              : gh.mul(Variable.constant(scale(in.dtype())));
        }
      }
      boolean biasGrad = b != null && b.requiresGrad();
      if (w != null && w.requiresGrad()) // taken from the fused pass, or one column pass (with Σ g when wanted)
        out[1] = Engine.apply(new AffineGrad(this, w.shape().dims(), biasGrad ? found : null, found), in, g);
      if (biasGrad)
        out[x.length - 1] = w != null ? Engine.apply(new BiasGrad(this, b.shape().dims(), found), g) : sumAffine(g, b);
      return out;
    }

    Variable broadcastable(Variable p) {
      return p.shape().dims().length == layout.affineShape().length ? p : p.reshape(layout.affineShape());
    }

    private Variable sumAffine(Variable v, Variable p) {
      int[] axes = layout.affineSumAxes();
      Variable s = axes.length == 0 ? v : v.sum(axes, false);
      return s.shape().equals(p.shape()) ? s : s.reshape(p.shape().dims());
    }

    /** s = 1/√(σ² + ε) per group of the fixed statistics, in the affine broadcast shape. */
    Tensor scale(DType dtype) {
      double[] s = new double[fixed.var().length];
      for (int i = 0; i < s.length; i++) s[i] = 1 / Math.sqrt(fixed.var()[i] + eps);
      return Tensor.of(s).reshape(layout.affineShape()).toType(dtype);
    }
  }

  /**
   * The training-mode backward of x̂ as a primitive: z = P(v) = s·(v − mean(v) − x̂·mean(v ⊙ x̂)) per group
   * (RMS norm: without mean(v)), for inputs x and v (= ĝ), or (with {@code hasWeight}, layer and RMS norm) x, g
   * and the weight w, v = g ⊙ w formed in the kernel's row loops (never stored; the same bits). P is
   * self-adjoint, so with G = ∂L/∂z: ∂v = P(G) (∂g = P(G) ⊙ w, ∂w = Σ P(G) ⊙ g), and
   * ∂x = −s·(mean(G ⊙ z)·x̂ + mean(v ⊙ x̂)·P(G) + mean(G ⊙ x̂)·z), written with Variable ops over this
   * family's primitives (x̂ from {@link Normalize}, P from this class), so it is differentiable again.
   */
  final class NormalizeGrad implements Normalization {
    final String name;
    final Layout layout;
    final boolean centered;
    final double eps;
    final Stats stats;
    final boolean hasWeight;
    /** With the weight inside and not null: the pass also sums dw and db (layer-norm layout) and leaves them here. */
    final Found found;

    NormalizeGrad(String name, Layout layout, boolean centered, double eps, Stats stats) {
      this(name, layout, centered, eps, stats, false, null);
    }

    NormalizeGrad(String name, Layout layout, boolean centered, double eps, Stats stats, boolean hasWeight,
        Found found) {
      if (hasWeight && layout.perGroup())
        throw new IllegalArgumentException(name + ": the fused weight is per inner position, not per group");
      this.name = name;
      this.layout = layout;
      this.centered = centered;
      this.eps = eps;
      this.stats = stats;
      this.hasWeight = hasWeight;
      this.found = hasWeight ? found : null;
    }

    public String name() { return name + "Backward"; }
    public boolean savesOutput() { return true; }

    public Tensor forward(Tensor... x) {
      Layout l = layout;
      if (found != null && l.outer() == 1) { // rows: dx, and the affine gradients while each row is in cache
        Stats st = stats != null ? stats
            : NormalizationKernels.stats(name(), x[0], l.outer(), l.groups(), l.inner(), centered);
        Tensor[] r = NormalizationKernels.layerNormBackward(name(), x[0], x[1], x[2], l.groups(), l.inner(), centered,
            eps, st, dev.nabla.core.Shape.of(l.affineShape()));
        found.put(x[0], x[1], r[1], r[2]);
        return r[0];
      }
      return NormalizationKernels.normalizeGrad(name(), x[0], x[1], hasWeight ? x[2] : null, l.outer(), l.groups(),
          l.inner(), centered, eps, stats);
    }

    public Variable[] vjp(Variable gz, Variable z, Variable... x) {
      Variable in = x[0], g = x[1], w = hasWeight ? x[2] : null;
      Variable v = w == null ? g : g.mul(w);
      Variable pg = Engine.apply(hasWeight ? new NormalizeGrad(name, layout, centered, eps, stats) : this, in, gz);
      Variable dx = null;
      if (in.requiresGrad()) {
        int[] ax = layout.reduceAxes();
        Variable xhat = Engine.apply(new Normalize(name, layout, centered, eps, false, false, null, stats), in);
        Variable c = centered ? in.sub(in.mean(ax, true)) : in;
        Variable s = c.square().mean(ax, true).add(eps).sqrt().reciprocal();
        Variable t = gz.mul(z).mean(ax, true).mul(xhat).add(v.mul(xhat).mean(ax, true).mul(pg))
            .add(gz.mul(xhat).mean(ax, true).mul(z));
        dx = t.mul(s).neg();
      }
      Variable dg = !g.requiresGrad() ? null : w == null ? pg : pg.mul(w);
      Variable dw = w == null || !w.requiresGrad() ? null : pg.mul(g); // the engine sums it to w's shape
      return hasWeight ? new Variable[] {dx, dg, dw} : new Variable[] {dx, dg};
    }
  }

  /**
   * The weight gradient of {@link Normalize} as a primitive: z = Σ g ⊙ x̂ over all but the weight's axes (shape:
   * the weight's), for inputs x and g, fused in one pass. With Z = ∂L/∂z, broadcast as the weight (Z_b):
   * ∂g = Z_b ⊙ x̂ (x̂ from {@link Normalize} without affine map) and ∂x = the backward of x̂ applied to g ⊙ Z_b:
   * P(g ⊙ Z_b) via {@link NormalizeGrad} in training, s ⊙ g ⊙ Z_b with fixed statistics.
   */
  final class AffineGrad implements Normalization {
    final Normalize of;
    final int[] shape;
    /** Where Σ g goes when also wanted (summed in the same pass), or null; where an earlier pass left dw, or null. */
    final Found biasTo, from;

    AffineGrad(Normalize of, int[] shape) {
      this(of, shape, null, null);
    }

    AffineGrad(Normalize of, int[] shape, Found biasTo, Found from) {
      this.of = of;
      this.shape = shape;
      this.biasTo = biasTo;
      this.from = from;
    }

    public String name() { return of.name + "WeightBackward"; }

    public Tensor forward(Tensor... x) {
      Tensor done = from == null ? null : from.takeWeight(x[0], x[1]);
      if (done != null) return done;
      Layout l = of.layout;
      Stats st = of.stats != null ? of.stats
          : NormalizationKernels.stats(name(), x[0], l.outer(), l.groups(), l.inner(), of.centered);
      Tensor[] r = NormalizationKernels.affineGrads(name(), x[0], x[1], l.outer(), l.groups(), l.inner(), of.eps, st,
          l.perGroup(), dev.nabla.core.Shape.of(shape), biasTo != null);
      if (biasTo != null) biasTo.put(x[0], x[1], null, r[1]);
      return r[0];
    }

    public Variable[] vjp(Variable gz, Variable z, Variable... x) {
      Variable in = x[0], g = x[1], zb = of.broadcastable(gz);
      Variable dx = null, dg = null;
      if (g.requiresGrad()) dg = zb.mul(Engine.apply(of.plain(), in));
      if (in.requiresGrad()) {
        Variable v = g.mul(zb);
        dx = of.fixed == null ? Engine.apply(new NormalizeGrad(of.name, of.layout, of.centered, of.eps, of.stats), in, v)
            : v.mul(Variable.constant(of.scale(in.dtype())));
      }
      return new Variable[] {dx, dg};
    }
  }

  /**
   * The bias gradient of {@link Normalize} as a primitive: z = Σ g over all but the bias's axes (shape: the
   * bias's), for input g. Its value comes from an earlier pass that also summed g ({@link NormalizeGrad} with the
   * weight inside, or {@link AffineGrad}), when that ran on the same g (the usual backward); otherwise it is
   * summed here.
   * With Z = ∂L/∂z: ∂g = Z broadcast to g's shape.
   */
  final class BiasGrad implements Normalization {
    final Normalize of;
    final int[] shape;
    final Found from;

    BiasGrad(Normalize of, int[] shape, Found from) {
      this.of = of;
      this.shape = shape;
      this.from = from;
    }

    public String name() { return of.name + "BiasBackward"; }

    public Tensor forward(Tensor... x) {
      Tensor g = x[0];
      Tensor done = from == null ? null : from.takeBias(g);
      if (done != null) return done;
      int[] axes = of.layout.affineSumAxes();
      Tensor s = axes.length == 0 ? g.mul(1.0) : g.sum(axes, false);
      return s.reshape(shape);
    }

    public Variable[] vjp(Variable gz, Variable z, Variable... x) {
      Variable g = x[0];
      return new Variable[] {g.requiresGrad() ? of.broadcastable(gz).expand(g.shape().dims()) : null};
    }
  }

  /**
   * Affine gradients an earlier kernel pass found on its way (the fused backward's dw and db, or Σ g from the
   * weight gradient's column pass), for the primitives applied after it in the same rule: each value is taken at
   * most once, and only by a forward on the very tensors it was computed from (otherwise that forward computes
   * its own).
   */
  final class Found {
    private Tensor x, g, dw, db;

    void put(Tensor x, Tensor g, Tensor dw, Tensor db) {
      this.x = x;
      this.g = g;
      this.dw = dw;
      this.db = db;
    }

    /** Σ g ⊙ x̂ found for this x and g, or null. */
    Tensor takeWeight(Tensor x, Tensor g) {
      Tensor t = this.x == x && this.g == g ? dw : null;
      dw = null;
      return t;
    }

    /** Σ g found for this g, or null. */
    Tensor takeBias(Tensor g) {
      Tensor t = this.g == g ? db : null;
      db = null;
      return t;
    }
  }
}
