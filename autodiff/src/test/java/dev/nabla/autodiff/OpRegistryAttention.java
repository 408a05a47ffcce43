package dev.nabla.autodiff;

import dev.nabla.core.DType;
import dev.nabla.core.Shape;
import dev.nabla.core.ShapeMismatchException;
import dev.nabla.core.Tensor;
import dev.nabla.core.check.Domain;
import dev.nabla.core.check.Gen;
import dev.nabla.core.check.Gens;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The registry entries of {@link Attention}: the fused attention weights ({@link Softmax.AttentionWeights}) and
 * their fused backward ({@link Softmax.AttentionWeightsGrad}), and scaled dot-product attention causal or not,
 * with additive and boolean masks (a fully masked row among them), Tq ≠ Tk, batch dimensions that broadcast,
 * a custom scale and scores shifted by ±1000; and the error cases.
 */
final class OpRegistryAttention {
  private OpRegistryAttention() {}

  private static final DType F64 = DType.FLOAT64;
  private static final String SDPA = "scaledDotProductAttention";
  private static final Set<Class<?>> WEIGHTS = Set.of(Softmax.AttentionWeights.class, Products.MatMul.class);

  /** Which additive mask an entry adds, built in the inputs' dtype from the scores' shape. */
  private enum Mask { NONE, FULL, ROW, KEYS_PER_BATCH, BOOLEAN_WITH_EMPTY_ROW, PLUS_1000, MINUS_1000 }

  private static int between(SplittableRandom rng, int lo, int hi) {
    return lo + rng.nextInt(hi - lo + 1);
  }

  private static int[] cat(int[] a, int... b) {
    int[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  /**
   * q [bq.., Tq, d], k [bk.., Tk, d], v [bv.., Tk, dv]: batch rank {@code batchRank} (or 0..2 when -1), each
   * operand's batch dims independently 1 or the common size (broadcasting); Tq = Tk when {@code square}.
   */
  static Gen<List<Tensor>> qkv(int batchRank, boolean square) {
    Gen<List<Shape>> shapes = rng -> {
      int tq = between(rng, 1, 4), tk = square ? tq : between(rng, 1, 4), d = between(rng, 1, 3), dv = between(rng, 1, 3);
      int br = batchRank >= 0 ? batchRank : rng.nextInt(3);
      int[] bq = new int[br], bk = new int[br], bv = new int[br];
      for (int i = 0; i < br; i++) {
        int n = between(rng, 1, 2);
        bq[i] = rng.nextInt(4) == 0 ? 1 : n;
        bk[i] = rng.nextInt(4) == 0 ? 1 : n;
        bv[i] = rng.nextInt(4) == 0 ? 1 : n;
      }
      int[] dropQ = rng.nextInt(4) == 0 && br > 0 ? Arrays.copyOfRange(bq, 1, br) : bq; // fewer batch dims
      return List.of(Shape.of(cat(dropQ, tq, d)), Shape.of(cat(bk, tk, d)), Shape.of(cat(bv, tk, dv)));
    };
    return Gens.tensorList(F64, shapes, Domain.ANY);
  }

  /** The scores' shape [batch.., Tq, Tk] of q and k. */
  private static int[] scores(Variable q, Variable k) {
    int[] a = q.shape().dims(), b = k.shape().dims();
    int r = Math.max(a.length, b.length);
    int[] out = new int[r];
    for (int i = 0; i < r - 2; i++) {
      int da = i < r - a.length ? 1 : a[i - (r - a.length)], db = i < r - b.length ? 1 : b[i - (r - b.length)];
      out[i] = Math.max(da, db);
    }
    out[r - 2] = q.shape().dim(-2);
    out[r - 1] = k.shape().dim(-2);
    return out;
  }

  /** A deterministic mask of the given kind for q and k, in their dtype (null for NONE). */
  static Tensor mask(Mask kind, Variable q, Variable k) {
    int[] s = scores(q, k);
    int tq = s[s.length - 2], tk = s[s.length - 1];
    Tensor m = switch (kind) {
      case NONE -> null;
      case FULL -> Tensor.arange(F64, Shape.of(s).size()).mul(0.7).sin().mul(1.5).reshape(s);
      case ROW -> Tensor.arange(F64, tk).mul(1.3).cos().reshape(1, tk); // one row for every query
      case KEYS_PER_BATCH -> { // [1, b.., 1, Tk]: a key-padding-like mask, one row per batch, broadcast over dim 0
        int[] md = s.clone();
        md[md.length - 2] = 1;
        if (md.length > 3) md[0] = 1;
        yield Tensor.arange(F64, Shape.of(md).size()).mul(2.1).sin().mul(2).reshape(md);
      }
      case PLUS_1000, MINUS_1000 -> Tensor.arange(F64, tq * tk).mul(0.9).sin().add(kind == Mask.PLUS_1000 ? 1000 : -1000)
          .reshape(tq, tk);
      case BOOLEAN_WITH_EMPTY_ROW -> { // query 0 sees no key (a row of zeros), the others keys j != i (when Tk > 1)
        double[] keep = new double[tq * tk];
        for (int i = 1; i < tq; i++) for (int j = 0; j < tk; j++) keep[i * tk + j] = j != i % tk || tk == 1 ? 1 : 0;
        yield Attention.additiveMask(Tensor.of(keep, tq, tk), F64);
      }
    };
    return m == null ? null : m.toType(q.dtype());
  }

  private static Function<List<Variable>, Variable> sdpa(Mask kind, boolean causal) {
    return v -> Attention.scaledDotProductAttention(v.get(0), v.get(1), v.get(2), mask(kind, v.get(0), v.get(1)),
        causal);
  }

  private static OpRegistry.Entry entry(String name, Set<Class<?>> prims, Gen<List<Tensor>> in,
      Function<List<Variable>, Variable> fn, OpRegistry.ErrorCase... errors) {
    return new OpRegistry.Entry(name, prims, in, fn, true, List.of(errors));
  }

  private static OpRegistry.ErrorCase err(String what, Runnable call, Class<? extends Throwable> type, String message) {
    return new OpRegistry.ErrorCase(what, call, type, message);
  }

  private static Variable zeros(int... dims) {
    return Variable.parameter(Tensor.zeros(F64, dims));
  }

  private static Runnable sdpaCall(int[] q, int[] k, int[] v, Tensor mask, boolean causal) {
    return () -> Attention.scaledDotProductAttention(zeros(q), zeros(k), zeros(v), mask, causal);
  }

  static List<OpRegistry.Entry> entries() {
    List<OpRegistry.Entry> e = new ArrayList<>();
    Class<ShapeMismatchException> shape = ShapeMismatchException.class;
    e.add(entry("attentionWeights", Set.of(Softmax.AttentionWeights.class), qkv(-1, false),
        v -> Attention.weights(v.get(0), v.get(1), mask(Mask.FULL, v.get(0), v.get(1)), false, 0.8),
        err("d 3 vs 2", () -> Attention.weights(zeros(2, 3), zeros(4, 2), null, false, 1), shape,
            "attentionWeights: q [2, 3] and k [4, 2] differ in the feature dimension (3 vs 2)")));
    e.add(entry("attentionWeights (causal)", Set.of(Softmax.AttentionWeights.class), qkv(-1, false),
        v -> Attention.weights(v.get(0), v.get(1), null, true, 1.3)));
    e.add(entry("attentionWeightsGrad (the fused backward)", Set.of(Softmax.AttentionWeightsGrad.class),
        Gens.tensorList(F64, Gens.shapesNonEmpty(1, 3, 4).map(s -> List.of(s, s)), Domain.range(0, 1), Domain.ANY),
        v -> Engine.apply(new Softmax.AttentionWeightsGrad(0.7), v.get(0), v.get(1))));
    e.add(entry(SDPA, WEIGHTS, qkv(-1, false), sdpa(Mask.NONE, false),
        err("d mismatch", sdpaCall(new int[] {2, 4, 8}, new int[] {2, 5, 6}, new int[] {2, 5, 3}, null, false), shape,
            SDPA + ": q [2, 4, 8] and k [2, 5, 6] differ in the feature dimension (8 vs 6)"),
        err("Tk mismatch", sdpaCall(new int[] {2, 4, 8}, new int[] {2, 5, 8}, new int[] {2, 6, 3}, null, false), shape,
            SDPA + ": k [2, 5, 8] and v [2, 6, 3] differ in the number of keys (5 vs 6)"),
        err("mask [3, 5]", sdpaCall(new int[] {2, 4, 8}, new int[] {2, 5, 8}, new int[] {2, 5, 3},
            Tensor.zeros(F64, 3, 5), false), shape, SDPA + ": mask [3, 5] does not broadcast to the scores [2, 4, 5]"
                + " (q [2, 4, 8], k [2, 5, 8], v [2, 5, 3])"),
        err("mask [4, 5, 1] over 2 batches", sdpaCall(new int[] {2, 4, 8}, new int[] {2, 5, 8}, new int[] {2, 5, 3},
            Tensor.zeros(F64, 4, 5, 1), false), shape, SDPA + ": mask [4, 5, 1] does not broadcast to the scores"
                + " [2, 4, 5] (q [2, 4, 8], k [2, 5, 8], v [2, 5, 3])"),
        err("batch 2 vs 3", sdpaCall(new int[] {2, 4, 8}, new int[] {3, 5, 8}, new int[] {3, 5, 3}, null, true), shape,
            SDPA + ": the batch dimensions of q [2, 4, 8], k [3, 5, 8], v [3, 5, 3] do not broadcast"),
        err("v batch 3", sdpaCall(new int[] {2, 4, 8}, new int[] {2, 5, 8}, new int[] {3, 5, 3}, null, false), shape,
            SDPA + ": the batch dimensions of q [2, 4, 8], k [2, 5, 8], v [3, 5, 3] do not broadcast"),
        err("q of rank 1", sdpaCall(new int[] {8}, new int[] {5, 8}, new int[] {5, 3}, null, false), shape,
            SDPA + ": q [8] needs at least 2 dimensions [..., Tq, d]"),
        err("v of rank 1", sdpaCall(new int[] {4, 8}, new int[] {5, 8}, new int[] {5}, null, false), shape,
            SDPA + ": v [5] needs at least 2 dimensions [..., Tk, dv]"),
        err("FLOAT32 q", () -> Attention.scaledDotProductAttention(Variable.constant(Tensor.zeros(DType.FLOAT32, 4, 8)),
            zeros(5, 8), zeros(5, 3), false), IllegalArgumentException.class,
            SDPA + ": dtype mismatch: FLOAT32 [4, 8] vs FLOAT64 [5, 8]; convert one with toType"),
        err("FLOAT32 mask", sdpaCall(new int[] {4, 8}, new int[] {5, 8}, new int[] {5, 3},
            Tensor.zeros(DType.FLOAT32, 4, 5), false), IllegalArgumentException.class,
            SDPA + ": mask is FLOAT32 [4, 5] but q is FLOAT64 [4, 8]; an additive mask has the dtype of q"
                + " (convert it with toType)"),
        err("scale NaN", () -> Attention.scaledDotProductAttention(zeros(4, 8), zeros(5, 8), zeros(5, 3), null, false,
            Double.NaN), IllegalArgumentException.class, SDPA + ": scale must be finite, got NaN")));
    e.add(entry(SDPA + " (causal, Tq = Tk)", WEIGHTS, qkv(-1, true), sdpa(Mask.NONE, true)));
    // Tq != Tk with causal: aligned top-left like PyTorch (query i sees keys j <= i); not an error
    e.add(entry(SDPA + " (causal, Tq != Tk)", WEIGHTS, qkv(-1, false).filter(
        t -> t.get(0).shape().dim(-2) != t.get(1).shape().dim(-2)), sdpa(Mask.NONE, true)));
    e.add(entry(SDPA + " (additive mask over the scores)", WEIGHTS, qkv(-1, false), sdpa(Mask.FULL, false)));
    e.add(entry(SDPA + " (additive mask [1, Tk], causal)", WEIGHTS, qkv(-1, true), sdpa(Mask.ROW, true)));
    e.add(entry(SDPA + " (additive mask [1, b.., 1, Tk])", WEIGHTS, qkv(-1, false), sdpa(Mask.KEYS_PER_BATCH, false)));
    e.add(entry(SDPA + " (boolean mask, a fully masked row)", WEIGHTS, qkv(-1, false), sdpa(Mask.BOOLEAN_WITH_EMPTY_ROW,
        false)));
    e.add(entry(SDPA + " ([B, H, T, d], causal)", WEIGHTS, qkv(2, true), sdpa(Mask.NONE, true)));
    e.add(entry(SDPA + " (scale 0.3)", WEIGHTS, qkv(1, false),
        v -> Attention.scaledDotProductAttention(v.get(0), v.get(1), v.get(2), null, true, 0.3)));
    for (Mask m : List.of(Mask.PLUS_1000, Mask.MINUS_1000))
      e.add(entry(SDPA + " (scores shifted by " + (m == Mask.PLUS_1000 ? "+" : "-") + "1000)", WEIGHTS, qkv(0, false),
          sdpa(m, false)));
    return e;
  }
}
