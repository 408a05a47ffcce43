package dev.nabla.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link Nabla#simd()} tells the truth in both Surefire executions of this module (with the Vector
 * API, and with {@code -Dnabla.simd=false}), and a JVM without the module says so once, on INFO.
 */
class NablaTest {
  @Test
  void simdReportsTheKernelsInUse() {
    assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
        "tests run with --add-modules jdk.incubator.vector");
    boolean forcedOff = "false".equals(System.getProperty("nabla.simd"));
    assertEquals(!forcedOff, Nabla.simd(), Nabla.simdDescription());
    if (forcedOff) {
      assertEquals("Vector API off (-Dnabla.simd=false): plain-loop kernels", Nabla.simdDescription());
    } else {
      assertTrue(Nabla.simdDescription().matches("Vector API on: \\d+-bit vectors \\(\\d+ floats, \\d+ doubles\\)"),
          Nabla.simdDescription());
    }
  }

  @Test
  void withoutTheModuleOneInfoLineSaysHowToTurnItOn() throws Exception {
    Process missing = child(), forcedOff = child("-Dnabla.simd=false");
    String out = finish(missing), quiet = finish(forcedOff);

    assertTrue(out.contains("simd false\n"), out);
    assertTrue(out.contains("Vector API off: start the JVM with --add-modules jdk.incubator.vector"), out);
    List<String> hints = out.lines().filter(l -> l.contains("matrix products run on plain loops")).toList();
    assertEquals(1, hints.size(), "one line for three large products:\n" + out);
    assertTrue(hints.get(0).startsWith("INFO: ") && hints.get(0).contains("--add-modules jdk.incubator.vector"), out);

    assertTrue(quiet.contains("simd false\n"), quiet);
    assertFalse(quiet.contains("plain loops;"), "-Dnabla.simd=false chose plain loops: no hint\n" + quiet);
  }

  /** A JVM without --add-modules jdk.incubator.vector running {@link Child}. */
  private static Process child(String... flags) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(List.of(flags));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Child.class.getName()));
    return new ProcessBuilder(cmd).redirectErrorStream(true).start();
  }

  private static String finish(Process p) throws Exception {
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM finished");
    assertEquals(0, p.exitValue(), "child JVM failed:\n" + out);
    return out;
  }

  /** Three large products (float and double) and a tiny one; prints what {@link Nabla} says. */
  public static final class Child {
    public static void main(String[] args) {
      var rng = new SplittableRandom(1);
      Tensor a = Tensor.randn(DType.FLOAT32, rng, 64, 64), b = Tensor.randn(DType.FLOAT64, rng, 64, 64);
      Tensor.ones(DType.FLOAT32, 2, 2).matmul(Tensor.ones(DType.FLOAT32, 2, 2));
      a.matmul(a).matmul(a);
      b.matmul(b);
      System.out.println("simd " + Nabla.simd());
      System.out.println(Nabla.simdDescription());
    }
  }
}
