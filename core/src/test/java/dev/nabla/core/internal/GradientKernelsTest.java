package dev.nabla.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.core.check.Domain;
import dev.nabla.core.check.Gens;
import dev.nabla.core.check.Property;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fused backward kernels (moved from Tensor) against their definitions, with broadcasting, in both dtypes. */
class GradientKernelsTest {
  private static void check(String name, DType dtype, java.util.function.BinaryOperator<Tensor> fused,
      java.util.function.DoubleBinaryOperator reference) {
    Property.forAll(Gens.tensorList(dtype, Gens.broadcastPair(0, 3, 4), Domain.ANY, Domain.UNIT)).named(name)
        .cases(200).check(ts -> {
          Tensor g = ts.get(0), y = ts.get(1), got = fused.apply(g, y);
          Tensor ge = g.expand(got.shape()), ye = y.expand(got.shape());
          double[] gv = ge.toDoubleArray(), yv = ye.toDoubleArray(), out = got.toDoubleArray();
          double tol = dtype == DType.FLOAT32 ? 1e-6 : 1e-15;
          for (int i = 0; i < out.length; i++) assertEquals(reference.applyAsDouble(gv[i], yv[i]), out[i], tol, name);
        });
  }

  @Test
  void tanhAndSigmoidBackwardMatchTheirDefinitions() {
    for (DType t : List.of(DType.FLOAT32, DType.FLOAT64)) {
      check("tanhBackward " + t, t, GradientKernels::tanhBackward, (g, y) -> g * (1 - y * y));
      check("sigmoidBackward " + t, t, GradientKernels::sigmoidBackward, (g, y) -> g * y * (1 - y));
      check("reluBackward " + t, t, GradientKernels::reluBackward, (g, x) -> x <= 0 ? 0 : g);
    }
  }

  @Test
  void reluBackwardPassesNothingAtZeroAndThePlainGradientAtNaN() {
    double[] x = new double[19], g = new double[19];
    for (int i = 0; i < x.length; i++) {
      x[i] = i % 4 == 0 ? -0.0 : i % 4 == 1 ? 0.0 : i % 4 == 2 ? (i - 9) * 0.5 : Double.NaN;
      g[i] = i + 1;
    }
    for (DType t : List.of(DType.FLOAT32, DType.FLOAT64)) {
      double[] got = GradientKernels.reluBackward(Tensor.of(g, 19).toType(t), Tensor.of(x, 19).toType(t)).toDoubleArray();
      for (int i = 0; i < x.length; i++) {
        double want = i % 4 == 3 || (i % 4 == 2 && i > 9) ? g[i] : 0;
        assertEquals(want, got[i], 0.0, t + " at x = " + x[i]);
      }
    }
  }
}
