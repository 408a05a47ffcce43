package dev.nabla.examples;

import dev.nabla.autodiff.CustomOp;
import dev.nabla.autodiff.GradCheck;
import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Check your own model's gradients. A user-defined function (a two-layer tanh network with a
 * custom log-cosh loss, one piece of it a {@link CustomOp} with a hand-written backward) is
 * checked with {@link GradCheck} against central differences; then a deliberately wrong backward
 * shows what a failure looks like. The property-based form a user copies into a test suite is
 * {@code examples/src/test/java/dev/nabla/examples/MyModelGradientTest.java}.
 */
public final class CheckGradients {
  private CheckGradients() {}

  /** log cosh(x), stable: |x| + softplus(−2|x|) − log 2. Its hand-written derivative is tanh(x). */
  static CustomOp logCosh(boolean correct) {
    return new CustomOp.OnTensors(correct ? "logCosh" : "logCoshWrong") {
      @Override
      protected Tensor forward(Context ctx, Tensor... x) {
        ctx.save(x[0]);
        Tensor a = x[0].abs();
        return a.add(a.mul(-2).softplus()).sub(Math.log(2));
      }

      @Override
      protected Tensor[] backward(Context ctx, Tensor g) {
        Tensor d = correct ? ctx.saved(0).tanh() : ctx.saved(0).sigmoid(); // the wrong one is a plausible slip
        return new Tensor[] {g.mul(d)};
      }
    };
  }

  /** The model: inputs are [W1, b1, W2, b2, X, Y]; loss = mean(logCosh(tanh(X·W1ᵀ + b1)·W2ᵀ + b2 − Y)). */
  static Variable model(List<Variable> v, CustomOp loss) {
    Variable h = v.get(4).matmul(v.get(0).transpose()).add(v.get(1)).tanh();
    Variable pred = h.matmul(v.get(2).transpose()).add(v.get(3));
    return loss.apply(pred.sub(v.get(5))).mean();
  }

  /** Random FLOAT64 inputs for {@link #model}: 5 samples, 3 features, 4 hidden units, 2 outputs. */
  static List<Tensor> inputs(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    return List.of(Tensor.randn(DType.FLOAT64, r, 4, 3), Tensor.randn(DType.FLOAT64, r, 4),
        Tensor.randn(DType.FLOAT64, r, 2, 4), Tensor.randn(DType.FLOAT64, r, 2),
        Tensor.randn(DType.FLOAT64, r, 5, 3), Tensor.randn(DType.FLOAT64, r, 5, 2));
  }

  public static void main(String[] args) {
    List<Tensor> in = inputs(1);
    GradCheck.Result ok = GradCheck.check(v -> model(v, logCosh(true)), in);
    System.out.println("model with log-cosh loss:        " + ok);
    GradCheck.Result fast = GradCheck.checkFast(v -> model(v, logCosh(true)), in, 2);
    System.out.println("same, one random direction:      " + fast);
    GradCheck.Result second = GradCheck.checkGradGrad(v -> model(v, logCoshDifferentiable()), in, 3);
    System.out.println("second derivatives:              " + second);
    GradCheck.Result bad = GradCheck.check(v -> model(v, logCosh(false)), in);
    System.out.println("with a wrong backward (sigmoid): " + bad);
  }

  /** log cosh composed from differentiable ops: no hand-written backward, so grad of grad works. */
  static CustomOp logCoshDifferentiable() {
    return new CustomOp.OnVariables("logCoshComposed") {
      @Override
      protected Tensor forward(Context ctx, Tensor... x) {
        Tensor a = x[0].abs();
        return a.add(a.mul(-2).softplus()).sub(Math.log(2));
      }

      @Override
      protected Variable[] backward(Context ctx, Variable g, Variable[] x, Variable y) {
        return new Variable[] {g.mul(x[0].tanh())};
      }
    };
  }
}
