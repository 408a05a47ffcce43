package dev.nabla.core.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * Splits a loop over {@code [0, n)} across threads when it is big enough to pay for it.
 *
 * <p>The thread count is {@code -Dnabla.threads=N} (default: available processors), read once.
 * Work is cut into at most {@link #threads()} contiguous chunks on fixed boundaries, so a kernel
 * whose chunks write disjoint outputs gives the same bits on any thread count. Work below the
 * caller's threshold runs inline on the calling thread: small ops never pay for threading.
 */
public final class Parallel {
  /** A kernel body over the half-open range {@code [lo, hi)}. */
  @FunctionalInterface
  public interface Range {
    void run(int lo, int hi);
  }

  private static final int THREADS = readThreads();
  private static final ForkJoinPool POOL = THREADS > 1 ? new ForkJoinPool(THREADS - 1) : null;

  private Parallel() {}

  /** The number of threads kernels may use ({@code nabla.threads}, default: available processors). */
  public static int threads() {
    return THREADS;
  }

  /**
   * Runs {@code body} over {@code [0, n)}; in parallel when {@code n * costPerItem >= threshold}.
   *
   * @param costPerItem rough work per item (e.g. flops), used against {@code threshold}
   * @param threshold the work below which the loop runs on the calling thread
   */
  public static void forRange(int n, long costPerItem, long threshold, Range body) {
    int chunks = Math.min(THREADS, n);
    if (chunks <= 1 || (long) n * costPerItem < threshold || ForkJoinTask.inForkJoinPool()) {
      body.run(0, n);
      return;
    }
    ForkJoinTask<?>[] others = new ForkJoinTask<?>[chunks - 1];
    for (int t = 1; t < chunks; t++) {
      int lo = (int) ((long) n * t / chunks), hi = (int) ((long) n * (t + 1) / chunks);
      others[t - 1] = POOL.submit(() -> body.run(lo, hi));
    }
    body.run(0, (int) ((long) n / chunks)); // the caller takes the first chunk: one hand-off fewer
    for (ForkJoinTask<?> f : others) f.join();
  }

  private static int readThreads() {
    int available = Runtime.getRuntime().availableProcessors();
    String s = System.getProperty("nabla.threads");
    if (s == null || s.isBlank()) return available;
    try {
      int t = Integer.parseInt(s.trim());
      if (t < 1) throw new NumberFormatException();
      return t;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("nabla.threads must be a positive integer, got '" + s + "'");
    }
  }
}
