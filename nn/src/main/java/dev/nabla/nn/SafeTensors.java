package dev.nabla.nn;

import dev.nabla.core.DType;
import dev.nabla.core.Shape;
import dev.nabla.core.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * <p>{@code F32}, {@code F64} and {@code I32} tensors are read and written (FLOAT32, FLOAT64, INT32);
 * {@code I64} tensors (PyTorch's default integer dtype: indices, {@code num_batches_tracked}) are read
 * as INT32, each value checked to fit (else an {@link IOException} naming the tensor and the value). Writing
 * packs the tensors in map order without gaps and pads the header with spaces to a multiple of 8
 * bytes, as the reference implementation does. Byte counts and offsets are 64-bit throughout, and
 * data moves in chunks of at most 1 MiB, so a tensor of more than 2 GiB is
 * written and read like any other.
 *
 * <p>Reading is defensive: the header length is checked against the file size and against
 * {@link #MAX_HEADER_BYTES} before anything is read; the JSON is parsed as a stream (never held
 * whole in memory) and must be valid (RFC 8259: valid UTF-8, <code>&#92;u</code> escapes of four ASCII hex
 * digits, surrogates only in pairs, no duplicate keys); a string is at most
 * {@link #MAX_STRING_BYTES} long, the metadata at most {@link #MAX_METADATA_BYTES}, and what the
 * header makes the reader build is at most {@value #HEADER_MEMORY_FACTOR} times its size (and
 * {@link #MAX_HEADER_MEMORY} in all); every dtype must be known, every shape's byte size
 * (computed in 64 bits, a zero dimension making it 0) equal to its offsets' span and small enough
 * for a Java array, and the tensors must tile the data section exactly (no overlap, no gap, nothing
 * past the end, nothing left over) — the rules the reference reader enforces. Any violation is an
 * {@link IOException} that names the file, the tensor and the problem; no allocation is ever sized
 * by an unchecked number from the file, and no other exception escapes for a bad file.
 */
public final class SafeTensors {
  /** The largest header accepted: 100 MB (the reference implementation uses the same cap). */
  public static final long MAX_HEADER_BYTES = 100_000_000L;

  /** The longest string (tensor name, metadata key or value) accepted in a header: 8 MiB of UTF-8. */
  public static final long MAX_STRING_BYTES = 1L << 23;

  /** The most bytes the {@value #METADATA_KEY} object may take in a header: 16 MiB. */
  public static final long MAX_METADATA_BYTES = 1L << 24;

  /**
   * What a header may make the reader build, as a multiple of its length: an estimate of the
   * memory its entries and metadata take, at most this many bytes per header byte (plus 64 KiB).
   */
  public static final int HEADER_MEMORY_FACTOR = 8;

  /** The most memory a header may make the reader build in all, however long it is: 64 MiB. */
  public static final long MAX_HEADER_MEMORY = 64L << 20;

  /** The most elements a tensor may have: the largest Java array the JVMs allocate reliably. */
  static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

  /** Data moves between file and arrays in chunks of this many bytes. */
  static final int CHUNK_BYTES = 1 << 20;

  /** The metadata key of the header. */
  public static final String METADATA_KEY = "__metadata__";

  /** Every dtype the format defines (so that an unsupported one is told apart from garbage). */
  private static final Set<String> KNOWN_DTYPES = Set.of("BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "F8_E8M0", "I16",
      "U16", "F16", "BF16", "I32", "U32", "F32", "F64", "I64", "U64", "C64", "F4", "F6_E2M3", "F6_E3M2");

  private SafeTensors() {}

  /** One validated header entry: {@code dtype} as Nabla reads it, {@code code} the file's ({@code I64} reads as INT32). */
  record Entry(String name, DType dtype, Shape shape, long begin, long end, String code) {
    /** Bytes per element in the file. */
    int width() {
      return code.equals("I64") ? 8 : dtype.bytes();
    }
  }

  /** A validated header: entries in file order, metadata, and where the data section starts. */
  record Header(List<Entry> entries, Map<String, String> metadata, long dataStart, long dataLength) {}

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
   * @throws NullPointerException naming the parameter, or the map entry, that is null
   * @throws IllegalArgumentException if a name is empty or is {@value #METADATA_KEY}, or a string
   *     has a lone surrogate (UTF-8 cannot encode it)
   */
  public static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(tensors, "tensors");
    Objects.requireNonNull(metadata, "metadata");
    byte[] header = header(tensors, metadata);
    Path abs = path.toAbsolutePath();
    Path dir = abs.getParent();
    Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        write(ch, header, tensors.values());
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

  /** The whole file to {@code ch}: length, {@code header} (from {@link #header}), then the data, chunk by chunk. */
  static void write(WritableByteChannel ch, byte[] header, Collection<Tensor> tensors) throws IOException {
    writeFully(ch, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length));
    writeFully(ch, ByteBuffer.wrap(header));
    ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (Tensor t : tensors) writeData(ch, t, chunk);
  }

  /** The header of a file holding {@code tensors} (offsets in 64 bits), space-padded to a multiple of 8 bytes. */
  static byte[] header(Map<String, Tensor> tensors, Map<String, String> metadata) {
    StringBuilder b = new StringBuilder("{");
    if (!metadata.isEmpty()) {
      b.append(Json.quote(METADATA_KEY)).append(":{");
      boolean first = true;
      for (Map.Entry<String, String> e : metadata.entrySet()) {
        String k = Objects.requireNonNull(e.getKey(), "a key of metadata");
        String v = Objects.requireNonNull(e.getValue(), () -> "the value of \"" + k + "\" in metadata");
        if (!first) b.append(',');
        first = false;
        b.append(Json.quote(k)).append(':').append(Json.quote(v));
      }
      b.append('}');
    }
    long offset = 0;
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      String name = Objects.requireNonNull(e.getKey(), "a name in tensors");
      Tensor t = Objects.requireNonNull(e.getValue(), () -> "the tensor \"" + name + "\" in tensors");
      if (name.isEmpty() || name.equals(METADATA_KEY))
        throw new IllegalArgumentException("SafeTensors.write: invalid tensor name \"" + name + "\"");
      long bytes = (long) t.size() * t.dtype().bytes();
      if (b.length() > 1) b.append(',');
      b.append(Json.quote(name)).append(":{\"dtype\":\"").append(code(t.dtype())).append("\",\"shape\":")
          .append(Arrays.toString(t.shape().dims()).replace(" ", "")).append(",\"data_offsets\":[").append(offset)
          .append(',').append(offset + bytes).append("]}");
      offset += bytes;
    }
    byte[] json = b.append('}').toString().getBytes(StandardCharsets.UTF_8);
    byte[] padded = Arrays.copyOf(json, (json.length + 7) / 8 * 8);
    Arrays.fill(padded, json.length, padded.length, (byte) ' ');
    return padded;
  }

  /**
   * Writes {@code t}'s elements, row-major and little-endian, through {@code chunk}: whole if they
   * fit, else as slices along the first axis (recursing into single rows that are themselves too
   * big), so no array larger than a chunk is ever made.
   */
  private static void writeData(WritableByteChannel ch, Tensor t, ByteBuffer chunk) throws IOException {
    int n = t.size(), per = CHUNK_BYTES / t.dtype().bytes();
    if (n <= per) {
      chunk.clear();
      if (t.dtype() == DType.FLOAT32) chunk.asFloatBuffer().put(t.toFloatArray());
      else if (t.dtype() == DType.INT32) chunk.asIntBuffer().put(t.toIntArray());
      else chunk.asDoubleBuffer().put(t.toDoubleArray());
      writeFully(ch, chunk.limit(n * t.dtype().bytes()));
      return;
    }
    int rows = t.shape().dim(0), row = n / rows;
    if (row > per) {
      for (int r = 0; r < rows; r++) writeData(ch, t.narrow(0, r, 1).squeeze(0), chunk);
    } else {
      int step = per / row;
      for (int r = 0; r < rows; r += step) writeData(ch, t.narrow(0, r, Math.min(step, rows - r)), chunk);
    }
  }

  private static void writeFully(WritableByteChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) ch.write(b);
  }

  static String code(DType t) {
    return t == DType.FLOAT32 ? "F32" : t == DType.INT32 ? "I32" : "F64";
  }

  // ---------------------------------------------------------------- reading

  /**
   * Reads every tensor of a safetensors file, in the file's header order.
   *
   * @throws IOException naming the file and the problem, for anything malformed (see the class
   *     description)
   */
  public static Map<String, Tensor> read(Path path) throws IOException {
    Objects.requireNonNull(path, "path");
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      return read(ch, path);
    }
  }

  /** Every tensor of the safetensors file open as {@code ch}; {@code path} names it in messages. */
  static Map<String, Tensor> read(SeekableByteChannel ch, Path path) throws IOException {
    Header h = readHeader(ch, path);
    Map<String, Tensor> out = new LinkedHashMap<>();
    ByteBuffer chunk = chunk(h.entries);
    for (Entry e : h.entries) out.put(e.name, readTensor(ch, h, e, path, chunk));
    return out;
  }

  /** The {@value #METADATA_KEY} of a safetensors file (empty if absent); the file is validated. */
  public static Map<String, String> readMetadata(Path path) throws IOException {
    Objects.requireNonNull(path, "path");
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      return readHeader(ch, path).metadata;
    }
  }

  static IOException bad(Path path, String what) {
    return new IOException("safetensors file " + path + ": " + what);
  }

  /** {@code "name"} for a message, cut to its first 100 characters if longer. */
  private static String quoted(String name) {
    return name.length() <= 100 ? "\"" + name + "\"" : "\"" + name.substring(0, 100) + "...\" (" + name.length()
        + " characters)";
  }

  /** Reads and validates the header; nothing allocated depends on an unchecked size. */
  static Header readHeader(SeekableByteChannel ch, Path path) throws IOException {
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
    long dataStart = 8 + n, dataLength = fileSize - dataStart;
    long memory = Math.min(HEADER_MEMORY_FACTOR * n + (64 << 10), MAX_HEADER_MEMORY);
    Json.Reader r = new Json.Reader(ch.position(8), n, MAX_STRING_BYTES, memory);
    List<Entry> entries = new ArrayList<>();
    Map<String, String> metadata = Map.of();
    Set<String> names = new HashSet<>();
    try {
      if (r.peek() != '{') throw bad(path, "header is not a JSON object");
      r.beginObject();
      while (r.next('}')) {
        long keyAt = r.position();
        String name = r.key();
        if (!names.add(name)) throw bad(path, "header has the key " + quoted(name) + " twice (at byte " + keyAt + ")");
        if (name.equals(METADATA_KEY)) metadata = metadata(r, path);
        else entries.add(entry(r, path, name, dataLength));
      }
      r.end();
    } catch (Json.SyntaxException e) {
      throw bad(path, (e.limit ? "header exceeds a limit " : "header is not valid JSON: ") + e.getMessage());
    }
    checkTiling(path, entries, dataLength);
    return new Header(List.copyOf(entries), metadata, dataStart, dataLength);
  }

  private static Map<String, String> metadata(Json.Reader r, Path path) throws IOException {
    if (r.peek() != '{') throw bad(path, METADATA_KEY + " is not an object");
    long start = r.position();
    Map<String, String> m = new LinkedHashMap<>();
    r.beginObject();
    while (r.next('}')) {
      String k = r.key();
      if (r.peek() != '"') throw bad(path, METADATA_KEY + " value of " + quoted(k) + " is not a string");
      String v = r.string();
      if (m.putIfAbsent(k, v) != null) throw bad(path, METADATA_KEY + " has the key " + quoted(k) + " twice");
      if (r.position() - start > MAX_METADATA_BYTES)
        throw bad(path, METADATA_KEY + " is longer than the limit of " + MAX_METADATA_BYTES + " bytes");
      r.charge(96 + 2L * (k.length() + v.length()));
    }
    return Collections.unmodifiableMap(m);
  }

  /** The integer a JSON number denotes, if it is one that fits in a long; else null. */
  private static Long integer(Json.Reader r) throws IOException {
    int c = r.peek();
    return c == '-' || c >= '0' && c <= '9' ? Json.longExact(r.number()) : null;
  }

  private static Entry entry(Json.Reader r, Path path, String name, long dataLength) throws IOException {
    String t = "tensor " + quoted(name);
    if (r.peek() != '{') throw bad(path, t + ": entry is not an object");
    String code = null;
    List<Long> dims = null, offs = null;
    r.beginObject();
    while (r.next('}')) {
      String field = r.key();
      switch (field) {
        case "dtype" -> {
          if (code != null) throw bad(path, t + ": \"dtype\" appears twice");
          if (r.peek() != '"') throw bad(path, t + ": dtype is not a string");
          code = r.string();
        }
        case "shape" -> {
          if (dims != null) throw bad(path, t + ": \"shape\" appears twice");
          dims = integers(r, path, t, "shape", 64);
          for (long d : dims) if (d < 0) throw bad(path, t + ": shape " + dims + " is not a list of non-negative integers");
        }
        case "data_offsets" -> {
          if (offs != null) throw bad(path, t + ": \"data_offsets\" appears twice");
          offs = integers(r, path, t, "data_offsets", 2);
        }
        default -> r.skipValue();
      }
    }
    if (code == null || dims == null || offs == null)
      throw bad(path, t + ": entry needs \"dtype\", \"shape\" and \"data_offsets\"");
    r.charge(160 + 2L * name.length() + 8L * dims.size());
    DType dtype;
    if (code.equals("F32")) dtype = DType.FLOAT32;
    else if (code.equals("F64")) dtype = DType.FLOAT64;
    else if (code.equals("I32") || code.equals("I64")) dtype = DType.INT32;
    else if (KNOWN_DTYPES.contains(code))
      throw bad(path, t + ": dtype " + code + " is not supported (Nabla reads F32, F64, I32 and I64)");
    else throw bad(path, t + ": unknown dtype " + quoted(code));
    long count = 1;
    for (long d : dims) {
      if (d > Integer.MAX_VALUE) throw bad(path, t + ": shape " + dims + " has a dimension above 2^31-1");
      count = count == 0 || d == 0 ? 0 : count > MAX_ELEMENTS / d ? MAX_ELEMENTS + 1 : count * d; // saturates
    }
    if (count > MAX_ELEMENTS)
      throw bad(path, t + ": shape " + dims + " has more elements than a Java array can hold (" + MAX_ELEMENTS + ")");
    Shape shape;
    try {
      shape = Shape.of(dims.stream().mapToInt(Long::intValue).toArray());
    } catch (IllegalArgumentException e) {
      throw bad(path, t + ": shape " + dims + " is refused: " + e.getMessage());
    }
    if (offs.size() != 2) throw bad(path, t + ": data_offsets is not a [begin, end] pair");
    long begin = offs.get(0), end = offs.get(1);
    if (begin < 0 || end < 0) throw bad(path, t + ": data_offsets " + offs + " are not non-negative integers below 2^63");
    if (end < begin) throw bad(path, t + ": data_offsets " + offs + " end before they begin");
    long need = count * (code.equals("I64") ? 8 : dtype.bytes());
    if (end - begin != need)
      throw bad(path, t + ": data_offsets " + offs + " span " + (end - begin) + " bytes but shape " + dims + " of "
          + code + " needs " + need);
    if (end > dataLength)
      throw bad(path, t + ": data_offsets " + offs + " run past the end of the data section (" + dataLength
          + " bytes; truncated?)");
    return new Entry(name, dtype, shape, begin, end, code);
  }

  /** A JSON array of at most {@code max} integers (each within long), else an IOException naming {@code what}. */
  private static List<Long> integers(Json.Reader r, Path path, String t, String what, int max) throws IOException {
    if (r.peek() != '[') throw bad(path, t + ": " + what + " is not an array");
    List<Long> out = new ArrayList<>();
    r.beginArray();
    while (r.next(']')) {
      if (out.size() == max) throw bad(path, t + ": " + what + " has more than " + max + " elements");
      Long v = integer(r);
      if (v == null)
        throw bad(path, t + ": " + what + " element " + out.size() + " is not an integer below 2^63"
            + (what.equals("shape") ? " (shape must be a list of non-negative integers)" : ""));
      out.add(v);
    }
    return out;
  }

  /** The tensors must cover [0, dataLength) exactly, in some order, without overlap or gap. */
  private static void checkTiling(Path path, List<Entry> entries, long dataLength) throws IOException {
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
    long at = 0;
    Entry prev = null;
    for (Entry e : sorted) {
      if (e.begin < at)
        throw bad(path, "tensors " + quoted(prev.name) + " [" + prev.begin + ", " + prev.end + "] and " + quoted(e.name)
            + " [" + e.begin + ", " + e.end + "] overlap");
      if (e.begin > at)
        throw bad(path, "bytes [" + at + ", " + e.begin + ") of the data section belong to no tensor (gap before "
            + quoted(e.name) + ")");
      at = e.end;
      prev = e;
    }
    if (at != dataLength)
      throw bad(path, "the data section has " + dataLength + " bytes but the tensors cover " + at
          + " (trailing bytes)");
  }

  /**
   * A buffer for moving the data of {@code entries} between file and arrays: direct (the kernel
   * fills it without an extra copy), little-endian, as big as the largest of them up to 1 MiB.
   */
  static ByteBuffer chunk(Collection<Entry> entries) {
    long most = 0;
    for (Entry e : entries) most = Math.max(most, e.end - e.begin);
    return ByteBuffer.allocateDirect((int) Math.min(most, CHUNK_BYTES)).order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * The values of a validated entry, read through {@code chunk} (from {@link #chunk}) straight into
   * the tensor's array (the entry guarantees its size fits one).
   */
  static Tensor readTensor(SeekableByteChannel ch, Header h, Entry e, Path path, ByteBuffer chunk) throws IOException {
    int width = e.width();
    long bytes = e.end - e.begin;
    int n = (int) (bytes / width);
    float[] f = null;
    double[] d = null;
    int[] i = null;
    try {
      if (e.dtype == DType.FLOAT32) f = new float[n];
      else if (e.dtype == DType.INT32) i = new int[n];
      else d = new double[n];
    } catch (OutOfMemoryError oom) {
      throw bad(path, "tensor " + quoted(e.name) + " needs " + bytes + " bytes, more than the Java heap can give"
          + " (maximum " + Runtime.getRuntime().maxMemory() + " bytes; raise -Xmx)");
    }
    long position = h.dataStart + e.begin;
    for (int done = 0; done < n; ) {
      int k = Math.min(n - done, chunk.capacity() / width);
      chunk.clear().limit(k * width);
      readFully(ch, chunk, position, path);
      chunk.flip();
      if (f != null) chunk.asFloatBuffer().get(f, done, k);
      else if (d != null) chunk.asDoubleBuffer().get(d, done, k);
      else if (width == 4) chunk.asIntBuffer().get(i, done, k);
      else narrow(chunk, i, done, k, e, path);
      done += k;
      position += (long) k * width;
    }
    int[] dims = e.shape.dims();
    try {
      if (i != null) return dims.length == 0 ? Tensor.of(i).reshape() : Tensor.of(i, dims);
      if (dims.length == 0) return f != null ? Tensor.of(f).reshape() : Tensor.of(d).reshape();
      return f != null ? Tensor.of(f, dims) : Tensor.of(d, dims);
    } catch (IllegalArgumentException ex) {
      throw bad(path, "tensor " + quoted(e.name) + ": " + ex.getMessage());
    }
  }

  /** The {@code k} I64 values in {@code chunk} into {@code out} from {@code at}, each checked to fit an int. */
  private static void narrow(ByteBuffer chunk, int[] out, int at, int k, Entry e, Path path) throws IOException {
    for (int j = 0; j < k; j++) {
      long v = chunk.getLong(j * 8);
      if (v != (int) v)
        throw bad(path, "tensor " + quoted(e.name) + ": I64 value " + v + " at position " + (at + j) + " is outside the"
            + " INT32 range [-2147483648, 2147483647] (Nabla reads I64 as INT32)");
      out[at + j] = (int) v;
    }
  }

  private static void readFully(SeekableByteChannel ch, ByteBuffer b, long position, Path path) throws IOException {
    ch.position(position);
    while (b.hasRemaining())
      if (ch.read(b) < 0)
        throw bad(path, "unexpected end of file at byte " + ch.position() + " (the file changed while being read?)");
  }
}
