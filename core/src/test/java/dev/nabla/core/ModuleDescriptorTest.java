package dev.nabla.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Exports;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The built descriptor of core (target/classes/module-info.class, read with
 * {@link ModuleDescriptor#read}) keeps the boundary of issue 12: the API packages are exported to
 * all, the kernels and the gradient and optimizer helpers only to the modules that need them.
 */
class ModuleDescriptorTest {
  @Test
  void kernelAndInternalAreNotExportedToAll() throws IOException, URISyntaxException {
    Path classes = Path.of(Tensor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    ModuleDescriptor d;
    try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
      d = ModuleDescriptor.read(in);
    }
    assertEquals("dev.nabla.core", d.name());
    Map<String, Exports> exports = new TreeMap<>();
    for (Exports e : d.exports()) exports.put(e.source(), e);
    assertEquals(Set.of("dev.nabla.core", "dev.nabla.core.check", "dev.nabla.core.kernel", "dev.nabla.core.internal"),
        exports.keySet());
    for (String internal : Set.of("dev.nabla.core.kernel", "dev.nabla.core.internal"))
      assertTrue(exports.get(internal).isQualified(), internal + " is exported to every module");
    assertEquals(Set.of("dev.nabla.autodiff"), exports.get("dev.nabla.core.kernel").targets());
    assertEquals(Set.of("dev.nabla.autodiff", "dev.nabla.nn"), exports.get("dev.nabla.core.internal").targets());
    assertFalse(exports.get("dev.nabla.core").isQualified());
    assertFalse(exports.get("dev.nabla.core.check").isQualified());
    assertTrue(d.opens().isEmpty() && !d.isOpen(), "core opens nothing to reflection");
  }
}
