package dev.nabla.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The convolution and pooling kernels give the same bits on 1, 2 and 3 threads (each count in its own child JVM,
 * since the thread count is read once per JVM): the weight gradient's sums over images run in a fixed order.
 */
class ConvolutionDeterminismTest {
  private static List<String> run(int threads) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-modules", "jdk.incubator.vector", "-Dnabla.threads=" + threads));
    String simd = System.getProperty("nabla.simd");
    if (simd != null) cmd.add("-Dnabla.simd=" + simd);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ConvolutionDeterminismMain.class.getName()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "child JVM finished");
    assertEquals(0, p.exitValue(), "child JVM on " + threads + " threads failed:\n" + out);
    assertTrue(out.contains("threads " + threads + "\n"), "child saw nabla.threads=" + threads + ":\n" + out);
    return out.lines().filter(l -> l.startsWith("hash ")).toList();
  }

  @Test
  void sameBitsOnOneToThreeThreads() throws Exception {
    List<String> one = run(1), two = run(2), three = run(3);
    assertEquals(14, one.size(), "every kernel reported: " + one);
    assertEquals(one, two, "1 vs 2 threads");
    assertEquals(one, three, "1 vs 3 threads");
  }
}
