package dev.nabla.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
  void chunksRunOnTheWorkersWhenThereAreSeveralThreads() {
    Set<Thread> ran = ConcurrentHashMap.newKeySet();
    for (int rep = 0; rep < 20; rep++) Parallel.forRange(1000, 1, 0, (lo, hi) -> ran.add(Thread.currentThread()));
    assertEquals(Math.min(Parallel.threads(), 1000), ran.size());
    assertTrue(ran.contains(Thread.currentThread()), "the caller runs the first chunk");
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
