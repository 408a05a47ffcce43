package dev.nabla.examples;

import dev.nabla.autodiff.Grad;
import dev.nabla.autodiff.Linalg;
import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Second order: Newton's method θ ← θ − H⁻¹∇J on a small logistic regression, with the Hessian H
 * from {@link Grad#hessian} (autodiff of autodiff) and the step H⁻¹∇J from {@link Linalg#solve}, against plain
 * gradient descent.
 * J(θ) = mean(softplus(z) − t·z) + λ·½‖θ‖², z = Xθ, on two overlapping Gaussian blobs.
 */
public final class Newton {
  /** Iterations each method needed to bring ‖∇J‖ below the tolerance, and the final losses. */
  public record Result(int newtonSteps, int gradientDescentSteps, double newtonLoss, double gdLoss,
      double[] newtonGradNorms) {}

  private Newton() {}

  public static void main(String[] args) {
    run(200, true);
  }

  static Result run(int n, boolean print) {
    double lambda = 1e-3, tol = 1e-10;
    SplittableRandom rng = new SplittableRandom(7);
    double[] x = new double[n * 3], t = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = i % 2;
      double shift = t[i] == 1 ? 1.0 : -1.0;
      Tensor p = Tensor.randn(DType.FLOAT64, rng, 2);
      x[3 * i] = p.get(0) + shift;
      x[3 * i + 1] = p.get(1) + 0.5 * shift;
      x[3 * i + 2] = 1; // bias feature
    }
    Tensor X = Tensor.of(x, n, 3), T = Tensor.of(t, n);
    Function<Variable, Variable> loss = th -> {
      Variable z = Variable.constant(X).matmul(th);
      return z.softplus().sub(z.mul(Variable.constant(T))).mean().add(th.square().sum().mul(lambda / 2));
    };

    Tensor theta = Tensor.zeros(DType.FLOAT64, 3);
    double[] norms = new double[50];
    int newton = 0;
    for (; newton < 50; newton++) {
      Tensor g = gradient(loss, theta);
      norms[newton] = norm(g);
      if (print) System.out.printf("Newton step %d: J = %.12f  ‖∇J‖ = %.3e%n", newton, value(loss, theta), norms[newton]);
      if (norms[newton] < tol) break;
      Tensor h = Grad.hessian(loss, theta);
      theta = theta.sub(Linalg.solve(h, g)); // H·Δ = ∇J, by LU with partial pivoting
    }
    double newtonLoss = value(loss, theta);

    Tensor w = Tensor.zeros(DType.FLOAT64, 3);
    int gd = 0;
    for (; gd < 200_000; gd++) {
      Tensor g = gradient(loss, w);
      if (norm(g) < tol) break;
      w = w.sub(g.mul(1.0));
    }
    double gdLoss = value(loss, w);
    if (print) {
      System.out.printf("Newton's method: %d steps to ‖∇J‖ < %.0e, J = %.12f%n", newton, tol, newtonLoss);
      System.out.printf("gradient descent (lr 1.0): %d steps to the same tolerance, J = %.12f%n", gd, gdLoss);
    }
    return new Result(newton, gd, newtonLoss, gdLoss, Arrays.copyOf(norms, newton + 1));
  }

  private static Tensor gradient(Function<Variable, Variable> f, Tensor theta) {
    Variable th = Variable.parameter(theta);
    return Grad.grad(f.apply(th), List.of(th)).get(0);
  }

  private static double value(Function<Variable, Variable> f, Tensor theta) {
    try (Grad.Scope off = Grad.disabled()) {
      return f.apply(Variable.constant(theta)).item();
    }
  }

  private static double norm(Tensor g) {
    return Math.sqrt(g.square().sum().item());
  }
}
