package dev.nabla.core;

/**
 * The flat array behind one or more tensors (views share it), and its version counter. Exactly
 * one of {@code f} and {@code d} is non-null. The version is bumped by every in-place kernel, so
 * that autodiff can refuse to differentiate through a value that changed after it was saved.
 */
final class Storage {
  final float[] f;
  final double[] d;
  int version;

  Storage(float[] f) {
    this.f = f;
    this.d = null;
  }

  Storage(double[] d) {
    this.f = null;
    this.d = d;
  }

  int length() {
    return f != null ? f.length : d.length;
  }
}
