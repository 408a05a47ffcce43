package dev.nabla.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.nabla.core.check.Domain;
import dev.nabla.core.check.Gen;
import dev.nabla.core.check.Gens;
import dev.nabla.core.check.Property;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** gather/scatter and indexSelect/indexAdd against loops, and each pair as adjoints. */
class IndexingTest {
  static Gen<Gen.Pair<Tensor, Long>> input(DType dt) {
    return Gen.pairs(Gens.views(Gens.tensors(dt, Gens.shapes(1, 4, 5), Domain.ANY)), SplittableRandom::nextLong);
  }

  static double dot(Tensor a, Tensor b) {
    double[] x = a.toDoubleArray(), y = b.toDoubleArray();
    double s = 0;
    for (int i = 0; i < x.length; i++) s += x[i] * y[i];
    return s;
  }

  @TestFactory
  Stream<DynamicTest> gatherAndScatter() {
    return ElementwiseTest.DTYPES.stream().map(dt -> dynamicTest("gather/scatter " + dt, () ->
        Property.forAll(input(dt)).named("gather/scatter " + dt).check(p -> {
          Tensor t = p.first();
          SplittableRandom rng = new SplittableRandom(p.second());
          int a = rng.nextInt(t.rank()), len = t.shape().dim(a);
          int[] od = Ref.dropAt(t.shape().dims(), a);
          int rows = Ref.size(od);
          Property.assume(len > 0 || rows == 0);
          int[] index = new int[rows];
          for (int i = 0; i < rows; i++) index[i] = rng.nextInt(len);
          Ref x = Ref.of(t);
          double[] out = new double[rows];
          for (int r = 0; r < rows; r++) {
            int[] oi = Ref.unravel(r, od), ii = new int[t.rank()];
            for (int i = 0, j = 0; i < ii.length; i++) ii[i] = i == a ? index[r] : oi[j++];
            out[r] = x.at(ii);
          }
          Tensor g = t.gather(a - (rng.nextBoolean() ? t.rank() : 0), index);
          Ref.assertExact(new Ref(od, out), g, dt, "gather axis " + a);
          // scatter is the adjoint: <gather(x), y> = <x, scatter(y)>
          Tensor y = Gens.tensorOf(dt, Shape.of(od), Domain.ANY, rng);
          Tensor s = y.scatter(a, index, len);
          assertEquals(t.shape(), s.shape());
          double[] sv = new double[t.size()];
          for (int r = 0; r < rows; r++) {
            int[] oi = Ref.unravel(r, od), ii = new int[t.rank()];
            for (int i = 0, j = 0; i < ii.length; i++) ii[i] = i == a ? index[r] : oi[j++];
            sv[Ref.ravel(ii, t.shape().dims())] = y.toDoubleArray()[r];
          }
          Ref.assertExact(new Ref(t.shape().dims(), sv), s, dt, "scatter axis " + a);
          assertEquals(dot(g, y), dot(t, s), 1e-9 * (1 + Math.abs(dot(g, y))), "gather and scatter are adjoint");
        })));
  }

  @TestFactory
  Stream<DynamicTest> indexSelectAndIndexAdd() {
    return ElementwiseTest.DTYPES.stream().map(dt -> dynamicTest("indexSelect/indexAdd " + dt, () ->
        Property.forAll(input(dt)).named("indexSelect/indexAdd " + dt).check(p -> {
          Tensor t = p.first();
          SplittableRandom rng = new SplittableRandom(p.second());
          int a = rng.nextInt(t.rank()), len = t.shape().dim(a);
          int[] idx = new int[len == 0 ? 0 : rng.nextInt(6)];
          for (int i = 0; i < idx.length; i++) idx[i] = rng.nextInt(len);
          List<Integer> picked = new ArrayList<>();
          for (int i : idx) picked.add(i);
          Tensor sel = t.indexSelect(a, idx);
          Ref.assertExact(ViewTest.select(Ref.of(t), a, picked), sel, dt, "indexSelect axis " + a);
          // indexAdd: slice i of y is added into entry idx[i]; repeated indices accumulate
          Tensor y = Gens.tensorOf(dt, sel.shape(), Domain.ANY, rng);
          Tensor add = y.indexAdd(a, idx, len);
          Ref yr = Ref.of(y);
          double[] out = new double[t.size()];
          for (int i = 0; i < yr.v.length; i++) {
            int[] yi = Ref.unravel(i, yr.dims);
            yi[a] = idx[yi[a]];
            out[Ref.ravel(yi, t.shape().dims())] += yr.v[i];
          }
          Ref.assertClose(dt == DType.FLOAT32 ? new Ref(t.shape().dims(), out).toFloat() : new Ref(t.shape().dims(), out),
              add, dt, "indexAdd axis " + a);
          assertEquals(dot(sel, y), dot(t, add), 1e-5 * (1 + Math.abs(dot(sel, y))), "indexSelect and indexAdd are adjoint");
        })));
  }

  /**
   * Above the threading threshold (chunks of destination rows) and with a row length that is no whole number of
   * vector lanes: indexAdd gives each row the bits of adding its slices in index order (repeated indices), the plain
   * loop's; indexSelect copies the rows.
   */
  @Test
  void bigIndexAddAddsInIndexOrder() {
    int n = 6000, inner = 101, rows = 700;
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) idx[i] = (int) ((i * 7919L) % rows); // every row about 8 times
    SplittableRandom rng = new SplittableRandom(77);
    float[] xf = new float[n * inner];
    for (int i = 0; i < xf.length; i++) xf[i] = (float) rng.nextGaussian();
    float[] want = new float[rows * inner];
    for (int i = 0; i < n; i++)
      for (int j = 0; j < inner; j++) want[idx[i] * inner + j] += xf[i * inner + j];
    float[] got = Tensor.of(xf, n, inner).indexAdd(0, idx, rows).toFloatArray();
    for (int k = 0; k < want.length; k++)
      assertEquals(Float.floatToRawIntBits(want[k]), Float.floatToRawIntBits(got[k]), "FLOAT32 indexAdd at " + k);
    double[] xd = new double[n * inner], wantD = new double[rows * inner];
    for (int i = 0; i < xd.length; i++) xd[i] = rng.nextGaussian();
    for (int i = 0; i < n; i++)
      for (int j = 0; j < inner; j++) wantD[idx[i] * inner + j] += xd[i * inner + j];
    double[] gotD = Tensor.of(xd, n, inner).indexAdd(0, idx, rows).toDoubleArray();
    for (int k = 0; k < wantD.length; k++)
      assertEquals(Double.doubleToRawLongBits(wantD[k]), Double.doubleToRawLongBits(gotD[k]), "FLOAT64 indexAdd at " + k);
    int[] xi = new int[n * inner], wantI = new int[rows * inner];
    for (int i = 0; i < xi.length; i++) xi[i] = rng.nextInt(1000) - 500;
    for (int i = 0; i < n; i++)
      for (int j = 0; j < inner; j++) wantI[idx[i] * inner + j] += xi[i * inner + j];
    assertEquals(java.util.Arrays.toString(wantI), java.util.Arrays.toString(Tensor.of(xi, n, inner).indexAdd(0, idx, rows).toIntArray()));
    float[] sel = Tensor.of(want, rows, inner).indexSelect(0, idx).toFloatArray();
    for (int i = 0; i < n; i++)
      for (int j = 0; j < inner; j++)
        assertEquals(Float.floatToRawIntBits(want[idx[i] * inner + j]), Float.floatToRawIntBits(sel[i * inner + j]),
            "FLOAT32 indexSelect row " + i);
  }

  @Test
  void knownIndexing() {
    Tensor logits = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
    assertEquals("[3. 4.]", logits.gather(1, new int[] {2, 0}).toString());
    assertEquals("[[0. 0. 7.]\n [8. 0. 0.]]", Tensor.of(new double[] {7, 8}).scatter(1, new int[] {2, 0}, 3).toString());
    assertEquals("[[3. 1. 3.]\n [6. 4. 6.]]", logits.indexSelect(1, new int[] {2, 0, 2}).toString());
    assertEquals("[[ 2.  0.  4.]\n [ 5.  0. 10.]]",
        logits.indexAdd(1, new int[] {2, 0, 2}, 3).toString());
  }
}
