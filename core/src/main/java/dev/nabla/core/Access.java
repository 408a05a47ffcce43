package dev.nabla.core;

import dev.nabla.core.internal.TensorAccess;

/** The one {@link TensorAccess}: how {@code dev.nabla.core.internal}'s kernels reach a tensor's storage. */
final class Access extends TensorAccess {
  @Override
  public Object writableArray(String op, Tensor t) {
    InPlace.requireWritable(op, t, null);
    return t.array();
  }

  @Override
  public Object writableArray(String op, Tensor t, Tensor src) {
    InPlace.requireWritable(op, t, src);
    return t.array();
  }

  @Override
  public Object denseArray(Tensor t) {
    return t.denseArray();
  }

  @Override
  public void requireSameDType(String op, Tensor a, Tensor b) {
    Checks.requireSameDType(op, a, b);
  }

  @Override
  public void bumpVersion(Tensor t) {
    t.storage.version++;
  }

  @Override
  public Tensor wrap(Object array, Shape shape) {
    if (array instanceof int[] i) return Tensor.dense(i, shape);
    return array instanceof float[] f ? Tensor.dense(f, shape) : Tensor.dense((double[]) array, shape);
  }

  @Override
  public Tensor crossEntropyRows(String op, Tensor logits, int[] labels, Tensor g, Tensor logSumExp) {
    return Reductions.crossEntropy(op, logits, labels, g, logSumExp);
  }
}
