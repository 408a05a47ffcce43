package dev.nabla.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nabla.core.kernel.Parallel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What the determinism checks share. The thread count is read once per JVM, so a main ({@link DeterminismMain},
 * {@code internal.ConvolutionDeterminismMain}) prints the count it saw and one hash of the result bits per op,
 * and a test runs it in a child JVM per {@code nabla.threads} and compares the hash lines.
 */
public final class DeterminismRuns {
  private DeterminismRuns() {}

  /** In a main: the line "threads N" that {@link #hashes} checks. */
  public static void printThreads() {
    System.out.println("threads " + Parallel.threads());
  }

  /** In a main: the line "hash DTYPE NAME HEX" of the raw bits of t. */
  public static void printHash(DType dt, String name, Tensor t) {
    long h = 1125899906842597L;
    for (double v : t.toDoubleArray()) h = 31 * h + Double.doubleToRawLongBits(v);
    System.out.println("hash " + dt + " " + name + " " + Long.toHexString(h));
  }

  /** Starts {@code main} in a child JVM with {@code -Dnabla.threads=threads} (and this JVM's nabla.simd, if set). */
  public static Process start(Class<?> main, int threads, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-modules", "jdk.incubator.vector", "-Dnabla.threads=" + threads));
    String simd = System.getProperty("nabla.simd");
    if (simd != null) cmd.add("-Dnabla.simd=" + simd);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true).start();
  }

  /** The hash lines of a child started by {@link #start}, once it ended normally having seen {@code threads}. */
  public static List<String> hashes(Process p, int threads, long timeoutSeconds) throws Exception {
    List<String> out = output(p, threads, timeoutSeconds);
    assertTrue(out.contains("threads " + threads), "child saw nabla.threads=" + threads + ":\n" + out);
    return out.stream().filter(l -> l.startsWith("hash ")).toList();
  }

  /**
   * The output lines of a child started by {@link #start}, once it exited with 0 within {@code timeoutSeconds};
   * a child still running then is killed (a hang fails the test instead of stalling the build).
   */
  public static List<String> output(Process p, int threads, long timeoutSeconds) throws Exception {
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
      try {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      fail("child JVM on " + threads + " threads still running after " + timeoutSeconds + " s (killed):\n" + out.get());
    }
    String text = out.get();
    assertEquals(0, p.exitValue(), "child JVM on " + threads + " threads failed:\n" + text);
    return text.lines().toList();
  }
}
