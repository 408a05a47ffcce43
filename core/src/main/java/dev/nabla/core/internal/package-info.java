/**
 * Kernels that only Nabla's own modules call: fused gradient kernels for {@code dev.nabla.autodiff}
 * and fused optimizer updates for {@code dev.nabla.nn}. Not API: the module descriptor exports this
 * package only to those modules, and nothing here is stable.
 */
package dev.nabla.core.internal;
