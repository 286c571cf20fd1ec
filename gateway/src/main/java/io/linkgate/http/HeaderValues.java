package io.linkgate.http;

import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Response header values of the gateway's own making. */
public final class HeaderValues {

  private static final ThreadLocal<Builder> BUILDER = ThreadLocal.withInitial(Builder::new);

  private HeaderValues() {
  }

  /**
   * A printable-ASCII value as bytes: Vert.x checks and Netty copies an AsciiString as an array, a String
   * character by character.
   */
  public static AsciiString ascii(String value) {
    return new AsciiString(value.getBytes(StandardCharsets.ISO_8859_1), false);
  }

  /**
   * A value made of ASCII text and numbers, written into this thread's buffer and copied out once by
   * {@link Builder#build()} (instead of a String built, then encoded): finish one value before starting the next.
   */
  public static Builder build() {
    Builder b = BUILDER.get();
    b.length = 0;
    return b;
  }

  /** See {@link #build()}. */
  public static final class Builder {
    private byte[] out = new byte[256];
    private int length;

    private Builder() {
    }

    /** Appends {@code text}, which must be printable ASCII (the gateway's own tokens and punctuation). */
    public Builder text(String text) {
      int n = text.length();
      room(n);
      for (int i = 0; i < n; i++) {
        char c = text.charAt(i);
        if (c < 0x20 || c > 0x7e) {
          throw new IllegalArgumentException("not printable ASCII");
        }
        out[length++] = (byte) c;
      }
      return this;
    }

    /** Appends {@code value} in decimal, as {@link Long#toString(long)} writes it. */
    public Builder number(long value) {
      if (value < 0) {
        return text(Long.toString(value));
      }
      int count = 1;
      for (long v = value; v >= 10; v /= 10) {
        count++;
      }
      room(count);
      for (int i = count - 1; i >= 0; i--) {
        out[length + i] = (byte) ('0' + value % 10);
        value /= 10;
      }
      length += count;
      return this;
    }

    /** The value so far, as a header value of its own. */
    public AsciiString build() {
      return new AsciiString(Arrays.copyOf(out, length), false);
    }

    private void room(int n) {
      if (length + n > out.length) {
        out = Arrays.copyOf(out, Math.max(out.length * 2, length + n));
      }
    }
  }
}
