package io.linkgate.upstream;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.charset.StandardCharsets;

/**
 * Reads an upstream answer once, byte by byte: checks that it is exactly one well-formed JSON object (RFC 8259,
 * strings in well-formed UTF-8, nesting at most {@value #MAX_DEPTH} deep) and picks out one top-level field,
 * without building the object or a parser. An answer that is relayed as it came needs no more; a Jackson parser
 * made for each answer cost a cache-off lookup about 4 % of its CPU time and of its allocation.
 */
public final class JsonScan {

  /** The deepest nesting accepted, the top-level object included (Jackson's default limit). */
  static final int MAX_DEPTH = 1000;

  /** What a scan found: whether the body is one JSON object, and the field's value as text (null when absent or null). */
  public record Result(boolean object, String value) {
    static final Result NOT_AN_OBJECT = new Result(false, null);
  }

  /** Thrown inside a scan at the first byte that cannot be JSON; one instance, no stack trace. */
  private static final class Malformed extends RuntimeException {
    static final Malformed INSTANCE = new Malformed();

    private Malformed() {
      super(null, null, false, false);
    }
  }

  private final byte[] b;
  private final int end;
  private int i;
  private boolean escaped; // whether the string just skipped had escape sequences

  private JsonScan(byte[] bytes, int start, int end) {
    this.b = bytes;
    this.i = start;
    this.end = end;
  }

  /**
   * Scans {@code body} for the top-level field {@code name} (null: only checks the body). A scalar value comes
   * back as its text (a number as written, a string with its escapes resolved); an object or array value as its
   * kind in brackets; the last one wins when the name repeats, as with a JsonObject.
   */
  public static Result field(Buffer body, String name) {
    if (body == null) {
      return Result.NOT_AN_OBJECT;
    }
    // read where it lies when the buffer is an array (an upstream answer always is), else from a copy
    ByteBuf buf = body instanceof BufferInternal internal ? internal.getByteBuf() : null;
    byte[] bytes;
    int offset;
    if (buf != null && buf.hasArray()) {
      bytes = buf.array();
      offset = buf.arrayOffset() + buf.readerIndex();
    } else {
      bytes = body.getBytes();
      offset = 0;
    }
    try {
      return new JsonScan(bytes, offset, offset + body.length()).object(name);
    } catch (Malformed e) {
      return Result.NOT_AN_OBJECT;
    }
  }

  private Result object(String name) {
    // a UTF-8 byte order mark before the text is passed over, as Jackson does
    if (end - i >= 3 && b[i] == (byte) 0xEF && b[i + 1] == (byte) 0xBB && b[i + 2] == (byte) 0xBF) {
      i += 3;
    }
    if (next() != '{') {
      throw Malformed.INSTANCE;
    }
    String value = members(1, name);
    if (next() != -1) {
      throw Malformed.INSTANCE;
    }
    return new Result(true, value);
  }

  /** The text a scalar value at {@code start} (which begins with {@code kind}, now skipped) stands for. */
  private String text(int kind, int start) {
    return switch (kind) {
      case '{' -> "[object]";
      case '[' -> "[array]";
      case 'n' -> null;
      case '"' -> escaped ? unescape(start + 1, i - 1) : new String(b, start + 1, i - start - 2, StandardCharsets.UTF_8);
      default -> new String(b, start, i - start, StandardCharsets.ISO_8859_1); // a number, true or false: ASCII
    };
  }

  /** Whether the key between {@code from} and {@code to} (without quotes) is {@code name}. */
  private boolean matches(int from, int to, boolean hasEscapes, String name) {
    if (hasEscapes) {
      return name.equals(unescape(from, to));
    }
    int n = name.length();
    if (to - from < n) {
      return false;
    }
    int k = from;
    for (int j = 0; j < n; j++) {
      char ch = name.charAt(j);
      if (ch >= 0x80) {
        return name.equals(new String(b, from, to - from, StandardCharsets.UTF_8));
      }
      if (k >= to || b[k++] != ch) {
        return false;
      }
    }
    return k == to;
  }

  /**
   * Reads the members of the object whose '{' is at {@code i}, their values at nesting {@code depth}; the text of
   * the member {@code name}'s value (null: none is sought), the last one winning.
   */
  private String members(int depth, String name) {
    i++;
    String value = null;
    int c = next();
    if (c == '}') {
      i++;
      return null;
    }
    while (true) {
      if (c != '"') {
        throw Malformed.INSTANCE;
      }
      int keyStart = ++i;
      string();
      boolean wanted = name != null && matches(keyStart, i - 1, escaped, name);
      expect(':');
      int kind = next();
      int start = i;
      value(depth);
      if (wanted) {
        value = text(kind, start);
      }
      c = next();
      if (c == '}') {
        i++;
        return value;
      }
      if (c != ',') {
        throw Malformed.INSTANCE;
      }
      i++;
      c = next();
    }
  }

  /** Skips whitespace; the next byte (0-255), or -1 at the end. */
  private int next() {
    while (i < end) {
      int c = b[i] & 0xff;
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return c;
      }
      i++;
    }
    return -1;
  }

  private void expect(int ch) {
    if (next() != ch) {
      throw Malformed.INSTANCE;
    }
    i++;
  }

  private void value(int depth) {
    int c = next();
    switch (c) {
      case '{' -> {
        if (depth >= MAX_DEPTH) {
          throw Malformed.INSTANCE;
        }
        members(depth + 1, null);
      }
      case '[' -> {
        if (depth >= MAX_DEPTH) {
          throw Malformed.INSTANCE;
        }
        i++;
        if (next() == ']') {
          i++;
          return;
        }
        while (true) {
          value(depth + 1);
          c = next();
          if (c == ']') {
            i++;
            return;
          }
          if (c != ',') {
            throw Malformed.INSTANCE;
          }
          i++;
        }
      }
      case '"' -> {
        i++;
        string();
      }
      case 't' -> literal("true");
      case 'f' -> literal("false");
      case 'n' -> literal("null");
      default -> number(c);
    }
  }

  private void literal(String word) {
    int n = word.length();
    if (end - i < n) {
      throw Malformed.INSTANCE;
    }
    for (int k = 0; k < n; k++) {
      if (b[i + k] != word.charAt(k)) {
        throw Malformed.INSTANCE;
      }
    }
    i += n;
  }

  private void number(int c) {
    if (c == '-') {
      i++;
      c = i < end ? b[i] : -1;
    }
    if (c == '0') {
      i++;
    } else if (c >= '1' && c <= '9') {
      i++;
      digits();
    } else {
      throw Malformed.INSTANCE;
    }
    if (i < end && b[i] == '.') {
      i++;
      requireDigits();
    }
    if (i < end && (b[i] == 'e' || b[i] == 'E')) {
      i++;
      if (i < end && (b[i] == '+' || b[i] == '-')) {
        i++;
      }
      requireDigits();
    }
  }

  private void requireDigits() {
    if (i >= end || b[i] < '0' || b[i] > '9') {
      throw Malformed.INSTANCE;
    }
    digits();
  }

  private void digits() {
    while (i < end && b[i] >= '0' && b[i] <= '9') {
      i++;
    }
  }

  /** Skips a string's content and its closing quote ({@code i} just after the opening one); sets {@link #escaped}. */
  private void string() {
    escaped = false;
    while (true) {
      if (i >= end) {
        throw Malformed.INSTANCE;
      }
      int c = b[i] & 0xff;
      if (c == '"') {
        i++;
        return;
      }
      if (c == '\\') {
        escaped = true;
        i++;
        int e = i < end ? b[i] : -1;
        switch (e) {
          case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> i++;
          case 'u' -> {
            if (end - i < 5) {
              throw Malformed.INSTANCE;
            }
            for (int k = 1; k <= 4; k++) {
              hex(b[i + k]);
            }
            i += 5;
          }
          default -> throw Malformed.INSTANCE;
        }
      } else if (c < 0x20) {
        throw Malformed.INSTANCE; // control characters must be escaped
      } else if (c < 0x80) {
        i++;
      } else {
        utf8(c);
      }
    }
  }

  /** Passes one well-formed UTF-8 sequence of two to four bytes beginning with {@code c} (RFC 3629, table 3-7). */
  private void utf8(int c) {
    int lo = 0x80;
    int hi = 0xBF;
    int more;
    if (c >= 0xC2 && c <= 0xDF) {
      more = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      more = 2;
      if (c == 0xE0) {
        lo = 0xA0; // no overlong forms
      } else if (c == 0xED) {
        hi = 0x9F; // no surrogates
      }
    } else if (c >= 0xF0 && c <= 0xF4) {
      more = 3;
      if (c == 0xF0) {
        lo = 0x90;
      } else if (c == 0xF4) {
        hi = 0x8F; // nothing above U+10FFFF
      }
    } else {
      throw Malformed.INSTANCE;
    }
    if (end - i <= more) {
      throw Malformed.INSTANCE;
    }
    int second = b[i + 1] & 0xff;
    if (second < lo || second > hi) {
      throw Malformed.INSTANCE;
    }
    for (int k = 2; k <= more; k++) {
      if ((b[i + k] & 0xC0) != 0x80) {
        throw Malformed.INSTANCE;
      }
    }
    i += more + 1;
  }

  private static int hex(byte h) {
    if (h >= '0' && h <= '9') {
      return h - '0';
    }
    if (h >= 'a' && h <= 'f') {
      return h - 'a' + 10;
    }
    if (h >= 'A' && h <= 'F') {
      return h - 'A' + 10;
    }
    throw Malformed.INSTANCE;
  }

  /** The text of a string already checked by {@link #string()}, between its quotes, with its escapes resolved. */
  private String unescape(int from, int to) {
    StringBuilder out = new StringBuilder(to - from);
    int run = from;
    int k = from;
    while (k < to) {
      if (b[k] != '\\') {
        k++;
        continue;
      }
      out.append(new String(b, run, k - run, StandardCharsets.UTF_8));
      char e = (char) b[k + 1];
      switch (e) {
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          out.append((char) (hex(b[k + 2]) << 12 | hex(b[k + 3]) << 8 | hex(b[k + 4]) << 4 | hex(b[k + 5])));
          k += 4;
        }
        default -> out.append(e); // '"', '\\' or '/'
      }
      k += 2;
      run = k;
    }
    return out.append(new String(b, run, to - run, StandardCharsets.UTF_8)).toString();
  }
}
