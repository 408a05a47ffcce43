package dev.nabla.core;

/**
 * The flat array behind one or more tensors (views share it), and its version counter. Exactly
 * one of {@code f}, {@code d} and {@code i} is non-null. The version is bumped by every in-place
 * kernel, so that autodiff can refuse to differentiate through a value that changed after it was saved.
 */
final class Storage {
  final float[] f;
  final double[] d;
  final int[] i;
  int version;

  Storage(float[] f) {
    this(f, null, null);
  }

  Storage(double[] d) {
    this(null, d, null);
  }

  Storage(int[] i) {
    this(null, null, i);
  }

  private Storage(float[] f, double[] d, int[] i) {
    this.f = f;
    this.d = d;
    this.i = i;
  }

  /** The array itself: a {@code float[]}, {@code double[]} or {@code int[]}. */
  Object array() {
    return f != null ? f : d != null ? d : i;
  }

  /** Element {@code p}, widened to double. */
  double get(int p) {
    return f != null ? f[p] : d != null ? d[p] : i[p];
  }

  int length() {
    return f != null ? f.length : d != null ? d.length : i.length;
  }
}
