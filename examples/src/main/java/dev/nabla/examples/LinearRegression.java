package dev.nabla.examples;

import dev.nabla.autodiff.Linalg;
import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.SplittableRandom;

/**
 * The tutorial's linear regression, done right: J(θ) = mean((Xθ − y)²) + λ·½θ², with ∇J from
 * autodiff instead of by hand. X is 100×1 uniform(0,1), y = 3X + uniform(0,1) noise, λ = 0.1,
 * gradient descent with lr 0.01 for 1000 iterations, then on to convergence. The closed form
 * θ* = solve(2/n·XᵀX + λI, 2/n·Xᵀy) ({@link Linalg#solve}) shows where it must end.
 */
public final class LinearRegression {
  /** θ after the tutorial's 1000 iterations, after convergence, θ*, and the iterations used. */
  public record Result(double thetaAfter1000, double thetaConverged, double thetaStar, int iterations,
      double gradAutodiff, double gradByHand) {}

  private LinearRegression() {}

  public static void main(String[] args) {
    run(100, true);
  }

  static Result run(int n, boolean print) {
    double lambda = 0.1, lr = 0.01;
    SplittableRandom xs = new SplittableRandom(61), noise = new SplittableRandom(62);
    double[] xv = new double[n], yv = new double[n];
    for (int i = 0; i < n; i++) {
      xv[i] = xs.nextDouble();
      yv[i] = 3 * xv[i] + noise.nextDouble();
    }
    Variable X = Variable.constant(Tensor.of(xv, n, 1)), y = Variable.constant(Tensor.of(yv, n, 1));
    Variable theta = Variable.parameter(Tensor.zeros(DType.FLOAT64, 1, 1));

    // closed form: the minimiser of J solves (2/n·XᵀX + λI)·θ = 2/n·Xᵀy
    Tensor xt = X.value().transpose();
    Tensor normal = xt.matmul(X.value()).mul(2.0 / n).add(Tensor.eye(DType.FLOAT64, 1).mul(lambda));
    double thetaStar = Linalg.solve(normal, xt.matmul(y.value()).mul(2.0 / n)).item();

    // ∇J at θ = 0: autodiff, the correct formula by hand, and the tutorial's formula
    Variable j0 = loss(X, y, theta, lambda);
    j0.backward();
    double auto = theta.grad().item();
    Tensor th = theta.value();
    double byHand = xt.matmul(X.value().matmul(th).sub(y.value())).mul(2.0 / n).add(th.mul(lambda)).item();
    Tensor tutorial = X.value().matmul(th).sub(y.value()).mul(2).add(th.square().mul(lambda / 2));
    if (print) {
      System.out.printf("J(θ) = mean((Xθ − y)²) + λ·½θ²,  n = %d, λ = %.1f, lr = %.2f%n", n, lambda, lr);
      System.out.printf("∇J(θ=0) by autodiff:                %.12f%n", auto);
      System.out.printf("∇J(θ=0) = (2/n)·Xᵀ(Xθ − y) + λθ:    %.12f%n", byHand);
      System.out.printf("tutorial's 2·(ŷ − y) + λ·½θ²:       a %s vector (mean %.6f), not ∇J: it drops the factor X"
          + " and the mean, and adds the penalty's value λ·½θ² where its gradient λθ belongs%n",
          tutorial.shape(), tutorial.mean().item());
    }
    int it = 0;
    double after1000 = Double.NaN, g = auto;
    theta.zeroGrad();
    while (it < 1_000_000) {
      if (it == 1000) after1000 = theta.value().item();
      if (it >= 1000 && Math.abs(g) < 1e-12) break;
      Variable j = loss(X, y, theta, lambda);
      j.backward();
      g = theta.grad().item();
      theta.value().addScaledInPlace(theta.grad(), -lr);
      theta.zeroGrad();
      it++;
    }
    double converged = theta.value().item();
    if (print) {
      System.out.printf("after 1000 iterations:  θ = %.10f   θ* = %.10f   gap %.2e%n", after1000, thetaStar,
          Math.abs(after1000 - thetaStar));
      System.out.printf("after %d iterations:  θ = %.10f   θ* = %.10f   gap %.2e%n", it, converged, thetaStar,
          Math.abs(converged - thetaStar));
    }
    return new Result(after1000, converged, thetaStar, it, auto, byHand);
  }

  private static Variable loss(Variable X, Variable y, Variable theta, double lambda) {
    return X.matmul(theta).sub(y).square().mean().add(theta.square().sum().mul(lambda / 2));
  }
}
