package dev.nabla.autodiff;

import static org.junit.jupiter.api.Assertions.fail;

import dev.nabla.core.Tensor;
import dev.nabla.core.kernel.UnaryOp;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * erf's FLOAT64 kernel within its registry row's ulps of {@link OpRegistry#erfReference} on many points of
 * each of its ranges (|x| &lt; 0.5, 0.5 to 4, 4 to 6) and their borders: {@link PointwiseReferenceTest}
 * spreads its random inputs over every scale, so few fall where erf is hardest (just above 0.5, where
 * erfc x is nearly erf x and its rounding errors count double).
 */
class ErfAccuracyTest {
  @Test
  void erfIsWithinItsUlpsOnEveryRange() {
    double ulps = PointwiseReferenceTest.references().get(UnaryOp.ERF).ulps64();
    SplittableRandom r = new SplittableRandom(7);
    double[][] bands = {{0, 0.5}, {0.5, 1}, {1, 4}, {4, 6.5}, {0.4999, 0.5001}, {3.999, 4.001}};
    int perBand = 40_000;
    double[] x = new double[bands.length * perBand];
    for (int b = 0; b < bands.length; b++)
      for (int i = 0; i < perBand; i++)
        x[b * perBand + i] = (r.nextBoolean() ? 1 : -1) * (bands[b][0] + (bands[b][1] - bands[b][0]) * r.nextDouble());
    double[] got = Tensor.of(x).erf().toDoubleArray();
    for (int i = 0; i < x.length; i++) {
      double want = OpRegistry.erfReference(x[i]);
      if (!(Math.abs(got[i] - want) <= ulps * Math.ulp(want)))
        fail("erf at x = " + x[i] + ": " + got[i] + ", want " + want + " (within " + ulps + " ulps)");
    }
  }
}
