package dev.nabla.core.check;

import dev.nabla.core.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A {@code forAll} runner: draws cases from a {@link Gen}, runs a property on each, and on the
 * first failure shrinks the input and throws a {@link PropertyFailure}.
 *
 * <p>Case i draws from {@code new SplittableRandom(caseSeed(i))}, where the case seed is a
 * SplitMix64 mix of the base seed and i: a case is reproduced from the base seed alone, or from
 * its case seed with {@link #replay}. The base seed defaults to the system property
 * {@value #SEED_PROPERTY} (so CI can vary it; otherwise {@value #DEFAULT_SEED}) and the number of
 * cases to {@value #CASES_PROPERTY} (otherwise {@value #DEFAULT_CASES}). A property is any code
 * that throws on failure (JUnit's {@code assertEquals}, a plain {@code assert}, an exception of the
 * code under test), or a predicate. Properties are immutable; the setters return copies.
 *
 * <p>From JUnit Jupiter, one dynamic test per property so that Surefire counts them:
 *
 * <pre>
 * &#64;TestFactory
 * Stream&lt;DynamicTest&gt; expIsPositive() {
 *   return Stream.of(DType.FLOAT32, DType.FLOAT64).map(dt -&gt; dynamicTest("exp " + dt, () -&gt;
 *       Property.forAll(Gens.views(Gens.tensors(dt, Gens.shapesNonEmpty(0, 4, 5), Domain.ANY)))
 *           .named("exp &gt; 0 " + dt)
 *           .check(x -&gt; assertTrue(x.exp().min().item() &gt; 0, "min of exp"))));
 * }
 * </pre>
 *
 * <p>When a property fails, the error reads like this (actual output for "sum of tensor &lt; 5" over
 * {@code Gens.tensors(DType.FLOAT64, Gens.shapes(0, 4, 6), Domain.range(0, 2))} with seed 42):
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
 *
 * @param <T> the type of the inputs
 */
public final class Property<T> {
  /** System property holding the default base seed. */
  public static final String SEED_PROPERTY = "nabla.check.seed";
  /** System property holding the default number of cases. */
  public static final String CASES_PROPERTY = "nabla.check.cases";
  /** The base seed when {@value #SEED_PROPERTY} is not set. */
  public static final long DEFAULT_SEED = 20240229L;
  /** The number of cases when {@value #CASES_PROPERTY} is not set. */
  public static final int DEFAULT_CASES = 100;

  private static final int DEFAULT_MAX_SHRINK_STEPS = 200, MAX_SHRINK_RUNS = 2000, MAX_DISCARD_RATIO = 10;

  /** What one run of {@link #check} did. */
  public record Result(String name, long seed, int casesRun, int discarded) {}

  private final Gen<T> gen;
  private final String name;
  private final long seed;
  private final int cases, maxShrinkSteps;
  private final String replayHint;

  private Property(Gen<T> gen, String name, long seed, int cases, int maxShrinkSteps) {
    this(gen, name, seed, cases, maxShrinkSteps, DEFAULT_REPLAY_HINT);
  }

  private Property(Gen<T> gen, String name, long seed, int cases, int maxShrinkSteps, String replayHint) {
    this.gen = gen;
    this.name = name;
    this.seed = seed;
    this.cases = cases;
    this.maxShrinkSteps = maxShrinkSteps;
    this.replayHint = replayHint;
  }

  private static final String DEFAULT_REPLAY_HINT = "Property.forAll(gen).replay(%s, property)";

  /**
   * How a failure message tells the reader to rerun the failing case, for runners built on this
   * one: {@code %s} stands for the case seed literal (e.g. {@code 0x7e348a0e451650beL}). Default
   * {@code "Property.forAll(gen).replay(%s, property)"}.
   */
  public Property<T> replayHint(String template) {
    if (!Objects.requireNonNull(template, "template").contains("%s"))
      throw new IllegalArgumentException("Property.replayHint: need a template with %s, got " + template);
    return new Property<>(gen, name, seed, cases, maxShrinkSteps, template);
  }

  /** A property over values of {@code gen}, with the default seed and number of cases. */
  public static <T> Property<T> forAll(Gen<T> gen) {
    return new Property<>(Objects.requireNonNull(gen, "gen"), null, defaultSeed(), defaultCases(),
        DEFAULT_MAX_SHRINK_STEPS);
  }

  /** The name printed in failures. */
  public Property<T> named(String name) {
    return new Property<>(gen, name, seed, cases, maxShrinkSteps, replayHint);
  }

  /** The base seed. */
  public Property<T> seed(long seed) {
    return new Property<>(gen, name, seed, cases, maxShrinkSteps, replayHint);
  }

  /** The number of cases to run. */
  public Property<T> cases(int cases) {
    if (cases < 1) throw new IllegalArgumentException("Property.cases: need at least 1 case, got " + cases);
    return new Property<>(gen, name, seed, cases, maxShrinkSteps, replayHint);
  }

  /** The most shrink steps accepted before reporting (0 disables shrinking). */
  public Property<T> maxShrinkSteps(int steps) {
    return new Property<>(gen, name, seed, cases, Math.max(0, steps), replayHint);
  }

  public long seed() {
    return seed;
  }

  public int cases() {
    return cases;
  }

  /** {@value #SEED_PROPERTY} if set (decimal or 0x-hex), else {@value #DEFAULT_SEED}. */
  public static long defaultSeed() {
    String s = System.getProperty(SEED_PROPERTY);
    if (s == null || s.isBlank()) return DEFAULT_SEED;
    s = s.trim();
    try {
      return s.startsWith("0x") || s.startsWith("0X") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(SEED_PROPERTY + " must be a long, got '" + s + "'");
    }
  }

  /** {@value #CASES_PROPERTY} if set, else {@value #DEFAULT_CASES}. */
  public static int defaultCases() {
    String s = System.getProperty(CASES_PROPERTY);
    if (s == null || s.isBlank()) return DEFAULT_CASES;
    try {
      int n = Integer.parseInt(s.trim());
      if (n < 1) throw new NumberFormatException();
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(CASES_PROPERTY + " must be a positive integer, got '" + s + "'");
    }
  }

  /** The seed of case {@code index}'s random stream: SplitMix64 of the base seed and the index. */
  public long caseSeed(int index) {
    long z = seed + (index + 1L) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** The input of case {@code index}, as {@link #check} would generate it. */
  public T sample(int index) {
    return generate(index, caseSeed(index));
  }

  /**
   * Runs the property on every case; on the first failure, shrinks and throws.
   *
   * @param property throws (anything) when the property does not hold for its input
   * @return how many cases ran and how many were discarded by {@link #assume}
   * @throws PropertyFailure naming the seed, the case, the original and shrunk inputs
   */
  public Result check(Consumer<? super T> property) {
    Objects.requireNonNull(property, "property");
    int run = 0, discarded = 0;
    for (int i = 0; run < cases; i++) {
      if (discarded > MAX_DISCARD_RATIO * cases) {
        throw new PropertyFailure(header(i, caseSeed(i)) + "\nGave up: " + discarded + " cases discarded by assume, "
            + run + " run.", null, null, null, seed, i, caseSeed(i), 0);
      }
      if (runCase(i, caseSeed(i), property)) run++;
      else discarded++;
    }
    return new Result(name, seed, run, discarded);
  }

  /** {@link #check} with a predicate: the property fails where it returns false. */
  public Result checkThat(Predicate<? super T> property) {
    Objects.requireNonNull(property, "property");
    return check(asConsumer(property));
  }

  /** Runs case {@code index} alone (for one dynamic test per case); shrinks and throws on failure. */
  public void checkCase(int index, Consumer<? super T> property) {
    Objects.requireNonNull(property, "property");
    runCase(index, caseSeed(index), property);
  }

  /** Reruns the case with this case seed (from a {@link PropertyFailure} message). */
  public void replay(long caseSeed, Consumer<? super T> property) {
    Objects.requireNonNull(property, "property");
    runCase(-1, caseSeed, property);
  }

  /**
   * Discards the current case unless {@code condition} holds: call it inside a property for inputs
   * it does not apply to. Too many discards fail the check.
   */
  public static void assume(boolean condition) {
    if (!condition) throw Discarded.INSTANCE;
  }

  /** Returns false when the case was discarded. */
  private boolean runCase(int index, long caseSeed, Consumer<? super T> property) {
    T input = generate(index, caseSeed);
    Throwable failure = run(property, input);
    if (failure == null) return true;
    if (failure == Discarded.INSTANCE) return false;
    // Greedy shrinking: take the first simpler candidate that fails the same way; repeat.
    T current = input;
    Throwable currentFailure = failure;
    int steps = 0, runs = 0;
    boolean progress = true;
    while (progress && steps < maxShrinkSteps && runs < MAX_SHRINK_RUNS) {
      progress = false;
      List<T> candidates;
      try {
        candidates = gen.shrink(current);
      } catch (RuntimeException e) {
        break; // a broken shrinker must not hide the real failure
      }
      for (T c : candidates) {
        if (runs++ >= MAX_SHRINK_RUNS) break;
        Throwable f = run(property, c);
        if (f != null && f != Discarded.INSTANCE && f.getClass() == failure.getClass()) {
          current = c;
          currentFailure = f;
          steps++;
          progress = true;
          break;
        }
      }
    }
    StringBuilder msg = new StringBuilder(header(index, caseSeed));
    msg.append("\nOriginal input:\n").append(indent(describe(input)));
    msg.append("\nShrunk input (").append(steps).append(" steps, ").append(runs).append(" runs):\n")
        .append(indent(describe(current)));
    msg.append("\nFailure: ").append(currentFailure);
    PropertyFailure pf = new PropertyFailure(msg.toString(), currentFailure, input, current, seed, index, caseSeed, steps);
    if (currentFailure != failure) pf.addSuppressed(failure);
    throw pf;
  }

  private T generate(int index, long caseSeed) {
    try {
      return gen.generate(new SplittableRandom(caseSeed));
    } catch (RuntimeException e) {
      throw new IllegalStateException("Property" + (name == null ? "" : " '" + name + "'") + ": generating case "
          + index + " (case seed " + hex(caseSeed) + ") failed: " + e, e);
    }
  }

  private static <T> Throwable run(Consumer<? super T> property, T input) {
    try {
      property.accept(input);
      return null;
    } catch (OutOfMemoryError e) {
      throw e;
    } catch (Throwable t) {
      return t;
    }
  }

  private String header(int index, long caseSeed) {
    String who = name == null ? "Property" : "Property '" + name + "'";
    if (index < 0) return who + " failed on the replayed case (case seed " + hex(caseSeed) + ").";
    return who + " failed on case " + index + " of " + cases + " (seed " + seed + ", case seed " + hex(caseSeed)
        + ").\nReproduce with -D" + SEED_PROPERTY + "=" + seed + ", or " + replayHint.replace("%s", hex(caseSeed) + "L")
        + ".";
  }

  private static String hex(long v) {
    return "0x" + Long.toHexString(v);
  }

  private static <T> Consumer<T> asConsumer(Predicate<? super T> p) {
    return x -> {
      if (!p.test(x)) throw new AssertionError("property returned false");
    };
  }

  /**
   * A readable form of a generated input: tensors with dtype, shape, layout and values; lists,
   * arrays, maps and {@link Gen.Pair}s element by element; anything else by {@code toString}.
   */
  public static String describe(Object v) {
    if (v instanceof Tensor t) {
      String layout = t.isContiguous() ? "" : " (strided view, strides " + java.util.Arrays.toString(t.strides()) + ")";
      return t.dtype() + " " + t.shape() + layout + "\n" + t;
    }
    if (v instanceof List<?> l) return describeAll(l.toArray());
    if (v instanceof Object[] a) return describeAll(a);
    if (v instanceof Gen.Pair<?, ?> p) return describeAll(new Object[] {p.first(), p.second()});
    if (v instanceof Map<?, ?> m) {
      StringBuilder sb = new StringBuilder();
      for (Map.Entry<?, ?> e : m.entrySet())
        sb.append(sb.length() == 0 ? "" : "\n").append(e.getKey()).append(":\n").append(indent(describe(e.getValue())));
      return sb.toString();
    }
    if (v instanceof double[] d) return java.util.Arrays.toString(d);
    if (v instanceof float[] f) return java.util.Arrays.toString(f);
    if (v instanceof int[] i) return java.util.Arrays.toString(i);
    return String.valueOf(v);
  }

  private static String describeAll(Object[] items) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < items.length; i++)
      sb.append(i == 0 ? "" : "\n").append('[').append(i).append("] ").append(describe(items[i]).replace("\n", "\n    "));
    return sb.length() == 0 ? "(empty)" : sb.toString();
  }

  private static String indent(String s) {
    return ("  " + s.replace("\n", "\n  ")).replaceAll("(?m)^ +$", "");
  }

  /** Thrown by {@link #assume}; carries no stack trace. */
  private static final class Discarded extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final Discarded INSTANCE = new Discarded();

    private Discarded() {
      super("case discarded by Property.assume", null, false, false);
    }
  }
}
