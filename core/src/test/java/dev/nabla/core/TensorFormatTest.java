package dev.nabla.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The printed form, pinned: NumPy's {@code str(array)} with default print options (precision 8,
 * "maxprec", line width 75, threshold 1000, 3 edge items). Each expected string is what NumPy prints.
 */
class TensorFormatTest {
  static String f64(double... v) {
    return Tensor.of(v).toString();
  }

  @Test
  void integralValues() {
    assertEquals("[[1. 2. 3.]\n [4. 5. 6.]]", Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3).toString());
    assertEquals("[[1. 2. 3.]\n [4. 5. 6.]]", Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).toString());
    assertEquals("[ 0. -1. 10.]", f64(0, -1, 10));
    assertEquals("[-0.  1.]", f64(-0.0, 1));
    assertEquals("[[[ 0.  1.]\n  [ 2.  3.]]\n\n [[ 4.  5.]\n  [ 6.  7.]]\n\n [[ 8.  9.]\n  [10. 11.]]]",
        Tensor.arange(DType.FLOAT64, 12).reshape(3, 2, 2).toString());
  }

  @Test
  void fractionsAlignOnTheDecimalPoint() {
    assertEquals("[0.5  1.25]", f64(0.5, 1.25));
    assertEquals("[ 0.1  -2.25 10.  ]", f64(0.1, -2.25, 10));
    assertEquals("[0.33333333 0.66666667]", f64(1.0 / 3, 2.0 / 3));
    // FLOAT32 prints the float's own shortest decimal, not its widened double
    assertEquals("[ 1.1  2.2 -3.3]", Tensor.of(new float[] {1.1f, 2.2f, -3.3f}).toString());
    assertEquals("[0.1 0.2 0.3]", Tensor.of(new double[] {0.1, 0.2, 0.3}).toType(DType.FLOAT32).toString());
    assertEquals("[0.1 0.2 0.30000000000000004]".replace("0.30000000000000004", "0.3"), f64(0.1, 0.2, 0.1 + 0.2));
  }

  @Test
  void scientificWhenTinyHugeOrWide() {
    assertEquals("[1.5e-05 1.0e+00]", f64(1.5e-5, 1));
    assertEquals("[1.e+00 2.e+03]", f64(1, 2000));
    assertEquals("[ 1.e+10 -1.e+00]", f64(1e10, -1));
    assertEquals("[ 3.33333333e-01 -6.66666667e-01  1.23456789e+04]", f64(1.0 / 3, -2.0 / 3, 12345.678901234));
    assertEquals("[1.e-300 1.e+300]", f64(1e-300, 1e300));
    assertEquals("[1000.    1.]", f64(1000, 1));
  }

  @Test
  void nonFiniteValues() {
    assertEquals("[ nan  1.5 -inf]", f64(Double.NaN, 1.5, Double.NEGATIVE_INFINITY));
    assertEquals("[nan inf]", f64(Double.NaN, Double.POSITIVE_INFINITY));
    assertEquals("[ 0.  0.  0. nan inf  0.]", f64(0, 0, 0, Double.NaN, Double.POSITIVE_INFINITY, 0));
    assertEquals("nan", Tensor.scalar(Double.NaN).toString());
    assertEquals("-inf", Tensor.scalar(Double.NEGATIVE_INFINITY).toString());
  }

  @Test
  void scalarsAndEmpty() {
    assertEquals("2.5", Tensor.scalar(2.5).toString());
    assertEquals("3.", Tensor.scalar(DType.FLOAT32, 3).toString());
    assertEquals("-1.5e-07", Tensor.scalar(-1.5e-7).toString());
    assertEquals("[]", Tensor.zeros(DType.FLOAT64, 0).toString());
    assertEquals("[]", Tensor.zeros(DType.FLOAT32, 2, 0, 3).toString());
  }

  @Test
  void longRowsWrapAt75Characters() {
    String s = Tensor.arange(DType.FLOAT64, 30).toString();
    assertEquals("[ 0.  1.  2.  3.  4.  5.  6.  7.  8.  9. 10. 11. 12. 13. 14. 15. 16. 17.\n"
        + " 18. 19. 20. 21. 22. 23. 24. 25. 26. 27. 28. 29.]", s);
    String m = Tensor.arange(DType.FLOAT64, 40).reshape(2, 20).div(3).toString();
    for (String line : m.split("\n")) assertTrue(line.length() <= 75, line);
    assertTrue(m.startsWith("[[ 0.          0.33333333  0.66666667  1.          1.33333333  1.66666667\n   2. "), m);
  }

  @Test
  void summarisedBeyondAThousandElements() {
    assertEquals("[0.000e+00 1.000e+00 2.000e+00 ... 1.997e+03 1.998e+03 1.999e+03]",
        Tensor.arange(DType.FLOAT64, 2000).toString());
    // 0..9999 spans more than 1000x, so NumPy (and we) switch to scientific; 1000..10999 does not
    assertEquals("[[ 1000.  1001.  1002. ...  1097.  1098.  1099.]\n"
        + " [ 1100.  1101.  1102. ...  1197.  1198.  1199.]\n"
        + " [ 1200.  1201.  1202. ...  1297.  1298.  1299.]\n"
        + " ...\n"
        + " [10700. 10701. 10702. ... 10797. 10798. 10799.]\n"
        + " [10800. 10801. 10802. ... 10897. 10898. 10899.]\n"
        + " [10900. 10901. 10902. ... 10997. 10998. 10999.]]",
        Tensor.arange(DType.FLOAT64, 10000).add(1000).reshape(100, 100).toString());
    assertTrue(Tensor.arange(DType.FLOAT64, 10000).reshape(100, 100).toString().startsWith("[[0.000e+00 1.000e+00"));
    assertEquals(1000, Tensor.zeros(DType.FLOAT64, 1000).toString().split("0\\.").length - 1, "1000 elements: not summarised");
    String r = Tensor.randn(DType.FLOAT32, new SplittableRandom(1), 3, 500).toString();
    assertTrue(r.contains("...") && r.split("\n \\[").length == 3, r);
  }
}
