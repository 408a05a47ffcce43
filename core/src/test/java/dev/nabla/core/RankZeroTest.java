package dev.nabla.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Issue 11 item 1 on the Tensor side: every public method of {@link Tensor} that takes an axis
 * treats a rank-0 tensor as PyTorch 1.13 does (and as {@code Variable} does): axis 0 or -1 names
 * its one element, any other axis is refused with a message naming the op and the shape {@code []}.
 * Where PyTorch refuses a 0-dim tensor for every axis (narrow, cat, permute), so does Nabla.
 */
class RankZeroTest {
  private static final double X = 2.0;

  /**
   * One axis-taking method: {@code signature} as {@code name(types)}, {@code call} applies it at an
   * axis; {@code value}/{@code dims} are PyTorch's result at axis 0 and -1 (null: refused for every
   * axis); {@code refusal} is the message at axis 1 (or at every axis when refused), {@code %d} the axis.
   */
  record Row(String signature, BiFunction<Tensor, Integer, Tensor> call, double[] value, int[] dims, String refusal) {}

  private static Row ok(String signature, BiFunction<Tensor, Integer, Tensor> call, double value, String op) {
    return new Row(signature, call, new double[] {value}, new int[0], op + ": axis %d out of range for shape []");
  }

  private static Row refused(String signature, BiFunction<Tensor, Integer, Tensor> call, String refusal) {
    return new Row(signature, call, null, null, refusal);
  }

  /** PyTorch's values: x = torch.tensor(2.); x.sum(0) is 2, x.softmax(0) 1, x.log_softmax(0) 0, x.argmax(0) 0, ... */
  static final List<Row> ROWS = List.of(
      ok("sum(int)", (x, a) -> x.sum(a), X, "sum"),
      ok("sum(int,boolean)", (x, a) -> x.sum(a, true), X, "sum"),
      ok("sum(int[],boolean)", (x, a) -> x.sum(new int[] {a}, false), X, "sum"),
      ok("mean(int)", (x, a) -> x.mean(a), X, "mean"),
      ok("mean(int,boolean)", (x, a) -> x.mean(a, true), X, "mean"),
      ok("mean(int[],boolean)", (x, a) -> x.mean(new int[] {a}, true), X, "mean"),
      ok("max(int)", (x, a) -> x.max(a), X, "max"),
      ok("max(int,boolean)", (x, a) -> x.max(a, true), X, "max"),
      ok("max(int[],boolean)", (x, a) -> x.max(new int[] {a}, false), X, "max"),
      ok("min(int)", (x, a) -> x.min(a), X, "min"),
      ok("min(int,boolean)", (x, a) -> x.min(a, true), X, "min"),
      ok("min(int[],boolean)", (x, a) -> x.min(new int[] {a}, false), X, "min"),
      ok("argmax(int)", (x, a) -> x.argmax(a).toType(x.dtype()), 0, "argmax"),
      ok("argmax(int,boolean)", (x, a) -> x.argmax(a, true).toType(x.dtype()), 0, "argmax"),
      ok("argmin(int)", (x, a) -> x.argmin(a).toType(x.dtype()), 0, "argmin"),
      ok("argmin(int,boolean)", (x, a) -> x.argmin(a, true).toType(x.dtype()), 0, "argmin"),
      ok("logSumExp(int)", (x, a) -> x.logSumExp(a), X, "logSumExp"),
      ok("logSumExp(int,boolean)", (x, a) -> x.logSumExp(a, true), X, "logSumExp"),
      ok("logSumExp(int[],boolean)", (x, a) -> x.logSumExp(new int[] {a}, false), X, "logSumExp"),
      ok("softmax(int)", (x, a) -> x.softmax(a), 1, "softmax"),
      ok("logSoftmax(int)", (x, a) -> x.logSoftmax(a), 0, "logSoftmax"),
      ok("transpose(int,int)", (x, a) -> x.transpose(a == 1 ? 0 : -1, a), X, "transpose"),
      ok("squeeze(int)", (x, a) -> x.squeeze(a), X, "squeeze"),
      ok("gather(int,int[])", (x, a) -> x.gather(a, new int[] {0}), X, "gather"),
      ok("indexSelect(int,int[])", (x, a) -> x.indexSelect(a, new int[] {0}), X, "indexSelect"),
      ok("indexAdd(int,int[],int)", (x, a) -> x.indexAdd(a, new int[] {0}, 1), X, "indexAdd"),
      ok("gather(int,Tensor)", (x, a) -> x.gather(a, Tensor.of(new int[] {0})), X, "gather"),
      ok("indexSelect(int,Tensor)", (x, a) -> x.indexSelect(a, Tensor.of(new int[] {0})), X, "indexSelect"),
      ok("indexAdd(int,Tensor,int)", (x, a) -> x.indexAdd(a, Tensor.of(new int[] {0}), 1), X, "indexAdd"),
      new Row("unsqueeze(int)", (x, a) -> x.unsqueeze(a), new double[] {X}, new int[] {1},
          "unsqueeze: axis %d out of range for shape []"),
      new Row("stack(List,int)", (x, a) -> Tensor.stack(List.of(x, x), a), new double[] {X, X}, new int[] {2},
          "stack: axis %d out of range for shape []"),
      // Nabla's scatter is gather's adjoint: it inserts the axis, so a scalar scatters into a vector
      new Row("scatter(int,int[],int)", (x, a) -> x.scatter(a, new int[] {0}, 1), new double[] {X}, new int[] {1},
          "scatter: axis %d out of range for the result of rank 1 (shape [] with an axis inserted)"),
      new Row("scatter(int,Tensor,int)", (x, a) -> x.scatter(a, Tensor.of(new int[] {0}), 1), new double[] {X},
          new int[] {1}, "scatter: axis %d out of range for the result of rank 1 (shape [] with an axis inserted)"),
      // PyTorch: "narrow() cannot be applied to a 0-dim tensor", "zero-dimensional tensor cannot be concatenated"
      refused("slice(int,int,int,int)", (x, a) -> x.slice(a, 0, 1, 1), "slice: axis %d out of range for shape []"),
      refused("slice(int,int,int)", (x, a) -> x.slice(a, 0, 1), "slice: axis %d out of range for shape []"),
      refused("narrow(int,int,int)", (x, a) -> x.narrow(a, 0, 1), "narrow: axis %d out of range for shape []"),
      refused("concat(List,int)", (x, a) -> Tensor.concat(List.of(x, x), a),
          "concat: cannot concatenate tensors of shape [] (a scalar has no axis to join along); use stack"),
      refused("permute(int[])", (x, a) -> x.permute(a), "permute: [%d] is not a permutation of the 0 axes of []"));

  @TestFactory
  Stream<DynamicTest> everyAxisTakingMethodOnAScalar() {
    List<DynamicTest> tests = new ArrayList<>();
    for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) // the floating dtypes
      for (Row row : ROWS)
        tests.add(dynamicTest(row.signature() + " " + dt, () -> {
          Tensor x = Tensor.scalar(dt, X);
          for (int axis : new int[] {0, -1}) {
            if (row.value() == null) {
              refusedAt(row, x, axis);
              continue;
            }
            Tensor y = row.call().apply(x, axis);
            assertEquals(Shape.of(row.dims()), y.shape(), row.signature() + " at axis " + axis);
            assertEquals(dt, y.dtype(), row.signature() + " at axis " + axis);
            assertArrayEquals(row.value(), y.toDoubleArray(), 0.0, row.signature() + " at axis " + axis);
            assertEquals(X, x.item(), row.signature() + " left its input alone");
          }
          for (int axis : new int[] {1, -2, 7}) refusedAt(row, x, axis);
        }));
    return tests.stream();
  }

  private static void refusedAt(Row row, Tensor x, int axis) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> row.call().apply(x, axis),
        row.signature() + " at axis " + axis);
    assertEquals(String.format(row.refusal(), axis), e.getMessage());
  }

  /**
   * The table is exhaustive: its signatures are exactly Tensor's public methods with a parameter
   * named axis, axis0, axes or dim, whether declared in Tensor or inherited from the op vocabulary
   * {@link Ops} (read from both sources, as class files keep no parameter names; Ops's {@code T} is
   * Tensor), and each exists, public, by reflection.
   */
  @Test
  void theTableCoversEveryAxisTakingMethod() throws IOException {
    Path dir = Path.of(System.getProperty("basedir", "."), "src/main/java/dev/nabla/core");
    Pattern decl = Pattern.compile("public\\s+(?:static\\s+)?Tensor\\s+(\\w+)\\(([^)]*)\\)");
    Pattern opsDecl = Pattern.compile("^\\s*(?:default\\s+)?T\\s+(\\w+)\\(([^)]*)\\)", Pattern.MULTILINE);
    Pattern axisParam = Pattern.compile("\\b(?:axis|axis0|axes|dim)$");
    TreeSet<String> declared = new TreeSet<>();
    Matcher tensor = decl.matcher(Files.readString(dir.resolve("Tensor.java")));
    Matcher ops = opsDecl.matcher(Files.readString(dir.resolve("Ops.java")));
    int fromOps = 0;
    for (Matcher m : List.of(tensor, ops)) {
      while (m.find()) {
        if (m == ops) fromOps++;
        List<String> params = m.group(2).isBlank() ? List.of() : Arrays.stream(m.group(2).split(","))
            .map(String::trim).toList();
        if (params.stream().noneMatch(p -> axisParam.matcher(p).find())) continue;
        declared.add(m.group(1) + "(" + params.stream()
            .map(p -> p.substring(0, p.lastIndexOf(' ')).replaceAll("<.*>", "").replace("...", "[]"))
            .map(p -> p.equals("T") ? "Tensor" : p)
            .collect(Collectors.joining(",")) + ")");
      }
    }
    assertEquals(true, fromOps > 40, "read only " + fromOps + " declarations from Ops.java");
    TreeSet<String> table = ROWS.stream().map(Row::signature).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(declared, table, "axis-taking public methods of Tensor vs the rank-0 table");

    Map<String, Method> publicMethods = new LinkedHashMap<>();
    for (Method method : Tensor.class.getMethods())
      if (Modifier.isPublic(method.getModifiers()))
        publicMethods.put(method.getName() + "(" + Arrays.stream(method.getParameterTypes())
            .map(Class::getSimpleName).collect(Collectors.joining(",")) + ")", method);
    for (String signature : table)
      assertEquals(true, publicMethods.containsKey(signature), signature + " is a public method of Tensor");
  }

  @Test
  void aScalarHasOneAxisSoItCannotBeNamedTwice() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Tensor.scalar(X).sum(new int[] {0, -1}, false));
    assertEquals("sum: axis 0 repeated in [0, -1] for shape []", e.getMessage());
    assertEquals(Shape.of(), Tensor.scalar(X).sum(new int[0], true).shape());
  }

  @Test
  void indexingAScalarTakesTheOneIndexZero() {
    Tensor x = Tensor.scalar(X);
    IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> x.gather(0, new int[] {1}));
    assertEquals("gather: index 1 out of range for axis 0 of size 1 (shape [])", e.getMessage());
    e = assertThrows(IndexOutOfBoundsException.class, () -> x.indexSelect(-1, new int[] {-1}));
    assertEquals("indexSelect: index -1 out of range for axis 0 of size 1 (shape [])", e.getMessage());
    e = assertThrows(IndexOutOfBoundsException.class, () -> x.indexAdd(0, new int[] {1}, 1));
    assertEquals("indexAdd: index 1 out of range for axis 0 of size 1 (shape [])", e.getMessage());
    IllegalArgumentException many = assertThrows(IllegalArgumentException.class,
        () -> x.indexSelect(0, new int[] {0, 0}));
    assertEquals("indexSelect: 2 indices for a value of shape []; it takes one", many.getMessage());
    many = assertThrows(IllegalArgumentException.class, () -> x.gather(0, new int[0]));
    assertEquals("gather: 0 indices for a value of shape []; it takes one", many.getMessage());
    IllegalArgumentException size = assertThrows(IllegalArgumentException.class, () -> x.indexAdd(0, new int[] {0}, 3));
    assertEquals("indexAdd: axis size 3 for a result of shape []; a scalar's one axis has size 1", size.getMessage());
  }

  @Test
  void gatherAndIndexSelectOfAScalarAreCopies() {
    Tensor x = Tensor.of(new double[] {5, X}, 2).narrow(0, 1, 1).squeeze(0); // a rank-0 view at offset 1
    assertEquals(Shape.of(), x.shape());
    for (Tensor y : List.of(x.gather(0, new int[] {0}), x.indexSelect(0, new int[] {0}), x.indexAdd(0, new int[] {0}, 1))) {
      assertEquals(X, y.item());
      y.mulInPlace(3);
      assertEquals(X, x.item());
    }
  }

  @Test
  void softmaxOfAScalarFollowsPyTorchAtTheEdges() {
    // torch.tensor(nan / inf / -inf).softmax(0): nan, nan, nan; log_softmax: nan, nan, nan
    for (double v : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
      assertEquals(Double.NaN, Tensor.scalar(v).softmax(0).item(), "softmax(" + v + ")");
      assertEquals(Double.NaN, Tensor.scalar(v).logSoftmax(-1).item(), "logSoftmax(" + v + ")");
    }
  }
}
