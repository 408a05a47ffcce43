package dev.nabla.core.kernel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Splits a loop over {@code [0, n)} across threads when it is big enough to pay for it.
 *
 * <p>The thread count is {@code -Dnabla.threads=N} (default: available processors), read once.
 * Work is cut into at most {@link #threads()} contiguous chunks on fixed boundaries (chunk k is
 * {@code [n·k/c, n·(k+1)/c)}), so a kernel whose chunks write disjoint outputs gives the same bits on
 * any thread count and whichever thread runs a chunk. Work below the caller's threshold runs inline
 * on the calling thread: small ops never pay for threading.
 *
 * <p>Chunks are claimed, not assigned: the calling thread and {@code threads − 1} daemon workers
 * take the next unclaimed chunk from one atomic counter until none is left. So a worker that is
 * parked or descheduled (the cores are shared with other processes) costs nothing but its absence:
 * the caller runs the chunks it has not claimed, and only waits for chunks already running.
 *
 * <p>A worker that finds no work left waits for the next loop in three phases: it spins
 * ({@value #SPIN_NANOS} ns, {@code Thread.onSpinWait}), then yields the core to any runnable thread
 * (until {@value #YIELD_NANOS} ns), then parks. A training step is a burst of parallel kernels
 * microseconds apart, and waking a parked thread costs more than most of them; yielding keeps the
 * worker ready without taking a core another thread needs. The caller, waiting for chunks that are
 * running, spins up to 0.2 ms, then yields, and parks only after a millisecond. Parallel loops started
 * from inside a chunk, or while another thread's loop holds the workers, run inline.
 */
public final class Parallel {
  /** A kernel body over the half-open range {@code [lo, hi)}. */
  @FunctionalInterface
  public interface Range {
    void run(int lo, int hi);
  }

  /**
   * The {@code chunksPerThread} of loops whose result does not depend on where they are cut (elementwise,
   * row-wise): enough chunks that a descheduled thread holds up little of the loop.
   */
  public static final int SPLIT = 4;

  private static final long SPIN_NANOS = 20_000;
  private static final long YIELD_NANOS = 200_000;
  private static final long CALLER_SPIN_NANOS = 200_000;
  private static final long CALLER_PARK_NANOS = 1_000_000;
  private static final int THREADS = readThreads();
  private static final ReentrantLock LOCK = new ReentrantLock();
  private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> false);

  // The loop being run: written by the submitting thread before it publishes the claim word.
  private static volatile Range body;
  private static volatile int items, chunks;
  private static final AtomicReference<Throwable> failure = new AtomicReference<>();
  /** The claim word: the loop's generation in the high 32 bits, the next unclaimed chunk in the low. */
  private static final AtomicLong claim = new AtomicLong();
  /** The low half of a closed loop's claim word: no chunk left to claim, whatever the chunk count. */
  private static final long CLOSED = Integer.MAX_VALUE;
  /** Chunks of the current loop not finished yet. */
  private static final AtomicInteger remaining = new AtomicInteger();
  /** The caller, when it parks waiting for {@link #remaining} to reach 0; else null. */
  private static volatile Thread waiter;
  private static final Worker[] WORKERS = startWorkers(); // last: workers read the fields above

  private Parallel() {}

  /** The number of threads kernels may use ({@code nabla.threads}, default: available processors). */
  public static int threads() {
    return THREADS;
  }

  /**
   * Runs {@code body} over {@code [0, n)}; in parallel when {@code n * costPerItem >= threshold}.
   * An exception thrown by any chunk is rethrown here, after every chunk has finished.
   *
   * @param costPerItem rough work per item (e.g. flops), used against {@code threshold}
   * @param threshold the work below which the loop runs on the calling thread
   */
  public static void forRange(int n, long costPerItem, long threshold, Range body) {
    forRange(n, costPerItem, threshold, 1, body);
  }

  /**
   * Like {@link #forRange(int, long, long, Range)}, cut into up to {@code chunksPerThread · threads()} chunks
   * (beyond one per thread, only of {@code threshold} work each; boundaries fixed by n, the work and the
   * thread count) for a body whose
   * result does not depend on where the range is cut, such as an elementwise loop or a loop over rows. With
   * more chunks than threads, a worker that the OS deschedules in the middle of the loop holds up only its
   * current chunk: the other threads run the rest.
   *
   * @param chunksPerThread how many chunks per thread at most (1: one chunk per thread)
   */
  public static void forRange(int n, long costPerItem, long threshold, int chunksPerThread, Range body) {
    long work = (long) n * costPerItem;
    long byWork = work / Math.max(1, threshold); // more chunks than threads only of threshold work each
    int c = (int) Math.min(n, Math.max(THREADS, Math.min((long) THREADS * chunksPerThread, byWork)));
    if (THREADS <= 1 || c <= 1 || work < threshold || INSIDE.get() || !LOCK.tryLock()) {
      body.run(0, n);
      return;
    }
    try {
      INSIDE.set(true);
      long generation = (claim.get() >>> 32) + 1;
      // Close the last loop before its fields change: a worker still in runChunks for it may have read the claim
      // word (k = its chunk count) and not yet `chunks`; read after the write below, a bigger chunk count would
      // let it claim chunk k of the old word and run this loop's body on wrong bounds, its remaining-count off by
      // one (the caller then returns early or waits for ever). The swap changes the word, so that claim fails.
      claim.getAndSet((generation - 1) << 32 | CLOSED);
      Parallel.body = body;
      items = n;
      chunks = c;
      failure.set(null);
      remaining.set(c);
      claim.set(generation << 32); // publishes the fields above: chunk 0 of this generation is next
      for (int w = 0; w < Math.min(c, THREADS) - 1; w++) WORKERS[w].wake();
      runChunks(generation);
      awaitChunks();
      Parallel.body = null;
      Throwable t = failure.getAndSet(null);
      if (t instanceof RuntimeException e) throw e;
      if (t instanceof Error e) throw e;
      if (t != null) throw new IllegalStateException("a parallel chunk failed", t);
    } finally {
      INSIDE.set(false);
      LOCK.unlock();
    }
  }

  /**
   * Claims and runs chunks of loop {@code generation} until none is unclaimed. A thread can only claim
   * while the claim word still holds this generation, so a late worker never runs a chunk twice or a
   * chunk of a newer loop with an older loop's fields.
   */
  private static void runChunks(long generation) {
    while (true) {
      long word = claim.get();
      if (word >>> 32 != generation) return;
      int k = (int) word, c = chunks;
      if (k >= c) return;
      if (!claim.compareAndSet(word, word + 1)) continue;
      // claimed: the loop is not finished (chunk k is not), so body and items are this generation's
      int n = items;
      try {
        body.run(chunkStart(n, c, k), chunkStart(n, c, k + 1));
      } catch (Throwable t) {
        failure.compareAndSet(null, t); // the first failure wins
      } finally {
        if (remaining.decrementAndGet() == 0) {
          Thread w = waiter;
          if (w != null) LockSupport.unpark(w);
        }
      }
    }
  }

  /**
   * The caller waits for chunks claimed by workers, which are running (and at most one per worker): it
   * spins up to {@value #CALLER_SPIN_NANOS} ns, then yields (it stays runnable: on a loaded machine a
   * parked caller can wait a whole scheduler slice to run again), and parks only after
   * {@value #CALLER_PARK_NANOS} ns, until the last chunk's thread wakes it.
   */
  private static void awaitChunks() {
    long start = System.nanoTime();
    while (remaining.get() != 0) {
      long waited = System.nanoTime() - start;
      if (waited < CALLER_SPIN_NANOS) Thread.onSpinWait(); // the chunks it waits for are running: short
      else if (waited < CALLER_PARK_NANOS) Thread.yield();
      else break;
    }
    if (remaining.get() == 0) return;
    waiter = Thread.currentThread(); // written before remaining is read again: the last finisher sees it
    while (remaining.get() != 0) LockSupport.park(Parallel.class);
    waiter = null;
  }

  private static int chunkStart(int n, int c, int chunk) {
    return (int) ((long) n * chunk / c);
  }

  /** A worker claims chunks of every loop it sees, and waits for the next loop in between. */
  private static final class Worker extends Thread {
    private volatile boolean parked;

    Worker(int index) {
      super("nabla-kernel-" + (index + 1));
      setDaemon(true);
    }

    /** Unparks this worker if it is parked (a spinning or yielding worker sees the new loop itself). */
    void wake() {
      if (parked) LockSupport.unpark(this);
    }

    @Override
    public void run() {
      INSIDE.set(true);
      long seen = 0;
      while (true) {
        seen = waitForNext(seen);
        runChunks(seen);
      }
    }

    /** Waits for a generation newer than {@code seen}: spin, then yield, then park. */
    private long waitForNext(long seen) {
      long start = System.nanoTime(), g;
      while ((g = claim.get() >>> 32) == seen) {
        long waited = System.nanoTime() - start;
        if (waited < SPIN_NANOS) {
          Thread.onSpinWait();
        } else if (waited < YIELD_NANOS) {
          Thread.yield();
        } else {
          parked = true; // written before the claim word is read again: a new loop's caller sees it
          if (claim.get() >>> 32 == seen) LockSupport.park(Parallel.class);
          parked = false;
        }
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
