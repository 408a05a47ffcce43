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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
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
  @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
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
  @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
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
    assertRefused(withHeader(header(e -> {
      e[1] = e[0];
      return e;
    }), 92), "\"0.weight\" twice");
    assertRefused(withHeader("{\"__metadata__\":{},\"__metadata__\":{}}", 0), "\"__metadata__\" twice");
    assertRefused(withHeader("{\"__metadata__\":{\"a\":\"1\",\"a\":\"2\"}}", 0), "\"a\" twice");
    assertRefused(withHeader(header(e -> {
      e[0] = e[0].replace("\"dtype\":\"F32\"", "\"dtype\":\"F32\",\"dtype\":\"F32\"");
      return e;
    }), 92), "0.weight", "\"dtype\" appears twice");
    assertRefused(withHeader(header(e -> {
      e[0] = e[0].replace("{\"dtype\"", "{\"extra\":" + "[".repeat(1000) + "]".repeat(1000) + ",\"dtype\"");
      return e;
    }), 92), "nested deeper");
    assertRefused(withHeader("{\"x\":[" + "0,".repeat(2_000_000) + "0]}", 0), "x", "not an object");
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

  // ---------------------------------------------------------------- issue 11: escapes (item 7)

  /** The 4-3-2 MLP's header with the key of 0.weight written as {@code key} (raw JSON text, escapes and all). */
  private Path withWeightKey(String key) throws IOException {
    return withHeader(header(e -> {
      e[0] = e[0].replace("\"0.weight\"", "\"" + key + "\"");
      return e;
    }), 92);
  }

  @Test
  void refusesUnicodeEscapesWithNonAsciiDigits() throws IOException {
    // Arabic-Indic digits: \u0660\u0660\u0667\u0664 once decoded as "t", so the key posed as "0.weight"
    assertRefused(withWeightKey("0.weigh\\u\u0660\u0660\u0667\u0664"), "not valid JSON", "ASCII hex digits");
    assertRefused(withWeightKey("0.weigh\\u\uFF10\uFF10\uFF17\uFF14"), "ASCII hex digits"); // fullwidth digits
    assertRefused(withWeightKey("0.weigh\\u007g"), "ASCII hex digits");
    assertRefused(withWeightKey("0.weigh\\u07"), "not valid JSON");
    assertRefused(withWeightKey("0.weigh\\x74"), "invalid escape");
    // the same key with a proper escape, upper or lower case, is "0.weight" and loads
    for (String ok : new String[] {"0.weigh\\u0074", "\\u0030\\u002e\\u0077eight", "\\u0030\\u002E\\u0077eight"}) {
      Sequential m = mlp(DType.FLOAT32, 7);
      m.load(withWeightKey(ok));
      assertEquals(0.0, m.parameters().get(0).value().get(0, 0));
    }
  }

  @Test
  void refusesLoneSurrogatesAndAcceptsPairs() throws IOException {
    for (String v : new String[] {"\\uD800", "\\uDC00", "x\\uDBFFy", "\\uD800\\u0041", "\\uD800\\n", "\\uDE00\\uD83D",
        "\\uD83D\\uD83D"}) {
      Path f = withHeader("{\"__metadata__\":{\"k\":\"" + v + "\"}}", 0);
      assertRefused(f, "not valid JSON", "surrogate");
      IOException e = assertThrows(IOException.class, () -> SafeTensors.read(f));
      assertTrue(e.getMessage().contains("surrogate"), e.getMessage());
    }
    Path f = withHeader("{\"__metadata__\":{\"k\":\"\\uD83D\\ude00 \\u00e9\\u00C9 \u00e9\ud83d\ude00\"}}", 0);
    assertEquals(Map.of("k", "\ud83d\ude00 \u00e9\u00c9 \u00e9\ud83d\ude00"), SafeTensors.readMetadata(f));
  }

  @Test
  void refusesMalformedUtf8() throws IOException {
    byte[][] bad = {{(byte) 0xC3}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
        {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xFF}};
    for (byte[] b : bad) {
      byte[] h = ("{\"__metadata__\":{\"k\":\"" + "\u0001".repeat(b.length) + "\"}}").getBytes(StandardCharsets.UTF_8);
      System.arraycopy(b, 0, h, 22, b.length);
      Path f = dir.resolve("utf8.safetensors");
      Files.write(f, ByteBuffer.allocate(8 + h.length).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h).array());
      assertRefused(f, "invalid UTF-8");
    }
  }

  @Test
  void writingALoneSurrogateIsRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> SafeTensors.write(dir.resolve("s.safetensors"), Map.of("w\uD800", Tensor.scalar(1))));
    assertThrows(IllegalArgumentException.class,
        () -> SafeTensors.write(dir.resolve("s.safetensors"), Map.of(), Map.of("k", "\uDC00")));
  }

  // ---------------------------------------------------------------- issue 11: header size (item 8)

  @Test
  void refusesAStringLongerThanTheCap() throws IOException {
    String big = "a".repeat((int) SafeTensors.MAX_STRING_BYTES + 1);
    assertRefused(withHeader("{\"__metadata__\":{\"k\":\"" + big + "\"}}", 0), "string longer than "
        + SafeTensors.MAX_STRING_BYTES);
    assertRefused(withHeader("{\"" + big + "\":{}}", 0), "string longer than");
    // at the cap exactly, it is read
    String atCap = "b".repeat((int) SafeTensors.MAX_STRING_BYTES);
    assertEquals(atCap.length(), SafeTensors.readMetadata(withHeader("{\"__metadata__\":{\"k\":\"" + atCap + "\"}}", 0))
        .get("k").length());
  }

  @Test
  void refusesMetadataLongerThanTheCap() throws IOException {
    String half = "c".repeat((int) (SafeTensors.MAX_METADATA_BYTES / 2));
    assertRefused(withHeader("{\"__metadata__\":{\"k1\":\"" + half + "\",\"k2\":\"" + half + "\"}}", 0),
        "__metadata__ is longer than");
  }

  @Test
  void refusesAHeaderThatWouldTakeMoreMemoryThanItsSizeAllows() throws IOException {
    // 300,000 tiny metadata pairs: 3.6 MB of header would become ~30 MB of maps and strings
    StringBuilder b = new StringBuilder("{\"__metadata__\":{");
    for (int i = 0; i < 300_000; i++) b.append(i == 0 ? "" : ",").append('"').append(Integer.toString(i, 36))
        .append("\":\"\"");
    assertRefused(withHeader(b.append("}}").toString(), 0), "more memory");
  }

  // ---------------------------------------------------------------- issue 11: > 2 GiB (item 9)

  /** A sparse file: {@code header}, then a data section of {@code dataBytes} holding {@code tail} at its end. */
  private Path sparse(String header, long dataBytes, byte[] head, byte[] tail) throws IOException {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    Path f = dir.resolve("huge.safetensors");
    Files.deleteIfExists(f);
    try (var ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.CREATE_NEW,
        java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.SPARSE)) {
      ch.write(ByteBuffer.allocate(8 + h.length).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h).flip());
      ch.write(ByteBuffer.wrap(head), 8 + h.length);
      ch.write(ByteBuffer.wrap(tail), 8 + h.length + dataBytes - tail.length);
    }
    return f;
  }

  /**
   * A read-only file of {@code head} followed by {@code dataBytes} bytes that repeat {@code period}
   * — made up as it is read, so a test can read gigabytes without disk or page cache.
   */
  private static final class SyntheticFile implements SeekableByteChannel {
    final byte[] head, repeated;
    final int period;
    final long size;
    long position;

    SyntheticFile(byte[] head, byte[] period, long dataBytes) {
      this.head = head;
      this.period = period.length;
      this.repeated = new byte[(SafeTensors.CHUNK_BYTES / period.length + 2) * period.length];
      for (int i = 0; i < repeated.length; i++) repeated[i] = period[i % period.length];
      this.size = head.length + dataBytes;
    }

    @Override
    public int read(ByteBuffer dst) {
      if (position >= size) return -1;
      int n;
      if (position < head.length) {
        n = (int) Math.min(dst.remaining(), head.length - position);
        dst.put(head, (int) position, n);
      } else {
        int off = (int) ((position - head.length) % period);
        n = (int) Math.min(Math.min(dst.remaining(), size - position), repeated.length - off);
        dst.put(repeated, off, n);
      }
      position += n;
      return n;
    }

    @Override
    public SeekableByteChannel position(long p) {
      position = p;
      return this;
    }

    @Override
    public long position() {
      return position;
    }

    @Override
    public long size() {
      return size;
    }

    @Override
    public int write(ByteBuffer src) {
      throw new UnsupportedOperationException();
    }

    @Override
    public SeekableByteChannel truncate(long s) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }

  @Test
  void readsATensorOfMoreThan2GiB() throws IOException {
    int n = (1 << 29) + 1; // F32: 2,147,483,652 bytes of 0, 1, ..., 6, 0, 1, ...
    long bytes = 4L * n;
    ByteBuffer period = ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 7; i++) period.putFloat(i);
    byte[] h = ("{" + entry("big", "F32", "[" + n + "]", 0, bytes) + "}").getBytes(StandardCharsets.UTF_8);
    byte[] head = ByteBuffer.allocate(8 + h.length).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h).array();
    Tensor t = SafeTensors.read(new SyntheticFile(head, period.array(), bytes), dir.resolve("synthetic")).get("big");
    assertArrayEquals(new int[] {n}, t.shape().dims());
    for (int i : new int[] {0, 1, 6, 7, 262_143, 262_144, n / 2, n - 8, n - 2, n - 1})
      assertEquals(i % 7, t.get(i), "element " + i);
  }

  @Test
  void refusesATensorTooLargeForAJavaArrayBeforeAllocating() throws IOException {
    long bytes = 4L * 50_000 * 50_000; // 10 GB, all present (sparse): only the array limit stops it
    Path f = sparse("{" + entry("w", "F32", "[50000,50000]", 0, bytes) + "}", bytes, new byte[1], new byte[1]);
    IOException e = assertThrows(IOException.class, () -> SafeTensors.read(f));
    assertTrue(e.getMessage().contains("\"w\"") && e.getMessage().contains("more elements than a Java array can hold"),
        e.getMessage());
  }

  /**
   * A channel that keeps the first {@code dataStart} bytes written and checks every later one
   * against {@code pattern} repeated (compared a buffer at a time), then {@code tail}.
   */
  private static final class CheckingChannel implements WritableByteChannel {
    final ByteArrayOutputStream head = new ByteArrayOutputStream();
    final long dataStart, patternBytes;
    final ByteBuffer repeated, tail;
    long written;

    CheckingChannel(long dataStart, byte[] pattern, long patternBytes, byte[] tail) {
      this.dataStart = dataStart;
      this.patternBytes = patternBytes;
      byte[] r = new byte[(SafeTensors.CHUNK_BYTES / pattern.length + 2) * pattern.length];
      for (int i = 0; i < r.length; i++) r[i] = pattern[i % pattern.length];
      this.repeated = ByteBuffer.wrap(r);
      this.tail = ByteBuffer.wrap(tail);
      this.pattern = pattern.length;
    }

    final int pattern;

    @Override
    public int write(ByteBuffer b) {
      int n = b.remaining();
      while (b.hasRemaining() && written < dataStart) {
        head.write(b.get());
        written++;
      }
      while (b.hasRemaining()) {
        long p = written - dataStart;
        int k = (int) Math.min(b.remaining(), p < patternBytes ? patternBytes - p : tail.capacity() - (p - patternBytes));
        ByteBuffer want = p < patternBytes ? repeated.slice((int) (p % pattern), k)
            : tail.slice((int) (p - patternBytes), k);
        ByteBuffer got = b.slice(b.position(), k);
        if (got.mismatch(want) >= 0) throw new AssertionError("data differs at byte " + (written + got.mismatch(want)));
        b.position(b.position() + k);
        written += k;
      }
      return n;
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }

  @Test
  void writesATensorOfMoreThan2GiBInChunks() throws IOException {
    int rows = 89_478_486; // [rows, 3] F64: 2,147,483,664 bytes; a broadcast view, so it takes no memory
    Tensor big = Tensor.of(new double[] {1, 2, 3}, 3).expand(rows, 3);
    long bytes = 8L * rows * 3;
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("big", big);
    m.put("after", Tensor.of(new float[] {7}, 1));
    byte[] header = SafeTensors.header(m, Map.of());
    String json = new String(header, StandardCharsets.UTF_8).strip();
    assertEquals("{" + entry("big", "F64", "[" + rows + ",3]", 0, bytes) + "," + entry("after", "F32", "[1]", bytes,
        bytes + 4) + "}", json);
    byte[] one = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putDouble(1).putDouble(2).putDouble(3).array();
    byte[] seven = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(7).array();
    CheckingChannel ch = new CheckingChannel(8 + header.length, one, bytes, seven);
    SafeTensors.write(ch, header, m.values());
    assertEquals(8 + header.length + bytes + 4, ch.written);
    byte[] h = ch.head.toByteArray();
    assertEquals(header.length, ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN).getLong(0));
  }

  @Test
  void writesAndReadsTensorsSpanningSeveralChunks() throws IOException {
    // rows of one chunk and more, a transposed view, and a single row bigger than a chunk
    SplittableRandom rng = new SplittableRandom(11);
    Map<String, Tensor> in = new LinkedHashMap<>();
    in.put("rows", Tensor.randn(DType.FLOAT32, rng, 700, 1000));
    in.put("wide", Tensor.randn(DType.FLOAT64, rng, 2, 300_000));
    in.put("t", Tensor.randn(DType.FLOAT64, rng, 1000, 300).transpose());
    Path f = dir.resolve("chunks.safetensors");
    SafeTensors.write(f, in);
    Map<String, Tensor> out = SafeTensors.read(f);
    for (String k : in.keySet()) {
      assertEquals(in.get(k).shape(), out.get(k).shape(), k);
      assertArrayEquals(in.get(k).toDoubleArray(), out.get(k).toDoubleArray(), k);
    }
  }

  // ---------------------------------------------------------------- issue 11: zero-size shapes (item 10)

  @Test
  void zeroAnywhereInAShapeMeansAnEmptyTensor() throws IOException {
    Path f = withHeader("{" + entry("a", "F32", "[0,65536,65536]", 0, 0) + "," + entry("b", "F64", "[65536,0,65536]",
        0, 0) + "," + entry("s", "F32", "[]", 0, 4) + "}", 4);
    Map<String, Tensor> m = SafeTensors.read(f);
    assertArrayEquals(new int[] {0, 65536, 65536}, m.get("a").shape().dims());
    assertEquals(0, m.get("a").size());
    assertEquals(DType.FLOAT64, m.get("b").dtype());
    assertEquals(0, m.get("b").size());
    assertEquals(0, m.get("s").rank());
  }

  @Test
  void aZeroAfterAnOverflowingPrefixLoadsAsAnEmptyTensor() throws IOException {
    Path f = withHeader("{" + entry("late", "F32", "[65536,65536,0]", 0, 0) + "," + entry("later", "F64",
        "[65536,65536,65536,0]", 0, 0) + "}", 0);
    Map<String, Tensor> m = SafeTensors.read(f);
    assertArrayEquals(new int[] {65536, 65536, 0}, m.get("late").shape().dims());
    assertEquals(0, m.get("late").size());
    assertArrayEquals(new int[] {65536, 65536, 65536, 0}, m.get("later").shape().dims());
    assertEquals(0, m.get("later").size());
  }

  @Test
  void refusesOverflowingShapesAsIOExceptions() throws IOException {
    for (String shape : new String[] {"[65536,65536,65536]", "[4294967296]", "[2147483648,0]",
        "[9223372036854775807,9223372036854775807]", "[3037000500,3037000500,1]"}) {
      Path f = withHeader("{" + entry("x", "F32", shape, 0, 4) + "}", 4);
      IOException e = assertThrows(IOException.class, () -> SafeTensors.read(f), shape);
      assertTrue(e.getMessage().contains("\"x\""), e.getMessage());
    }
  }

  // ---------------------------------------------------------------- issue 11: nulls (item 12)

  @Test
  void nullArgumentsNameTheParameter() throws IOException {
    Path f = good();
    Map<String, Tensor> one = Map.of("w", Tensor.scalar(1));
    Sequential m = mlp(DType.FLOAT32, 1);
    Map<String, Tensor> nullValue = new java.util.HashMap<>();
    nullValue.put("w", null);
    Map<String, String> nullMeta = new java.util.HashMap<>();
    nullMeta.put("k", null);
    List<Map.Entry<String, org.junit.jupiter.api.function.Executable>> cases = List.of(
        Map.entry("path", () -> SafeTensors.read(null)),
        Map.entry("path", () -> SafeTensors.readMetadata(null)),
        Map.entry("path", () -> SafeTensors.write(null, one)),
        Map.entry("tensors", () -> SafeTensors.write(f, null)),
        Map.entry("metadata", () -> SafeTensors.write(f, one, null)),
        Map.entry("\"w\" in tensors", () -> SafeTensors.write(f, nullValue)),
        Map.entry("\"k\" in metadata", () -> SafeTensors.write(f, one, nullMeta)),
        Map.entry("path", () -> m.save(null)),
        Map.entry("path", () -> m.load(null)),
        Map.entry("path", () -> m.load(null, false)),
        Map.entry("state", () -> m.loadStateDict(null, true)));
    for (var c : cases) {
      NullPointerException e = assertThrows(NullPointerException.class, c.getValue());
      assertTrue(e.getMessage() != null && e.getMessage().contains(c.getKey()), () -> e.getMessage() + " / " + c.getKey());
    }
  }
}
