package dev.nabla.core.kernel;

/**
 * Whether the Vector API kernels are in use: {@code jdk.incubator.vector} is in the boot layer
 * (the JVM was started with {@code --add-modules jdk.incubator.vector}) and {@code -Dnabla.simd}
 * is not {@code false}. Vector kernels are loaded reflectively, so without the module no Vector API
 * class is ever linked and the plain-loop kernels run instead.
 */
final class Simd {
  static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty("nabla.simd"))
      && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

  private Simd() {}

  /** A new instance of the named Vector API kernel class, or null when SIMD is off or it fails to link. */
  static <T> T load(String className, Class<T> type) {
    if (!ENABLED) return null;
    try {
      return type.cast(Class.forName(className).getDeclaredConstructor().newInstance());
    } catch (ReflectiveOperationException | LinkageError e) {
      return null; // Vector API present but unusable: plain loops
    }
  }
}
