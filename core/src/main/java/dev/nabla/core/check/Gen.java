package dev.nabla.core.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A seeded generator of values of type {@code T}, with an optional shrinker.
 *
 * <p>{@link #generate} must be a pure function of the random stream it is given, so that a case is
 * reproduced from its seed alone. {@link #shrink} lists "simpler" candidates for a failing value,
 * simplest first; the runner ({@link Property}) keeps the first candidate that still fails and
 * repeats. Shrinkers must make progress (each candidate strictly simpler), or the runner's step
 * bound ends the search.
 *
 * <pre>{@code
 * Gen<Integer> small = rng -> rng.nextInt(10);
 * Gen<String> letters = Gen.of("a", "b", "c");
 * Gen<Shape> matrices = Gens.shapes(2, 2, 8).filter(s -> s.dim(0) != s.dim(1));
 * }</pre>
 *
 * @param <T> the type of generated values
 */
@FunctionalInterface
public interface Gen<T> {
  /** How many draws {@link #filter} makes before giving up. */
  int FILTER_ATTEMPTS = 1000;

  /** One value drawn from {@code rng}. */
  T generate(SplittableRandom rng);

  /** Simpler candidates for {@code value}, simplest first; none by default. */
  default List<T> shrink(T value) {
    return List.of();
  }

  /** This generator with the given shrinker (replacing any it had). */
  default Gen<T> withShrinker(Function<? super T, ? extends List<? extends T>> shrinker) {
    Objects.requireNonNull(shrinker, "shrinker");
    return of(this::generate, shrinker);
  }

  /**
   * Values {@code f(x)} for x from this generator. The result cannot shrink (there is no way back
   * from f(x) to x); use {@link #withShrinker} to add one.
   */
  default <R> Gen<R> map(Function<? super T, ? extends R> f) {
    Objects.requireNonNull(f, "f");
    return rng -> f.apply(generate(rng));
  }

  /** A generator chosen by each value of this one. Does not shrink. */
  default <R> Gen<R> flatMap(Function<? super T, ? extends Gen<? extends R>> f) {
    Objects.requireNonNull(f, "f");
    return rng -> f.apply(generate(rng)).generate(rng);
  }

  /**
   * Only the values that satisfy {@code keep}; shrink candidates are filtered the same way.
   *
   * @throws IllegalStateException from {@code generate} when {@value #FILTER_ATTEMPTS} draws in a
   *     row are rejected
   */
  default Gen<T> filter(Predicate<? super T> keep) {
    Objects.requireNonNull(keep, "keep");
    Gen<T> self = this;
    return new Gen<>() {
      @Override
      public T generate(SplittableRandom rng) {
        for (int i = 0; i < FILTER_ATTEMPTS; i++) {
          T v = self.generate(rng);
          if (keep.test(v)) return v;
        }
        throw new IllegalStateException("Gen.filter: no value passed the filter in " + FILTER_ATTEMPTS + " draws");
      }

      @Override
      public List<T> shrink(T value) {
        List<T> out = new ArrayList<>();
        for (T c : self.shrink(value)) if (keep.test(c)) out.add(c);
        return out;
      }
    };
  }

  /** A generator from a generating function and a shrinker. */
  static <T> Gen<T> of(Function<SplittableRandom, ? extends T> generate,
      Function<? super T, ? extends List<? extends T>> shrinker) {
    Objects.requireNonNull(generate, "generate");
    Objects.requireNonNull(shrinker, "shrinker");
    return new Gen<>() {
      @Override
      public T generate(SplittableRandom rng) {
        return generate.apply(rng);
      }

      @Override
      public List<T> shrink(T value) {
        return List.copyOf(shrinker.apply(value));
      }
    };
  }

  /** Always {@code value}. */
  static <T> Gen<T> constant(T value) {
    return rng -> value;
  }

  /** One of {@code values}, uniformly; shrinks toward the earlier ones. */
  @SafeVarargs
  static <T> Gen<T> of(T... values) {
    Objects.requireNonNull(values, "values");
    if (values.length == 0) throw new IllegalArgumentException("Gen.of: no values given");
    List<T> vs = new ArrayList<>(values.length);
    for (T v : values) vs.add(v);
    return of(rng -> vs.get(rng.nextInt(vs.size())), v -> {
      int i = vs.indexOf(v);
      return i <= 0 ? List.of() : vs.subList(0, i);
    });
  }

  /** A value from one of {@code gens}, chosen uniformly; shrinks with every generator's shrinker. */
  @SafeVarargs
  static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
    if (Objects.requireNonNull(gens, "gens").length == 0)
      throw new IllegalArgumentException("Gen.oneOf: no generators given");
    List<Gen<? extends T>> gs = new ArrayList<>(gens.length);
    for (int i = 0; i < gens.length; i++) {
      if (gens[i] == null) throw new NullPointerException("gens[" + i + "]");
      gs.add(gens[i]);
    }
    return of(rng -> gs.get(rng.nextInt(gs.size())).generate(rng), v -> {
      List<T> out = new ArrayList<>();
      for (Gen<? extends T> g : gs) {
        try {
          @SuppressWarnings("unchecked")
          Gen<T> gt = (Gen<T>) g;
          for (T c : gt.shrink(v)) if (!out.contains(c)) out.add(c);
        } catch (ClassCastException e) {
          // the value came from a generator of another subtype: that shrinker does not apply
        }
      }
      return out;
    });
  }

  /** Integers uniform in {@code [lo, hi]}, shrinking toward the one nearest 0. */
  static Gen<Integer> ints(int lo, int hi) {
    if (lo > hi) throw new IllegalArgumentException("Gen.ints: lo " + lo + " > hi " + hi);
    int target = lo > 0 ? lo : Math.min(hi, 0);
    return of(rng -> (int) (lo + rng.nextLong((long) hi - lo + 1)), v -> {
      // target, then ever closer to v: v - d, v - d/2, v - d/4, ..., v - 1 (a binary search)
      List<Integer> out = new ArrayList<>();
      for (long d = (long) v - target; d != 0; d /= 2) out.add((int) (v - d));
      return out;
    });
  }

  /** Pairs of an {@code a} and a {@code b} value; both shrink, one component at a time. */
  static <A, B> Gen<Pair<A, B>> pairs(Gen<A> a, Gen<B> b) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    return of(rng -> new Pair<>(a.generate(rng), b.generate(rng)), p -> {
      List<Pair<A, B>> out = new ArrayList<>();
      for (A x : a.shrink(p.first())) out.add(new Pair<>(x, p.second()));
      for (B y : b.shrink(p.second())) out.add(new Pair<>(p.first(), y));
      return out;
    });
  }

  /** Two values, for {@link #pairs}. */
  record Pair<A, B>(A first, B second) {}
}
