package dev.nabla.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParallelTest {
  @Test
  void everyIndexRunsExactlyOnce() {
    for (int n : new int[] {0, 1, 2, 3, 7, 1000, 100_003}) {
      AtomicIntegerArray count = new AtomicIntegerArray(n);
      Parallel.forRange(n, 1, 0, (lo, hi) -> {
        for (int i = lo; i < hi; i++) count.incrementAndGet(i);
      });
      for (int i = 0; i < n; i++) assertEquals(1, count.get(i), "n=" + n + " index " + i);
    }
  }

  @Test
  void chunksRunOnTheWorkersWhenThereAreSeveralThreads() throws Exception {
    // The first chunk to start blocks until another thread has run a chunk: with chunks claimed
    // dynamically the caller could otherwise run them all, which is allowed but shows nothing.
    int c = Math.min(Parallel.threads(), 1000);
    Set<Thread> ran = ConcurrentHashMap.newKeySet();
    CountDownLatch others = new CountDownLatch(c - 1);
    AtomicBoolean first = new AtomicBoolean(true);
    AtomicBoolean waitedEnough = new AtomicBoolean(true);
    Parallel.forRange(1000, 1, 0, (lo, hi) -> {
      ran.add(Thread.currentThread());
      if (first.getAndSet(false)) {
        try {
          waitedEnough.set(others.await(30, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      } else {
        others.countDown();
      }
    });
    assertTrue(waitedEnough.get(), "the other chunks ran while the first one was running");
    assertEquals(Math.min(c, 2), Math.min(ran.size(), 2), "a chunk ran on another thread than the first");
    assertTrue(ran.size() <= c, "no more threads than chunks");
  }

  @Test
  void chunkBoundariesAreFixedWhoeverRunsThem() {
    int c = Math.min(Parallel.threads(), 1003);
    for (int rep = 0; rep < 200; rep++) {
      Set<String> ranges = ConcurrentHashMap.newKeySet();
      Parallel.forRange(1003, 1, 0, (lo, hi) -> ranges.add(lo + ".." + hi));
      Set<String> expected = new java.util.HashSet<>();
      for (int k = 0; k < c; k++) expected.add(1003L * k / c + ".." + 1003L * (k + 1) / c);
      assertEquals(expected, ranges);
    }
  }

  @Test
  void aFailingChunkLetsTheOtherChunksFinishBeforeTheCallerThrows() {
    AtomicIntegerArray done = new AtomicIntegerArray(1000);
    IllegalArgumentException boom = new IllegalArgumentException("boom");
    assertSame(boom, assertThrows(IllegalArgumentException.class, () -> Parallel.forRange(1000, 1, 0, (lo, hi) -> {
      if (lo == 0) throw boom;
      for (int i = lo; i < hi; i++) done.incrementAndGet(i);
    })));
    int firstEnd = 1000 / Math.min(Parallel.threads(), 1000);
    for (int i = firstEnd; i < 1000; i++) assertEquals(1, done.get(i), "index " + i);
    Error err = new AssertionError("an error, not an exception");
    assertSame(err, assertThrows(AssertionError.class, () -> Parallel.forRange(1000, 1, 0, (lo, hi) -> {
      if (hi == 1000) throw err;
    })));
  }

  @Test
  void manyShortLoopsInARowFromSeveralCallersLoseNothing() throws Exception {
    // exercises the spin / yield / park transitions of the workers and the caller's park
    ExecutorService callers = Executors.newFixedThreadPool(2);
    try {
      List<Future<Long>> results = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        int pause = t;
        results.add(callers.submit(() -> {
          long total = 0;
          for (int rep = 0; rep < 300; rep++) {
            AtomicLong sum = new AtomicLong();
            Parallel.forRange(64, 1, 0, (lo, hi) -> { for (int i = lo; i < hi; i++) sum.addAndGet(i); });
            total += sum.get();
            if (rep % 50 == 0) Thread.sleep(pause); // lets the workers reach their park phase
          }
          return total;
        }));
      }
      for (Future<Long> r : results) assertEquals(300L * 2016, r.get());
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void smallWorkStaysOnTheCallingThread() {
    Set<Thread> ran = ConcurrentHashMap.newKeySet();
    Parallel.forRange(1000, 1, 1001, (lo, hi) -> ran.add(Thread.currentThread()));
    assertEquals(Set.of(Thread.currentThread()), ran);
  }

  @Test
  void aFailureInAnyChunkReachesTheCallerAndThePoolStillWorks() {
    for (int failing = 0; failing < Parallel.threads(); failing++) {
      int f = failing;
      IllegalStateException boom = new IllegalStateException("chunk " + f);
      RuntimeException thrown = assertThrows(IllegalStateException.class, () -> Parallel.forRange(100, 1, 0, (lo, hi) -> {
        if (lo == (int) (100L * f / Parallel.threads())) throw boom;
      }));
      assertSame(boom, thrown);
    }
    AtomicLong sum = new AtomicLong();
    Parallel.forRange(100, 1, 0, (lo, hi) -> { for (int i = lo; i < hi; i++) sum.addAndGet(i); });
    assertEquals(4950, sum.get());
  }

  @Test
  void nestedLoopsRunInline() {
    AtomicLong sum = new AtomicLong();
    Parallel.forRange(10, 1, 0, (lo, hi) -> {
      for (int i = lo; i < hi; i++) {
        Parallel.forRange(100, 1, 0, (a, b) -> { for (int j = a; j < b; j++) sum.addAndGet(j); });
      }
    });
    assertEquals(10 * 4950, sum.get());
  }

  @Test
  void concurrentCallersEachGetTheirWholeLoop() throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(4);
    try {
      List<Future<Long>> results = new ArrayList<>();
      for (int c = 0; c < 4; c++) {
        results.add(callers.submit(() -> {
          long total = 0;
          for (int rep = 0; rep < 500; rep++) {
            AtomicLong sum = new AtomicLong();
            Parallel.forRange(1000, 1, 0, (lo, hi) -> { for (int i = lo; i < hi; i++) sum.addAndGet(i); });
            total += sum.get();
          }
          return total;
        }));
      }
      for (Future<Long> r : results) assertEquals(500L * 499_500, r.get());
    } finally {
      callers.shutdownNow();
    }
  }
}
