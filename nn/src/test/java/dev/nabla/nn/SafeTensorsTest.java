package dev.nabla.nn;

import static dev.nabla.nn.Fixtures.assertClose;
import static dev.nabla.nn.Fixtures.map;
import static dev.nabla.nn.Fixtures.tensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SafeTensorsTest {
  @TempDir Path dir;

  static Sequential mlp(DType t, long seed) {
    var rng = new SplittableRandom(seed);
    return new Sequential(new Linear(4, 3, rng, t), new ReLU(), new Linear(3, 2, rng, t));
  }

  /** The exact bits of every parameter, to compare before and after. */
  static List<long[]> bits(Module m) {
    List<long[]> out = new ArrayList<>();
    for (Variable p : m.parameters()) {
      if (p.dtype() == DType.FLOAT32) {
        float[] f = p.value().toFloatArray();
        long[] b = new long[f.length];
        for (int i = 0; i < f.length; i++) b[i] = Float.floatToRawIntBits(f[i]);
        out.add(b);
      } else {
        double[] d = p.value().toDoubleArray();
        long[] b = new long[d.length];
        for (int i = 0; i < d.length; i++) b[i] = Double.doubleToRawLongBits(d[i]);
        out.add(b);
      }
    }
    return out;
  }

  static void assertSameBits(List<long[]> a, List<long[]> b) {
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i), b.get(i), "parameter " + i);
  }

  @ParameterizedTest
  @EnumSource(DType.class)
  void saveLoadRoundTripIsBitExact(DType t) throws IOException {
    Sequential a = mlp(t, 1), b = mlp(t, 2);
    // awkward values too: -0, subnormal, extremes, infinities, NaN
    Linear first = (Linear) a.get(0);
    double[] w = first.weight().value().toDoubleArray();
    w[0] = -0.0;
    w[1] = t == DType.FLOAT32 ? Float.MIN_VALUE : Double.MIN_VALUE;
    w[2] = t == DType.FLOAT32 ? Float.MAX_VALUE : Double.MAX_VALUE;
    w[3] = Double.POSITIVE_INFINITY;
    w[4] = Double.NaN;
    w[5] = 1.0 / 3;
    first.weight().value().copyInPlace(Tensor.of(w).reshape(3, 4).toType(t));
    Path f = dir.resolve("m.safetensors");
    a.save(f);
    b.load(f);
    assertSameBits(bits(a), bits(b));
    assertEquals(Map.of("format", "pt"), SafeTensors.readMetadata(f));
  }

  @Test
  void fileLayoutIsSafetensors() throws IOException {
    Sequential m = mlp(DType.FLOAT32, 3);
    Path f = dir.resolve("m.safetensors");
    m.save(f);
    byte[] bytes = Files.readAllBytes(f);
    ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long n = bb.getLong(0);
    assertEquals(0, (8 + n) % 8, "header padded to 8 bytes");
    String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
    assertEquals('{', header.charAt(0));
    assertEquals("{\"__metadata__\":{\"format\":\"pt\"},"
        + "\"0.weight\":{\"dtype\":\"F32\",\"shape\":[3,4],\"data_offsets\":[0,48]},"
        + "\"0.bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[48,60]},"
        + "\"2.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[60,84]},"
        + "\"2.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[84,92]}}", header.stripTrailing());
    assertEquals(8 + n + 92, bytes.length, "data packed without gaps");
    // data: little-endian float32, row-major, in state_dict order
    float[] w0 = ((Linear) m.get(0)).weight().value().toFloatArray();
    for (int i = 0; i < w0.length; i++) assertEquals(w0[i], bb.getFloat((int) (8 + n) + 4 * i));
    float[] b2 = ((Linear) m.get(2)).bias().value().toFloatArray();
    assertEquals(b2[1], bb.getFloat((int) (8 + n) + 88));
  }

  @Test
  void readAndWriteTensorMaps() throws IOException {
    Map<String, Tensor> in = new LinkedHashMap<>();
    in.put("scalar", Tensor.scalar(2.5));
    in.put("empty", Tensor.zeros(DType.FLOAT32, 0, 3));
    in.put("m", Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3).transpose()); // a view: written row-major
    in.put("name with \"quotes\" and ünïcode", Tensor.of(new float[] {7}, 1));
    Path f = dir.resolve("t.safetensors");
    SafeTensors.write(f, in, Map.of("k", "v"));
    Map<String, Tensor> out = SafeTensors.read(f);
    assertEquals(new ArrayList<>(in.keySet()), new ArrayList<>(out.keySet()));
    for (String k : in.keySet()) {
      assertEquals(in.get(k).dtype(), out.get(k).dtype(), k);
      assertEquals(in.get(k).shape(), out.get(k).shape(), k);
      assertArrayEquals(in.get(k).toDoubleArray(), out.get(k).toDoubleArray(), k);
    }
    assertEquals(Map.of("k", "v"), SafeTensors.readMetadata(f));
  }

  // ---------------------------------------------------------------- PyTorch interop

  @ParameterizedTest
  @EnumSource(DType.class)
  void loadsAFileWrittenFromAPyTorchStateDict(DType t) throws IOException {
    String suffix = t == DType.FLOAT32 ? "f32" : "f64";
    Map<String, Object> fix = Fixtures.json("torch_mlp_" + suffix + ".json");
    Sequential m = mlp(t, 99);
    m.load(Fixtures.path("torch_mlp_" + suffix + ".safetensors"));
    Map<String, Object> params = map(fix.get("params"));
    assertEquals(new ArrayList<>(params.keySet()), new ArrayList<>(m.namedParameters().keySet()));
    for (var e : m.namedParameters().entrySet()) {
      Tensor want = tensor(params.get(e.getKey())).toType(t);
      assertArrayEquals(want.toDoubleArray(), e.getValue().value().toDoubleArray(), e.getKey() + " identical values");
    }
    // same architecture, same numbers: the forward pass agrees with PyTorch's
    Tensor x = tensor(fix.get("x")).toType(t);
    Tensor y = m.forward(Variable.constant(x)).value();
    double tol = t == DType.FLOAT32 ? 1e-6 : 1e-12;
    assertClose(tensor(fix.get("y")), y, tol, tol, "forward vs PyTorch");
  }

  // ---------------------------------------------------------------- hostile and broken files

  private Path good() throws IOException {
    Path f = dir.resolve("good.safetensors");
    mlp(DType.FLOAT32, 5).save(f);
    return f;
  }

  /** A file with the given header (spaces-padded as written) followed by {@code data} bytes. */
  private Path withHeader(String header, int dataBytes) throws IOException {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h);
    Path f = dir.resolve("bad.safetensors");
    Files.write(f, b.array());
    return f;
  }

  private static String entry(String name, String dtype, String shape, long begin, long end) {
    return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + ","
        + end + "]}";
  }

  /** The header of the 4-3-2 MLP with one entry changed by {@code edit}. */
  private static String header(UnaryOperator<String[]> edit) {
    String[] e = {entry("0.weight", "F32", "[3,4]", 0, 48), entry("0.bias", "F32", "[3]", 48, 60),
        entry("2.weight", "F32", "[2,3]", 60, 84), entry("2.bias", "F32", "[2]", 84, 92)};
    return "{" + String.join(",", edit.apply(e)) + "}";
  }

  private void assertRefused(Path file, String... fragments) throws IOException {
    Sequential m = mlp(DType.FLOAT32, 7);
    List<long[]> before = bits(m);
    int[] versions = m.parameters().stream().mapToInt(p -> p.value().version()).toArray();
    IOException e = assertThrows(IOException.class, () -> m.load(file));
    for (String f : fragments)
      assertTrue(e.getMessage().contains(f), () -> "message \"" + e.getMessage() + "\" should mention \"" + f + "\"");
    assertSameBits(before, bits(m));
    assertArrayEquals(versions, m.parameters().stream().mapToInt(p -> p.value().version()).toArray(),
        "no parameter was written");
  }

  @Test
  void refusesAFileShorterThanTheLengthPrefix() throws IOException {
    Path f = dir.resolve("tiny.safetensors");
    Files.write(f, new byte[] {1, 2, 3});
    assertRefused(f, "3 bytes", "too short");
    Files.write(f, new byte[0]);
    assertRefused(f, "0 bytes");
  }

  @Test
  void refusesACutHeader() throws IOException {
    byte[] all = Files.readAllBytes(good());
    Path f = dir.resolve("cut.safetensors");
    Files.write(f, Arrays.copyOf(all, 40));
    assertRefused(f, "header length", "larger than");
  }

  @Test
  void refusesCutData() throws IOException {
    byte[] all = Files.readAllBytes(good());
    Path f = dir.resolve("cut.safetensors");
    Files.write(f, Arrays.copyOf(all, all.length - 5));
    assertRefused(f, "2.bias", "run past the end of the data section");
  }

  @Test
  void refusesAnAbsurdHeaderLength() throws IOException {
    for (long n : new long[] {1L << 62, -1L, 200_000_000L}) {
      ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).putLong(n);
      Path f = dir.resolve("absurd.safetensors");
      Files.write(f, b.array());
      assertRefused(f, "header length " + Long.toUnsignedString(n));
    }
  }

  @Test
  void refusesAHeaderAboveTheCapEvenIfTheFileIsThatLarge() throws IOException {
    Path f = dir.resolve("sparse.safetensors");
    try (var ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.CREATE_NEW,
        java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.SPARSE)) {
      ch.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, SafeTensors.MAX_HEADER_BYTES + 1));
      ch.write(ByteBuffer.allocate(1), SafeTensors.MAX_HEADER_BYTES + 16);
    }
    assertRefused(f, "exceeds the limit");
  }

  @Test
  void refusesInvalidJson() throws IOException {
    assertRefused(withHeader("{\"0.weight\": {\"dtype\": \"F32\", ", 0), "not valid JSON");
    assertRefused(withHeader("[1, 2]  ", 0), "not a JSON object");
    assertRefused(withHeader("{\"a\":1,\"a\":2}", 0), "duplicate key");
    assertRefused(withHeader("[".repeat(1000) + "]".repeat(1000), 0), "nested deeper");
    assertRefused(withHeader("{\"x\":[" + "0,".repeat(2_000_000) + "0]}", 0), "more values than the limit");
    byte[] bad = {'{', '"', (byte) 0xC3, '"', ':', '1', '}', ' '};
    Path f = withHeader("", 0);
    ByteBuffer b = ByteBuffer.allocate(8 + bad.length).order(ByteOrder.LITTLE_ENDIAN).putLong(bad.length).put(bad);
    Files.write(f, b.array());
    assertRefused(f, "UTF-8");
  }

  @Test
  void refusesOffsetsPastTheEnd() throws IOException {
    assertRefused(withHeader(header(e -> {
      e[3] = entry("2.bias", "F32", "[2]", 84, 1L << 40);
      return e;
    }), 92), "2.bias", "span");
    assertRefused(withHeader(header(e -> {
      e[3] = entry("2.bias", "F32", "[2]", 92, 100);
      return e;
    }), 92), "2.bias", "past the end");
    assertRefused(withHeader(header(e -> {
      e[3] = entry("2.bias", "F32", "[2]", 84, 92);
      return e;
    }).replace("[84,92]", "[84,99999999999999999999]"), 92), "2.bias", "data_offsets");
  }

  @Test
  void refusesOverlappingOrInconsistentOffsets() throws IOException {
    assertRefused(withHeader(header(e -> {
      e[1] = entry("0.bias", "F32", "[3]", 40, 52);
      return e;
    }), 92), "overlap");
    assertRefused(withHeader(header(e -> {
      e[1] = entry("0.bias", "F32", "[3]", 48, 56);
      return e;
    }), 92), "0.bias", "span 8 bytes", "needs 12");
    assertRefused(withHeader(header(e -> {
      e[3] = entry("2.bias", "F32", "[2]", 88, 96);
      return e;
    }), 96), "gap");
    assertRefused(withHeader(header(e -> e), 100), "trailing");
    assertRefused(withHeader(header(e -> {
      e[0] = entry("0.weight", "F32", "[3,4]", 48, 0);
      return e;
    }), 92), "end before they begin");
  }

  @Test
  void refusesAWrongDtypeForAParameter() throws IOException {
    assertRefused(withHeader(header(e -> {
      e[3] = entry("2.bias", "F64", "[2]", 84, 100);
      return e;
    }), 100), "2.bias", "F64", "F32");
  }

  @Test
  void refusesAWrongShape() throws IOException {
    assertRefused(withHeader(header(e -> {
      e[2] = entry("2.weight", "F32", "[3,2]", 60, 84);
      return e;
    }), 92), "2.weight", "[3, 2]", "[2, 3]");
    assertRefused(withHeader(header(e -> {
      e[2] = entry("2.weight", "F32", "[2,-3]", 60, 84);
      return e;
    }), 92), "2.weight", "non-negative");
  }

  @Test
  void refusesAMissingParameter() throws IOException {
    assertRefused(withHeader(header(e -> Arrays.copyOf(e, 3)), 84), "missing parameter \"2.bias\"");
  }

  @Test
  void refusesAnUnknownNameWhenStrictButNotOtherwise() throws IOException {
    Path f = withHeader(header(e -> {
      String[] more = Arrays.copyOf(e, 5);
      more[4] = entry("extra", "F32", "[1]", 92, 96);
      return more;
    }), 96);
    assertRefused(f, "unexpected tensor \"extra\"");
    Sequential m = mlp(DType.FLOAT32, 7);
    m.load(f, false); // all zeros in the file
    for (Variable p : m.parameters()) assertArrayEquals(new double[p.size()], p.value().toDoubleArray());
  }

  @Test
  void refusesUnknownAndUnsupportedDtypes() throws IOException {
    assertRefused(withHeader(header(e -> {
      e[3] = entry("2.bias", "F33", "[2]", 84, 92);
      return e;
    }), 92), "2.bias", "unknown dtype \"F33\"");
    assertRefused(withHeader(header(e -> {
      e[3] = entry("2.bias", "BF16", "[4]", 84, 92);
      return e;
    }), 92), "2.bias", "BF16", "not supported");
  }

  @Test
  void refusesMalformedEntries() throws IOException {
    assertRefused(withHeader("{\"0.weight\":{\"dtype\":\"F32\",\"shape\":[3,4]}}", 48), "0.weight", "data_offsets");
    assertRefused(withHeader("{\"0.weight\":[1]}", 0), "0.weight", "not an object");
    assertRefused(withHeader("{\"__metadata__\":{\"a\":1}}", 0), "__metadata__");
    assertRefused(withHeader("{\"x\":{\"dtype\":\"F32\",\"shape\":[65536,65536,65536],\"data_offsets\":[0,4]}}", 4),
        "x", "more elements");
  }

  @Test
  void aFailedSaveLeavesTheOldFile() throws IOException {
    Path f = good();
    byte[] before = Files.readAllBytes(f);
    Map<String, Tensor> bad = new LinkedHashMap<>();
    bad.put("", Tensor.scalar(1));
    assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(f, bad));
    assertArrayEquals(before, Files.readAllBytes(f));
    try (var s = Files.list(dir)) {
      assertEquals(1, s.count(), "no temporary file left behind");
    }
  }
}
