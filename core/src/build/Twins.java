import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes the other dtypes' kernels from their FLOAT64 source, by token rewrite; core/pom.xml runs it at
 * generate-sources ({@code java Twins.java SOURCE_DIR OUTPUT_DIR}). Generated files are never committed.
 *
 * <p>Every {@code DoubleX.java} in SOURCE_DIR gets a {@code FloatX.java}: {@code Double} before a capital, a dot
 * or a {@code >} becomes {@code Float} (DoubleVector, Double.NaN, VectorSpecies&lt;Double&gt;), {@code double}
 * becomes {@code float} unless written {@code /*wide*}{@code / double} (a wide accumulator or parameter), and a
 * decimal literal without a suffix gets an {@code f}. A source with a line {@code // twins: int}
 * (a data-movement kernel: copies, gathers) also gets an {@code IntX.java}: {@code Double} before a capital
 * becomes {@code Int}, {@code double} becomes {@code int}. A hand-written {@code FloatX.java} or
 * {@code IntX.java} next to the source wins: that is how a dtype gets its own primitives (see DoubleRows).
 */
public final class Twins {
  private static final Pattern NAME = Pattern.compile("\\bDouble(?=[A-Z_.>])");
  private static final Pattern CLASS = Pattern.compile("\\bDouble(?=[A-Z])");
  private static final Pattern NARROW = Pattern.compile("(?<!/\\*wide\\*/ )\\bdouble\\b");
  private static final Pattern DOUBLE = Pattern.compile("\\bdouble\\b");
  private static final Pattern DECIMAL =
      Pattern.compile("(?<![\\w.])(\\d+\\.\\d*(?:[eE][-+]?\\d+)?|\\d+[eE][-+]?\\d+)(?![\\w.])");

  public static void main(String[] args) throws IOException {
    Path src = Path.of(args[0]), out = Path.of(args[1]);
    Files.createDirectories(out);
    Set<Path> written = new HashSet<>();
    try (Stream<Path> files = Files.list(src)) {
      for (Path p : files.filter(f -> f.getFileName().toString().matches("Double\\w+\\.java")).sorted().toList()) {
        String name = p.getFileName().toString().substring("Double".length());
        String text = Files.readString(p, StandardCharsets.UTF_8), header = header(p.getFileName().toString());
        if (!Files.exists(src.resolve("Float" + name))) {
          String f = DECIMAL.matcher(NARROW.matcher(NAME.matcher(text).replaceAll("Float")).replaceAll("float"))
              .replaceAll("$1f");
          written.add(write(out.resolve("Float" + name), header + f));
        }
        if (text.contains("// twins: int") && !Files.exists(src.resolve("Int" + name))) {
          written.add(write(out.resolve("Int" + name), header + DOUBLE.matcher(CLASS.matcher(text).replaceAll("Int")).replaceAll("int")));
        }
      }
    }
    try (Stream<Path> old = Files.list(out)) { // a twin whose source is gone
      for (Path p : old.filter(f -> !written.contains(f)).toList()) Files.delete(p);
    }
  }

  private static String header(String source) {
    return "// GENERATED from " + source + " by core/src/build/Twins.java (core/pom.xml, generate-sources): do not edit.\n";
  }

  /** Writes only what changed, so an unchanged twin keeps its time stamp and incremental builds stay quick. */
  private static Path write(Path file, String text) {
    try {
      if (!Files.exists(file) || !Files.readString(file, StandardCharsets.UTF_8).equals(text))
        Files.writeString(file, text, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
