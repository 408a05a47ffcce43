package dev.nabla.autodiff;

import dev.nabla.autodiff.OpRegistry.Entry;
import dev.nabla.autodiff.OpRegistry.ErrorCase;
import dev.nabla.core.Tensor;
import dev.nabla.core.check.Gen;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The short constructors the per-domain registry files (OpRegistryIndexing, OpRegistryLinalg, OpRegistryAttention,
 * OpRegistryConvolution, OpRegistryNormalization) share, kept out of {@link OpRegistry} itself.
 */
final class RegistryEntries {
  private RegistryEntries() {}

  /** An entry that claims grad of grad, with these error cases. */
  static Entry entry(String name, Set<Class<?>> prims, Gen<List<Tensor>> in, Function<List<Variable>, Variable> fn,
      ErrorCase... errors) {
    return new Entry(name, prims, in, fn, true, List.of(errors));
  }

  /** A call that must throw {@code type} with exactly {@code message}. */
  static ErrorCase err(String what, Runnable call, Class<? extends Throwable> type, String message) {
    return new ErrorCase(what, call, type, message);
  }
}
