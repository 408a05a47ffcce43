/**
 * Nabla's property-based checking layer: seeded generators ({@link dev.nabla.core.check.Gen},
 * {@link dev.nabla.core.check.Gens}, {@link dev.nabla.core.check.Domain}) and a {@code forAll}
 * runner with shrinking ({@link dev.nabla.core.check.Property}). Framework-agnostic: a failing
 * property throws {@link dev.nabla.core.check.PropertyFailure}, an {@link java.lang.AssertionError}
 * naming the seed, the case, and the original and shrunk inputs.
 *
 * <pre>{@code
 * Property.forAll(Gens.tensors(DType.FLOAT64, Domain.POSITIVE))
 *     .named("log inverts exp")
 *     .check(x -> assertTrue(x.log().exp().allClose(x)));
 * }</pre>
 */
package dev.nabla.core.check;
