package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.DType;
import dev.nabla.core.Shape;
import dev.nabla.core.Tensor;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DataTest {
  static Dataset csv(String text) throws IOException {
    return Dataset.readCsv(new StringReader(text), "t.csv", DType.FLOAT64);
  }

  @Test
  void readsCsvWithAndWithoutHeader() throws IOException {
    Dataset a = csv("x1,x2,label\n1,2,0\n3.5, -4 ,2\n\n5e-1,6,1\n");
    Dataset b = csv("1,2,0\n3.5,-4,2\n0.5,6,1");
    for (Dataset d : List.of(a, b)) {
      assertEquals(3, d.size());
      assertEquals(2, d.numFeatures());
      assertArrayEquals(new double[] {1, 2, 3.5, -4, 0.5, 6}, d.features().toDoubleArray());
      assertArrayEquals(new int[] {0, 2, 1}, d.labels());
      assertEquals(3, d.numClasses());
      assertNull(d.targets());
    }
  }

  @Test
  void badCsvNamesLineAndColumn() {
    assertCsvError("1,2,0\n1,abc,1\n", "t.csv line 2, column 2: \"abc\" is not a number");
    assertCsvError("1,2,0\n1,2\n", "t.csv line 2: 2 columns, expected 3");
    assertCsvError("h1,h2,h3\n1,2,0.5\n", "t.csv line 2, column 3: label \"0.5\" is not a non-negative integer");
    assertCsvError("1,2,-1\n", "line 1, column 3: label \"-1\"");
    assertCsvError("a,b\n", "t.csv: no data rows");
    assertCsvError("1\n2\n", "t.csv line 1: 1 column");
    assertCsvError("1,2,0\n1,NaN,0\n", "line 2, column 2: \"NaN\" is not finite");
  }

  @Test
  void readsClassNamesThroughTheGivenList() throws IOException {
    // UCI's original iris.data format, rebuilt from the numeric copy: the class name in the last column
    Dataset numeric = IrisTest.iris();
    List<String> classes = List.of("Iris-setosa", "Iris-versicolor", "Iris-virginica");
    StringBuilder uci = new StringBuilder("sepal length,sepal width,petal length,petal width,class\n");
    double[] x = numeric.features().toDoubleArray();
    for (int i = 0; i < numeric.size(); i++) {
      for (int j = 0; j < 4; j++) uci.append((float) x[i * 4 + j]).append(',');
      uci.append(classes.get(numeric.labels()[i])).append('\n');
    }
    Dataset named = Dataset.readCsv(new StringReader(uci.toString()), "iris.data", DType.FLOAT32, classes);
    assertArrayEquals(numeric.labels(), named.labels());
    assertArrayEquals(numeric.features().toFloatArray(), named.features().toFloatArray());

    IOException unknown = assertThrows(IOException.class, () -> Dataset.readCsv(
        new StringReader("5.1,3.5,1.4,0.2,Iris-setosa\n4.9,3.0,1.4,0.2,Iris-setsoa\n"), "iris.data", DType.FLOAT32, classes));
    assertEquals("iris.data line 2, column 5: class \"Iris-setsoa\" is not one of " + classes, unknown.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> Dataset.readCsv(new StringReader("1,a\n"), "t.csv", DType.FLOAT32, List.of("a", "a")));
  }

  private static void assertCsvError(String text, String fragment) {
    IOException e = assertThrows(IOException.class, () -> csv(text));
    assertTrue(e.getMessage().contains(fragment), () -> "\"" + e.getMessage() + "\" should contain \"" + fragment + "\"");
  }

  static Dataset numbered(int n) {
    double[][] rows = new double[n][];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      rows[i] = new double[] {i, 10 * i};
      labels[i] = i;
    }
    return Dataset.of(rows, labels, DType.FLOAT64);
  }

  @Test
  void loaderBatchesInOrderKeepingOrDroppingTheLast() {
    Dataset d = numbered(10);
    var loader = new DataLoader(d, 4);
    assertEquals(3, loader.numBatches());
    List<int[]> seen = new ArrayList<>();
    for (DataLoader.Batch b : loader) {
      seen.add(b.labels());
      assertEquals(Shape.of(b.size(), 2), b.features().shape());
      for (int i = 0; i < b.size(); i++) assertEquals(b.labels()[i], b.features().get(i, 0));
    }
    assertArrayEquals(new int[] {8, 9}, seen.get(2));
    loader.dropLast(true);
    assertEquals(2, loader.numBatches());
    int count = 0;
    for (DataLoader.Batch b : loader) {
      assertEquals(4, b.size());
      count++;
    }
    assertEquals(2, count);
  }

  @Test
  void loaderShufflesReproduciblyAndAfreshEachEpoch() {
    Dataset d = numbered(50);
    List<Integer> e1 = epoch(new DataLoader(d, 8).shuffle(new SplittableRandom(3)));
    var again = new DataLoader(d, 8).shuffle(new SplittableRandom(3));
    assertEquals(e1, epoch(again), "same seed, same order");
    List<Integer> e2 = epoch(again);
    assertNotEquals(e1, e2, "a new permutation each epoch");
    for (List<Integer> e : List.of(e1, e2)) {
      assertEquals(50, e.size());
      assertEquals(50, new HashSet<>(e).size(), "every sample once");
    }
    assertNotEquals(epoch(new DataLoader(d, 8)), e1);
  }

  private static List<Integer> epoch(DataLoader loader) {
    List<Integer> out = new ArrayList<>();
    for (DataLoader.Batch b : loader)
      for (int i = 0; i < b.size(); i++) {
        assertEquals(b.labels()[i] * 10.0, b.features().get(i, 1), "features and labels stay paired");
        out.add(b.labels()[i]);
      }
    return out;
  }

  @Test
  void regressionTargetsBatchToo() {
    Tensor x = Tensor.arange(DType.FLOAT64, 12).reshape(6, 2), y = Tensor.arange(DType.FLOAT64, 6).reshape(6, 1);
    var loader = new DataLoader(Dataset.of(x, y), 4).shuffle(new SplittableRandom(1));
    for (DataLoader.Batch b : loader) {
      assertNull(b.labels());
      for (int i = 0; i < b.size(); i++) assertEquals(b.features().get(i, 0) / 2, b.targets().get(i, 0));
    }
  }

  @Test
  void splitIsSeededDisjointAndComplete() {
    Dataset d = numbered(20);
    Dataset.Split s = d.split(0.25, 9);
    assertEquals(5, s.test().size());
    assertEquals(15, s.train().size());
    Set<Integer> all = new HashSet<>();
    for (int l : s.train().labels()) all.add(l);
    for (int l : s.test().labels()) assertTrue(all.add(l), "disjoint");
    assertEquals(20, all.size());
    assertArrayEquals(s.test().labels(), d.split(0.25, 9).test().labels());
    assertFalse(Arrays.equals(s.test().labels(), d.split(0.25, 10).test().labels()));
  }

  @Test
  void standardizationUsesTrainStatisticsAndLeavesConstantColumnsUnscaled() {
    Tensor train = Tensor.of(new double[] {1, 5, 2, 5, 3, 5, 4, 5}, 4, 2);
    Standardizer s = Standardizer.fit(train);
    assertArrayEquals(new double[] {2.5, 5}, s.mean());
    assertArrayEquals(new double[] {Math.sqrt(1.25), 0}, s.std(), 1e-15);
    double[] t = s.transform(train).toDoubleArray();
    double m = 0, v = 0;
    for (int i = 0; i < 4; i++) {
      m += t[2 * i];
      v += t[2 * i] * t[2 * i];
      assertEquals(0, t[2 * i + 1], "constant column centred, not divided by 0");
    }
    assertEquals(0, m, 1e-12);
    assertEquals(4, v, 1e-12);
    assertArrayEquals(new double[] {(10 - 2.5) / Math.sqrt(1.25), 2},
        s.transform(Tensor.of(new double[] {10, 7}, 1, 2)).toDoubleArray(), 1e-12);
    Dataset.Split split = new Dataset.Split(Dataset.of(train, new int[4]),
        Dataset.of(Tensor.of(new double[] {10, 7}, 1, 2), new int[1])).standardized();
    assertEquals(2, split.test().features().get(0, 1));
  }
}
