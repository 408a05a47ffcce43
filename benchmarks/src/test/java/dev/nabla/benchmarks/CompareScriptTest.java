package dev.nabla.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compare.py}'s plumbing for W7–W9 (its functions, no benchmark run:
 * {@code src/test/python/compare_plumbing.py}), and {@code compare.py} end to end on W6 (the shortest workload),
 * Nabla side only, JMH from this module's classes with one short iteration: a run whose set-up check throws must show a
 * FAILED row and make the script exit non-zero; the same run without the failure exits 0.
 */
class CompareScriptTest {
  private record Run(int exit, String out) {}

  private static Run compare(Path out, String threads, String extra) throws IOException, InterruptedException {
    String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(python, "compare.py", "--only", "W6", "--threads", threads,
        "--rounds", "1", "--no-gc", "--quiet-wait", "0", "--out", out.toString(),
        // ignoreLock: this smoke test measures nothing, so a benchmark run of the developer's may go on beside it
        "--jmh-cmd", java + " -Djmh.ignoreLock=true -cp " + System.getProperty("java.class.path") + " org.openjdk.jmh.Main",
        "--jmh-args", "-f 1 -wi 0 -i 1 -r 100ms"));
    if (extra != null) cmd.addAll(List.of("--jmh-extra", extra));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("NABLA_TORCH_PY", out.resolve("no-python-here").toString()); // Nabla side only
    Process p = pb.start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "compare.py did not finish:\n" + text);
    return new Run(p.exitValue(), text);
  }

  @Test
  void aFailingCheckIsAFailedRowAndANonZeroExit(@TempDir Path out) throws Exception {
    // threads=2 in a JVM pinned to 1 thread: Threads.ensure, W6's first set-up check, throws
    Run r = compare(out, "1,2", "-jvmArgsAppend -Dnabla.threads=1");
    assertEquals(1, r.exit(), r.out());
    assertTrue(Pattern.compile("(?m)^W6 +1000 iters +train +2 +FAILED").matcher(r.out()).find(), r.out());
    assertTrue(r.out().contains("FAILED: Nabla W6 threads=2"), r.out());
    assertTrue(r.out().contains("FAILED: row W6 1000 iters train threads=2 has no result"), r.out());
    assertTrue(Pattern.compile("(?m)^W6 +1000 iters +train +1 +- +[^F]").matcher(r.out()).find(),
        "the passing thread count keeps its row:\n" + r.out());
  }

  /** Units, expected rows, JMH and PyTorch keys, goals, order and FAILED rows of W7, W8 and W9. */
  @Test
  void w7ToW9RowsAreWired() throws Exception {
    String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    Process p = new ProcessBuilder(python, "src/test/python/compare_plumbing.py").redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(1, TimeUnit.MINUTES), text);
    assertEquals(0, p.exitValue(), text);
    assertTrue(text.contains("plumbing ok"), text);
  }

  @Test
  void aCleanRunExitsZero(@TempDir Path out) throws Exception {
    Run r = compare(out, "1", null);
    assertEquals(0, r.exit(), r.out());
    assertFalse(r.out().contains("FAILED"), r.out());
    assertTrue(r.out().contains("check: theta"), r.out());
  }
}
