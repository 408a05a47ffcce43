package dev.nabla.core.check;

/**
 * A property failed: thrown by {@link Property#check}. An {@link AssertionError}, so every test
 * framework reports it as a failure (not an error). The message gives everything needed to
 * reproduce and read the failure; the cause is the failure of the shrunk input (the original
 * input's failure is attached as suppressed when it differs).
 *
 * <p>Example message:
 *
 * <pre>
 * Property 'sum of tensor &lt; 5' failed on case 11 of 100 (seed 42, case seed 0x7e348a0e451650be).
 * Reproduce with -Dnabla.check.seed=42, or Property.forAll(gen).replay(0x7e348a0e451650beL, property).
 * Original input:
 *   FLOAT64 [5, 6, 6]
 *   [[[0.48989364 0.93108062 0.02427483 0.54161537 0.96901716 1.67004775]
 *     [1.9348442  1.88061129 1.02762788 1.36414333 0.84977727 0.18616856]
 *     ... (all 180 values are printed)
 *     [1.02471621 0.35577101 1.113799   1.16474892 0.39834534 1.27577208]]]
 * Shrunk input (6 steps, 30 runs):
 *   FLOAT64 [6]
 *   [0.  0.  1.7 2.  0.7 0.7]
 * Failure: java.lang.AssertionError: sum 5.1000000000000005 &gt;= 5
 * </pre>
 */
public class PropertyFailure extends AssertionError {
  private static final long serialVersionUID = 1L;

  private final transient Object original, shrunk;
  private final long seed, caseSeed;
  private final int caseIndex, shrinkSteps;

  PropertyFailure(String message, Throwable cause, Object original, Object shrunk, long seed, int caseIndex,
      long caseSeed, int shrinkSteps) {
    super(message, cause);
    this.original = original;
    this.shrunk = shrunk;
    this.seed = seed;
    this.caseIndex = caseIndex;
    this.caseSeed = caseSeed;
    this.shrinkSteps = shrinkSteps;
  }

  /** The input that first failed, as generated. */
  public Object originalInput() {
    return original;
  }

  /** The smallest failing input the shrinker found (the original when nothing smaller fails). */
  public Object shrunkInput() {
    return shrunk;
  }

  /** The property's base seed. */
  public long seed() {
    return seed;
  }

  /** Which case failed (0-based). */
  public int caseIndex() {
    return caseIndex;
  }

  /** The seed of the failing case's random stream: {@link Property#replay} reruns it alone. */
  public long caseSeed() {
    return caseSeed;
  }

  /** How many shrink steps were accepted. */
  public int shrinkSteps() {
    return shrinkSteps;
  }
}
