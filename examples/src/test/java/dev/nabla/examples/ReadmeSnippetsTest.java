package dev.nabla.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@code ```java} block of the root README.md compiles against Nabla, and the runnable ones run,
 * so the README cannot drift from the API. One dynamic test per block, named by its README line.
 *
 * <p>A block is wrapped in a class that imports {@code dev.nabla.core.*}, {@code dev.nabla.core.check.*},
 * {@code dev.nabla.autodiff.*}, {@code dev.nabla.nn.*}, {@code java.util.*}, {@code java.util.function.*},
 * {@code java.io.*}, {@code java.nio.file.*}, {@code java.nio.charset.*}, JUnit's {@code Test} and
 * {@code Assertions.*}; by default its lines are the body of a method {@code static void run() throws
 * Exception}, which the test calls. A block that needs more says so in an HTML comment (invisible on
 * GitHub) right before its fence:
 * <pre>
 * &lt;!-- snippet prelude: Dataset train = Dataset.of(...); --&gt;   Java put before the block: the free
 *                                                               variables it assumes
 * &lt;!-- snippet members --&gt;        the block is class members (methods); its &#64;Test methods are run
 * &lt;!-- snippet compile-only --&gt;   compiled, not run (it reads or writes files of yours)
 * &lt;!-- snippet spark --&gt;          uses nabla-spark: compiled (and run) by the spark module's test
 * </pre>
 * Flags combine: {@code <!-- snippet members compile-only prelude: ... -->}; the prelude comes last.
 */
class ReadmeSnippetsTest {
  private static final String IMPORTS = String.join("\n",
      "import dev.nabla.core.*;",
      "import dev.nabla.core.check.*;",
      "import dev.nabla.autodiff.*;",
      "import dev.nabla.nn.*;",
      "import dev.nabla.nn.Module;",
      "import java.io.*;",
      "import java.nio.charset.*;",
      "import java.nio.file.*;",
      "import java.util.*;",
      "import java.util.function.*;",
      "import org.junit.jupiter.api.Test;",
      "import static org.junit.jupiter.api.Assertions.*;");

  /** Extra imports of blocks flagged {@code spark}: they compile in the spark module's test. */
  static final String SPARK_IMPORTS = String.join("\n",
      "import dev.nabla.spark.*;",
      "import org.apache.spark.SparkConf;",
      "import org.apache.spark.api.java.*;");

  /**
   * A fenced java block: README line of its first code line, its code, and its directive; {@code spark}
   * blocks use the spark module, which this module cannot see, and are checked by its
   * {@code ReadmeSparkSnippetsTest} instead.
   */
  record Snippet(int line, String code, String prelude, boolean members, boolean compileOnly, boolean spark) {
    String className() {
      return "ReadmeLine" + line;
    }

    /** The class around the block. */
    String source() {
      return header() + code + (members ? "}\n" : "}\n}\n");
    }

    /** The generated line where the block's first line lands. */
    long firstCodeLine() {
      return header().lines().count() + 1;
    }

    private String header() {
      return IMPORTS + "\n" + (spark ? SPARK_IMPORTS : "") + "\n@SuppressWarnings(\"all\")\npublic class " + className() + " {\n"
          + (members ? "" : "public static void run() throws Exception {\n") + prelude + "\n";
    }
  }

  /** The fenced java blocks of {@code markdown}, with the directive comment before each, if any. */
  static List<Snippet> parse(String markdown) {
    List<String> lines = markdown.lines().toList();
    List<Snippet> out = new ArrayList<>();
    String directive = null;
    for (int i = 0; i < lines.size(); i++) {
      String t = lines.get(i).trim();
      if (t.startsWith("<!-- snippet")) {
        StringBuilder d = new StringBuilder(t);
        while (!d.toString().endsWith("-->") && i + 1 < lines.size()) d.append('\n').append(lines.get(++i).trim());
        directive = d.substring("<!-- snippet".length(), d.length() - "-->".length()).trim();
      } else if (t.equals("```java")) {
        int start = i + 1;
        StringBuilder code = new StringBuilder();
        while (++i < lines.size() && !lines.get(i).trim().equals("```")) code.append(lines.get(i)).append('\n');
        if (i == lines.size()) throw new IllegalArgumentException("README.md:" + start + ": unclosed ```java block");
        out.add(snippet(start + 1, code.toString(), directive == null ? "" : directive));
        directive = null;
      } else if (!t.isEmpty() && directive != null) {
        throw new IllegalArgumentException("README.md:" + (i + 1) + ": a <!-- snippet --> comment must come right "
            + "before a ```java fence, found: " + t);
      }
    }
    return out;
  }

  private static Snippet snippet(int line, String code, String directive) {
    String flags = directive, prelude = "";
    int p = directive.indexOf("prelude:");
    if (p >= 0) {
      flags = directive.substring(0, p);
      prelude = directive.substring(p + "prelude:".length()).trim();
    }
    boolean members = false, compileOnly = false, spark = false;
    for (String f : flags.trim().split("\\s+")) {
      switch (f) {
        case "" -> { }
        case "members" -> members = true;
        case "compile-only" -> compileOnly = true;
        case "spark" -> spark = true;
        default -> throw new IllegalArgumentException("README.md:" + line + ": unknown snippet flag '" + f
            + "' (known: members, compile-only, spark, prelude:)");
      }
    }
    return new Snippet(line, code, prelude, members, compileOnly, spark);
  }

  /**
   * Compiles each snippet into {@code out} (one javac task each, so that a syntax error in one block
   * cannot hide the errors of another); the errors of each, as README locations.
   */
  static Map<Snippet, List<String>> compile(List<Snippet> snippets, Path out) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> options = List.of("-classpath", System.getProperty("java.class.path"), "-d", out.toString(),
        "-proc:none", "-implicit:none", "-Xlint:none", "-encoding", "UTF-8");
    Map<Snippet, List<String>> errors = new LinkedHashMap<>();
    try (var fm = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
      for (Snippet s : snippets) {
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///" + s.className() + ".java"),
            JavaFileObject.Kind.SOURCE) {
          @Override
          public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return s.source();
          }
        };
        var diagnostics = new DiagnosticCollector<JavaFileObject>();
        javac.getTask(null, fm, diagnostics, options, null, List.of(file)).call();
        List<String> mine = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
          if (d.getKind() != Diagnostic.Kind.ERROR) continue;
          long offset = d.getLineNumber() - s.firstCodeLine();
          String where = offset >= 0 ? "README.md:" + (s.line() + offset) : "prelude of README.md:" + s.line();
          mine.add(where + ": " + d.getMessage(null));
        }
        errors.put(s, mine);
      }
    }
    return errors;
  }

  /** Runs a compiled snippet: its body, or the @Test methods of a members snippet. */
  static void run(Snippet s, ClassLoader loader) throws Throwable {
    Class<?> c = loader.loadClass(s.className());
    // the snippet's loader as context loader: Spark deserializes the snippet's lambdas through it
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      if (!s.members()) {
        c.getMethod("run").invoke(null);
        return;
      }
      Object instance = c.getDeclaredConstructor().newInstance();
      for (Method m : c.getDeclaredMethods()) {
        if (m.isAnnotationPresent(Test.class) && m.getParameterCount() == 0) {
          m.setAccessible(true);
          m.invoke(instance);
        }
      }
    } catch (InvocationTargetException e) {
      throw e.getCause();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  static Path readme() {
    return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("../README.md").normalize();
  }

  @TestFactory
  Stream<DynamicTest> everyJavaBlockOfTheReadmeCompilesAndTheRunnableOnesRun() throws IOException {
    return check(parse(Files.readString(readme())).stream().filter(s -> !s.spark()).toList());
  }

  /** One dynamic test per snippet: it compiles, and unless compile-only, it runs. */
  static Stream<DynamicTest> check(List<Snippet> snippets) throws IOException {
    assertFalse(snippets.isEmpty(), "no ```java blocks found in " + readme());
    Path out = Files.createTempDirectory("readme-snippets");
    Map<Snippet, List<String>> errors = compile(snippets, out);
    var loader = new URLClassLoader(new URL[] {out.toUri().toURL()}, ReadmeSnippetsTest.class.getClassLoader());
    return snippets.stream().map(s -> DynamicTest.dynamicTest("README.md:" + s.line(), () -> {
      if (!errors.get(s).isEmpty())
        fail("the ```java block at README.md:" + s.line() + " does not compile:\n  "
            + String.join("\n  ", errors.get(s)) + "\nIf it assumes variables or methods defined elsewhere, declare"
            + " them in a comment right before its fence: <!-- snippet prelude: ... --> (see ReadmeSnippetsTest).");
      if (!s.compileOnly()) run(s, loader);
    }));
  }

  @Test
  void aBlockThatDoesNotCompileIsReportedAtItsReadmeLine() throws IOException {
    String md = String.join("\n",
        "# title",
        "<!-- snippet prelude: Tensor t = Tensor.zeros(DType.FLOAT64, 2); -->",
        "```java",
        "double s = t.sum().item();",
        "```",
        "text",
        "```java",
        "int ok = 1;",
        "Variable v = Variable.constant(t);",
        "```",
        "");
    List<Snippet> snippets = parse(md);
    assertEquals(2, snippets.size());
    assertEquals(4, snippets.get(0).line());
    assertEquals("Tensor t = Tensor.zeros(DType.FLOAT64, 2);", snippets.get(0).prelude());
    Map<Snippet, List<String>> errors = compile(snippets, Files.createTempDirectory("readme-snippets"));
    assertEquals(List.of(), errors.get(snippets.get(0)), "the prelude declares t");
    List<String> broken = errors.get(snippets.get(1));
    assertEquals(1, broken.size(), broken.toString());
    assertTrue(broken.get(0).startsWith("README.md:9: cannot find symbol"), broken.toString());
  }

  @Test
  void aMisplacedOrMisspelledDirectiveIsAnError() {
    var misplaced = assertThrows(IllegalArgumentException.class,
        () -> parse("<!-- snippet compile-only -->\nsome text\n```java\nint x;\n```\n"));
    assertTrue(misplaced.getMessage().startsWith("README.md:2: a <!-- snippet --> comment must come right before"),
        misplaced.getMessage());
    var misspelled = assertThrows(IllegalArgumentException.class,
        () -> parse("<!-- snippet compileonly -->\n```java\nint x;\n```\n"));
    assertTrue(misspelled.getMessage().contains("unknown snippet flag 'compileonly'"), misspelled.getMessage());
  }
}
