package dev.nabla.core;

import dev.nabla.core.kernel.Update;
import java.util.Objects;

/**
 * Tensor's public in-place writes ({@code mulInPlace}, {@code addScaledInPlace}, {@code copyInPlace})
 * and the check every in-place write makes first. Each write bumps the storage's version, so that
 * autodiff can refuse a value that changed after it was saved.
 */
final class InPlace {
  private InPlace() {}

  /** True when {@code t} is dense, starts at offset 0 and owns all of its storage. */
  static boolean isWritable(Tensor t) {
    return t.isDense() && t.storage.length() == t.size();
  }

  /** Refuses a {@code t} that is not writable, and a {@code src} (unless null) of another dtype or shape. */
  static void requireWritable(String op, Tensor t, Tensor src) {
    if (!isWritable(t))
      throw new IllegalStateException(op + ": only a dense tensor that owns its storage can be written in place, not a"
          + " view of shape " + t.shape);
    if (src != null) {
      Checks.requireSameDType(op, t, src);
      if (!src.shape.equals(t.shape))
        throw new ShapeMismatchException(op + ": shape " + src.shape + " does not match " + t.shape);
    }
  }

  static Tensor mul(Tensor t, double alpha) {
    requireWritable("mulInPlace", t, null);
    Checks.requireFloating("mulInPlace", t);
    if (t.dtype == DType.FLOAT32) Update.scale(t.storage.f, (float) alpha, t.size());
    else Update.scale(t.storage.d, alpha, t.size());
    t.storage.version++;
    return t;
  }

  static Tensor addScaled(Tensor t, Tensor x, double alpha) {
    Objects.requireNonNull(x, "x");
    requireWritable("addScaledInPlace", t, x);
    Checks.requireFloating("addScaledInPlace", t);
    if (t.size() == 1) { // one element (the engine's fan-out sums on a scalar tape): the loop's formula, no loop call
      if (t.dtype == DType.FLOAT32) t.storage.f[0] = 1f * t.storage.f[0] + (float) alpha * x.storage.f[x.offset];
      else t.storage.d[0] = 1 * t.storage.d[0] + alpha * x.storage.d[x.offset];
    } else if (t.dtype == DType.FLOAT32) Update.scaleAdd(t.storage.f, 1f, x.f(), (float) alpha, null, 0f, t.size());
    else Update.scaleAdd(t.storage.d, 1, x.d(), alpha, null, 0, t.size());
    t.storage.version++;
    return t;
  }

  static Tensor copy(Tensor t, Tensor src) {
    Objects.requireNonNull(src, "src");
    requireWritable("copyInPlace", t, src);
    System.arraycopy(src.denseArray(), 0, t.array(), 0, t.size());
    t.storage.version++;
    return t;
  }
}
