/**
 * Nabla's core: immutable n-d tensors ({@code dev.nabla.core}) and the property-based checking layer
 * ({@code dev.nabla.core.check}). The kernels and the gradient and optimizer helpers are not API:
 * {@code dev.nabla.core.kernel} is exported only to {@code dev.nabla.autodiff} (whose {@code Variable}
 * implements {@code Ops.map} over the kernels' op enums), {@code dev.nabla.core.internal} only to
 * {@code dev.nabla.autodiff} and {@code dev.nabla.nn}. On the class path (the examples jar, Spark)
 * this descriptor is ignored and every package is reachable; the boundary holds for modular builds.
 */
module dev.nabla.core {
  requires static jdk.incubator.vector; // the SIMD kernels, loaded only when the module is present

  exports dev.nabla.core;
  exports dev.nabla.core.check;
  exports dev.nabla.core.kernel to dev.nabla.autodiff;
  exports dev.nabla.core.internal to dev.nabla.autodiff, dev.nabla.nn;
}
