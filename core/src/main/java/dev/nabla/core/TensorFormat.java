package dev.nabla.core;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * NumPy-style printing, following {@code numpy.array2string} with its defaults (precision 8,
 * floatmode "maxprec", line width 75, threshold 1000, edge items 3):
 *
 * <ul>
 *   <li>each value is its shortest round-trip decimal (of the float for FLOAT32), with at most 8
 *       fractional digits; integral values print as {@code 2.};
 *   <li>scientific notation when a nonzero |value| is below 1e-4 or at least 1e8, or the largest
 *       is over 1000 times the smallest nonzero: {@code 1.5e-05}, mantissas zero-padded to a
 *       common precision;
 *   <li>columns aligned on the decimal point (integer parts padded left, fractions padded right
 *       with spaces); {@code nan}, {@code inf}, {@code -inf} right-aligned to the same width;
 *   <li>rows wrap at 75 characters; more than 1000 elements are summarised with {@code ...}
 *       showing 3 items at each end of every axis (widths from the shown items only);
 *   <li>a scalar prints as its element, any empty tensor as {@code []};
 *   <li>INT32 values print as integers without a decimal point, right-aligned to a common width
 *       ({@code [ 3 -1 10]}), as NumPy prints integer arrays.
 * </ul>
 */
final class TensorFormat {
  private static final int THRESHOLD = 1000, EDGE = 3, LINE_WIDTH = 75, PRECISION = 8;

  private TensorFormat() {}

  static String format(int[] dims, double[] v) {
    return format(DType.FLOAT64, dims, v);
  }

  static String format(DType dtype, int[] dims, double[] v) {
    if (v.length == 0) return "[]";
    boolean summarize = v.length > THRESHOLD;
    int[] strides = new int[dims.length];
    for (int i = dims.length - 1, acc = 1; i >= 0; i--) {
      strides[i] = acc;
      acc *= dims[i];
    }
    double[] shown = summarize ? shownValues(dims, strides, v) : v;
    Elements f = new Elements(shown, dtype == DType.FLOAT32, dtype == DType.INT32);
    if (dims.length == 0) return f.format(v[0]);
    return new Printer(dims, strides, v, f, summarize).array(0, 0, " ", LINE_WIDTH);
  }

  /** The values a summarised print shows: the first and last EDGE items of every long axis. */
  private static double[] shownValues(int[] dims, int[] strides, double[] v) {
    java.util.ArrayList<Double> out = new java.util.ArrayList<>();
    collect(dims, strides, v, 0, 0, out);
    double[] d = new double[out.size()];
    for (int i = 0; i < d.length; i++) d[i] = out.get(i);
    return d;
  }

  private static void collect(int[] dims, int[] strides, double[] v, int axis, int base, java.util.List<Double> out) {
    if (axis == dims.length) {
      out.add(v[base]);
      return;
    }
    int n = dims[axis];
    for (int i = 0; i < n; i++) {
      if (n > 2 * EDGE && i == EDGE) i = n - EDGE;
      collect(dims, strides, v, axis + 1, base + i * strides[axis], out);
    }
  }

  /** NumPy's {@code _formatArray}: nested brackets, hanging indents, wrapping at the line width. */
  private static final class Printer {
    final int[] dims, strides;
    final double[] v;
    final Elements f;
    final boolean summarize;

    Printer(int[] dims, int[] strides, double[] v, Elements f, boolean summarize) {
      this.dims = dims;
      this.strides = strides;
      this.v = v;
      this.f = f;
      this.summarize = summarize;
    }

    String array(int axis, int base, String hang, int width) {
      if (axis == dims.length) return f.format(v[base]);
      String nextHang = hang + " ";
      int nextWidth = width - 1, n = dims[axis], stride = strides[axis];
      boolean summary = summarize && n > 2 * EDGE;
      int lead = summary ? EDGE : 0, trail = summary ? EDGE : n;
      StringBuilder s = new StringBuilder();
      if (axis == dims.length - 1) {
        int elemWidth = width - 1;
        String line = hang;
        for (int i = 0; i < lead; i++)
          line = extend(s, line, array(axis + 1, base + i * stride, nextHang, nextWidth), elemWidth, hang) + " ";
        if (summary) line = extend(s, line, "...", elemWidth, hang) + " ";
        for (int i = trail; i > 1; i--)
          line = extend(s, line, array(axis + 1, base + (n - i) * stride, nextHang, nextWidth), elemWidth, hang) + " ";
        line = extend(s, line, array(axis + 1, base + (n - 1) * stride, nextHang, nextWidth), elemWidth, hang);
        s.append(line);
      } else {
        String sep = "\n".repeat(dims.length - axis - 1);
        for (int i = 0; i < lead; i++) s.append(hang).append(array(axis + 1, base + i * stride, nextHang, nextWidth)).append(sep);
        if (summary) s.append(hang).append("...").append(sep);
        for (int i = trail; i > 1; i--)
          s.append(hang).append(array(axis + 1, base + (n - i) * stride, nextHang, nextWidth)).append(sep);
        s.append(hang).append(array(axis + 1, base + (n - 1) * stride, nextHang, nextWidth));
      }
      return "[" + s.substring(hang.length()) + "]";
    }

    private static String extend(StringBuilder s, String line, String word, int width, String prefix) {
      boolean wrap = line.length() + word.length() > width && line.length() > prefix.length();
      if (wrap) {
        s.append(line.stripTrailing()).append('\n');
        line = prefix;
      }
      return line + word;
    }
  }

  /** NumPy's {@code FloatingFormat}: one format for all elements, chosen from the shown values. */
  private static final class Elements {
    final boolean f32, sci, ints;
    int padLeft, padRight, precision, expSize;

    Elements(double[] shown, boolean f32, boolean ints) {
      this.f32 = f32;
      this.ints = ints;
      if (ints) for (double x : shown) padLeft = Math.max(padLeft, Long.toString((long) x).length());
      double max = 0, min = Double.POSITIVE_INFINITY;
      boolean anyFinite = false, anyNonFinite = false, negInf = false;
      for (double x : shown) {
        if (!Double.isFinite(x)) {
          anyNonFinite = true;
          negInf |= x == Double.NEGATIVE_INFINITY;
          continue;
        }
        anyFinite = true;
        double a = Math.abs(x);
        if (a == 0) continue;
        max = Math.max(max, a);
        min = Math.min(min, a);
      }
      sci = max > 0 && (max >= 1e8 || min < 1e-4 || max / min > 1e3);
      if (anyFinite) {
        for (double x : shown) {
          if (!Double.isFinite(x)) continue;
          String[] p = parts(x);
          padLeft = Math.max(padLeft, p[0].length());
          if (sci) {
            precision = Math.max(precision, p[1].length());
            expSize = Math.max(expSize, p[2].length() - 1);
          } else {
            padRight = Math.max(padRight, p[1].length());
          }
        }
        if (sci) padRight = expSize + 2 + precision;
      }
      if (anyNonFinite) {
        int offset = padRight + 1;
        padLeft = Math.max(padLeft, Math.max(3 - offset, 3 + (negInf ? 1 : 0) - offset));
      }
    }

    String format(double x) {
      if (ints) {
        String r = Long.toString((long) x);
        return " ".repeat(padLeft - r.length()) + r;
      }
      if (!Double.isFinite(x)) {
        String r = Double.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
        return " ".repeat(Math.max(0, padLeft + padRight + 1 - r.length())) + r;
      }
      String[] p = parts(x);
      String left = " ".repeat(padLeft - p[0].length()) + p[0] + ".";
      if (!sci) return left + p[1] + " ".repeat(padRight - p[1].length());
      String exp = p[2].substring(1);
      return left + p[1] + "0".repeat(precision - p[1].length()) + "e" + p[2].charAt(0)
          + "0".repeat(Math.max(0, expSize - exp.length())) + exp;
    }

    /** {integer part with sign, fraction digits, signed exponent (scientific only)}. */
    private String[] parts(double x) {
      boolean neg = x < 0 || (x == 0 && 1 / x < 0);
      String sign = neg ? "-" : "";
      if (x == 0) return new String[] {sign + "0", "", "+00"};
      BigDecimal bd = shortest(Math.abs(x));
      if (!sci) {
        if (bd.scale() > PRECISION) bd = new BigDecimal(Math.abs(x)).setScale(PRECISION, RoundingMode.HALF_EVEN);
        String s = bd.stripTrailingZeros().toPlainString();
        int dot = s.indexOf('.');
        if (dot < 0) return new String[] {sign + s, ""};
        return new String[] {sign + s.substring(0, dot), s.substring(dot + 1)};
      }
      if (bd.precision() > PRECISION + 1) bd = new BigDecimal(Math.abs(x)).round(new MathContext(PRECISION + 1));
      bd = bd.stripTrailingZeros();
      String digits = bd.unscaledValue().toString();
      int e = digits.length() - 1 - bd.scale();
      String exp = (e < 0 ? "-" : "+") + (Math.abs(e) < 10 ? "0" : "") + Math.abs(e);
      return new String[] {sign + digits.charAt(0), digits.substring(1), exp};
    }

    /** The shortest decimal that reads back as the same float (FLOAT32) or double. */
    private BigDecimal shortest(double a) {
      BigDecimal exact = new BigDecimal(f32 ? Float.toString((float) a) : Double.toString(a));
      for (int p = 1; p < exact.precision(); p++) {
        BigDecimal c = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
        if (f32 ? c.floatValue() == (float) a : c.doubleValue() == a) return c;
      }
      return exact;
    }
  }
}
