package dev.nabla.nn;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON (RFC 8259) reader and string quoter, enough for safetensors headers and test
 * fixtures. It reads UTF-8 bytes as a stream ({@link Reader}, a pull parser), so a header is never
 * held in memory twice, and it checks the encoding itself: malformed UTF-8, <code>&#92;u</code> escapes with
 * anything but four ASCII hex digits, and surrogates outside a high-low pair are errors, as RFC 8259
 * and the reference safetensors reader demand.
 *
 * <p>{@link #parse(String)} builds a tree: objects become insertion-ordered {@code Map<String,
 * Object>} (duplicate keys are an error), arrays {@code List<Object>}, numbers {@link Num} (the
 * exact lexeme, so 64-bit offsets are not rounded through a double), strings {@code String},
 * literals {@code Boolean} or {@link #NULL}. Nesting deeper than {@link #MAX_DEPTH} is refused, so
 * a hostile document cannot overflow the stack.
 */
final class Json {
  static final int MAX_DEPTH = 64;
  /** The longest number lexeme accepted (a 64-bit integer has at most 20 characters). */
  static final int MAX_NUMBER_CHARS = 1000;

  /** The JSON {@code null}. */
  static final Object NULL = new Object() {
    @Override
    public String toString() {
      return "null";
    }
  };

  private Json() {}

  /** A number as written. */
  record Num(String lexeme) {
    double asDouble() {
      return Double.parseDouble(lexeme);
    }

    @Override
    public String toString() {
      return lexeme;
    }
  }

  /** The exact value of an integer lexeme ({@code -?digits}), or null when it is not one or is outside long. */
  static Long longExact(String lexeme) {
    if (lexeme.indexOf('.') >= 0 || lexeme.indexOf('e') >= 0 || lexeme.indexOf('E') >= 0) return null;
    try {
      return Long.parseLong(lexeme);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** A syntax error, or a document over one of the reader's limits; says where (byte offset). */
  static final class SyntaxException extends IOException {
    /** Whether the document broke one of the reader's limits rather than the grammar. */
    final boolean limit;

    SyntaxException(String message, boolean limit) {
      super(message);
      this.limit = limit;
    }
  }

  /** Parses one JSON value; surrounding whitespace is allowed, anything else after it is not. */
  static Object parse(String text) throws IOException {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    Reader r = new Reader(Channels.newChannel(new ByteArrayInputStream(b)), b.length, Long.MAX_VALUE, Long.MAX_VALUE);
    Object v = r.value();
    r.end();
    return v;
  }

  /**
   * A pull parser over {@code length} UTF-8 bytes of a channel, read through a 64 KiB buffer.
   * Containers are walked with {@link #beginObject()}/{@link #beginArray()} and {@link #next(char)};
   * scalars are taken with {@link #string()} and {@link #number()}; {@link #skipValue()} checks a
   * value without keeping it. Every string is at most {@code maxStringBytes} bytes long in the
   * input, and {@link #charge(long)} keeps a running estimate of what the caller built from the
   * document below {@code memoryBudget} bytes: past either, a {@link SyntaxException}.
   *
   * <pre>{@code
   * r.beginObject();
   * while (r.next('}')) { String k = r.key(); if (r.peek() == '"') use(k, r.string()); else r.skipValue(); }
   * r.end();
   * }</pre>
   */
  static final class Reader {
    private final ReadableByteChannel in;
    private final byte[] buf;
    private final long maxStringBytes;
    private long unread; // bytes of the document not yet in buf
    private long base; // document offset of buf[0]
    private int at, limit; // next byte in buf, end of valid bytes
    private int depth;
    private final boolean[] first = new boolean[MAX_DEPTH + 2];
    private long budget;
    private final StringBuilder scratch = new StringBuilder();

    Reader(ReadableByteChannel in, long length, long maxStringBytes, long memoryBudget) {
      this.in = in;
      this.buf = new byte[(int) Math.max(1, Math.min(1 << 16, length))];
      this.unread = length;
      this.maxStringBytes = maxStringBytes;
      this.budget = memoryBudget;
    }

    /** The document offset of the next unread byte. */
    long position() {
      return base + at;
    }

    SyntaxException error(String what) {
      return new SyntaxException("invalid JSON at byte " + position() + ": " + what, false);
    }

    /** A document over one of the reader's limits. */
    SyntaxException limit(String what) {
      return new SyntaxException("at byte " + position() + ": " + what, true);
    }

    /** Counts {@code bytes} against the memory budget. */
    void charge(long bytes) throws SyntaxException {
      budget -= bytes;
      if (budget < 0) throw limit("it would take more memory to hold than its size allows");
    }

    private boolean fill() throws IOException {
      if (at < limit) return true;
      if (unread == 0) return false;
      base += limit;
      at = limit = 0;
      ByteBuffer bb = ByteBuffer.wrap(buf, 0, (int) Math.min(buf.length, unread));
      while (limit == 0) {
        int r = in.read(bb);
        if (r < 0) throw new IOException("unexpected end of input at byte " + position() + " (changed while read?)");
        limit += r;
      }
      unread -= limit;
      return true;
    }

    /** The next byte (0-255) without consuming it, or -1 at the end. */
    private int peekByte() throws IOException {
      return fill() ? buf[at] & 0xFF : -1;
    }

    private int readByte() throws IOException {
      return fill() ? buf[at++] & 0xFF : -1;
    }

    private void ws() throws IOException {
      for (int c; (c = peekByte()) == ' ' || c == '\t' || c == '\n' || c == '\r'; ) at++;
    }

    /** The next non-whitespace byte, not consumed, or -1 at the end. */
    int peek() throws IOException {
      ws();
      return peekByte();
    }

    private String describe(int c) {
      if (c < 0) return "end of input";
      if (c < 0x20 || c >= 0x7F) return String.format("byte 0x%02X", c);
      return "'" + (char) c + "'";
    }

    private void expect(char c) throws IOException {
      int got = peek();
      if (got != c) throw error("unexpected " + describe(got) + ", expected '" + c + "'");
      at++;
    }

    /** Only whitespace may follow. */
    void end() throws IOException {
      int c = peek();
      if (c >= 0) throw error("unexpected " + describe(c) + " after the value");
    }

    void beginObject() throws IOException {
      begin('{');
    }

    void beginArray() throws IOException {
      begin('[');
    }

    private void begin(char open) throws IOException {
      if (depth >= MAX_DEPTH) throw limit("nested deeper than " + MAX_DEPTH + " levels");
      expect(open);
      first[++depth] = true;
    }

    /**
     * Whether the current container has another member: consumes the separating comma, or the
     * closing {@code close} (then false).
     */
    boolean next(char close) throws IOException {
      int c = peek();
      if (c == close) {
        at++;
        depth--;
        return false;
      }
      if (first[depth]) first[depth] = false;
      else if (c == ',') at++;
      else throw error("unexpected " + describe(c) + ", expected ',' or '" + close + "'");
      return true;
    }

    /** An object key and its colon. */
    String key() throws IOException {
      if (peek() != '"') throw error("unexpected " + describe(peek()) + ", expected a key");
      String k = string();
      expect(':');
      return k;
    }

    /** A string value. */
    String string() throws IOException {
      scratch.setLength(0);
      scanString(true);
      return scratch.toString();
    }

    private void scanString(boolean keep) throws IOException {
      expect('"');
      long start = position();
      while (true) {
        if (position() - start > maxStringBytes) throw limit("string longer than " + maxStringBytes + " bytes");
        int c = readByte();
        if (c < 0) throw error("unterminated string");
        if (c == '"') return;
        if (c == '\\') {
          escape(keep);
        } else if (c < 0x20) {
          at--;
          throw error("unescaped control character " + describe(c) + " in a string");
        } else if (c < 0x80) {
          if (keep) scratch.append((char) c);
        } else {
          int cp = utf8(c);
          if (keep) scratch.appendCodePoint(cp);
        }
      }
    }

    /** The code point of a multi-byte UTF-8 sequence led by {@code b0} (already consumed). */
    private int utf8(int b0) throws IOException {
      int n, cp, lo = 0x80, hi = 0xBF;
      if (b0 >= 0xC2 && b0 <= 0xDF) {
        n = 1;
        cp = b0 & 0x1F;
      } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        n = 2;
        cp = b0 & 0x0F;
        if (b0 == 0xE0) lo = 0xA0; // no overlong forms
        if (b0 == 0xED) hi = 0x9F; // no UTF-16 surrogates
      } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        n = 3;
        cp = b0 & 0x07;
        if (b0 == 0xF0) lo = 0x90;
        if (b0 == 0xF4) hi = 0x8F; // nothing above U+10FFFF
      } else {
        at--;
        throw error("invalid UTF-8: " + describe(b0) + " cannot start a character");
      }
      for (int i = 0; i < n; i++) {
        int b = peekByte();
        if (b < lo || b > hi) throw error("invalid UTF-8: " + describe(b) + " cannot continue a character");
        at++;
        cp = cp << 6 | b & 0x3F;
        lo = 0x80;
        hi = 0xBF;
      }
      return cp;
    }

    private void escape(boolean keep) throws IOException {
      int e = readByte();
      char c;
      switch (e) {
        case '"', '\\', '/' -> c = (char) e;
        case 'b' -> c = '\b';
        case 'f' -> c = '\f';
        case 'n' -> c = '\n';
        case 'r' -> c = '\r';
        case 't' -> c = '\t';
        case 'u' -> {
          long escapeAt = position() - 2;
          c = hex4();
          if (Character.isLowSurrogate(c))
            throw new SyntaxException("invalid JSON at byte " + escapeAt + ": \\u" + hex(c)
                + " is a low surrogate without a high surrogate before it", false);
          if (Character.isHighSurrogate(c)) {
            char low = readByte() == '\\' && readByte() == 'u' ? hex4() : 0;
            if (!Character.isLowSurrogate(low))
              throw new SyntaxException("invalid JSON at byte " + escapeAt + ": \\u" + hex(c)
                  + " is a high surrogate not followed by a \\uDC00-\\uDFFF low surrogate", false);
            if (keep) scratch.append(c).append(low);
            return;
          }
        }
        default -> {
          throw error(e < 0 ? "unterminated string" : "invalid escape: " + describe(e)
              + " after a backslash (JSON allows \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
        }
      }
      if (keep) scratch.append(c);
    }

    private char hex4() throws IOException {
      int v = 0;
      for (int i = 0; i < 4; i++) {
        int b = peekByte();
        int d = hexDigit(b);
        if (d < 0)
          throw error("invalid \\u escape: " + describe(b) + " is not one of the ASCII hex digits 0-9, a-f, A-F");
        at++;
        v = v << 4 | d;
      }
      return (char) v;
    }

    private static int hexDigit(int b) {
      if (b >= '0' && b <= '9') return b - '0';
      if (b >= 'a' && b <= 'f') return b - 'a' + 10;
      if (b >= 'A' && b <= 'F') return b - 'A' + 10;
      return -1;
    }

    /** A number lexeme, checked against the grammar and {@link #MAX_NUMBER_CHARS}. */
    String number() throws IOException {
      ws();
      scratch.setLength(0);
      if (peekByte() == '-') take();
      if (peekByte() == '0') take();
      else if (!digits()) throw error("unexpected " + describe(peekByte()) + ", expected a number");
      if (peekByte() == '.') {
        take();
        if (!digits()) throw error("bad number: no digits after '.'");
      }
      if (peekByte() == 'e' || peekByte() == 'E') {
        take();
        if (peekByte() == '+' || peekByte() == '-') take();
        if (!digits()) throw error("bad number: no digits in the exponent");
      }
      return scratch.toString();
    }

    private void take() throws IOException {
      if (scratch.length() >= MAX_NUMBER_CHARS) throw limit("number longer than " + MAX_NUMBER_CHARS + " characters");
      scratch.append((char) readByte());
    }

    private boolean digits() throws IOException {
      int n = 0;
      for (int c; (c = peekByte()) >= '0' && c <= '9'; n++) take();
      return n > 0;
    }

    private void literal(String word) throws IOException {
      for (int i = 0; i < word.length(); i++) {
        if (peekByte() != word.charAt(i)) throw error("unexpected " + describe(peekByte()) + ", expected a value");
        at++;
      }
    }

    /** Reads and checks one value without keeping it. */
    void skipValue() throws IOException {
      int c = peek();
      switch (c) {
        case '{' -> {
          beginObject();
          while (next('}')) {
            if (peek() != '"') throw error("unexpected " + describe(peek()) + ", expected a key");
            scanString(false);
            expect(':');
            skipValue();
          }
        }
        case '[' -> {
          beginArray();
          while (next(']')) skipValue();
        }
        case '"' -> scanString(false);
        case 't' -> literal("true");
        case 'f' -> literal("false");
        case 'n' -> literal("null");
        default -> {
          if (c == '-' || c >= '0' && c <= '9') number();
          else throw error("unexpected " + describe(c) + ", expected a value");
        }
      }
    }

    /** Reads one value as a tree (see {@link Json}); each value is charged against the budget. */
    Object value() throws IOException {
      int c = peek();
      charge(32);
      switch (c) {
        case '{' -> {
          Map<String, Object> m = new LinkedHashMap<>();
          beginObject();
          while (next('}')) {
            long keyAt = position();
            String k = key();
            charge(2L * k.length());
            Object v = value();
            if (m.putIfAbsent(k, v) != null)
              throw new SyntaxException("invalid JSON at byte " + keyAt + ": duplicate key \"" + k + "\"", false);
          }
          return m;
        }
        case '[' -> {
          List<Object> a = new ArrayList<>();
          beginArray();
          while (next(']')) a.add(value());
          return a;
        }
        case '"' -> {
          String s = string();
          charge(2L * s.length());
          return s;
        }
        case 't' -> {
          literal("true");
          return Boolean.TRUE;
        }
        case 'f' -> {
          literal("false");
          return Boolean.FALSE;
        }
        case 'n' -> {
          literal("null");
          return NULL;
        }
        default -> {
          if (c == '-' || c >= '0' && c <= '9') return new Num(number());
          throw error("unexpected " + describe(c) + ", expected a value");
        }
      }
    }
  }

  private static String hex(char c) {
    return String.format("%04X", (int) c);
  }

  /** {@code text} as a JSON string literal; a lone surrogate, which UTF-8 cannot encode, is an IllegalArgumentException. */
  static String quote(String text) {
    StringBuilder b = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
          else if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < text.length()
              && Character.isLowSurrogate(text.charAt(i + 1))) && !(Character.isLowSurrogate(c) && i > 0
              && Character.isHighSurrogate(text.charAt(i - 1))))
            throw new IllegalArgumentException("JSON: \"" + text + "\" has a lone surrogate U+" + hex(c)
                + " at index " + i + ", which UTF-8 cannot encode");
          else b.append(c);
        }
      }
    }
    return b.append('"').toString();
  }
}
