/**
 * Runnable programs on real data, each one short file with a fixed seed:
 * {@link dev.nabla.examples.Digits} (the flagship MLP on UCI digits),
 * {@link dev.nabla.examples.LinearRegression} (the tutorial's regression, with ∇J from autodiff),
 * {@link dev.nabla.examples.CheckGradients} (checking a user's own model),
 * {@link dev.nabla.examples.Newton} (second order with {@code Grad.hessian}) and
 * {@link dev.nabla.examples.Iris} (softmax regression). {@link dev.nabla.examples.Main} runs one by
 * name.
 */
package dev.nabla.examples;
