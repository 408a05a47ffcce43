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
 * Results are the same bits on 1 and 2 threads. The thread count is read once per JVM, so each
 * count runs {@link DeterminismMain} in its own child JVM.
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
  void sameBitsOnOneAndTwoThreads() throws Exception {
    Process one = start(1), two = start(2);
    List<String> a = finish(one, 1), b = finish(two, 2);
    assertEquals(12, a.size(), "every op reported: " + a);
    assertEquals(a, b);
  }
}
