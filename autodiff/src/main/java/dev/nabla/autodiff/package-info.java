/**
 * Define-by-run reverse-mode automatic differentiation.
 *
 * <p>{@link dev.nabla.autodiff.Variable} wraps a tensor and records the ops applied to it;
 * {@link dev.nabla.autodiff.Variable#backward()} computes ∇ of a scalar with respect to every
 * parameter. {@link dev.nabla.autodiff.Grad} has the functional and higher-order forms (grad of
 * grad, Hessian-vector products, Jacobians) and the no-grad scope;
 * {@link dev.nabla.autodiff.GradCheck} and {@link dev.nabla.autodiff.GradProperty} check any
 * function's gradients against finite differences; {@link dev.nabla.autodiff.CustomOp} adds an op
 * with a hand-written backward; {@link dev.nabla.autodiff.Graph} draws a graph.
 * {@link dev.nabla.autodiff.Convolutions} has convolution and pooling (PyTorch's layouts, differentiable to any
 * order); {@link dev.nabla.autodiff.Linalg} differentiable linear algebra (solve, Cholesky, inverse, log-determinant);
 * {@link dev.nabla.autodiff.Checkpoint} recomputes a segment in backward instead of keeping its values.
 *
 * <pre>{@code
 * Variable w = Variable.parameter(Tensor.randn(DType.FLOAT64, rng, 3, 1));
 * Variable loss = x.matmul(w).sub(y).square().mean().add(w.square().sum().mul(0.05));
 * loss.backward();
 * w.grad();   // (2/n)·Xᵀ(Xw − y) + 0.1·w
 * }</pre>
 */
package dev.nabla.autodiff;
