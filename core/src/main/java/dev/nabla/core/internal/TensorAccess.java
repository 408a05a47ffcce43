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

  /**
   * {@link #writableArray(String, Tensor)}, also refusing a {@code src} of another dtype or shape than
   * {@code t} (the tensor to be read into it), in the words of {@code op}.
   */
  public abstract Object writableArray(String op, Tensor t, Tensor src);

  /** The elements of {@code t} as a dense row-major {@code float[]} or {@code double[]}: its own when dense, else a copy. Read only. */
  public abstract Object denseArray(Tensor t);

  /** Refuses tensors of two dtypes in Tensor's words: {@code op: dtype mismatch: ...; convert one with toType}. */
  public abstract void requireSameDType(String op, Tensor a, Tensor b);

  /** Records that {@code t} was changed in place (bumps {@link Tensor#version()}). */
  public abstract void bumpVersion(Tensor t);

  /** A new dense tensor of this shape over {@code array} (a {@code float[]} or {@code double[]}), which it takes over. */
  public abstract Tensor wrap(Object array, Shape shape);

  /**
   * Softmax cross-entropy of the rows of {@code logits} [B, C] against {@code labels}, with Tensor's
   * checks of the logits' rank and of the labels, named {@code op} in errors: with {@code g} null the
   * losses [B]; else their gradient [B, C] for ∂L/∂loss = {@code g} [B], in one pass when each row's
   * log Σ e^x is given ({@code logSumExp} [B], or null). The caller has checked g and logSumExp.
   */
  public abstract Tensor crossEntropyRows(String op, Tensor logits, int[] labels, Tensor g, Tensor logSumExp);
}
