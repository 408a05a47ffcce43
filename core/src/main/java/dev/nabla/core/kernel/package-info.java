/**
 * <b>Internal</b>: not API. These classes are public only so that the other Nabla packages can
 * call them; they may change in any release, and they are left out of the published Javadoc. Use
 * {@code dev.nabla.core.Tensor} instead, and {@code dev.nabla.core.Nabla} to ask which kernels run.
 *
 * <p>Kernels: static loops over flat arrays, apart from the Tensor API that checks shapes once and
 * then calls them. Inputs are trusted; loops allocate nothing and run on dense, offset-0 arrays
 * (the Tensor layer gathers strided views first), so the JIT sees same-index loops it can
 * vectorize. Large loops split across threads ({@link dev.nabla.core.kernel.Parallel},
 * {@code -Dnabla.threads=N}) on fixed boundaries, so results are the same bits on any thread
 * count. Matrix products run on the Vector API when {@code --add-modules jdk.incubator.vector} is
 * given, and on plain loops otherwise ({@code -Dnabla.simd=false} forces the latter).
 */
package dev.nabla.core.kernel;
