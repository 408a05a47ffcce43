package dev.nabla.core.kernel;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Many short loops in a row whose chunk count changes from one loop to the next, in a child JVM with more
 * threads than cores (so that workers are descheduled at any instruction): every loop must run each index once
 * and be finished when forRange returns. Prints "ok LOOPS" or the first loop that went wrong.
 */
public final class ParallelStressMain {
  public static void main(String[] args) {
    int loops = Integer.parseInt(args[0]), n = 96;
    int[] count = new int[n];
    AtomicLong items = new AtomicLong();
    for (int loop = 0; loop < loops; loop++) {
      int perThread = 1 + loop % 4; // 1 to 4 chunks per thread: the chunk count grows and shrinks
      items.set(0);
      Parallel.forRange(n, 1, 0, perThread, (lo, hi) -> {
        for (int i = lo; i < hi; i++) count[i]++;
        items.addAndGet(hi - lo);
      });
      long seen = items.get();
      for (int i = 0; i < n; i++) {
        if (seen != n || count[i] != loop + 1) {
          System.out.println("loop " + loop + " (" + perThread + " chunks per thread): " + seen + " items run of " + n
              + ", index " + i + " run " + (count[i] - loop) + " times");
          System.exit(1);
        }
      }
    }
    System.out.println("ok " + loops);
  }
}
