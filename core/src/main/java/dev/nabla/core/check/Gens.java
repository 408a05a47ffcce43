package dev.nabla.core.check;

import dev.nabla.core.DType;
import dev.nabla.core.Shape;
import dev.nabla.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Generators of shapes and tensors, with shrinkers.
 *
 * <ul>
 *   <li>Shapes: rank {@code minRank..maxRank}; each dimension is 1 with probability 1/5, 0 with
 *       probability 1/25 (unless non-empty shapes are asked for), else uniform in
 *       {@code 1..maxDim}. Shrinking drops a dimension, sets one to 1, or halves one.
 *   <li>Tensors: a shape from a shape generator and values uniform over a {@link Domain}. Shrinking
 *       first shrinks the shape (keeping the leading sub-block of the values), then the values:
 *       all to the domain's simplest value, each rounded to one decimal, one at a time to the
 *       simplest value — never leaving the domain.
 *   <li>Layouts: {@link #nonContiguous} and {@link #views} give strided inputs (permuted storage,
 *       a slice of a bigger tensor padded with NaN, a step-2 slice, stride-0 dimensions), so an op
 *       that reads outside its view or ignores strides shows NaN or wrong values.
 * </ul>
 *
 * <pre>{@code
 * Gen<Tensor> x = Gens.views(Gens.tensors(DType.FLOAT32, Gens.shapes(0, 4, 5), Domain.POSITIVE));
 * Gen<List<Tensor>> ab = Gens.tensorList(DType.FLOAT64, Gens.broadcastPair(0, 4, 4), Domain.ANY);
 * }</pre>
 */
public final class Gens {
  private static final int MAX_RANK = 8;

  private Gens() {}

  // ---------------------------------------------------------------- shapes

  /** Shapes of rank {@code minRank..maxRank} with dims up to {@code maxDim}; may contain 0 and 1. */
  public static Gen<Shape> shapes(int minRank, int maxRank, int maxDim) {
    return shapes(minRank, maxRank, maxDim, true);
  }

  /** Like {@link #shapes(int, int, int)} but every dimension is at least 1. */
  public static Gen<Shape> shapesNonEmpty(int minRank, int maxRank, int maxDim) {
    return shapes(minRank, maxRank, maxDim, false);
  }

  /** Shapes of rank {@code minRank..maxRank}, dims up to {@code maxDim}; zero dims if {@code zeroSize}. */
  public static Gen<Shape> shapes(int minRank, int maxRank, int maxDim, boolean zeroSize) {
    checkRanks("shapes", minRank, maxRank, maxDim);
    return Gen.of(rng -> {
      int[] d = new int[minRank + rng.nextInt(maxRank - minRank + 1)];
      for (int i = 0; i < d.length; i++) d[i] = dim(rng, maxDim, zeroSize);
      return Shape.of(d);
    }, s -> shrinkShape(s, minRank));
  }

  /** The given shapes, uniformly; shrinks like {@link #shapes} down to rank {@code minRank}. */
  public static Gen<Shape> shapesOf(Shape... choices) {
    requireElements(choices, "choices");
    int minRank = Arrays.stream(choices).mapToInt(Shape::rank).min().orElse(0);
    return Gen.of(rng -> choices[rng.nextInt(choices.length)], s -> shrinkShape(s, minRank));
  }

  /** {@code array} and each element non-null; a null element is named by its position. */
  private static void requireElements(Object[] array, String name) {
    Objects.requireNonNull(array, name);
    for (int i = 0; i < array.length; i++) if (array[i] == null) throw new NullPointerException(name + "[" + i + "]");
  }

  private static void checkRanks(String op, int minRank, int maxRank, int maxDim) {
    if (minRank < 0 || minRank > maxRank || maxRank > MAX_RANK || maxDim < 1)
      throw new IllegalArgumentException(op + ": need 0 <= minRank <= maxRank <= " + MAX_RANK
          + " and maxDim >= 1, got " + minRank + ", " + maxRank + ", " + maxDim);
  }

  private static int dim(SplittableRandom rng, int maxDim, boolean zeroSize) {
    int r = rng.nextInt(25);
    if (r == 0 && zeroSize) return 0;
    if (r < 6) return 1;
    return 1 + rng.nextInt(maxDim);
  }

  /** Drop a dimension, set one to 1, halve one: each candidate strictly smaller. */
  static List<Shape> shrinkShape(Shape s, int minRank) {
    int[] d = s.dims();
    List<Shape> out = new ArrayList<>();
    // dropping a zero dimension would turn an empty shape into a bigger one: not simpler
    if (d.length > minRank) for (int i = 0; i < d.length; i++) if (d[i] > 0 || s.size() > 0) out.add(Shape.of(remove(d, i)));
    for (int i = 0; i < d.length; i++) if (d[i] > 1) out.add(Shape.of(with(d, i, 1)));
    for (int i = 0; i < d.length; i++) if (d[i] > 2) out.add(Shape.of(with(d, i, d[i] / 2)));
    return out;
  }

  /**
   * Pairs of shapes that broadcast together (NumPy rules): rank differences and size-1 dims
   * included. See {@link #broadcastShapes}.
   */
  public static Gen<List<Shape>> broadcastPair(int minRank, int maxRank, int maxDim) {
    return broadcastShapes(2, minRank, maxRank, maxDim);
  }

  /**
   * {@code count} shapes that broadcast together: a result shape of rank
   * {@code minRank..maxRank} (dims up to {@code maxDim}, rarely 0), then for each operand a rank
   * between {@code minRank} and the result's (half the time equal) whose dims are the result's or,
   * with probability 1/4, 1. Shrinking works on the result's axes (drop, set to 1, halve, in every
   * operand at once), then drops a leading dim of one operand or sets one operand's dim to 1.
   */
  public static Gen<List<Shape>> broadcastShapes(int count, int minRank, int maxRank, int maxDim) {
    checkRanks("broadcastShapes", minRank, maxRank, maxDim);
    if (count < 1) throw new IllegalArgumentException("broadcastShapes: count " + count + " < 1");
    return Gen.of(rng -> {
      int[] out = new int[minRank + rng.nextInt(maxRank - minRank + 1)];
      for (int i = 0; i < out.length; i++) out[i] = rng.nextInt(40) == 0 ? 0 : 1 + rng.nextInt(maxDim);
      List<Shape> shapes = new ArrayList<>();
      for (int k = 0; k < count; k++) {
        int r = rng.nextBoolean() ? out.length : minRank + rng.nextInt(out.length - minRank + 1);
        int[] d = new int[r];
        for (int i = 0; i < r; i++) d[i] = rng.nextInt(4) == 0 ? 1 : out[out.length - r + i];
        shapes.add(Shape.of(d));
      }
      return List.copyOf(shapes);
    }, shapes -> shrinkBroadcast(shapes, minRank));
  }

  private static List<List<Shape>> shrinkBroadcast(List<Shape> shapes, int minRank) {
    int rank = 0;
    for (Shape s : shapes) rank = Math.max(rank, s.rank());
    int[] out = new int[rank];
    Arrays.fill(out, 1);
    for (Shape s : shapes)
      for (int i = 0; i < s.rank(); i++) if (s.dim(i) != 1) out[rank - s.rank() + i] = s.dim(i);
    List<List<Shape>> cands = new ArrayList<>();
    for (int j = 0; j < rank; j++) { // drop result axis j everywhere
      List<Shape> c = new ArrayList<>();
      boolean ok = true;
      for (Shape s : shapes) {
        int a = j - (rank - s.rank());
        if (a < 0) c.add(s);
        else if (s.rank() <= minRank) ok = false;
        else c.add(Shape.of(remove(s.dims(), a)));
      }
      if (ok) cands.add(c);
    }
    for (int j = 0; j < rank; j++) { // result axis j to 1, then halved
      if (out[j] > 1) cands.add(mapAxis(shapes, rank, j, 1));
      if (out[j] > 2) cands.add(mapAxis(shapes, rank, j, out[j] / 2));
    }
    for (int k = 0; k < shapes.size(); k++) {
      Shape s = shapes.get(k);
      if (s.rank() > minRank && shapes.size() > 1) cands.add(replace(shapes, k, Shape.of(remove(s.dims(), 0))));
      for (int i = 0; i < s.rank(); i++)
        if (s.dim(i) > 1) cands.add(replace(shapes, k, Shape.of(with(s.dims(), i, 1))));
    }
    return cands;
  }

  private static List<Shape> mapAxis(List<Shape> shapes, int rank, int j, int size) {
    List<Shape> c = new ArrayList<>();
    for (Shape s : shapes) {
      int a = j - (rank - s.rank());
      c.add(a < 0 || s.dim(a) == 1 ? s : Shape.of(with(s.dims(), a, size)));
    }
    return c;
  }

  private static List<Shape> replace(List<Shape> shapes, int k, Shape s) {
    List<Shape> c = new ArrayList<>(shapes);
    c.set(k, s);
    return c;
  }

  // ---------------------------------------------------------------- tensors

  /** Tensors of shapes from {@code shapes} with values uniform over {@code domain}. */
  public static Gen<Tensor> tensors(DType dtype, Gen<Shape> shapes, Domain domain) {
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(shapes, "shapes");
    Objects.requireNonNull(domain, "domain");
    return Gen.of(rng -> tensorOf(dtype, shapes.generate(rng), domain, rng), t -> {
      List<Tensor> out = new ArrayList<>();
      for (Shape s : shapes.shrink(t.shape())) out.add(project(t, s, domain));
      out.addAll(shrinkValues(t, domain));
      return out;
    });
  }

  /** Tensors of rank 0..4 with dims up to 5 (zero-size sometimes), values over {@code domain}. */
  public static Gen<Tensor> tensors(DType dtype, Domain domain) {
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(domain, "domain");
    return tensors(dtype, shapes(0, 4, 5), domain);
  }

  /** Tensors of one fixed shape; only the values shrink. */
  public static Gen<Tensor> tensor(DType dtype, Shape shape, Domain domain) {
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(domain, "domain");
    return Gen.of(rng -> tensorOf(dtype, shape, domain, rng), t -> shrinkValues(t, domain));
  }

  /**
   * Lists of tensors, one per shape from {@code shapes} (e.g. {@link #broadcastPair}); tensor i
   * takes values over {@code domains[i]} (the last domain repeats). Shrinks the shapes together,
   * then the values of each tensor.
   */
  public static Gen<List<Tensor>> tensorList(DType dtype, Gen<List<Shape>> shapes, Domain... domains) {
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(shapes, "shapes");
    requireElements(domains, "domains");
    if (domains.length == 0) throw new IllegalArgumentException("tensorList: no domain given");
    return Gen.of(rng -> {
      List<Tensor> out = new ArrayList<>();
      for (Shape s : shapes.generate(rng)) out.add(tensorOf(dtype, s, domains[Math.min(out.size(), domains.length - 1)], rng));
      return List.copyOf(out);
    }, ts -> {
      List<List<Tensor>> out = new ArrayList<>();
      List<Shape> current = ts.stream().map(Tensor::shape).toList();
      for (List<Shape> c : shapes.shrink(current)) {
        if (c.size() != ts.size()) continue;
        List<Tensor> p = new ArrayList<>();
        for (int i = 0; i < c.size(); i++) p.add(project(ts.get(i), c.get(i), domains[Math.min(i, domains.length - 1)]));
        out.add(p);
      }
      for (int i = 0; i < ts.size(); i++)
        for (Tensor v : shrinkValues(ts.get(i), domains[Math.min(i, domains.length - 1)])) {
          List<Tensor> p = new ArrayList<>(ts);
          p.set(i, v);
          out.add(p);
        }
      return out;
    });
  }

  /** One tensor of {@code shape} with values uniform over {@code domain}, drawn in row-major order. */
  public static Tensor tensorOf(DType dtype, Shape shape, Domain domain, SplittableRandom rng) {
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(rng, "rng");
    double[] v = new double[shape.size()];
    for (int i = 0; i < v.length; i++) v[i] = domain.sample(rng);
    return make(v, shape.dims(), dtype);
  }

  private static Tensor make(double[] v, int[] dims, DType dtype) {
    return Tensor.of(v).reshape(dims).toType(dtype);
  }

  /**
   * A tensor of shape {@code s} made from {@code t}'s values: the leading sub-block when every
   * dimension fits (after dropping one axis of {@code t} if {@code s} has one fewer), else the
   * domain's simplest value everywhere.
   */
  static Tensor project(Tensor t, Shape s, Domain domain) {
    Tensor src = t;
    if (s.rank() == t.rank() - 1) {
      src = null;
      for (int a = 0; a < t.rank() && src == null; a++)
        if (t.shape().dim(a) > 0 && fits(remove(t.shape().dims(), a), s)) src = t.narrow(a, 0, 1).squeeze(a);
    }
    if (src == null || src.rank() != s.rank() || !fits(src.shape().dims(), s))
      return Tensor.full(t.dtype(), domain.simplest(), s);
    for (int i = 0; i < s.rank(); i++) if (s.dim(i) != src.shape().dim(i)) src = src.narrow(i, 0, s.dim(i));
    return src;
  }

  private static boolean fits(int[] have, Shape want) {
    if (have.length != want.rank()) return false;
    for (int i = 0; i < have.length; i++) if (want.dim(i) > have[i]) return false;
    return true;
  }

  /** All values simplest; each rounded to one decimal; single values to the simplest (first 8). */
  static List<Tensor> shrinkValues(Tensor t, Domain domain) {
    List<Tensor> out = new ArrayList<>();
    if (t.size() == 0) return out;
    double[] v = t.toDoubleArray();
    int[] dims = t.shape().dims();
    double simplest = domain.simplest();
    double[] all = new double[v.length];
    Arrays.fill(all, simplest);
    addIfChanged(out, v, all, dims, t.dtype());
    double[] rounded = v.clone();
    for (int i = 0; i < v.length; i++) {
      double r = Math.rint(v[i] * 10) / 10;
      if (domain.contains(r)) rounded[i] = r;
    }
    addIfChanged(out, v, rounded, dims, t.dtype());
    for (int i = 0, tried = 0; i < v.length && tried < 8; i++) {
      if (v[i] == simplest || Double.isNaN(v[i])) continue;
      double[] one = v.clone();
      one[i] = simplest;
      tried++;
      addIfChanged(out, v, one, dims, t.dtype());
    }
    return out;
  }

  private static void addIfChanged(List<Tensor> out, double[] old, double[] v, int[] dims, DType dtype) {
    Tensor c = make(v, dims, dtype);
    if (!Arrays.equals(c.toDoubleArray(), old)) out.add(c);
  }

  // ---------------------------------------------------------------- layouts

  /**
   * The same values as {@code t} in a strided layout chosen by {@code rng}: a permuted copy seen
   * through the inverse permutation, a slice of a bigger tensor padded with NaN, or a step-2 slice
   * of one padded with NaN; size-1 dimensions may also get stride 0. Rank-0 and size-1 tensors
   * get an offset into a bigger storage.
   */
  public static Tensor nonContiguous(Tensor t, SplittableRandom rng) {
    Objects.requireNonNull(t, "t");
    Objects.requireNonNull(rng, "rng");
    int kind = t.rank() == 0 ? 1 : rng.nextInt(t.rank() >= 2 ? 3 : 2) + (t.rank() >= 2 ? 0 : 1);
    Tensor v = switch (kind) {
      case 0 -> permuted(t, rng);
      case 1 -> sliceOfBigger(t, rng);
      default -> stepTwo(t, rng);
    };
    return rng.nextBoolean() ? zeroStrideOnes(v) : v;
  }

  /**
   * Tensors from {@code base} in a random layout: one in five dense, one in five broadcast (one
   * axis replaced by an {@code expand} of its first entry, stride 0), the rest
   * {@link #nonContiguous}. Shrinks with {@code base}'s shrinker.
   */
  public static Gen<Tensor> views(Gen<Tensor> base) {
    Objects.requireNonNull(base, "base");
    return Gen.of(rng -> {
      Tensor t = base.generate(rng);
      int k = rng.nextInt(5);
      if (k == 0) return t;
      if (k == 1) {
        List<Integer> axes = new ArrayList<>();
        for (int i = 0; i < t.rank(); i++) if (t.shape().dim(i) > 1) axes.add(i);
        if (!axes.isEmpty()) {
          int a = axes.get(rng.nextInt(axes.size()));
          return t.narrow(a, 0, 1).contiguous().expand(t.shape().dims());
        }
      }
      return nonContiguous(t, rng);
    }, base::shrink);
  }

  /**
   * Lists from {@code base} where each tensor independently gets a random layout as in
   * {@link #views} (minus the broadcast option, so values are unchanged). Shrinks with
   * {@code base}'s shrinker.
   */
  public static Gen<List<Tensor>> viewsOfEach(Gen<List<Tensor>> base) {
    Objects.requireNonNull(base, "base");
    return Gen.of(rng -> {
      List<Tensor> out = new ArrayList<>();
      for (Tensor t : base.generate(rng)) out.add(rng.nextInt(3) == 0 ? t : nonContiguous(t, rng));
      return List.copyOf(out);
    }, base::shrink);
  }

  private static Tensor permuted(Tensor t, SplittableRandom rng) {
    int r = t.rank();
    int[] p = identity(r);
    for (int i = r - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int x = p[i];
      p[i] = p[j];
      p[j] = x;
    }
    if (Arrays.equals(p, identity(r))) { // a non-identity permutation: swap the last two
      p[r - 1] = r - 2;
      p[r - 2] = r - 1;
    }
    return t.permute(p).contiguous().permute(inverse(p));
  }

  private static Tensor sliceOfBigger(Tensor t, SplittableRandom rng) {
    int r = t.rank();
    int[] d = t.shape().dims();
    if (r == 0) {
      Tensor big = make(new double[] {Double.NaN, t.item(), Double.NaN}, new int[] {3}, t.dtype());
      return big.narrow(0, 1, 1).reshape();
    }
    int[] start = new int[r], big = new int[r];
    for (int i = 0; i < r; i++) {
      start[i] = rng.nextInt(3);
      big[i] = d[i] + start[i] + rng.nextInt(3);
    }
    big[r - 1] += 1; // always some padding, so the view is never the whole storage
    Tensor b = place(t, big, start, new int[r], 1);
    for (int i = 0; i < r; i++) b = b.narrow(i, start[i], d[i]);
    return b;
  }

  private static Tensor stepTwo(Tensor t, SplittableRandom rng) {
    int r = t.rank(), a = rng.nextInt(r);
    int[] d = t.shape().dims(), big = d.clone(), start = new int[r], step = new int[r];
    big[a] = 2 * d[a] + 1;
    start[a] = 1;
    step[a] = 1;
    return place(t, big, start, step, 2).slice(a, 1, big[a], 2);
  }

  /**
   * A NaN-filled tensor of shape {@code big} holding t's element at index i in position
   * {@code start + i * (1 + extra[axis] * (factor - 1))}.
   */
  private static Tensor place(Tensor t, int[] big, int[] start, int[] extra, int factor) {
    int r = big.length;
    double[] v = t.toDoubleArray();
    double[] out = new double[Shape.of(big).size()];
    Arrays.fill(out, Double.NaN);
    int[] bs = Shape.of(big).contiguousStrides(), d = t.shape().dims(), idx = new int[r];
    for (int n = 0; n < v.length; n++) {
      int p = 0;
      for (int i = 0; i < r; i++) p += (start[i] + idx[i] * (extra[i] == 1 ? factor : 1)) * bs[i];
      out[p] = v[n];
      for (int i = r - 1; i >= 0 && ++idx[i] == d[i]; i--) idx[i] = 0;
    }
    return make(out, big, t.dtype());
  }

  /** The same view with stride 0 on every size-1 dimension (a legal, unusual layout). */
  private static Tensor zeroStrideOnes(Tensor t) {
    Tensor v = t;
    for (int a = 0; a < v.rank(); a++) {
      if (v.shape().dim(a) != 1) continue;
      int[] q = identity(v.rank());
      q[0] = a;
      for (int i = 1, j = 0; i < q.length; j++) if (j != a) q[i++] = j;
      Tensor front = v.permute(q);
      v = front.squeeze(0).expand(front.shape().dims()).permute(inverse(q));
    }
    return v;
  }

  // ---------------------------------------------------------------- small helpers

  private static int[] identity(int r) {
    int[] p = new int[r];
    for (int i = 0; i < r; i++) p[i] = i;
    return p;
  }

  private static int[] inverse(int[] p) {
    int[] q = new int[p.length];
    for (int i = 0; i < p.length; i++) q[p[i]] = i;
    return q;
  }

  private static int[] remove(int[] d, int i) {
    int[] out = new int[d.length - 1];
    for (int k = 0, j = 0; k < d.length; k++) if (k != i) out[j++] = d[k];
    return out;
  }

  private static int[] with(int[] d, int i, int v) {
    int[] out = d.clone();
    out[i] = v;
    return out;
  }
}
