/**
 * Nabla's reverse-mode automatic differentiation: {@code Variable}, the backward engine, {@code Grad},
 * {@code GradCheck}, {@code GradProperty}, {@code CustomOp} and graph export. Requires
 * {@code dev.nabla.core} transitively, since its API speaks in {@code Tensor}, {@code Shape} and
 * {@code Ops}. On the class path this descriptor is ignored.
 */
module dev.nabla.autodiff {
  requires transitive dev.nabla.core;

  exports dev.nabla.autodiff;
}
