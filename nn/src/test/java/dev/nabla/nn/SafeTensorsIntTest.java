package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SafeTensors and INT32: I32 written and read back, I64 read by narrowing with a range check. */
class SafeTensorsIntTest {
  @TempDir Path dir;

  /** A safetensors file holding one tensor {@code name} of {@code code} with the given raw little-endian data. */
  private Path file(String name, String code, int[] shape, byte[] data) throws IOException {
    String shapeText = java.util.Arrays.toString(shape).replace(" ", "");
    String json = "{\"" + name + "\":{\"dtype\":\"" + code + "\",\"shape\":" + shapeText + ",\"data_offsets\":[0,"
        + data.length + "]}}";
    byte[] header = json.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(header.length).put(header).put(data);
    Path p = dir.resolve(name + "." + code + ".safetensors");
    Files.write(p, b.array());
    return p;
  }

  private static byte[] longs(long... v) {
    ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (long x : v) b.putLong(x);
    return b.array();
  }

  @Test
  void int32RoundTripsAsI32() throws IOException {
    Path p = dir.resolve("ints.safetensors");
    Tensor idx = Tensor.of(new int[] {3, -1, 4, Integer.MAX_VALUE, Integer.MIN_VALUE, 0}, 2, 3);
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("idx", idx);
    m.put("w", Tensor.of(new double[] {0.5, 1.5}, 2));
    m.put("s", Tensor.of(new int[] {7}).reshape());
    SafeTensors.write(p, m);
    String header = new String(Files.readAllBytes(p), 8, 200, StandardCharsets.ISO_8859_1);
    assertTrue(header.contains("\"idx\":{\"dtype\":\"I32\",\"shape\":[2,3],\"data_offsets\":[0,24]"), header);
    Map<String, Tensor> back = SafeTensors.read(p);
    assertEquals(DType.INT32, back.get("idx").dtype());
    assertEquals(idx.shape(), back.get("idx").shape());
    assertArrayEquals(idx.toIntArray(), back.get("idx").toIntArray());
    assertArrayEquals(new double[] {0.5, 1.5}, back.get("w").toDoubleArray());
    assertEquals(0, back.get("s").rank());
    assertEquals(7, back.get("s").item());
  }

  @Test
  void aLargeInt32TensorMovesInChunks() throws IOException {
    SplittableRandom r = new SplittableRandom(5);
    int[] v = new int[(SafeTensors.CHUNK_BYTES / 4 + 1) * 13 * 2]; // two chunks and more, 13 rows
    for (int i = 0; i < v.length; i++) v[i] = r.nextInt();
    Path p = dir.resolve("big.safetensors");
    SafeTensors.write(p, Map.of("v", Tensor.of(v, 13, v.length / 13)));
    assertArrayEquals(v, SafeTensors.read(p).get("v").toIntArray());
  }

  @Test
  void i64IsReadAsInt32() throws IOException {
    Path p = file("num_batches_tracked", "I64", new int[0], longs(12));
    Tensor t = SafeTensors.read(p).get("num_batches_tracked");
    assertEquals(DType.INT32, t.dtype());
    assertEquals(0, t.rank());
    assertEquals(12, t.item());
    Path q = file("idx", "I64", new int[] {2, 2}, longs(0, -5, Integer.MAX_VALUE, Integer.MIN_VALUE));
    assertArrayEquals(new int[] {0, -5, Integer.MAX_VALUE, Integer.MIN_VALUE}, SafeTensors.read(q).get("idx").toIntArray());
  }

  @Test
  void i64OutsideTheIntRangeIsAnIOExceptionNamingTensorAndValue() throws IOException {
    Path p = file("idx", "I64", new int[] {3}, longs(1, 1L << 32, 2));
    IOException e = assertThrows(IOException.class, () -> SafeTensors.read(p));
    assertTrue(e.getMessage().contains("\"idx\"") && e.getMessage().contains("4294967296")
        && e.getMessage().contains("position 1"), e.getMessage());
    Path q = file("low", "I64", new int[] {1}, longs(Integer.MIN_VALUE - 1L));
    IOException f = assertThrows(IOException.class, () -> SafeTensors.read(q));
    assertTrue(f.getMessage().contains("\"low\"") && f.getMessage().contains("-2147483649"), f.getMessage());
  }

  @Test
  void i64WithTheWrongByteCountIsRefused() throws IOException {
    Path p = file("idx", "I64", new int[] {3}, new byte[12]); // I32's size for I64's dtype
    IOException e = assertThrows(IOException.class, () -> SafeTensors.read(p));
    assertTrue(e.getMessage().contains("needs 24"), e.getMessage());
  }

  @Test
  void loadingAFloatParameterFromAnIntFileIsAnIOException() throws IOException {
    Linear model = new Linear(2, 1, new SplittableRandom(1));
    Path p = dir.resolve("ints.safetensors");
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("weight", Tensor.of(new int[] {1, 2}, 1, 2));
    m.put("bias", Tensor.of(new int[] {0}, 1));
    SafeTensors.write(p, m);
    IOException e = assertThrows(IOException.class, () -> model.load(p));
    assertTrue(e.getMessage().contains("I32") && e.getMessage().contains("FLOAT32"), e.getMessage());
    Path q = file("weight", "I64", new int[] {1, 2}, longs(1, 2));
    IOException f = assertThrows(IOException.class, () -> model.load(q));
    assertTrue(f.getMessage().contains("I64"), f.getMessage());
  }
}
