package dev.nabla.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every vector width's register tile on this machine, whichever one it would pick: {@link GemmShapesMain} in a
 * child JVM per species (128, 256, 512 bits; the Vector API emulates a width the CPU lacks) and thread count
 * (1, 2), each checked against the plain GEMM there, and the result bits the same on 1 and 2 threads. The children
 * call the vector GEMM directly, so the run with {@code -Dnabla.simd=false} has nothing to add and skips this.
 */
class GemmShapesTest {
  @Test
  void everySpeciesTileMatchesPlainGemmOnAnyThreadCount() throws Exception {
    assumeFalse("false".equals(System.getProperty("nabla.simd")), "the children do not depend on nabla.simd");
    for (int bits : new int[] {128, 256, 512}) {
      Process one = start(bits, 1), two = start(bits, 2);
      List<String> a = output(one, bits, 1), b = output(two, bits, 2);
      String tile = bits >= 512 ? "8x" : "6x"; // 32 vector registers from 512 bits, 16 below
      assertTrue(a.get(0).startsWith("tile " + bits + " " + tile), bits + "-bit tile: " + a.get(0));
      assertEquals(a.get(0), b.get(0), "same tile on both thread counts");
      assertEquals(a.get(1), b.get(1), bits + "-bit: same result bits on 1 and 2 threads");
    }
  }

  private static Process start(int bits, int threads) throws Exception {
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-modules", "jdk.incubator.vector", "-Dnabla.gemm.bits=" + bits, "-Dnabla.threads=" + threads,
        "-cp", System.getProperty("java.class.path"), GemmShapesMain.class.getName());
    return new ProcessBuilder(cmd).redirectErrorStream(true).start();
  }

  /** The child's "tile" and "hash" lines, once it ended normally having seen {@code threads}. */
  private static List<String> output(Process p, int bits, int threads) throws Exception {
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "child JVM finished");
    String what = bits + "-bit, " + threads + " thread(s):\n" + out;
    assertEquals(0, p.exitValue(), what);
    assertTrue(out.contains("threads " + threads + "\n"), what);
    List<String> lines = out.lines().filter(l -> l.startsWith("tile ") || l.startsWith("hash ")).toList();
    assertEquals(2, lines.size(), what);
    return lines;
  }
}
