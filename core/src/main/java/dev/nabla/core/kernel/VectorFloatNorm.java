package dev.nabla.core.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FloatNormRows}' loops on the Vector API, in float lanes of the preferred width. Each sum keeps one
 * accumulator per lane, fed from the row's start (so a row's bits never depend on where a thread's chunk begins);
 * the lanes are then added in lane order in double, and the tail (n mod lanes elements) after them. Element-wise
 * passes use the same float operations in the lanes and in the tail (no fused multiply-add), so each element's bits
 * do not depend on its position.
 */
final class VectorFloatNorm implements FloatNormRows.Vector {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  @Override
  public double sum(float[] x, int base, int n) {
    // TwoSum per lane: t = s + x exactly equals s + x − err, err (exact) accumulated in c
    FloatVector s = FloatVector.zero(S), c = FloatVector.zero(S);
    int i = 0, end = S.loopBound(n);
    for (; i < end; i += S.length()) {
      FloatVector v = FloatVector.fromArray(S, x, base + i), t = s.add(v), bp = t.sub(s);
      c = c.add(s.sub(t.sub(bp)).add(v.sub(bp)));
      s = t;
    }
    double r = 0;
    for (int l = 0; l < S.length(); l++) r += (double) s.lane(l) + c.lane(l);
    for (; i < n; i++) r += x[base + i];
    return r;
  }

  @Override
  public double squaredDeviations(float[] x, int base, int n, float mu) {
    FloatVector q = FloatVector.zero(S), m = FloatVector.broadcast(S, mu);
    int i = 0, end = S.loopBound(n);
    for (; i < end; i += S.length()) {
      FloatVector d = FloatVector.fromArray(S, x, base + i).sub(m);
      q = q.add(d.mul(d));
    }
    double r = 0;
    for (int l = 0; l < S.length(); l++) r += q.lane(l);
    for (; i < n; i++) {
      float d = x[base + i] - mu;
      r += d * d;
    }
    return r;
  }

  @Override
  public void affineRow(float[] x, int base, int n, float mu, float s, float[] w, float[] b, float[] y) {
    FloatVector m = FloatVector.broadcast(S, mu), sv = FloatVector.broadcast(S, s);
    int i = 0, end = S.loopBound(n);
    for (; i < end; i += S.length()) {
      FloatVector xh = FloatVector.fromArray(S, x, base + i).sub(m).mul(sv);
      xh.mul(FloatVector.fromArray(S, w, i)).add(FloatVector.fromArray(S, b, i)).intoArray(y, base + i);
    }
    for (; i < n; i++) y[base + i] = (x[base + i] - mu) * s * w[i] + b[i];
  }

  @Override
  public void gradSums(float[] g, float[] w, float[] x, int base, int n, float mu, double[] sums) {
    FloatVector a = FloatVector.zero(S), c = FloatVector.zero(S), m = FloatVector.broadcast(S, mu);
    int i = 0, end = S.loopBound(n);
    for (; i < end; i += S.length()) {
      FloatVector vv = FloatVector.fromArray(S, g, base + i);
      if (w != null) vv = vv.mul(FloatVector.fromArray(S, w, i)); // loop-invariant: C2 unswitches the loop
      a = a.add(vv);
      c = c.add(vv.mul(FloatVector.fromArray(S, x, base + i).sub(m)));
    }
    double ra = 0, rc = 0;
    for (int l = 0; l < S.length(); l++) {
      ra += a.lane(l);
      rc += c.lane(l);
    }
    for (; i < n; i++) {
      float v = w == null ? g[base + i] : g[base + i] * w[i];
      ra += v;
      rc += v * (x[base + i] - mu);
    }
    sums[0] += ra;
    sums[1] += rc;
  }

  @Override
  public void gradRow(float[] x, float[] g, float[] w, int base, int n, float mu, float s, float a, float c,
      float[] dx) {
    FloatVector m = FloatVector.broadcast(S, mu), sv = FloatVector.broadcast(S, s);
    FloatVector av = FloatVector.broadcast(S, a), cv = FloatVector.broadcast(S, c);
    int i = 0, end = S.loopBound(n);
    for (; i < end; i += S.length()) {
      FloatVector xh = FloatVector.fromArray(S, x, base + i).sub(m).mul(sv);
      FloatVector v = FloatVector.fromArray(S, g, base + i);
      if (w != null) v = v.mul(FloatVector.fromArray(S, w, i)); // loop-invariant: C2 unswitches the loop
      sv.mul(v.sub(av).sub(xh.mul(cv))).intoArray(dx, base + i);
    }
    for (; i < n; i++) {
      float xh = (x[base + i] - mu) * s, v = w == null ? g[base + i] : g[base + i] * w[i];
      dx[base + i] = s * (v - a - xh * c);
    }
  }

  @Override
  public void gradRowColumns(float[] x, float[] g, float[] w, int base, int n, float mu, float s, float a, float c,
      float[] dx, float[] part, float[] partB, int at) {
    FloatVector m = FloatVector.broadcast(S, mu), sv = FloatVector.broadcast(S, s);
    FloatVector av = FloatVector.broadcast(S, a), cv = FloatVector.broadcast(S, c);
    int i = 0, end = S.loopBound(n);
    for (; i < end; i += S.length()) {
      FloatVector gv = FloatVector.fromArray(S, g, base + i);
      FloatVector xh = FloatVector.fromArray(S, x, base + i).sub(m).mul(sv);
      FloatVector v = gv.mul(FloatVector.fromArray(S, w, i));
      sv.mul(v.sub(av).sub(xh.mul(cv))).intoArray(dx, base + i);
      FloatVector.fromArray(S, part, at + i).add(gv.mul(xh)).intoArray(part, at + i);
      FloatVector.fromArray(S, partB, at + i).add(gv).intoArray(partB, at + i);
    }
    for (; i < n; i++) {
      float xh = (x[base + i] - mu) * s, gi = g[base + i];
      dx[base + i] = s * (gi * w[i] - a - xh * c);
      part[at + i] += gi * xh;
      partB[at + i] += gi;
    }
  }

  @Override
  public void addColumns(float[] x, float[] g, int base, int lo, int hi, float mu, float s, float[] part) {
    FloatVector m = FloatVector.broadcast(S, mu), sv = FloatVector.broadcast(S, s);
    int i = lo, end = lo + S.loopBound(hi - lo);
    for (; i < end; i += S.length()) {
      FloatVector xh = FloatVector.fromArray(S, x, base + i).sub(m).mul(sv);
      FloatVector.fromArray(S, part, i - lo).add(FloatVector.fromArray(S, g, base + i).mul(xh))
          .intoArray(part, i - lo);
    }
    for (; i < hi; i++) part[i - lo] += g[base + i] * ((x[base + i] - mu) * s);
  }

  @Override
  public void addColumns(float[] x, float[] g, int base, int lo, int hi, float mu, float s, float[] part,
      float[] partB) {
    FloatVector m = FloatVector.broadcast(S, mu), sv = FloatVector.broadcast(S, s);
    int i = lo, end = lo + S.loopBound(hi - lo);
    for (; i < end; i += S.length()) {
      FloatVector gv = FloatVector.fromArray(S, g, base + i);
      FloatVector xh = FloatVector.fromArray(S, x, base + i).sub(m).mul(sv);
      FloatVector.fromArray(S, part, i - lo).add(gv.mul(xh)).intoArray(part, i - lo);
      FloatVector.fromArray(S, partB, i - lo).add(gv).intoArray(partB, i - lo);
    }
    for (; i < hi; i++) {
      part[i - lo] += g[base + i] * ((x[base + i] - mu) * s);
      partB[i - lo] += g[base + i];
    }
  }
}
