package dev.nabla.nn;

import dev.nabla.core.DType;
import dev.nabla.core.Shape;
import dev.nabla.core.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes tensors in the <a href="https://github.com/huggingface/safetensors">safetensors</a>
 * format, the one PyTorch users exchange weights in:
 *
 * <pre>
 * [8 bytes]  N, the header length: unsigned 64-bit little-endian
 * [N bytes]  UTF-8 JSON: {"name": {"dtype": "F32", "shape": [3, 4], "data_offsets": [begin, end]}, ...,
 *            optional "__metadata__": {"key": "value", ...}}; may be padded with trailing spaces
 * [rest]     the data section: each tensor's elements, row-major, little-endian, at
 *            [begin, end) relative to the start of the data section
 * </pre>
 *
 * <pre>{@code
 * SafeTensors.write(path, Map.of("w", Tensor.of(new float[] {1, 2, 3}, 3)));
 * Map<String, Tensor> m = SafeTensors.read(path);   // {w=[1. 2. 3.]}
 * }</pre>
 *
 * <p>Only {@code F32} and {@code F64} tensors are read and written (Nabla's two dtypes). Writing
 * packs the tensors in map order without gaps and pads the header with spaces to a multiple of 8
 * bytes, as the reference implementation does.
 *
 * <p>Reading is defensive: the header length is checked against the file size and against
 * {@link #MAX_HEADER_BYTES} before anything is allocated; the JSON must be valid, every dtype
 * known, every shape's byte size equal to its offsets' span, and the tensors must tile the data
 * section exactly (no overlap, no gap, nothing past the end, nothing left over) — the same rules
 * the reference reader enforces. Any violation is an {@link IOException} that names the file and
 * says what is wrong; no allocation is ever sized by an unchecked number from the file.
 */
public final class SafeTensors {
  /** The largest header accepted: 100 MB (the reference implementation uses the same cap). */
  public static final long MAX_HEADER_BYTES = 100_000_000L;

  /**
   * The most JSON values a header may hold (about 100,000 tensors' worth), so that a hostile header
   * of millions of tiny values cannot exhaust memory while being parsed.
   */
  static final long MAX_HEADER_VALUES = 1_000_000;

  /** The metadata key of the header. */
  public static final String METADATA_KEY = "__metadata__";

  /** Every dtype the format defines (so that an unsupported one is told apart from garbage). */
  private static final Set<String> KNOWN_DTYPES = Set.of("BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "F8_E8M0", "I16",
      "U16", "F16", "BF16", "I32", "U32", "F32", "F64", "I64", "U64", "C64", "F4", "F6_E2M3", "F6_E3M2");

  private SafeTensors() {}

  /** One validated header entry. */
  record Entry(String name, DType dtype, Shape shape, long begin, long end) {}

  /** A validated header: entries in file order, metadata, and where the data section starts. */
  record Header(List<Entry> entries, Map<String, String> metadata, long dataStart, long dataLength) {
    Entry find(String name) {
      for (Entry e : entries) if (e.name.equals(name)) return e;
      return null;
    }
  }

  // ---------------------------------------------------------------- writing

  /** Writes {@code tensors} (in map order) to {@code path}; see {@link #write(Path, Map, Map)}. */
  public static void write(Path path, Map<String, Tensor> tensors) throws IOException {
    write(path, tensors, Map.of());
  }

  /**
   * Writes {@code tensors} in map order, with optional string {@code metadata}, to {@code path}.
   * The file is written beside the target and moved into place, so a failed write never leaves a
   * half-written file under {@code path}.
   *
   * @throws IllegalArgumentException if a name is empty or is {@value #METADATA_KEY}
   */
  public static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
    byte[] header = header(tensors, metadata);
    Path abs = path.toAbsolutePath();
    Path dir = abs.getParent();
    Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).flip();
        writeFully(ch, len);
        writeFully(ch, ByteBuffer.wrap(header));
        for (Tensor t : tensors.values()) writeFully(ch, encode(t));
        ch.force(true);
      }
      try {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static byte[] header(Map<String, Tensor> tensors, Map<String, String> metadata) {
    StringBuilder b = new StringBuilder("{");
    if (!metadata.isEmpty()) {
      b.append(Json.quote(METADATA_KEY)).append(":{");
      boolean first = true;
      for (Map.Entry<String, String> e : metadata.entrySet()) {
        if (!first) b.append(',');
        first = false;
        b.append(Json.quote(e.getKey())).append(':').append(Json.quote(e.getValue()));
      }
      b.append('}');
    }
    long offset = 0;
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      String name = e.getKey();
      if (name.isEmpty() || name.equals(METADATA_KEY))
        throw new IllegalArgumentException("SafeTensors.write: invalid tensor name \"" + name + "\"");
      Tensor t = e.getValue();
      long bytes = (long) t.size() * t.dtype().bytes();
      if (b.length() > 1) b.append(',');
      b.append(Json.quote(name)).append(":{\"dtype\":\"").append(code(t.dtype())).append("\",\"shape\":")
          .append(Arrays.toString(t.shape().dims()).replace(" ", "")).append(",\"data_offsets\":[").append(offset)
          .append(',').append(offset + bytes).append("]}");
      offset += bytes;
    }
    b.append('}');
    while (utf8Length(b) % 8 != 0) b.append(' ');
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static int utf8Length(CharSequence s) {
    return s.toString().getBytes(StandardCharsets.UTF_8).length;
  }

  private static ByteBuffer encode(Tensor t) {
    ByteBuffer buf = ByteBuffer.allocate(t.size() * t.dtype().bytes()).order(ByteOrder.LITTLE_ENDIAN);
    if (t.dtype() == DType.FLOAT32) buf.asFloatBuffer().put(t.toFloatArray());
    else buf.asDoubleBuffer().put(t.toDoubleArray());
    return buf;
  }

  private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) ch.write(b);
  }

  static String code(DType t) {
    return t == DType.FLOAT32 ? "F32" : "F64";
  }

  // ---------------------------------------------------------------- reading

  /**
   * Reads every tensor of a safetensors file, in the file's header order.
   *
   * @throws IOException naming the file and the problem, for anything malformed (see the class
   *     description)
   */
  public static Map<String, Tensor> read(Path path) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      Header h = readHeader(ch, path);
      Map<String, Tensor> out = new LinkedHashMap<>();
      for (Entry e : h.entries) out.put(e.name, readTensor(ch, h, e, path));
      return out;
    }
  }

  /** The {@value #METADATA_KEY} of a safetensors file (empty if absent); the file is validated. */
  public static Map<String, String> readMetadata(Path path) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      return readHeader(ch, path).metadata;
    }
  }

  static IOException bad(Path path, String what) {
    return new IOException("safetensors file " + path + ": " + what);
  }

  /** Reads and validates the header; nothing allocated depends on an unchecked size. */
  static Header readHeader(FileChannel ch, Path path) throws IOException {
    long fileSize = ch.size();
    if (fileSize < 8)
      throw bad(path, "file is " + fileSize + " bytes, too short for the 8-byte header length (truncated?)");
    ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    readFully(ch, lenBuf, 0, path);
    long n = lenBuf.flip().getLong();
    String nText = Long.toUnsignedString(n);
    if (n < 0 || n > fileSize - 8)
      throw bad(path, "header length " + nText + " is larger than the " + (fileSize - 8)
          + " bytes that follow it (truncated or corrupt)");
    if (n > MAX_HEADER_BYTES)
      throw bad(path, "header length " + nText + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes");
    if (n < 2) throw bad(path, "header length " + n + " is too short for a JSON object");
    ByteBuffer hb = ByteBuffer.allocate((int) n);
    readFully(ch, hb, 8, path);
    String text;
    try {
      CharBuffer cb = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(hb.flip());
      text = cb.toString();
    } catch (CharacterCodingException e) {
      throw bad(path, "header is not valid UTF-8");
    }
    Object root;
    try {
      root = Json.parse(text, MAX_HEADER_VALUES);
    } catch (IOException e) {
      throw bad(path, "header is not valid JSON: " + e.getMessage());
    }
    if (!(root instanceof Map<?, ?> top)) throw bad(path, "header is not a JSON object");
    long dataStart = 8 + n, dataLength = fileSize - dataStart;
    List<Entry> entries = new ArrayList<>();
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Map.Entry<?, ?> kv : top.entrySet()) {
      String name = (String) kv.getKey();
      if (name.equals(METADATA_KEY)) {
        if (!(kv.getValue() instanceof Map<?, ?> meta)) throw bad(path, METADATA_KEY + " is not an object");
        for (Map.Entry<?, ?> m : meta.entrySet()) {
          if (!(m.getValue() instanceof String v))
            throw bad(path, METADATA_KEY + " value of \"" + m.getKey() + "\" is not a string");
          metadata.put((String) m.getKey(), v);
        }
        continue;
      }
      entries.add(entry(path, name, kv.getValue(), dataLength));
    }
    checkTiling(path, entries, dataLength);
    return new Header(List.copyOf(entries), Collections.unmodifiableMap(metadata), dataStart, dataLength);
  }

  private static Entry entry(Path path, String name, Object spec, long dataLength) throws IOException {
    String t = "tensor \"" + name + "\"";
    if (!(spec instanceof Map<?, ?> m)) throw bad(path, t + ": entry is not an object");
    Object dt = m.get("dtype"), sh = m.get("shape"), off = m.get("data_offsets");
    if (dt == null || sh == null || off == null)
      throw bad(path, t + ": entry needs \"dtype\", \"shape\" and \"data_offsets\", has " + m.keySet());
    if (!(dt instanceof String code)) throw bad(path, t + ": dtype is not a string");
    DType dtype;
    if (code.equals("F32")) dtype = DType.FLOAT32;
    else if (code.equals("F64")) dtype = DType.FLOAT64;
    else if (KNOWN_DTYPES.contains(code))
      throw bad(path, t + ": dtype " + code + " is not supported (Nabla reads F32 and F64)");
    else throw bad(path, t + ": unknown dtype \"" + code + "\"");
    if (!(sh instanceof List<?> dimsList)) throw bad(path, t + ": shape is not an array");
    if (dimsList.size() > 64) throw bad(path, t + ": shape has " + dimsList.size() + " dimensions");
    int[] dims = new int[dimsList.size()];
    long count = 1;
    for (int i = 0; i < dims.length; i++) {
      Long d = dimsList.get(i) instanceof Json.Num num ? num.asLongExact() : null;
      if (d == null || d < 0) throw bad(path, t + ": shape " + dimsList + " is not a list of non-negative integers");
      if (d > Integer.MAX_VALUE) throw bad(path, t + ": shape " + dimsList + " is too large");
      dims[i] = (int) (long) d;
      long cap = Long.MAX_VALUE / 16; // saturate, never overflow
      count = count == 0 || d == 0 ? 0 : count > cap / d ? cap : count * d;
    }
    if (count > Integer.MAX_VALUE - 8)
      throw bad(path, t + ": shape " + dimsList + " has more elements than a Java array can hold");
    if (!(off instanceof List<?> offs) || offs.size() != 2)
      throw bad(path, t + ": data_offsets is not a [begin, end] pair");
    Long begin = offs.get(0) instanceof Json.Num b ? b.asLongExact() : null;
    Long end = offs.get(1) instanceof Json.Num e ? e.asLongExact() : null;
    if (begin == null || end == null || begin < 0 || end < 0)
      throw bad(path, t + ": data_offsets " + offs + " are not non-negative integers below 2^63");
    if (end < begin) throw bad(path, t + ": data_offsets " + offs + " end before they begin");
    long need = count * dtype.bytes();
    Shape shape = Shape.of(dims);
    if (end - begin != need)
      throw bad(path, t + ": data_offsets " + offs + " span " + (end - begin) + " bytes but shape " + shape + " of "
          + code + " needs " + need);
    if (end > dataLength)
      throw bad(path, t + ": data_offsets " + offs + " run past the end of the data section (" + dataLength
          + " bytes; truncated?)");
    return new Entry(name, dtype, shape, begin, end);
  }

  /** The tensors must cover [0, dataLength) exactly, in some order, without overlap or gap. */
  private static void checkTiling(Path path, List<Entry> entries, long dataLength) throws IOException {
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
    long at = 0;
    Entry prev = null;
    for (Entry e : sorted) {
      if (e.begin < at)
        throw bad(path, "tensors \"" + prev.name + "\" [" + prev.begin + ", " + prev.end + "] and \"" + e.name + "\" ["
            + e.begin + ", " + e.end + "] overlap");
      if (e.begin > at)
        throw bad(path, "bytes [" + at + ", " + e.begin + ") of the data section belong to no tensor (gap before \""
            + e.name + "\")");
      at = e.end;
      prev = e;
    }
    if (at != dataLength)
      throw bad(path, "the data section has " + dataLength + " bytes but the tensors cover " + at
          + " (trailing bytes)");
  }

  /** The values of a validated entry. */
  static Tensor readTensor(FileChannel ch, Header h, Entry e, Path path) throws IOException {
    int bytes = (int) (e.end - e.begin);
    ByteBuffer buf = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    readFully(ch, buf, h.dataStart + e.begin, path);
    buf.flip();
    int n = e.shape.size();
    if (e.dtype == DType.FLOAT32) {
      float[] f = new float[n];
      buf.asFloatBuffer().get(f);
      return Tensor.of(f).reshape(e.shape);
    }
    double[] d = new double[n];
    buf.asDoubleBuffer().get(d);
    return Tensor.of(d).reshape(e.shape);
  }

  private static void readFully(FileChannel ch, ByteBuffer b, long position, Path path) throws IOException {
    long p = position;
    while (b.hasRemaining()) {
      int r = ch.read(b, p);
      if (r < 0) throw bad(path, "unexpected end of file at byte " + p + " (the file changed while being read?)");
      p += r;
    }
  }
}
