package dev.nabla.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import dev.nabla.core.check.Domain;
import dev.nabla.core.check.Gen;
import dev.nabla.core.check.Gens;
import dev.nabla.core.check.Property;
import dev.nabla.core.kernel.BinaryOp;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Null at core's public boundary (issue 11, item 12): every public method of {@link Tensor},
 * {@link Shape} and the checking layer ({@link Gen}, {@link Gens}, {@link Property}, {@link Domain}), given null for any reference parameter (the others valid), throws a
 * NullPointerException whose message is that parameter's name, as
 * {@code Objects.requireNonNull(x, "name")} gives. The names come from the compiled classes'
 * LocalVariableTable (javac -g, Maven's default), so a new method is covered without touching this
 * test. The few parameters where null means something are listed and tested for what it means.
 */
class NullArgumentTest {
  /** Parameters where null is meaningful: "Class.method#index". */
  static final Set<String> NULL_ALLOWED = Set.of(
      "Tensor.linear#1",               // no bias
      "Tensor.crossEntropyRowsGrad#2", // no precomputed logSumExp
      "Tensor.scaleAddInPlace#3",      // no second addend y
      "Shape.equals#0",                // Object.equals: null is simply unequal
      "Gen.constant#0",                // a generator of null values
      "Gen.shrink#0",                  // generated values may be null
      "Property.named#0",              // unnamed
      "Property.describe#0");          // describes null as "null"

  @TestFactory
  Stream<DynamicTest> everyReferenceParameterRefusesNullByName() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Class<?> type : List.of(Tensor.class, Shape.class, Gen.class, Gens.class, Property.class, Domain.class)) {
      Map<String, String[]> names = parameterNames(type);
      for (Method m : type.getDeclaredMethods()) {
        int mod = m.getModifiers();
        if (!Modifier.isPublic(mod) || Modifier.isAbstract(mod) || m.isSynthetic()) continue;
        Class<?>[] p = m.getParameterTypes();
        String[] pn = names.get(m.getName() + descriptor(m));
        for (String n : pn) assertNotNull(n, () -> "no LocalVariableTable for " + m + ": compile with -g");
        for (int i = 0; i < p.length; i++) {
          if (p[i].isPrimitive() || NULL_ALLOWED.contains(type.getSimpleName() + "." + m.getName() + "#" + i)) continue;
          int at = i;
          tests.add(dynamicTest(type.getSimpleName() + "." + m.getName() + signature(p) + " with null " + pn[at], () -> {
            Object[] args = new Object[p.length];
            for (int j = 0; j < p.length; j++) args[j] = j == at ? null : sample(p[j]);
            Object receiver = Modifier.isStatic(m.getModifiers()) ? null : sample(type);
            Throwable t = assertThrows(InvocationTargetException.class, () -> m.invoke(receiver, args)).getCause();
            assertEquals(NullPointerException.class, t.getClass(), () -> "exception: " + t);
            assertEquals(pn[at], t.getMessage());
          }));
        }
      }
    }
    assertTrue(tests.size() > 100, "walked only " + tests.size() + " cases");
    return tests.stream();
  }

  @Test
  void nullWhereItIsMeaningful() {
    Tensor x = Tensor.ones(DType.FLOAT64, 2, 3), w = Tensor.ones(DType.FLOAT64, 4, 3);
    assertTrue(x.linear(w, null).allClose(x.matmul(w.transpose())));
    Tensor logits = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2), g = Tensor.ones(DType.FLOAT64, 2);
    int[] labels = {0, 1};
    assertTrue(logits.crossEntropyRowsGrad(labels, g, null).allClose(logits.crossEntropyRowsGrad(labels, g)));
    Tensor buf = Tensor.ones(DType.FLOAT64, 2);
    buf.scaleAddInPlace(2, Tensor.ones(DType.FLOAT64, 2), 3, null, 7);
    assertEquals(5.0, buf.get(0));
    assertFalse(Shape.of(2).equals(null));
    assertEquals(null, Gen.constant(null).generate(new SplittableRandom(1)));
    assertEquals(List.of(), Gen.constant(1).shrink(null));
    assertEquals(1, Property.forAll(Gen.constant(1)).named(null).cases(1).check(v -> {}).casesRun());
    assertEquals("null", Property.describe(null));
  }

  @Test
  void aNullDtypeNoLongerMeansFloat64() {
    var e = assertThrows(NullPointerException.class, () -> Tensor.zeros(null, 2));
    assertEquals("dtype", e.getMessage());
  }

  @Test
  void nullElementsOfAListAreNamedByPosition() {
    Tensor a = Tensor.ones(DType.FLOAT64, 2);
    List<Tensor> parts = new ArrayList<>(List.of(a, a));
    parts.add(1, null);
    assertEquals("parts[1]", assertThrows(NullPointerException.class, () -> Tensor.concat(parts, 0)).getMessage());
    assertEquals("parts[1]", assertThrows(NullPointerException.class, () -> Tensor.stack(parts, 0)).getMessage());
    assertEquals("choices[1]",
        assertThrows(NullPointerException.class, () -> Gens.shapesOf(Shape.of(1), null)).getMessage());
    assertEquals("domains[0]", assertThrows(NullPointerException.class,
        () -> Gens.tensorList(DType.FLOAT64, Gens.broadcastPair(0, 2, 3), (Domain) null)).getMessage());
    assertEquals("gens[0]", assertThrows(NullPointerException.class, () -> Gen.oneOf(null, Gen.constant(1))).getMessage());
  }

  static Object sample(Class<?> c) {
    if (c == int.class) return 0;
    if (c == long.class) return 1L;
    if (c == double.class) return 1.0;
    if (c == boolean.class) return false;
    if (c == Tensor.class) return Tensor.ones(DType.FLOAT64, 2, 2);
    if (c == Shape.class) return Shape.of(2, 2);
    if (c == DType.class) return DType.FLOAT64;
    if (c == BinaryOp.class) return BinaryOp.ADD;
    if (c == int[].class) return new int[] {0};
    if (c == double[].class) return new double[] {1, 2, 3, 4};
    if (c == float[].class) return new float[] {1, 2, 3, 4};
    if (c == String.class) return "op";
    if (c == List.class) return List.of(Tensor.ones(DType.FLOAT64, 2, 2));
    if (c == RandomGenerator.class) return new SplittableRandom(1);
    if (c == Object.class) return "x";
    if (c == Object[].class) return new Object[] {"x"};
    if (c == Gen.class) return Gen.constant(1);
    if (c == Gen[].class) return new Gen<?>[] {Gen.constant(1)};
    if (c == Domain.class) return Domain.ANY;
    if (c == Domain[].class) return new Domain[] {Domain.ANY};
    if (c == Shape[].class) return new Shape[] {Shape.of(2)};
    if (c == SplittableRandom.class) return new SplittableRandom(1);
    if (c == Property.class) return Property.forAll(Gen.constant(1));
    if (c == Function.class) return Function.identity();
    if (c == Consumer.class) return (Consumer<Object>) x -> {};
    if (c == Predicate.class) return (Predicate<Object>) x -> true;
    throw new AssertionError("no sample value for " + c + ": add one");
  }

  static String signature(Class<?>[] p) {
    StringBuilder sb = new StringBuilder("(");
    for (Class<?> c : p) sb.append(sb.length() > 1 ? ", " : "").append(c.getSimpleName());
    return sb.append(")").toString();
  }

  static String descriptor(Method m) {
    StringBuilder sb = new StringBuilder("(");
    for (Class<?> c : m.getParameterTypes()) sb.append(descriptor(c));
    return sb.append(")").append(descriptor(m.getReturnType())).toString();
  }

  static String descriptor(Class<?> c) {
    if (c.isArray()) return "[" + descriptor(c.getComponentType());
    if (!c.isPrimitive()) return "L" + c.getName().replace('.', '/') + ";";
    return switch (c.getName()) {
      case "int" -> "I"; case "long" -> "J"; case "double" -> "D"; case "float" -> "F"; case "boolean" -> "Z";
      case "byte" -> "B"; case "char" -> "C"; case "short" -> "S"; case "void" -> "V";
      default -> throw new AssertionError(c);
    };
  }

  /**
   * Parameter names of every method with code in {@code type}, keyed by name + descriptor: read
   * from the class file's LocalVariableTable (JVMS §4.7.13), entries that start at pc 0.
   */
  static Map<String, String[]> parameterNames(Class<?> type) throws IOException {
    try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
      DataInputStream d = new DataInputStream(in);
      d.readInt(); // magic
      d.readInt(); // minor, major
      int count = d.readUnsignedShort();
      String[] utf8 = new String[count];
      for (int i = 1; i < count; i++) {
        int tag = d.readUnsignedByte();
        switch (tag) {
          case 1 -> utf8[i] = d.readUTF();
          case 7, 8, 16, 19, 20 -> d.skipBytes(2);
          case 15 -> d.skipBytes(3);
          case 3, 4, 9, 10, 11, 12, 17, 18 -> d.skipBytes(4);
          case 5, 6 -> {
            d.skipBytes(8);
            i++; // longs and doubles take two entries
          }
          default -> throw new IOException("constant pool tag " + tag);
        }
      }
      d.skipBytes(6); // access, this, super
      d.skipBytes(2 * d.readUnsignedShort()); // interfaces
      for (int f = d.readUnsignedShort(); f > 0; f--) {
        d.skipBytes(6);
        skipAttributes(d);
      }
      Map<String, String[]> out = new HashMap<>();
      for (int m = d.readUnsignedShort(); m > 0; m--) {
        boolean isStatic = (d.readUnsignedShort() & 0x0008) != 0;
        String name = utf8[d.readUnsignedShort()], desc = utf8[d.readUnsignedShort()];
        Map<Integer, String> slots = new HashMap<>();
        for (int a = d.readUnsignedShort(); a > 0; a--) {
          String attr = utf8[d.readUnsignedShort()];
          int len = d.readInt();
          if (!attr.equals("Code")) {
            d.skipBytes(len);
            continue;
          }
          d.skipBytes(4); // max stack, max locals
          d.skipBytes(d.readInt()); // code
          d.skipBytes(8 * d.readUnsignedShort()); // exception table
          for (int ca = d.readUnsignedShort(); ca > 0; ca--) {
            String cattr = utf8[d.readUnsignedShort()];
            int clen = d.readInt();
            if (!cattr.equals("LocalVariableTable")) {
              d.skipBytes(clen);
              continue;
            }
            for (int e = d.readUnsignedShort(); e > 0; e--) {
              int start = d.readUnsignedShort();
              d.skipBytes(2);
              String local = utf8[d.readUnsignedShort()];
              d.skipBytes(2);
              int slot = d.readUnsignedShort();
              if (start == 0) slots.put(slot, local);
            }
          }
        }
        out.put(name + desc, parameters(desc, isStatic, slots));
      }
      return out;
    }
  }

  private static void skipAttributes(DataInputStream d) throws IOException {
    for (int a = d.readUnsignedShort(); a > 0; a--) {
      d.skipBytes(2);
      d.skipBytes(d.readInt());
    }
  }

  /** The names in the parameter slots of a method descriptor (long and double take two slots). */
  private static String[] parameters(String desc, boolean isStatic, Map<Integer, String> slots) {
    List<String> names = new ArrayList<>();
    int slot = isStatic ? 0 : 1;
    for (int i = 1; desc.charAt(i) != ')'; i++) {
      names.add(slots.get(slot));
      char c = desc.charAt(i);
      slot += c == 'J' || c == 'D' ? 2 : 1;
      while (desc.charAt(i) == '[') i++;
      if (desc.charAt(i) == 'L') i = desc.indexOf(';', i);
    }
    return names.toArray(String[]::new);
  }
}
