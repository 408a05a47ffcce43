package dev.nabla.benchmarks;

import dev.nabla.core.kernel.Parallel;

/**
 * Makes the kernels' thread count ({@code nabla.threads}, read once by {@link Parallel}) equal to a
 * benchmark's {@code threads} parameter.
 *
 * <p>Every benchmark state calls {@link #ensure(int)} first thing in its trial set-up, before any
 * kernel has run in the forked JVM: if {@code -Dnabla.threads} was not given, it is set from the
 * parameter; then the thread count {@link Parallel} actually uses is checked. So
 * {@code -p threads=1,2} works (JMH forks a fresh JVM per parameter combination), and a conflicting
 * {@code -jvmArgsAppend -Dnabla.threads=N} or a non-forked run ({@code -f 0}) that mixes thread
 * counts fails loudly instead of measuring the wrong configuration.
 */
public final class Threads {
  private Threads() {}

  /** Sets and verifies the kernel thread count; throws if this JVM already runs with another. */
  public static void ensure(int threads) {
    if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    String prop = System.getProperty("nabla.threads");
    if (prop == null || prop.isBlank()) System.setProperty("nabla.threads", Integer.toString(threads));
    else if (!prop.trim().equals(Integer.toString(threads)))
      throw new IllegalStateException("-Dnabla.threads=" + prop + " conflicts with the benchmark parameter threads="
          + threads + " (pass the thread count as -p threads=N only; and fork, -f >= 1)");
    if (Parallel.threads() != threads)
      throw new IllegalStateException("the kernels already run with " + Parallel.threads() + " thread(s), not "
          + threads + ": each thread count needs its own JVM (fork: -f >= 1)");
  }
}
