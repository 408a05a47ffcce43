import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes the other dtypes' kernels from their FLOAT64 source, by token rewrite, and the unary ops' loops and
 * names from {@code UnaryOp.java}; core/pom.xml runs it at generate-sources
 * ({@code java Twins.java SOURCE_ROOT OUTPUT_ROOT}: core's src/main/java and target/generated-sources/twins).
 * Generated files are never committed.
 *
 * <p>Every {@code DoubleX.java} of the kernel package gets a {@code FloatX.java}: {@code Double} before a capital, a dot
 * or a {@code >} becomes {@code Float} (DoubleVector, Double.NaN, VectorSpecies&lt;Double&gt;), {@code double}
 * becomes {@code float} unless written {@code /*wide*}{@code / double} (a wide accumulator or parameter), and a
 * decimal literal without a suffix gets an {@code f}. A source with a line {@code // twins: int}
 * (a data-movement kernel: copies, gathers) also gets an {@code IntX.java}: {@code Double} before a capital
 * becomes {@code Int}, {@code double} becomes {@code int}. A hand-written {@code FloatX.java} or
 * {@code IntX.java} next to the source wins: that is how a dtype gets its own primitives (see DoubleRows).
 *
 * <p>From {@code kernel/UnaryOp.java}, whose constants must each be a Javadoc comment followed by one line
 * {@code NAME(cost) { public double of(double x) { return EXPR; } },} (the build fails naming the constant and
 * line otherwise), it writes {@code kernel/DoubleUnaryLoops.java}, one plain loop {@code y[i] = EXPR} per
 * constant (EXPR with {@code x} read as {@code x[i]}), which then gets its FLOAT32 twin like any source; and
 * {@code PointwiseOps.java} in {@code dev.nabla.core}, the API: {@code T map(UnaryOp)} and one default method
 * per constant, named in lower camel case ({@code LOG_SIGMOID} gives {@code logSigmoid()}), with the
 * constant's Javadoc.
 */
public final class Twins {
  private static final Pattern NAME = Pattern.compile("\\bDouble(?=[A-Z_.>])");
  private static final Pattern CLASS = Pattern.compile("\\bDouble(?=[A-Z])");
  private static final Pattern NARROW = Pattern.compile("(?<!/\\*wide\\*/ )\\bdouble\\b");
  private static final Pattern DOUBLE = Pattern.compile("\\bdouble\\b");
  private static final Pattern DECIMAL =
      Pattern.compile("(?<![\\w.])(\\d+\\.\\d*(?:[eE][-+]?\\d+)?|\\d+[eE][-+]?\\d+)(?![\\w.])");

  private static final String KERNEL = "dev/nabla/core/kernel", API = "dev/nabla/core";
  private static final Pattern CONSTANT_START = Pattern.compile("^  ([A-Z][A-Z0-9_]*)\\b.*");
  private static final Pattern CONSTANT = Pattern.compile(
      "^  ([A-Z][A-Z0-9_]*)\\((\\d+)\\) \\{ public double of\\(double x\\) \\{ return ([^;{}]+); \\} \\}([,;])$");
  private static final Pattern X = Pattern.compile("(?<![\\w.'\"])x(?![\\w'\"])");

  /** One constant of UnaryOp: its name, the lines of its Javadoc, and its element formula in {@code x}. */
  record Op(String name, List<String> javadoc, String expr) {
    /** The method name: lower camel case of the constant (LOG_SIGMOID: logSigmoid, LOG1P: log1p). */
    String method() {
      StringBuilder b = new StringBuilder();
      for (String part : name.split("_")) {
        String p = part.toLowerCase(Locale.ROOT);
        b.append(b.length() == 0 || p.isEmpty() ? p : Character.toUpperCase(p.charAt(0)) + p.substring(1));
      }
      return b.toString();
    }
  }

  public static void main(String[] args) throws IOException {
    Path srcRoot = Path.of(args[0]), outRoot = Path.of(args[1]);
    Path src = srcRoot.resolve(KERNEL), out = outRoot.resolve(KERNEL), api = outRoot.resolve(API);
    Files.createDirectories(out);
    List<Op> ops;
    try {
      ops = unaryOps(src.resolve("UnaryOp.java"));
    } catch (IllegalArgumentException e) {
      System.err.println("Twins: " + e.getMessage());
      System.exit(1);
      return;
    }
    Set<Path> written = new HashSet<>();
    String loops = unaryLoops(ops);
    written.add(write(out.resolve("DoubleUnaryLoops.java"), header("UnaryOp.java") + loops));
    written.add(write(api.resolve("PointwiseOps.java"), header("kernel/UnaryOp.java") + pointwiseOps(ops)));
    List<String[]> sources = new ArrayList<>(); // {file name, text, what the header names}
    try (Stream<Path> files = Files.list(src)) {
      for (Path p : files.filter(f -> f.getFileName().toString().matches("Double\\w+\\.java")).sorted().toList()) {
        String file = p.getFileName().toString();
        sources.add(new String[] {file, Files.readString(p, StandardCharsets.UTF_8), file});
      }
    }
    sources.add(new String[] {"DoubleUnaryLoops.java", loops, "UnaryOp.java (via DoubleUnaryLoops)"});
    for (String[] s : sources) {
      String name = s[0].substring("Double".length()), text = s[1], header = header(s[2]);
      if (!Files.exists(src.resolve("Float" + name))) {
        String f = DECIMAL.matcher(NARROW.matcher(NAME.matcher(text).replaceAll("Float")).replaceAll("float"))
            .replaceAll("$1f");
        written.add(write(out.resolve("Float" + name), header + f));
      }
      if (text.contains("// twins: int") && !Files.exists(src.resolve("Int" + name))) {
        written.add(write(out.resolve("Int" + name), header + DOUBLE.matcher(CLASS.matcher(text).replaceAll("Int")).replaceAll("int")));
      }
    }
    for (Path dir : List.of(out, api)) { // a generated file whose source is gone
      try (Stream<Path> old = Files.list(dir)) {
        for (Path p : old.filter(f -> Files.isRegularFile(f) && !written.contains(f)).toList()) Files.delete(p);
      }
    }
  }

  /**
   * The constants of UnaryOp.java, read strictly: after {@code enum UnaryOp {}, each constant is its Javadoc
   * then its one line (blank and {@code //} lines may stand between), up to the constant ending in {@code ;}.
   */
  static List<Op> unaryOps(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    String where = file.getFileName() + ":";
    int i = 0;
    while (i < lines.size() && !lines.get(i).startsWith("public enum UnaryOp {")) i++;
    if (i == lines.size()) throw new IllegalArgumentException(where + " no line 'public enum UnaryOp {'");
    List<Op> ops = new ArrayList<>();
    List<String> doc = null;
    for (i++; i < lines.size(); i++) {
      String line = lines.get(i), t = line.strip();
      if (t.isEmpty() || t.startsWith("//")) continue;
      if (t.startsWith("/**")) {
        doc = new ArrayList<>();
        for (; i < lines.size(); i++) {
          doc.add(lines.get(i));
          if (lines.get(i).contains("*/")) break;
        }
        continue;
      }
      Matcher start = CONSTANT_START.matcher(line), m = CONSTANT.matcher(line);
      String at = where + (i + 1) + ": ";
      if (!start.matches()) {
        throw new IllegalArgumentException(at + "expected a constant (its Javadoc, then one line"
            + " 'NAME(cost) { public double of(double x) { return EXPR; } },') but found: " + t);
      }
      String name = start.group(1);
      if (!m.matches()) {
        throw new IllegalArgumentException(at + "constant " + name + " is not of the form 'NAME(cost) { public double"
            + " of(double x) { return EXPR; } },' on one line (EXPR without ; { or }), ending in ';' after the last");
      }
      if (doc == null) throw new IllegalArgumentException(at + "constant " + name + " has no Javadoc (its formula and an example)");
      ops.add(new Op(name, doc, m.group(3).strip()));
      doc = null;
      if (m.group(4).equals(";")) return ops;
    }
    throw new IllegalArgumentException(where + " no constant ends the list with ';'");
  }

  /** DoubleUnaryLoops.java: one plain same-index loop per op in an exhaustive switch. */
  static String unaryLoops(List<Op> ops) {
    StringBuilder b = new StringBuilder();
    b.append("package dev.nabla.core.kernel;\n\n");
    b.append("/** The plain loop of every {@link UnaryOp}: {@code y[i] = EXPR}, EXPR the constant's element formula. */\n");
    b.append("@SuppressWarnings(\"cast\") // a cast marks what the FLOAT32 twin rounds\n");
    b.append("final class DoubleUnaryLoops {\n");
    b.append("  private DoubleUnaryLoops() {}\n\n");
    b.append("  /** The loop of op, chosen once per call: each lambda is compiled (and vectorized) on its own. */\n");
    b.append("  static DoubleUnary.Loop loop(UnaryOp op) {\n");
    b.append("    return switch (op) {\n");
    for (Op op : ops) {
      String y = X.matcher(op.expr()).replaceAll("x[i]");
      b.append("      case ").append(op.name()).append(" -> (x, y, lo, hi) -> { for (int i = lo; i < hi; i++) y[i] = ")
          .append(y).append("; };\n");
    }
    b.append("    };\n  }\n}\n");
    return b.toString();
  }

  /** PointwiseOps.java: {@code map(UnaryOp)} and one default method per op, with the op's Javadoc. */
  static String pointwiseOps(List<Op> ops) {
    StringBuilder b = new StringBuilder();
    b.append("""
        package dev.nabla.core;

        import dev.nabla.core.kernel.UnaryOp;

        /**
         * The elementwise functions of one argument, one method each, all defined on {@link #map(UnaryOp)}.
         * {@link Ops} extends this interface, so {@link Tensor} and {@code dev.nabla.autodiff.Variable} both
         * have every one (on a {@code Variable} differentiable). It is generated at build time from core's
         * {@code kernel/UnaryOp.java}: one default method per constant, named in lower camel case
         * ({@code LOG_SIGMOID} is {@code logSigmoid()}), with the constant's Javadoc.
         *
         * @param <T> the implementing type itself
         */
        public interface PointwiseOps<T> {
          /**
           * {@code op} applied to every element: the one entry point of the elementwise functions of one
           * argument, whose named forms below are defined on it. For Nabla's own modules: {@code op}'s type
           * is internal.
           */
          T map(UnaryOp op);
        """);
    for (Op op : ops) {
      b.append('\n');
      for (String line : op.javadoc()) b.append(line).append('\n');
      b.append("  default T ").append(op.method()).append("() {\n");
      b.append("    return map(UnaryOp.").append(op.name()).append(");\n  }\n");
    }
    return b.append("}\n").toString();
  }

  private static String header(String source) {
    return "// GENERATED from " + source + " by core/src/build/Twins.java (core/pom.xml, generate-sources): do not edit.\n";
  }

  /** Writes only what changed, so an unchanged twin keeps its time stamp and incremental builds stay quick. */
  private static Path write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      if (!Files.exists(file) || !Files.readString(file, StandardCharsets.UTF_8).equals(text))
        Files.writeString(file, text, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
