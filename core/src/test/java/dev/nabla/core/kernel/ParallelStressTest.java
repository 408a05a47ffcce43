package dev.nabla.core.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.DeterminismRuns;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link ParallelStressMain} in child JVMs with 3 and 6 threads on this machine's cores: two million loops whose
 * chunk count changes every loop. Before the claim word was closed between loops, a worker descheduled between
 * reading the old loop's claim word and the new loop's chunk count ran a chunk of the new loop on the old word:
 * here within 200,000 loops on 3 threads (an index run twice), and a hang on 6.
 */
class ParallelStressTest {
  @Test
  void loopsWhoseChunkCountChangesLoseAndRepeatNothing() throws Exception {
    for (int threads : new int[] {3, 6}) {
      Process p = DeterminismRuns.start(ParallelStressMain.class, threads, "2000000");
      List<String> out = DeterminismRuns.output(p, threads, 120);
      assertTrue(out.contains("ok 2000000"), threads + " threads: " + out);
    }
  }
}
