package dev.nabla.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.nabla.core.check.Domain;
import dev.nabla.core.check.Gen;
import dev.nabla.core.check.Gens;
import dev.nabla.core.check.Property;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Movement ops against index arithmetic; views share storage. */
class ViewTest {
  /** A tensor in a random layout plus a seed for the op's own parameters (axes, bounds...). */
  static Gen<Gen.Pair<Tensor, Long>> input(DType dt) {
    return Gen.pairs(Gens.views(Gens.tensors(dt, Gens.shapes(0, 4, 5), Domain.ANY)), SplittableRandom::nextLong);
  }

  static Stream<DynamicTest> each(String name, BiConsumer<Tensor, SplittableRandom> body) {
    return ElementwiseTest.DTYPES.stream().map(dt -> dynamicTest(name + " " + dt, () ->
        Property.forAll(input(dt)).named(name + " " + dt).check(p -> body.accept(p.first(), new SplittableRandom(p.second())))));
  }

  /** Every element read through {@link Tensor#get} agrees with the row-major copy. */
  static void assertGetAgrees(Tensor t) {
    Ref r = Ref.of(t);
    for (int i = 0; i < Math.min(r.v.length, 50); i++) {
      int[] idx = Ref.unravel(i, r.dims);
      assertEquals(r.v[i], t.get(idx), 0.0, "get" + java.util.Arrays.toString(idx));
    }
  }

  static Ref permuteRef(Ref x, int[] p) {
    int[] d = new int[p.length];
    for (int i = 0; i < p.length; i++) d[i] = x.dims[p[i]];
    double[] out = new double[x.v.length];
    for (int o = 0; o < out.length; o++) {
      int[] oi = Ref.unravel(o, d), ii = new int[p.length];
      for (int i = 0; i < p.length; i++) ii[p[i]] = oi[i];
      out[o] = x.at(ii);
    }
    return new Ref(d, out);
  }

  static int[] randomPermutation(int r, SplittableRandom rng) {
    int[] p = new int[r];
    for (int i = 0; i < r; i++) p[i] = i;
    for (int i = r - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1), t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  @TestFactory
  Stream<DynamicTest> permuteAndTranspose() {
    return each("permute/transpose", (t, rng) -> {
      int[] p = randomPermutation(t.rank(), rng);
      Tensor y = t.permute(p);
      Ref.assertExact(permuteRef(Ref.of(t), p), y, t.dtype(), "permute");
      assertTrue(y.sharesStorageWith(t));
      assertGetAgrees(y);
      if (t.rank() >= 2) {
        int a = rng.nextInt(t.rank()), b = rng.nextInt(t.rank());
        int[] q = new int[t.rank()];
        for (int i = 0; i < q.length; i++) q[i] = i;
        q[a] = b;
        q[b] = a;
        Ref.assertExact(permuteRef(Ref.of(t), q), t.transpose(a - t.rank(), b), t.dtype(), "transpose(a, b)");
        q = new int[t.rank()];
        for (int i = 0; i < q.length; i++) q[i] = i;
        q[q.length - 1] = q.length - 2;
        q[q.length - 2] = q.length - 1;
        Ref.assertExact(permuteRef(Ref.of(t), q), t.transpose(), t.dtype(), "transpose()");
      } else {
        assertSame(t, t.transpose());
      }
    });
  }

  @TestFactory
  Stream<DynamicTest> reshapeFlattenContiguous() {
    return each("reshape", (t, rng) -> {
      Ref r = Ref.of(t);
      Tensor flat = t.flatten();
      assertArrayEquals(new int[] {t.size()}, flat.shape().dims());
      assertArrayEquals(r.v, flat.toDoubleArray());
      assertEquals(t.isContiguous(), flat.sharesStorageWith(t), "flatten is a view exactly when contiguous");
      // a random regrouping of the dims, with -1 for one of them when that is unambiguous
      List<Integer> dims = new ArrayList<>();
      for (int d : t.shape().dims()) if (d != 1) dims.add(d);
      int[] target = new int[dims.size() + rng.nextInt(2)];
      for (int i = 0; i < target.length; i++) target[i] = i < dims.size() ? dims.get(i) : 1;
      if (target.length >= 2 && rng.nextBoolean()) { // merge two neighbours
        int i = rng.nextInt(target.length - 1);
        int[] m = new int[target.length - 1];
        for (int k = 0, j = 0; k < target.length; k++) if (k != i + 1) m[j++] = k == i ? target[i] * target[i + 1] : target[k];
        target = m;
      }
      int[] asked = target.clone();
      if (t.size() > 0 && target.length > 0) asked[rng.nextInt(target.length)] = -1;
      Tensor y = t.reshape(asked);
      assertArrayEquals(target, y.shape().dims());
      assertArrayEquals(r.v, y.toDoubleArray());
      assertEquals(t.isContiguous(), y.sharesStorageWith(t));
      assertArrayEquals(r.v, y.reshape(t.shape()).toDoubleArray());
      Tensor c = t.contiguous();
      assertTrue(c.isContiguous());
      assertArrayEquals(r.v, c.toDoubleArray());
      if (t.isContiguous()) assertSame(t, c);
      else assertFalse(c.sharesStorageWith(t));
      assertGetAgrees(y);
    });
  }

  @TestFactory
  Stream<DynamicTest> sliceAndNarrow() {
    return each("slice", (t, rng) -> {
      Property.assume(t.rank() > 0);
      int a = rng.nextInt(t.rank()), n = t.shape().dim(a);
      int start = rng.nextInt(2 * n + 3) - n - 1, end = rng.nextInt(2 * n + 3) - n - 1, step = 1 + rng.nextInt(3);
      if (rng.nextInt(4) == 0) end = n + 5;
      // Python's slice semantics, written out
      int s = start < 0 ? Math.max(0, start + n) : Math.min(start, n), e = end < 0 ? Math.max(0, end + n) : Math.min(end, n);
      List<Integer> picked = new ArrayList<>();
      for (int i = s; i < e; i += step) picked.add(i);
      Tensor y = t.slice(a - (rng.nextBoolean() ? t.rank() : 0), start, end, step);
      Ref.assertExact(select(Ref.of(t), a, picked), y, t.dtype(), "slice(" + a + ", " + start + ", " + end + ", " + step + ")");
      assertTrue(y.sharesStorageWith(t));
      assertGetAgrees(y);
      int ns = rng.nextInt(n + 1), len = rng.nextInt(n - ns + 1);
      List<Integer> range = new ArrayList<>();
      for (int i = ns; i < ns + len; i++) range.add(i);
      Ref.assertExact(select(Ref.of(t), a, range), t.narrow(a, ns, len), t.dtype(), "narrow");
      assertTrue(t.narrow(a, ns, len).sharesStorageWith(t));
    });
  }

  /** The entries {@code picked} along axis {@code a}. */
  static Ref select(Ref x, int a, List<Integer> picked) {
    int[] d = x.dims.clone();
    d[a] = picked.size();
    double[] out = new double[Ref.size(d)];
    for (int o = 0; o < out.length; o++) {
      int[] idx = Ref.unravel(o, d);
      idx[a] = picked.get(idx[a]);
      out[o] = x.at(idx);
    }
    return new Ref(d, out);
  }

  @TestFactory
  Stream<DynamicTest> expandSqueezeUnsqueeze() {
    return each("expand/squeeze/unsqueeze", (t, rng) -> {
      int lead = rng.nextInt(3);
      int[] target = new int[lead + t.rank()];
      for (int i = 0; i < lead; i++) target[i] = rng.nextInt(4);
      for (int i = 0; i < t.rank(); i++) {
        int d = t.shape().dim(i);
        target[lead + i] = d == 1 ? rng.nextInt(4) : rng.nextBoolean() ? -1 : d;
      }
      Tensor y = t.expand(target);
      int[] want = target.clone();
      for (int i = 0; i < t.rank(); i++) if (want[lead + i] == -1) want[lead + i] = t.shape().dim(i);
      double[] out = new double[Ref.size(want)];
      Ref r = Ref.of(t);
      for (int o = 0; o < out.length; o++) out[o] = r.broadcastAt(Ref.unravel(o, want));
      Ref.assertExact(new Ref(want, out), y, t.dtype(), "expand" + java.util.Arrays.toString(target));
      assertTrue(y.sharesStorageWith(t));
      // squeeze() drops every 1; squeeze(axis) one; unsqueeze inserts one anywhere
      List<Integer> kept = new ArrayList<>();
      for (int d : t.shape().dims()) if (d != 1) kept.add(d);
      Tensor sq = t.squeeze();
      assertArrayEquals(kept.stream().mapToInt(Integer::intValue).toArray(), sq.shape().dims());
      assertArrayEquals(r.v, sq.toDoubleArray());
      assertTrue(sq.sharesStorageWith(t));
      for (int a = 0; a < t.rank(); a++) {
        if (t.shape().dim(a) != 1) continue;
        Tensor s1 = t.squeeze(a - t.rank());
        assertArrayEquals(Ref.dropAt(t.shape().dims(), a), s1.shape().dims());
        assertArrayEquals(r.v, s1.toDoubleArray());
      }
      int at = rng.nextInt(t.rank() + 1);
      Tensor u = t.unsqueeze(rng.nextBoolean() ? at : at - t.rank() - 1);
      int[] ud = new int[t.rank() + 1];
      for (int i = 0, j = 0; i < ud.length; i++) ud[i] = i == at ? 1 : t.shape().dim(j++);
      assertArrayEquals(ud, u.shape().dims());
      assertArrayEquals(r.v, u.toDoubleArray());
      assertTrue(u.sharesStorageWith(t));
      assertGetAgrees(u);
      assertArrayEquals(r.v, u.squeeze(at).toDoubleArray());
    });
  }

  @TestFactory
  Stream<DynamicTest> concatAndStack() {
    return ElementwiseTest.DTYPES.stream().map(dt -> dynamicTest("concat/stack " + dt, () -> {
      Gen<Gen.Pair<Shape, Long>> g = Gen.pairs(Gens.shapes(1, 4, 4), SplittableRandom::nextLong);
      Property.forAll(g).named("concat/stack " + dt).check(p -> {
        SplittableRandom rng = new SplittableRandom(p.second());
        Shape s = p.first();
        int a = rng.nextInt(s.rank()), k = 1 + rng.nextInt(3);
        List<Tensor> parts = new ArrayList<>(), same = new ArrayList<>();
        for (int i = 0; i < k; i++) {
          int[] d = s.dims();
          d[a] = rng.nextInt(4);
          Tensor x = Gens.tensorOf(dt, Shape.of(d), Domain.ANY, rng);
          parts.add(rng.nextBoolean() ? Gens.nonContiguous(x, rng) : x);
          Tensor z = Gens.tensorOf(dt, s, Domain.ANY, rng);
          same.add(rng.nextBoolean() ? Gens.nonContiguous(z, rng) : z);
        }
        // concat: position j along a comes from the part whose range holds j
        int[] od = s.dims();
        od[a] = parts.stream().mapToInt(x -> x.shape().dim(a)).sum();
        double[] out = new double[Ref.size(od)];
        for (int o = 0; o < out.length; o++) {
          int[] idx = Ref.unravel(o, od);
          int j = idx[a], q = 0;
          while (j >= parts.get(q).shape().dim(a)) j -= parts.get(q++).shape().dim(a);
          idx[a] = j;
          out[o] = Ref.of(parts.get(q)).at(idx);
        }
        Ref.assertExact(new Ref(od, out), Tensor.concat(parts, a - (rng.nextBoolean() ? s.rank() : 0)), dt, "concat");
        // stack: a new axis b, entry i is tensor i
        int b = rng.nextInt(s.rank() + 1);
        int[] sd = new int[s.rank() + 1];
        for (int i = 0, j = 0; i < sd.length; i++) sd[i] = i == b ? k : s.dim(j++);
        double[] st = new double[Ref.size(sd)];
        for (int o = 0; o < st.length; o++) {
          int[] idx = Ref.unravel(o, sd);
          st[o] = Ref.of(same.get(idx[b])).at(Ref.dropAt(idx, b));
        }
        Ref.assertExact(new Ref(sd, st), Tensor.stack(same, b), dt, "stack");
      });
    }));
  }

  @Test
  void knownViews() {
    Tensor t = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
    assertEquals("[[1. 4.]\n [2. 5.]\n [3. 6.]]", t.transpose().toString());
    assertEquals("[[2.]\n [5.]]", t.slice(1, -2, -1).toString());
    assertEquals("[[1. 3.]\n [4. 6.]]", t.slice(1, 0, 3, 2).toString());
    assertEquals("[[2. 3.]\n [5. 6.]]", t.narrow(1, 1, 2).toString());
    assertEquals("[[1. 2.]\n [3. 4.]\n [5. 6.]]", t.reshape(3, -1).toString());
    assertEquals("[[[1. 2. 3.]\n  [4. 5. 6.]]\n\n [[1. 2. 3.]\n  [4. 5. 6.]]]", t.expand(2, 2, 3).toString());
    assertArrayEquals(new int[] {0, 3, 1}, t.expand(2, 2, 3).strides());
    assertEquals("[[[1. 2. 3.]]\n\n [[4. 5. 6.]]]", t.unsqueeze(1).toString());
    assertEquals("[1. 2. 3. 4. 5. 6.]", t.transpose().transpose().flatten().toString());
    assertEquals("[1. 4. 2. 5. 3. 6.]", t.transpose().flatten().toString());
    assertFalse(t.transpose().flatten().sharesStorageWith(t), "flatten of a transposed view copies");
    assertEquals("[]", t.slice(0, 2, 1).toString());
    assertArrayEquals(new int[] {0, 3}, t.slice(0, 2, 1).shape().dims());
    Tensor s = Tensor.scalar(7);
    assertEquals("7.", s.reshape(1, 1).squeeze().toString());
    assertEquals(0, s.squeeze().rank());
    assertEquals("[7.]", s.unsqueeze(0).toString());
    assertEquals("[7. 7. 7.]", s.expand(3).toString());
  }
}
