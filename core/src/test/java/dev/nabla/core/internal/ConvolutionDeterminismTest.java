package dev.nabla.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.core.DeterminismRuns;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The convolution and pooling kernels give the same bits on 1, 2 and 3 threads (each count in its own child JVM,
 * since the thread count is read once per JVM): the weight gradient's sums over images run in a fixed order.
 */
class ConvolutionDeterminismTest {
  private static List<String> run(int threads) throws Exception {
    return DeterminismRuns.hashes(DeterminismRuns.start(ConvolutionDeterminismMain.class, threads), threads, 300);
  }

  @Test
  void sameBitsOnOneToThreeThreads() throws Exception {
    List<String> one = run(1), two = run(2), three = run(3);
    assertEquals(22, one.size(), "every kernel reported: " + one);
    assertEquals(one, two, "1 vs 2 threads");
    assertEquals(one, three, "1 vs 3 threads");
  }
}
