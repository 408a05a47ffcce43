package dev.nabla.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.nabla.core.DType;
import dev.nabla.core.Shape;
import dev.nabla.core.Tensor;
import dev.nabla.core.kernel.BinaryOp;
import dev.nabla.core.kernel.UnaryOp;
import dev.nabla.core.check.Gen;
import dev.nabla.core.kernel.BinaryOp;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Null at autodiff's public boundary (issue 11, item 12): every public method of the public types,
 * given null for any reference parameter (the others valid), throws a NullPointerException at once
 * whose message names the parameter, as {@code Objects.requireNonNull(x, "name")} gives, never one
 * from deep inside. The few parameters where null means something are listed.
 */
class NullArgumentTest {
  /** Parameters where null is meaningful: "Type.method#index". */
  private static final Set<String> NULL_ALLOWED = Set.of(
      "Variable.linear#1",  // no bias
      "Variable.setGrad#0", // forgets the gradient
      "Variable.equals#0",
      "Convolutions.conv1d#2", "Convolutions.conv2d#2", // no bias
      "Convolutions.maxPool2d#2", "Convolutions.avgPool2d#2"); // stride = kernel

  private static final List<Class<?>> TYPES = List.of(Variable.class, Grad.class, GradCheck.class,
      GradProperty.class, Graph.class, CustomOp.class, CustomOp.Context.class, Convolutions.class, Linalg.class,
      Checkpoint.class);

  @TestFactory
  Stream<DynamicTest> everyReferenceParameterRefusesNullByName() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Class<?> type : TYPES) {
      for (Method m : type.getDeclaredMethods()) {
        if (!Modifier.isPublic(m.getModifiers()) || m.isSynthetic()) continue;
        Class<?>[] p = m.getParameterTypes();
        Type[] generic = m.getGenericParameterTypes();
        for (int i = 0; i < p.length; i++) {
          String key = type.getSimpleName() + "." + m.getName() + "#" + i;
          if (p[i].isPrimitive() || NULL_ALLOWED.contains(key)) continue;
          int at = i;
          tests.add(dynamicTest(type.getSimpleName() + "." + m.getName() + Arrays.toString(p) + " with null #" + i, () -> {
            Object[] args = new Object[p.length];
            for (int j = 0; j < p.length; j++) args[j] = j == at ? null : sample(generic[j]);
            Object receiver = Modifier.isStatic(m.getModifiers()) ? null : sample(type);
            Throwable t = assertThrows(InvocationTargetException.class, () -> m.invoke(receiver, args)).getCause();
            assertEquals(NullPointerException.class, t.getClass(), () -> key + ": " + t);
            assertTrue(t.getMessage() != null && t.getMessage().matches("[a-zA-Z]+"),
                () -> key + ": the message should name the parameter, not " + t.getMessage());
          }));
        }
      }
    }
    assertTrue(tests.size() > 80, "walked only " + tests.size() + " cases");
    return tests.stream();
  }

  @Test
  void theMessageIsTheParameterName() {
    Variable x = (Variable) sample(Variable.class);
    assertEquals("value", assertThrows(NullPointerException.class, () -> Variable.parameter(null)).getMessage());
    assertEquals("value", assertThrows(NullPointerException.class, () -> Variable.constant(null)).getMessage());
    assertEquals("b", assertThrows(NullPointerException.class, () -> x.add((Variable) null)).getMessage());
    assertEquals("b", assertThrows(NullPointerException.class, () -> x.matmul(null)).getMessage());
    assertEquals("weight", assertThrows(NullPointerException.class, () -> x.linear(null, null)).getMessage());
    assertEquals("seed", assertThrows(NullPointerException.class, () -> x.sum().backward((Tensor) null)).getMessage());
    assertEquals("y", assertThrows(NullPointerException.class, () -> Grad.grad(null, List.of(x))).getMessage());
    assertEquals("xs", assertThrows(NullPointerException.class, () -> Grad.grad(x.sum(), null)).getMessage());
    assertEquals("fn", assertThrows(NullPointerException.class,
        () -> GradCheck.check(null, List.of(Tensor.ones(DType.FLOAT64, 2)))).getMessage());
    assertEquals("inputs", assertThrows(NullPointerException.class,
        () -> GradCheck.check(v -> v.get(0).sum(), null)).getMessage());
  }

  @Test
  void nullElementsOfAListAreNamedByPosition() {
    Variable x = (Variable) sample(Variable.class);
    List<Variable> xs = new ArrayList<>(List.of(x, x));
    xs.add(1, null);
    assertEquals("xs[1]", assertThrows(NullPointerException.class, () -> Grad.grad(x.sum(), xs)).getMessage());
    assertEquals("xs[1]", assertThrows(NullPointerException.class,
        () -> Grad.differentiableGrad(x.sum(), xs)).getMessage());
    assertEquals("parts[1]", assertThrows(NullPointerException.class, () -> Variable.concat(xs, 0)).getMessage());
    assertEquals("parts[1]", assertThrows(NullPointerException.class, () -> Variable.stack(xs, 0)).getMessage());
    List<Tensor> ts = new ArrayList<>();
    ts.add(null);
    assertEquals("inputs[0]", assertThrows(NullPointerException.class,
        () -> GradCheck.check(v -> v.get(0).sum(), ts)).getMessage());
    assertEquals("inputs[0]", assertThrows(NullPointerException.class,
        () -> OpRegistry.CUBE.apply(new Variable[] {null})).getMessage());
  }

  @Test
  void nullWhereItIsMeaningful() {
    Variable x = Variable.parameter(Tensor.ones(DType.FLOAT64, 2, 3));
    Variable w = Variable.constant(Tensor.ones(DType.FLOAT64, 4, 3));
    assertTrue(x.linear(w, null).value().allClose(x.value().matmul(w.value().transpose())));
    x.sum().backward();
    x.setGrad(null);
    assertNull(x.grad());
  }

  /** A valid argument of the given (generic) type. */
  static Object sample(Type type) {
    Class<?> c = type instanceof ParameterizedType pt ? (Class<?>) pt.getRawType() : (Class<?>) type;
    Type arg = type instanceof ParameterizedType pt ? pt.getActualTypeArguments()[0] : null;
    if (c == int.class) return 0;
    if (c == long.class) return 1L;
    if (c == double.class) return 1.0;
    if (c == boolean.class) return false;
    if (c == Tensor.class) return Tensor.ones(DType.FLOAT64, 2, 2);
    if (c == Variable.class) return Variable.parameter(Tensor.ones(DType.FLOAT64, 2, 2));
    if (c == Shape.class) return Shape.of(2, 2);
    if (c == UnaryOp.class) return UnaryOp.EXP;
    if (c == BinaryOp.class) return BinaryOp.ADD;
    if (c == int[].class) return new int[] {0};
    if (c == String.class) return "x";
    if (c == Variable[].class) return new Variable[] {(Variable) sample(Variable.class)};
    if (c == Tensor[].class) return new Tensor[] {(Tensor) sample(Tensor.class)};
    if (c == Grad.Unused.class) return Grad.Unused.ZEROS;
    if (c == GradCheck.Options.class) return GradCheck.Options.defaults();
    if (c == List.class) return List.of(sample(arg));
    if (c == Function.class) {
      if (arg instanceof ParameterizedType) return (Function<List<Variable>, Variable>) v -> v.get(0).sum();
      return (Function<Variable, Variable>) Variable::sum;
    }
    if (c == Gen.class) return (Gen<List<Tensor>>) rng -> List.of((Tensor) sample(Tensor.class));
    if (c == GradProperty.class) return GradProperty.forAll((Gen<List<Tensor>>) sample(Gen.class));
    if (c == CustomOp.class) return OpRegistry.CUBE;
    if (c == CustomOp.Context.class) return new CustomOp.Context();
    throw new AssertionError("no sample value for " + type + ": add one");
  }
}
