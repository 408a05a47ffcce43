/**
 * Nabla's neural-network layer: modules, layers, losses, regularization, optimizers, schedules,
 * data loading and safetensors persistence (package {@code dev.nabla.nn}). It reads the autodiff
 * module transitively, so a user who requires {@code dev.nabla.nn} sees {@code Variable} and
 * {@code Tensor} too.
 *
 * <pre>{@code
 * module my.app {
 *   requires dev.nabla.nn;
 * }
 * }</pre>
 */
module dev.nabla.nn {
  requires transitive dev.nabla.autodiff;

  exports dev.nabla.nn;
}
