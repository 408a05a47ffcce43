package dev.nabla.core.kernel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Splits a loop over {@code [0, n)} across threads when it is big enough to pay for it.
 *
 * <p>The thread count is {@code -Dnabla.threads=N} (default: available processors), read once.
 * Work is cut into at most {@link #threads()} contiguous chunks on fixed boundaries, so a kernel
 * whose chunks write disjoint outputs gives the same bits on any thread count. Work below the
 * caller's threshold runs inline on the calling thread: small ops never pay for threading.
 *
 * <p>The calling thread runs the first chunk itself; {@code threads − 1} daemon workers run the
 * others. A worker that finishes spins briefly ({@value #SPIN_NANOS} ns) for the next loop before
 * parking, as OpenMP runtimes do: a training step is a burst of parallel kernels microseconds apart,
 * and waking a parked thread costs more than most of them. Parallel loops started from inside a
 * chunk, or while another thread's loop holds the workers, run inline.
 */
public final class Parallel {
  /** A kernel body over the half-open range {@code [lo, hi)}. */
  @FunctionalInterface
  public interface Range {
    void run(int lo, int hi);
  }

  private static final long SPIN_NANOS = 200_000;
  private static final int THREADS = readThreads();
  private static final ReentrantLock LOCK = new ReentrantLock();
  private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> false);

  // The loop being run: written by the submitting thread before it bumps `generation`.
  private static volatile Range body;
  private static volatile int items, chunks;
  private static volatile Throwable failure;
  private static final AtomicInteger generation = new AtomicInteger(), pending = new AtomicInteger();
  private static final Worker[] WORKERS = startWorkers(); // last: workers read the fields above

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
    int c = Math.min(THREADS, n);
    if (c <= 1 || (long) n * costPerItem < threshold || INSIDE.get() || !LOCK.tryLock()) {
      body.run(0, n);
      return;
    }
    try {
      INSIDE.set(true);
      Parallel.body = body;
      items = n;
      chunks = c;
      failure = null;
      pending.set(c - 1);
      generation.incrementAndGet(); // publishes the fields above
      for (int w = 0; w < c - 1; w++) LockSupport.unpark(WORKERS[w]);
      try {
        body.run(0, chunkEnd(n, c, 0)); // the caller takes the first chunk
      } finally {
        while (pending.get() != 0) Thread.onSpinWait();
        Parallel.body = null;
      }
      Throwable t = failure;
      if (t instanceof RuntimeException e) throw e;
      if (t instanceof Error e) throw e;
    } finally {
      INSIDE.set(false);
      LOCK.unlock();
    }
  }

  private static int chunkEnd(int n, int c, int chunk) {
    return (int) ((long) n * (chunk + 1) / c);
  }

  /** Worker w runs chunk w + 1 of every loop that has that many chunks. */
  private static final class Worker extends Thread {
    private final int chunk;

    Worker(int index) {
      super("nabla-kernel-" + (index + 1));
      this.chunk = index + 1;
      setDaemon(true);
    }

    @Override
    public void run() {
      INSIDE.set(true);
      int seen = 0;
      while (true) {
        int g = waitForNext(seen);
        seen = g;
        int c = chunks;
        if (chunk >= c) continue;
        int n = items;
        try {
          body.run(chunkEnd(n, c, chunk - 1), chunkEnd(n, c, chunk));
        } catch (Throwable t) {
          failure = t;
        } finally {
          pending.decrementAndGet();
        }
      }
    }

    private static int waitForNext(int seen) {
      long spinUntil = System.nanoTime() + SPIN_NANOS;
      int g;
      while ((g = generation.get()) == seen) {
        if (System.nanoTime() < spinUntil) Thread.onSpinWait();
        else LockSupport.park(Parallel.class);
      }
      return g;
    }
  }

  private static Worker[] startWorkers() {
    Worker[] workers = new Worker[THREADS - 1];
    for (int w = 0; w < workers.length; w++) {
      workers[w] = new Worker(w);
      workers[w].start();
    }
    return workers;
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
