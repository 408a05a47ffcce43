package dev.nabla.core;

import dev.nabla.core.kernel.MatMul;

/**
 * Which kernels this JVM runs. Matrix products are fastest on the Vector API
 * ({@code jdk.incubator.vector}), an incubator module the JVM loads only when started with
 * {@code --add-modules jdk.incubator.vector}; without it everything works on plain-loop kernels,
 * slower. Ask here instead of guessing:
 *
 * <pre>{@code
 * if (!Nabla.simd()) System.err.println(Nabla.simdDescription());
 * // Vector API off: start the JVM with --add-modules jdk.incubator.vector for the faster matrix kernels
 * }</pre>
 *
 * <p>When a large matrix product first runs on plain loops only because the module is missing,
 * Nabla also logs one INFO line through {@link System.Logger} (logger {@code dev.nabla.core}) saying
 * how to turn the Vector API on. {@code -Dnabla.simd=false} chooses plain loops on purpose and
 * silences that line.
 */
public final class Nabla {
  private static final String MODULE = "jdk.incubator.vector";

  private Nabla() {}

  /**
   * Whether the matrix kernels run on the Vector API: true when the JVM was started with
   * {@code --add-modules jdk.incubator.vector} and {@code -Dnabla.simd=false} is not set.
   *
   * @return true when the Vector API kernels are active, false on the plain-loop kernels
   */
  public static boolean simd() {
    return "vector".equals(MatMul.implementation());
  }

  /**
   * One line saying which kernels run, and why: for example
   * {@code "Vector API on: 256-bit vectors (8 floats, 4 doubles)"},
   * {@code "Vector API off (-Dnabla.simd=false): plain-loop kernels"} or
   * {@code "Vector API off: start the JVM with --add-modules jdk.incubator.vector for the faster
   * matrix kernels"}.
   *
   * @return a short human-readable description of the kernels in use
   */
  public static String simdDescription() {
    if (simd()) return "Vector API on: " + vectorSize();
    if ("false".equalsIgnoreCase(System.getProperty("nabla.simd")))
      return "Vector API off (-Dnabla.simd=false): plain-loop kernels";
    if (ModuleLayer.boot().findModule(MODULE).isEmpty())
      return "Vector API off: start the JVM with --add-modules " + MODULE + " for the faster matrix kernels";
    return "Vector API off: " + MODULE + " is present but its kernels failed to load on this JVM; plain-loop kernels";
  }

  /** "256-bit vectors (8 floats, 4 doubles)", read reflectively so that this class never links the module. */
  private static String vectorSize() {
    try {
      Class<?> species = Class.forName(MODULE + ".VectorSpecies");
      Object f = Class.forName(MODULE + ".FloatVector").getField("SPECIES_PREFERRED").get(null);
      Object d = Class.forName(MODULE + ".DoubleVector").getField("SPECIES_PREFERRED").get(null);
      int bits = (int) species.getMethod("vectorBitSize").invoke(f);
      int floats = (int) species.getMethod("length").invoke(f), doubles = (int) species.getMethod("length").invoke(d);
      return bits + "-bit vectors (" + floats + " floats, " + doubles + " doubles)";
    } catch (ReflectiveOperationException | LinkageError e) {
      return "preferred vector size unknown (" + e + ")";
    }
  }
}
