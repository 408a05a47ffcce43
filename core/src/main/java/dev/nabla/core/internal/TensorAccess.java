package dev.nabla.core.internal;

import dev.nabla.core.Shape;
import dev.nabla.core.Tensor;
import java.lang.invoke.MethodHandles;

/**
 * The way into a tensor's storage for this package's kernels. {@link Tensor} installs the one
 * implementation when it is initialized, so nothing outside {@code dev.nabla.core} sees its fields.
 */
public abstract class TensorAccess {
  private static volatile TensorAccess instance;

  /** Called once, by {@code Tensor}'s static initializer. */
  public static void install(TensorAccess access) {
    if (instance != null) throw new IllegalStateException("TensorAccess is installed already");
    instance = access;
  }

  static TensorAccess get() {
    TensorAccess a = instance;
    if (a != null) return a;
    try {
      MethodHandles.lookup().ensureInitialized(Tensor.class);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
    return instance;
  }

  /**
   * The backing {@code float[]} or {@code double[]} of a tensor that {@link Tensor#isWritableInPlace()}
   * (dense, offset 0, owning all of its storage), in row-major order; {@code op} names the caller in
   * the error thrown for any other tensor.
   */
  public abstract Object writableArray(String op, Tensor t);

  /** The elements of {@code t} as a dense row-major {@code float[]} or {@code double[]}: its own when dense, else a copy. Read only. */
  public abstract Object denseArray(Tensor t);

  /** Records that {@code t} was changed in place (bumps {@link Tensor#version()}). */
  public abstract void bumpVersion(Tensor t);

  /** A new dense tensor of this shape over {@code array} (a {@code float[]} or {@code double[]}), which it takes over. */
  public abstract Tensor wrap(Object array, Shape shape);
}
