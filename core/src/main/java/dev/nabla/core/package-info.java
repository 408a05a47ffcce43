/**
 * Immutable n-d tensors: {@link dev.nabla.core.Tensor}, {@link dev.nabla.core.Shape} and
 * {@link dev.nabla.core.DType} (FLOAT32, FLOAT64).
 *
 * <p>A tensor is a strided view of flat storage; views share it, every other op allocates a new
 * dense result. Binary ops broadcast like NumPy, mixed dtypes are refused, and errors name the op
 * and every shape. This package knows nothing of gradients: see {@code dev.nabla.autodiff}.
 *
 * <pre>{@code
 * Tensor x = Tensor.randn(DType.FLOAT32, new SplittableRandom(42), 64, 784);
 * Tensor w = Tensor.randn(DType.FLOAT32, new SplittableRandom(7), 784, 10);
 * Tensor p = x.matmul(w).softmax(1);   // [64, 10], rows sum to 1
 * }</pre>
 */
package dev.nabla.core;
