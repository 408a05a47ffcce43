package dev.nabla.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Results are the same bits on 1, 2, 3 and 4 threads (3 splits work on other chunk boundaries than
 * 2 and 4; 3 and 4 are more threads than this machine's 2 cores). The thread count is read once
 * per JVM, so each count runs {@link DeterminismMain} in its own child JVM.
 */
class DeterminismTest {
  static Process start(int threads) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-modules", "jdk.incubator.vector", "-Dnabla.threads=" + threads));
    String simd = System.getProperty("nabla.simd");
    if (simd != null) cmd.add("-Dnabla.simd=" + simd);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), DeterminismMain.class.getName()));
    return new ProcessBuilder(cmd).redirectErrorStream(true).start();
  }

  static List<String> finish(Process p, int threads) throws Exception {
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM finished");
    assertEquals(0, p.exitValue(), "child JVM on " + threads + " threads failed:\n" + out);
    assertTrue(out.contains("threads " + threads + "\n"), "child saw nabla.threads=" + threads + ":\n" + out);
    return out.lines().filter(l -> l.startsWith("hash ")).toList();
  }

  @Test
  void sameBitsOnOneToFourThreads() throws Exception {
    Process one = start(1), two = start(2);
    List<String> a = finish(one, 1), b = finish(two, 2);
    Process three = start(3), four = start(4);
    List<String> c = finish(three, 3), d = finish(four, 4);
    assertEquals(18, a.size(), "every op reported: " + a);
    assertEquals(a, b, "1 vs 2 threads");
    assertEquals(a, c, "1 vs 3 threads");
    assertEquals(a, d, "1 vs 4 threads");
  }
}
