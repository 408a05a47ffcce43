package dev.nabla.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Results are the same bits on 1, 2, 3 and 4 threads (3 splits work on other chunk boundaries than
 * 2 and 4; 3 and 4 are more threads than this machine's 2 cores). The thread count is read once
 * per JVM, so each count runs {@link DeterminismMain} in its own child JVM.
 */
class DeterminismTest {
  private static Process start(int threads) throws Exception {
    return DeterminismRuns.start(DeterminismMain.class, threads);
  }

  @Test
  void sameBitsOnOneToFourThreads() throws Exception {
    Process one = start(1), two = start(2);
    List<String> a = DeterminismRuns.hashes(one, 1, 120), b = DeterminismRuns.hashes(two, 2, 120);
    Process three = start(3), four = start(4);
    List<String> c = DeterminismRuns.hashes(three, 3, 120), d = DeterminismRuns.hashes(four, 4, 120);
    assertEquals(34, a.size(), "every op reported: " + a);
    assertEquals(a, b, "1 vs 2 threads");
    assertEquals(a, c, "1 vs 3 threads");
    assertEquals(a, d, "1 vs 4 threads");
  }
}
