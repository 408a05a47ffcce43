package dev.nabla.core;

import java.math.BigDecimal;
import java.math.MathContext;

/** NumPy-style printing: nested brackets, a common width, summaries past 1000 elements. */
final class TensorFormat {
  private static final int THRESHOLD = 1000, EDGE = 3;

  private TensorFormat() {}

  static String format(int[] dims, double[] v) {
    boolean sci, integral = true;
    double maxAbs = 0, minAbs = Double.POSITIVE_INFINITY;
    for (double x : v) {
      if (!Double.isFinite(x)) continue;
      integral &= x == Math.rint(x);
      maxAbs = Math.max(maxAbs, Math.abs(x));
      if (x != 0) minAbs = Math.min(minAbs, Math.abs(x));
    }
    // NumPy's rule: scientific when the range is wide or the values tiny or huge.
    if (integral) sci = maxAbs >= 1e16;
    else sci = maxAbs >= 1e8 || minAbs < 1e-4 || maxAbs / minAbs > 1e3;
    String[] s = new String[v.length];
    int width = 0;
    for (int i = 0; i < v.length; i++) {
      s[i] = one(v[i], sci, integral);
      width = Math.max(width, s[i].length());
    }
    StringBuilder sb = new StringBuilder();
    if (dims.length == 0) return v.length == 0 ? "[]" : s[0];
    boolean summarize = v.length > THRESHOLD;
    append(sb, dims, 0, 0, s, width, summarize);
    return sb.toString();
  }

  private static void append(StringBuilder sb, int[] dims, int axis, int base, String[] s, int width, boolean summ) {
    int n = dims[axis], stride = 1;
    for (int i = axis + 1; i < dims.length; i++) stride *= dims[i];
    sb.append('[');
    for (int i = 0; i < n; i++) {
      if (summ && n > 2 * EDGE && i == EDGE) {
        sb.append("...");
        if (axis == dims.length - 1) sb.append(' ');
        else sb.append('\n').append(" ".repeat(axis + 1));
        i = n - EDGE - 1;
        continue;
      }
      if (axis == dims.length - 1) {
        String x = s[base + i];
        sb.append(" ".repeat(width - x.length())).append(x);
        if (i < n - 1) sb.append(' ');
      } else {
        append(sb, dims, axis + 1, base + i * stride, s, width, summ);
        if (i < n - 1) sb.append("\n".repeat(dims.length - axis - 1)).append(" ".repeat(axis + 1));
      }
    }
    sb.append(']');
  }

  private static String one(double x, boolean sci, boolean integral) {
    if (Double.isNaN(x)) return "nan";
    if (Double.isInfinite(x)) return x > 0 ? "inf" : "-inf";
    if (sci) return String.format("%.8e", x);
    if (integral) return (long) x + ".";
    String t = new BigDecimal(x).round(new MathContext(8)).stripTrailingZeros().toPlainString();
    if (!t.contains(".")) t += ".";
    return t;
  }
}
