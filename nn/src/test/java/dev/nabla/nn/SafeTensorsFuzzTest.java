package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutation fuzzing of the safetensors reader (issue 11): 10,000 files mutated from valid ones with a
 * fixed seed — truncations, bit flips in the length prefix, header and data, and JSON-level edits
 * (dtypes, shapes, offsets, duplicate keys, escapes, invalid UTF-8, nesting, huge numbers, long
 * strings) — go through {@link SafeTensors#read} and a strict {@link Module#load}. Every outcome
 * must be a successful read or an {@link IOException}; a failed load must leave every parameter bit
 * and version as it was.
 *
 * <p>Runs in its own Surefire execution under {@code -Xmx256m} (see {@code nn/pom.xml}), so an
 * allocation sized by the file shows up as an OutOfMemoryError here.
 */
class SafeTensorsFuzzTest {
  static final long SEED = 20_261_202L;
  static final int CASES = 10_000;

  @TempDir Path dir;

  /** A valid file to mutate, and the dtype of the MLP that a strict load targets. */
  private record Base(String name, String header, byte[] data, DType model) {}

  /** A file under test: header text and data (mutated as JSON), then bytes (mutated raw). */
  private static final class Case {
    String header;
    byte[] data;
    byte[] bytes;
    final List<String> steps = new ArrayList<>();

    byte[] assemble() {
      byte[] h = header.getBytes(StandardCharsets.UTF_8);
      return ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h)
          .put(data).array();
    }
  }

  private List<Base> bases() throws IOException {
    List<Base> out = new ArrayList<>();
    for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) { // the floating dtypes
      Path f = dir.resolve("base-" + t + ".safetensors");
      SafeTensorsTest.mlp(t, 5).save(f);
      out.add(split("mlp-" + t, Files.readAllBytes(f), t));
    }
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("scalar", Tensor.scalar(2.5));
    m.put("empty", Tensor.zeros(DType.FLOAT32, 0, 3));
    m.put("x/\u00fcn\u00efc\u00f8d\u00e9 \ud83d\ude00", Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3));
    m.put("0.weight", Tensor.zeros(DType.FLOAT32, 3, 4));
    Path f = dir.resolve("base-map.safetensors");
    Map<String, String> meta = new LinkedHashMap<>(); // Map.of's order changes from run to run
    meta.put("format", "pt");
    meta.put("note", "tab\there \"quoted\" \\ \u00e9");
    SafeTensors.write(f, m, meta);
    out.add(split("map", Files.readAllBytes(f), DType.FLOAT32));
    return out;
  }

  private static Base split(String name, byte[] file, DType model) {
    int n = (int) ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    return new Base(name, new String(file, 8, n, StandardCharsets.UTF_8), Arrays.copyOfRange(file, 8 + n, file.length),
        model);
  }

  // ---------------------------------------------------------------- mutations

  private static final String[] DTYPES = {"F16", "BF16", "I64", "U8", "BOOL", "F32", "F64", "", "f32", "F32 ",
      "FLOAT", "\\u0046\\u0033\\u0032", "F8_E4M3", "C64", "F\\u00332"};
  private static final String[] NON_STRINGS = {"0", "null", "[]", "{}", "true", "\"F32\"x", "1e999999"};
  private static final String[] SHAPES = {"[]", "[0]", "[1]", "[3,4]", "[4,3]", "[2,3]", "[12]", "[65536,65536,0]",
      "[0,65536,65536]", "[65536,0,65536]", "[65536,65536,65536]", "[-1]", "[-3,4]", "[1e3]", "[3.0,4]", "[2147483647]",
      "[2147483648]", "[4294967296,0]", "[99999999999999999999999]", "[9223372036854775807,2]", "[3037000500,3037000500]",
      "[" + "1,".repeat(64) + "1]", "[" + "1,".repeat(63) + "12]", "[[3],4]", "[\"3\",4]", "[3,]", "[,3]", "3", "{}",
      "[3 4]", "[1,1,1,1,3,4]", "[0,0]", "[536870912]", "[268435457]"};
  private static final String[] OFFSETS = {"[0,0]", "[0,4]", "[0,48]", "[48,0]", "[-1,4]", "[0,9223372036854775807]",
      "[0,18446744073709551616]", "[0,1e3]", "[0]", "[0,4,8]", "\"x\"", "[0.0,4]", "[9223372036854775807,"
      + "9223372036854775807]", "[2147483648,2147483696]", "[4,52]", "[84,92]", "[60,84]", "[0,2147483652]", "[]",
      "[0,-0]", "[00,4]"};
  private static final String[] ESCAPES = {"\\u0074", "\\u0030", "\\u\u0660\u0660\u0667\u0664", "\\uD800", "\\uDC00",
      "\\uD83D\\uDE00", "\\uD83D\\u0041", "\\uD83D", "\\u12", "\\u12G4", "\\x", "\\", "\\u00e9", "\\/", "\\\"", "\\n",
      "\\u0000", "\\uFFFF", "\\uFEFF", "\\U0074", "\\u+074", "\\u-074", "\\u 074"};
  private static final String[] NUMBERS = {"1e999999", "-0", "0.0", "1E2", "00", "-", "1.5e300", "1.", ".5", "+4",
      "0x10", "Infinity", "NaN", "123456789012345678901234567890", "9223372036854775808", "-9223372036854775809",
      "4e", "1e+", "18446744073709551615"};
  private static final byte[][] UTF8 = {{(byte) 0xC3}, {(byte) 0xC3, (byte) 0xA9}, {(byte) 0xC0, (byte) 0x80},
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80}, {(byte) 0xFF},
      {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, {0}, {0x1F}};

  private static final Pattern DTYPE_VALUE = Pattern.compile("\"dtype\":\"[^\"]*\"");
  private static final Pattern SHAPE_VALUE = Pattern.compile("\"shape\":\\[[^\\]]*\\]");
  private static final Pattern OFFSETS_VALUE = Pattern.compile("\"data_offsets\":\\[[^\\]]*\\]");
  private static final Pattern ENTRY = Pattern.compile("\"[^\"]*\":\\{\"dtype\"[^}]*\\}");
  private static final Pattern NUMBER = Pattern.compile("-?\\d+");
  private static final Pattern KEY = Pattern.compile("\"([^\"\\\\]+)\":");

  private static String pick(SplittableRandom r, String[] a) {
    return a[r.nextInt(a.length)];
  }

  /** Replaces one random match of {@code p} in {@code s} with {@code with(match)}; false if none. */
  private static boolean replaceOne(Case c, SplittableRandom r, Pattern p, java.util.function.UnaryOperator<String> with) {
    List<int[]> spans = new ArrayList<>();
    Matcher m = p.matcher(c.header);
    while (m.find()) spans.add(new int[] {m.start(), m.end()});
    if (spans.isEmpty()) return false;
    int[] s = spans.get(r.nextInt(spans.size()));
    c.header = c.header.substring(0, s[0]) + with.apply(c.header.substring(s[0], s[1])) + c.header.substring(s[1]);
    return true;
  }

  private static int anyIndex(SplittableRandom r, String s) {
    return s.isEmpty() ? 0 : r.nextInt(s.length() + 1);
  }

  private static String insertAt(String s, int at, String what) {
    return s.substring(0, at) + what + s.substring(at);
  }

  /** One JSON-level edit of the header text. */
  private static void mutateJson(Case c, SplittableRandom r) {
    int kind = r.nextInt(13);
    String step;
    switch (kind) {
      case 0 -> {
        String v = r.nextInt(5) == 0 ? pick(r, NON_STRINGS) : "\"" + pick(r, DTYPES) + "\"";
        replaceOne(c, r, DTYPE_VALUE, s -> "\"dtype\":" + v);
        step = "dtype " + v;
      }
      case 1 -> {
        String v = pick(r, SHAPES);
        replaceOne(c, r, SHAPE_VALUE, s -> "\"shape\":" + v);
        step = "shape " + v;
      }
      case 2 -> {
        String v = pick(r, OFFSETS);
        replaceOne(c, r, OFFSETS_VALUE, s -> "\"data_offsets\":" + v);
        step = "offsets " + v;
      }
      case 3 -> { // duplicates: an entry, a field, or the metadata
        int how = r.nextInt(3);
        if (how == 0) replaceOne(c, r, ENTRY, s -> s + "," + s);
        else if (how == 1) replaceOne(c, r, DTYPE_VALUE, s -> s + "," + s);
        else c.header = c.header.replaceFirst("^\\{", "{\"__metadata__\":{\"a\":\"b\"},");
        step = "duplicate " + how;
      }
      case 4 -> { // an escape inside a key
        String e = pick(r, ESCAPES);
        replaceOne(c, r, KEY, s -> {
          int at = 1 + r.nextInt(s.length() - 2);
          return s.substring(0, at) + e + s.substring(at + (r.nextBoolean() ? 1 : 0));
        });
        step = "escape " + e;
      }
      case 5 -> { // nesting, as an unknown field of an entry or a top-level value
        int depth = 1 + r.nextInt(r.nextBoolean() ? 70 : 3000);
        String open = r.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        String v = open.repeat(depth) + (open.equals("[") ? "" : "0") + close.repeat(depth);
        if (r.nextBoolean()) replaceOne(c, r, DTYPE_VALUE, s -> "\"n\":" + v + "," + s);
        else c.header = c.header.replaceFirst("^\\{", "{\"n\":" + Matcher.quoteReplacement(v) + ",");
        step = "nesting " + depth;
      }
      case 6 -> {
        String v = r.nextInt(8) == 0 ? "9".repeat(1 + r.nextInt(5000)) : pick(r, NUMBERS);
        replaceOne(c, r, NUMBER, s -> v);
        step = "number " + (v.length() > 30 ? v.length() + " digits" : v);
      }
      case 7 -> { // a long string: metadata value, tensor name or unknown field
        int len = switch (r.nextInt(200)) {
          case 0 -> (int) SafeTensors.MAX_STRING_BYTES + 1;
          case 1, 2 -> 1 << 20;
          default -> r.nextInt(1 << (1 + r.nextInt(16)));
        };
        String v = "\"" + "s".repeat(len) + "\"";
        int where = r.nextInt(3);
        if (where == 0) c.header = c.header.replaceFirst("^\\{", "{\"__metadata__\":{\"long\":" + v + "},");
        else if (where == 1) replaceOne(c, r, KEY, s -> v + ":");
        else replaceOne(c, r, DTYPE_VALUE, s -> "\"u\":" + v + "," + s);
        step = "string " + len + " at " + where;
      }
      case 8 -> { // raw bytes into the header text: UTF-8 good and bad
        byte[] h = c.header.getBytes(StandardCharsets.UTF_8);
        byte[] u = UTF8[r.nextInt(UTF8.length)];
        int at = r.nextInt(h.length + 1);
        byte[] out = new byte[h.length + u.length];
        System.arraycopy(h, 0, out, 0, at);
        System.arraycopy(u, 0, out, at, u.length);
        System.arraycopy(h, at, out, at + u.length, h.length - at);
        c.steps.add("utf8 bytes " + Arrays.toString(u) + " at " + at);
        c.bytes = ByteBuffer.allocate(8 + out.length + c.data.length).order(ByteOrder.LITTLE_ENDIAN)
            .putLong(out.length).put(out).put(c.data).array();
        return;
      }
      case 9 -> { // delete, or insert a structural character
        int at = anyIndex(r, c.header);
        if (r.nextBoolean() && at < c.header.length()) {
          c.header = c.header.substring(0, at) + c.header.substring(at + 1);
          step = "delete char at " + at;
        } else {
          String ch = pick(r, new String[] {"{", "}", "[", "]", ",", ":", "\"", "\\", " ", "\t", "\n", "x", "0"});
          c.header = insertAt(c.header, at, ch);
          step = "insert " + ch + " at " + at;
        }
      }
      case 10 -> { // not an object at the top, or padding after it
        String[] tops = {"[]", "\"x\"", "1", "null", "{}", "", "{", "}", "{} x", "{}{}"};
        if (r.nextBoolean()) {
          c.header = pick(r, tops);
          step = "top " + c.header;
        } else {
          String pad = pick(r, new String[] {" ", "\t\n\r ", "\0", "  \0", "x", "}"}).repeat(1 + r.nextInt(9));
          c.header = c.header + pad;
          step = "padding " + pad.length();
        }
      }
      case 11 -> { // drop a field or add an unknown one
        if (r.nextBoolean()) {
          Pattern p = pick(r, new String[] {"d", "s", "o"}).equals("d") ? DTYPE_VALUE : r.nextBoolean() ? SHAPE_VALUE
              : OFFSETS_VALUE;
          replaceOne(c, r, p, s -> "\"gone\":0");
          step = "drop a field";
        } else {
          replaceOne(c, r, DTYPE_VALUE, s -> "\"extra\":{\"k\":[1,2.5,\"v\",true,null]}," + s);
          step = "unknown field";
        }
      }
      default -> { // an extra tensor entry, valid or not
        String e = "\"extra" + r.nextInt(3) + "\":{\"dtype\":\"F32\",\"shape\":" + pick(r, SHAPES)
            + ",\"data_offsets\":" + pick(r, OFFSETS) + "}";
        c.header = c.header.replaceFirst("^\\{", "{" + Matcher.quoteReplacement(e) + ",");
        step = "extra entry " + e;
      }
    }
    c.steps.add(step);
  }

  /** One raw edit of the file bytes. */
  private static void mutateBytes(Case c, SplittableRandom r) {
    byte[] b = c.bytes;
    int hEnd = (int) Math.min(b.length, 8 + Math.max(0, Math.min(ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN)
        .getLong(0), b.length)));
    switch (r.nextInt(6)) {
      case 0 -> {
        int len = r.nextInt(b.length);
        c.bytes = Arrays.copyOf(b, len);
        c.steps.add("truncate to " + len);
      }
      case 1 -> {
        int bit = r.nextInt(64);
        b[bit / 8] ^= (byte) (1 << bit % 8);
        c.steps.add("flip length bit " + bit);
      }
      case 2 -> {
        long[] lengths = {0, 1, 2, hEnd - 9, hEnd - 7, Long.MIN_VALUE, -1, SafeTensors.MAX_HEADER_BYTES + 1, b.length,
            b.length - 8, 1L << 32};
        long v = lengths[r.nextInt(lengths.length)];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, v);
        c.steps.add("length := " + Long.toUnsignedString(v));
      }
      case 3 -> {
        int flips = 1 + r.nextInt(4);
        for (int i = 0; i < flips && hEnd > 8; i++) {
          int at = 8 + r.nextInt(hEnd - 8);
          b[at] ^= (byte) (1 << r.nextInt(8));
        }
        c.steps.add("flip " + flips + " header bits");
      }
      case 4 -> {
        if (b.length > hEnd) {
          int at = hEnd + r.nextInt(b.length - hEnd);
          b[at] ^= (byte) (1 << r.nextInt(8));
          c.steps.add("flip data bit at " + at);
        } else {
          c.steps.add("no data to flip");
        }
      }
      default -> {
        int at = r.nextInt(b.length + 1), n = 1 + r.nextInt(16);
        byte[] junk = new byte[n];
        r.nextBytes(junk);
        byte[] out = new byte[b.length + n];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(junk, 0, out, at, n);
        System.arraycopy(b, at, out, at + n, b.length - at);
        c.bytes = out;
        c.steps.add("insert " + n + " random bytes at " + at);
      }
    }
  }

  // ---------------------------------------------------------------- the run

  /**
   * Overwrites {@code f} without first truncating it to zero, which on ext4 makes every close wait
   * for the data to reach the disk (its replace-via-truncate heuristic): 10,000 of those took 40 s.
   */
  private static void write(Path f, byte[] bytes) throws IOException {
    try (var ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      while (b.hasRemaining()) ch.write(b, b.position());
      ch.truncate(bytes.length);
    }
  }

  /** A short name for what an IOException complains about, for the summary. */
  static String kind(IOException e) {
    String m = String.valueOf(e.getMessage());
    String[][] table = {{"longer than", "limit"}, {"more memory", "limit"}, {"exceeds the limit", "limit"},
        {"nested deeper", "nesting"}, {"surrogate", "escape"}, {"hex digits", "escape"}, {"escape", "escape"},
        {"UTF-8", "utf8"}, {"number", "number"}, {"not valid JSON", "json"}, {"not a JSON object", "json"},
        {"too short", "length"}, {"header length", "length"}, {"twice", "duplicate"}, {"dtype", "dtype"},
        {"shape", "shape"}, {"elements", "shape"}, {"dimension", "shape"}, {"data_offsets", "offsets"},
        {"overlap", "tiling"}, {"gap", "tiling"}, {"trailing", "tiling"}, {"missing parameter", "model"},
        {"unexpected tensor", "model"}, {"but the parameter", "model"}, {"entry", "entry"}, {"__metadata__", "metadata"}};
    for (String[] k : table) if (m.contains(k[0])) return k[1];
    return "other";
  }

  @Test
  void tenThousandMutatedFilesReadOrFailWithIOExceptionAndNeverChangeAModel() throws IOException {
    List<Base> bases = bases();
    SplittableRandom rng = new SplittableRandom(SEED);
    Path f = dir.resolve("case.safetensors");
    int readOk = 0, loadOk = 0;
    Map<String, Integer> readKinds = new TreeMap<>(), loadKinds = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < CASES; i++) {
      SplittableRandom r = rng.split();
      Base base = bases.get(r.nextInt(bases.size()));
      Case c = new Case();
      c.header = base.header;
      c.data = base.data;
      int json = r.nextInt(3), raw = json == 0 ? 1 : r.nextInt(4) == 0 ? 1 : 0;
      for (int j = 0; j < json && c.bytes == null; j++) mutateJson(c, r);
      if (c.bytes == null) c.bytes = c.assemble();
      for (int j = 0; j < raw; j++) mutateBytes(c, r);
      write(f, c.bytes);
      String what = "case " + i + " (" + base.name + ": " + String.join("; ", c.steps) + ")";
      try {
        SafeTensors.read(f);
        readOk++;
      } catch (IOException e) {
        readKinds.merge(kind(e), 1, Integer::sum);
      } catch (Throwable t) {
        failures.add(what + ": SafeTensors.read threw " + t);
      }
      Sequential m = SafeTensorsTest.mlp(base.model, 7);
      List<long[]> before = SafeTensorsTest.bits(m);
      int[] versions = m.parameters().stream().mapToInt(p -> p.value().version()).toArray();
      try {
        m.load(f);
        loadOk++;
      } catch (IOException e) {
        loadKinds.merge(kind(e), 1, Integer::sum);
        try {
          SafeTensorsTest.assertSameBits(before, SafeTensorsTest.bits(m));
          assertArrayEquals(versions, m.parameters().stream().mapToInt(p -> p.value().version()).toArray());
        } catch (AssertionError a) {
          failures.add(what + ": a failed load changed the model: " + a.getMessage());
        }
      } catch (Throwable t) {
        failures.add(what + ": Module.load threw " + t);
      }
      if (failures.size() >= 20) break;
    }
    System.out.printf("safetensors fuzz: %d cases, seed %d, max heap %d MB: read %d ok, %d IOException %s;"
        + " strict load %d ok, %d IOException %s; %d other outcomes%n", CASES, SEED,
        Runtime.getRuntime().maxMemory() >> 20, readOk, CASES - readOk - failures.size(), readKinds, loadOk,
        CASES - loadOk - failures.size(), loadKinds, failures.size());
    if (!failures.isEmpty()) fail(failures.size() + " cases ended in something else:\n" + String.join("\n", failures));
    // the mutations reach both sides: files that read, and each family of refusal
    assertTrue(readOk >= 100 && loadOk >= 100, "too few successful reads: " + readOk + ", loads: " + loadOk);
    for (String k : List.of("length", "json", "escape", "utf8", "nesting", "number", "limit", "duplicate", "dtype",
        "shape", "offsets", "tiling", "model"))
      assertTrue(readKinds.containsKey(k) || loadKinds.containsKey(k), "no case was refused for " + k);
  }

  /** The case: a 40 MB metadata string (and a 99 MB one) must be an IOException under -Xmx256m. */
  @Test
  void hugeHeaderStringsAreRefusedWithoutRunningOutOfMemory() throws IOException {
    for (int mb : new int[] {40, 99}) {
      long n = mb * 1_000_000L;
      byte[] open = "{\"__metadata__\":{\"k\":\"".getBytes(StandardCharsets.US_ASCII);
      byte[] close = "\"}}".getBytes(StandardCharsets.US_ASCII);
      Path f = dir.resolve("huge-" + mb + ".safetensors");
      try (var ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.CREATE_NEW,
          java.nio.file.StandardOpenOption.WRITE)) {
        ch.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, n));
        ch.write(ByteBuffer.wrap(open));
        byte[] fill = new byte[1 << 20];
        Arrays.fill(fill, (byte) (mb == 40 ? 'a' : 0x7F));
        for (long left = n - open.length - close.length; left > 0; left -= fill.length)
          ch.write(ByteBuffer.wrap(fill, 0, (int) Math.min(fill.length, left)));
        ch.write(ByteBuffer.wrap(close));
      }
      IOException e = assertThrows(IOException.class, () -> SafeTensors.read(f));
      assertTrue(e.getMessage().contains("string longer than"), e.getMessage());
      Sequential m = SafeTensorsTest.mlp(DType.FLOAT32, 1);
      List<long[]> before = SafeTensorsTest.bits(m);
      assertThrows(IOException.class, () -> m.load(f));
      SafeTensorsTest.assertSameBits(before, SafeTensorsTest.bits(m));
      Files.delete(f);
    }
  }
}
