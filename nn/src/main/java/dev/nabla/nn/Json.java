package dev.nabla.nn;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON (RFC 8259) reader and string quoter, enough for safetensors headers and test
 * fixtures. Objects become insertion-ordered {@code Map<String, Object>} (duplicate keys are an
 * error), arrays {@code List<Object>}, numbers {@link Num} (the exact lexeme, so 64-bit offsets
 * are not rounded through a double), strings {@code String}, literals {@code Boolean} or
 * {@link #NULL}. Nesting deeper than {@link #MAX_DEPTH} is refused, so a hostile header cannot
 * overflow the stack.
 */
final class Json {
  static final int MAX_DEPTH = 64;
  /** The JSON {@code null}. */
  static final Object NULL = new Object() {
    @Override
    public String toString() {
      return "null";
    }
  };

  /** A number as written. */
  record Num(String lexeme) {
    double asDouble() {
      return Double.parseDouble(lexeme);
    }

    /** The exact value of an integer lexeme, or null when it is fractional or outside long. */
    Long asLongExact() {
      if (lexeme.indexOf('.') >= 0 || lexeme.indexOf('e') >= 0 || lexeme.indexOf('E') >= 0) return null;
      try {
        return Long.parseLong(lexeme);
      } catch (NumberFormatException e) {
        return null;
      }
    }

    @Override
    public String toString() {
      return lexeme;
    }
  }

  private final String s;
  private int pos;
  private long budget;

  private Json(String s, long maxValues) {
    this.s = s;
    this.budget = maxValues;
  }

  /** Parses one JSON value; surrounding whitespace is allowed, anything else after it is not. */
  static Object parse(String text) throws IOException {
    return parse(text, Long.MAX_VALUE);
  }

  /**
   * As {@link #parse(String)}, refusing input with more than {@code maxValues} values (objects,
   * arrays, strings, numbers and literals together), so that a hostile document cannot make the
   * parser allocate millions of small objects.
   */
  static Object parse(String text, long maxValues) throws IOException {
    Json p = new Json(text, maxValues);
    p.ws();
    Object v = p.value(0);
    p.ws();
    if (p.pos != text.length()) throw p.error("unexpected " + p.describeHere() + " after the value");
    return v;
  }

  private IOException error(String what) {
    return new IOException("invalid JSON at character " + pos + ": " + what);
  }

  private String describeHere() {
    if (pos >= s.length()) return "end of input";
    char c = s.charAt(pos);
    return c < 0x20 ? String.format("character U+%04X", (int) c) : "'" + c + "'";
  }

  private void ws() {
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
      pos++;
    }
  }

  private Object value(int depth) throws IOException {
    if (depth > MAX_DEPTH) throw error("nested deeper than " + MAX_DEPTH + " levels");
    if (--budget < 0) throw error("more values than the limit allows");
    if (pos >= s.length()) throw error("unexpected end of input, expected a value");
    char c = s.charAt(pos);
    switch (c) {
      case '{':
        return object(depth);
      case '[':
        return array(depth);
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", NULL);
      default:
        if (c == '-' || c >= '0' && c <= '9') return number();
        throw error("unexpected " + describeHere() + ", expected a value");
    }
  }

  private Object literal(String word, Object v) throws IOException {
    if (!s.startsWith(word, pos)) throw error("unexpected " + describeHere() + ", expected a value");
    pos += word.length();
    return v;
  }

  private Map<String, Object> object(int depth) throws IOException {
    pos++; // {
    Map<String, Object> m = new LinkedHashMap<>();
    ws();
    if (pos < s.length() && s.charAt(pos) == '}') {
      pos++;
      return m;
    }
    while (true) {
      ws();
      if (pos >= s.length() || s.charAt(pos) != '"') throw error("unexpected " + describeHere() + ", expected a key");
      int keyAt = pos;
      String k = string();
      ws();
      expect(':');
      ws();
      Object v = value(depth + 1);
      if (m.containsKey(k)) {
        pos = keyAt;
        throw error("duplicate key \"" + k + "\"");
      }
      m.put(k, v);
      ws();
      if (pos < s.length() && s.charAt(pos) == ',') {
        pos++;
        continue;
      }
      expect('}');
      return m;
    }
  }

  private List<Object> array(int depth) throws IOException {
    pos++; // [
    List<Object> a = new ArrayList<>();
    ws();
    if (pos < s.length() && s.charAt(pos) == ']') {
      pos++;
      return a;
    }
    while (true) {
      ws();
      a.add(value(depth + 1));
      ws();
      if (pos < s.length() && s.charAt(pos) == ',') {
        pos++;
        continue;
      }
      expect(']');
      return a;
    }
  }

  private void expect(char c) throws IOException {
    if (pos >= s.length() || s.charAt(pos) != c) throw error("unexpected " + describeHere() + ", expected '" + c + "'");
    pos++;
  }

  private String string() throws IOException {
    pos++; // opening quote
    StringBuilder b = new StringBuilder();
    while (true) {
      if (pos >= s.length()) throw error("unterminated string");
      char c = s.charAt(pos++);
      if (c == '"') return b.toString();
      if (c < 0x20) {
        pos--;
        throw error("unescaped control character in a string");
      }
      if (c != '\\') {
        b.append(c);
        continue;
      }
      if (pos >= s.length()) throw error("unterminated string");
      char e = s.charAt(pos++);
      switch (e) {
        case '"', '\\', '/' -> b.append(e);
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'n' -> b.append('\n');
        case 'r' -> b.append('\r');
        case 't' -> b.append('\t');
        case 'u' -> {
          if (pos + 4 > s.length()) throw error("truncated \\u escape");
          int cp = 0;
          for (int i = 0; i < 4; i++) {
            int d = Character.digit(s.charAt(pos + i), 16);
            if (d < 0) throw error("bad \\u escape");
            cp = cp * 16 + d;
          }
          pos += 4;
          b.append((char) cp);
        }
        default -> {
          pos--;
          throw error("bad escape '\\" + e + "'");
        }
      }
    }
  }

  private Num number() throws IOException {
    int start = pos;
    if (s.charAt(pos) == '-') pos++;
    if (pos < s.length() && s.charAt(pos) == '0') pos++;
    else if (!digits()) throw error("bad number");
    if (pos < s.length() && s.charAt(pos) == '.') {
      pos++;
      if (!digits()) throw error("bad number: no digits after '.'");
    }
    if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
      pos++;
      if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) pos++;
      if (!digits()) throw error("bad number: no digits in the exponent");
    }
    return new Num(s.substring(start, pos));
  }

  private boolean digits() {
    int start = pos;
    while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') pos++;
    return pos > start;
  }

  /** {@code text} as a JSON string literal. */
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
          else b.append(c);
        }
      }
    }
    return b.append('"').toString();
  }
}
