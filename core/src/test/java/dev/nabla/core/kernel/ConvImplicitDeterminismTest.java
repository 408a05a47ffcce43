package dev.nabla.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.core.DeterminismRuns;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The implicit-GEMM convolution kernels give the same bits on 1, 2 and 3 threads (each count in its own child
 * JVM, since the thread count is read once per JVM): every output is one fma chain over k in a fixed order.
 */
class ConvImplicitDeterminismTest {
  private static List<String> run(int threads) throws Exception {
    return DeterminismRuns.hashes(DeterminismRuns.start(ConvImplicitDeterminismMain.class, threads), threads, 300);
  }

  @Test
  void sameBitsOnOneToThreeThreads() throws Exception {
    List<String> one = run(1), two = run(2), three = run(3);
    assertEquals(24, one.size(), "every kernel reported: " + one);
    assertEquals(one, two, "1 vs 2 threads");
    assertEquals(one, three, "1 vs 3 threads");
  }
}
