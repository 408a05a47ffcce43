package dev.nabla.autodiff;

import dev.nabla.core.Tensor;
import dev.nabla.core.check.Gen;
import dev.nabla.core.check.Property;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A gradient property over generated inputs: for many seeded cases, the autodiff gradient of
 * {@code fn} matches central differences ({@link GradCheck}). A failing case is reported with its
 * seed and shrunk to a smallest failing input, as a {@link dev.nabla.core.check.PropertyFailure}
 * (an {@link AssertionError}), so it works from any test framework.
 *
 * <pre>{@code
 * @Test void myLossHasRightGradients() {
 *   Gen<List<Tensor>> inputs = Gens.tensorList(DType.FLOAT64, Gens.broadcastPair(1, 3, 4), Domain.ANY);
 *   GradProperty.forAll(inputs).named("my loss").cases(50)
 *       .check(v -> v.get(0).sub(v.get(1)).square().mean());
 * }
 * @Test void oneInput() {    // one tensor per case, shrinking kept
 *   GradProperty.forAllSingle(Gens.tensors(DType.FLOAT64, Gens.shapes(0, 3, 4), Domain.ANY))
 *       .check(v -> v.get(0).tanh().sum());
 * }
 * }</pre>
 *
 * <p>A failure names its case seed and says how to rerun that case alone, e.g. {@code
 * GradProperty.forAll(gen).seed(42).replay(0x7e348a0e451650beL).check(fn)}: {@link #replay}
 * makes the checks run only that case.
 *
 * <p>A value, like {@link Property}: each configuring method returns a new property and leaves
 * this one unchanged, so one base property may be shared and refined freely.
 */
public final class GradProperty {
  private final Gen<List<Tensor>> inputs;
  private final String name;
  private final Long seed;
  private final Integer cases;
  private final GradCheck.Options options;
  private final Long replayCase;

  private GradProperty(Gen<List<Tensor>> inputs, String name, Long seed, Integer cases, GradCheck.Options options,
      Long replayCase) {
    this.inputs = inputs;
    this.name = name;
    this.seed = seed;
    this.cases = cases;
    this.options = options;
    this.replayCase = replayCase;
  }

  private GradProperty(Gen<List<Tensor>> inputs) {
    this(inputs, "gradient", null, null, GradCheck.Options.defaults(), null);
  }

  /** A property over FLOAT64 inputs drawn from {@code inputs}. */
  public static GradProperty forAll(Gen<List<Tensor>> inputs) {
    return new GradProperty(Objects.requireNonNull(inputs, "inputs"));
  }

  /**
   * A property over one FLOAT64 input per case, drawn from {@code input}; the function still
   * receives a list (of one), and failures shrink with {@code input}'s shrinker.
   *
   * <pre>{@code GradProperty.forAllSingle(Gens.tensors(DType.FLOAT64, Domain.POSITIVE)).check(v -> v.get(0).log().sum());}</pre>
   */
  public static GradProperty forAllSingle(Gen<Tensor> input) {
    Objects.requireNonNull(input, "input");
    return new GradProperty(Gen.of(rng -> List.of(input.generate(rng)),
        (List<Tensor> l) -> input.shrink(l.get(0)).stream().map(List::of).toList()));
  }

  /**
   * The same property running only the case with this case seed (as printed in a failure), shrinking
   * it again; keep the base seed the failure names (for the dot-product and grad-of-grad checks,
   * whose random directions derive from it).
   */
  public GradProperty replay(long caseSeed) {
    return new GradProperty(inputs, name, seed, cases, options, caseSeed);
  }

  /** The same property with the name shown in a failure. */
  public GradProperty named(String n) {
    return new GradProperty(inputs, Objects.requireNonNull(n, "name"), seed, cases, options, replayCase);
  }

  /** The same property with this base seed (default: {@link Property#defaultSeed()}). */
  public GradProperty seed(long s) {
    return new GradProperty(inputs, name, s, cases, options, replayCase);
  }

  /** The same property running {@code n} cases (default: {@link Property#defaultCases()}). */
  public GradProperty cases(int n) {
    return new GradProperty(inputs, name, seed, n, options, replayCase);
  }

  /** The same property with these tolerances for every case. */
  public GradProperty options(GradCheck.Options o) {
    return new GradProperty(inputs, name, seed, cases, Objects.requireNonNull(o, "options"), replayCase);
  }

  private Property<List<Tensor>> property(String kind, String method) {
    Property<List<Tensor>> p = Property.forAll(inputs).named(name + " (" + kind + ")");
    if (seed != null) p = p.seed(seed);
    if (cases != null) p = p.cases(cases);
    return p.replayHint("GradProperty.forAll(gen).seed(" + p.seed() + ").replay(%s)." + method + "(fn)");
  }

  private Property.Result run(Property<List<Tensor>> p, java.util.function.Consumer<List<Tensor>> check) {
    if (replayCase == null) return p.check(check);
    p.replay(replayCase, check);
    return new Property.Result(name, p.seed(), 1, 0);
  }

  private static void require(GradCheck.Result r) {
    if (!r.passed()) throw new AssertionError(r.message());
  }

  /** Every case passes the full check ({@link GradCheck#check}). */
  public Property.Result check(Function<List<Variable>, Variable> fn) {
    Objects.requireNonNull(fn, "fn");
    return run(property("vjp vs central differences", "check"), x -> require(GradCheck.check(fn, x, options)));
  }

  /** Every case passes the dot-product test ({@link GradCheck#checkFast}). */
  public Property.Result checkFast(Function<List<Variable>, Variable> fn) {
    Objects.requireNonNull(fn, "fn");
    Property<List<Tensor>> p = property("dot-product test", "checkFast");
    long base = p.seed();
    return run(p, x -> require(GradCheck.checkFast(fn, x, base, options)));
  }

  /** Every case passes the grad-of-grad check ({@link GradCheck#checkGradGrad}). */
  public Property.Result checkGradGrad(Function<List<Variable>, Variable> fn) {
    Objects.requireNonNull(fn, "fn");
    Property<List<Tensor>> p = property("grad of grad", "checkGradGrad");
    long base = p.seed();
    return run(p, x -> require(GradCheck.checkGradGrad(fn, x, base, options)));
  }
}
