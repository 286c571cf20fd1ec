package io.linkgate.usage;

import io.netty.util.AsciiString;
import java.util.UUID;

/**
 * A UUID's canonical text ({@link UUID#toString()}: 36 lowercase hex digits and hyphens) written straight into
 * bytes, for the journal's JSON and the {@code X-Usage-Id} header, which otherwise make the String and then
 * copy it out again character by character.
 */
public final class UuidText {

  public static final int LENGTH = 36;
  private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private UuidText() {
  }

  /** Writes the 36 bytes of {@code id}'s text at {@code at}. */
  public static void write(UUID id, byte[] out, int at) {
    long msb = id.getMostSignificantBits();
    long lsb = id.getLeastSignificantBits();
    hex(msb >>> 32, 8, out, at);
    out[at + 8] = '-';
    hex(msb >>> 16, 4, out, at + 9);
    out[at + 13] = '-';
    hex(msb, 4, out, at + 14);
    out[at + 18] = '-';
    hex(lsb >>> 48, 4, out, at + 19);
    out[at + 23] = '-';
    hex(lsb, 12, out, at + 24);
  }

  /** The text as an AsciiString (a header value Vert.x and Netty copy as bytes). */
  public static AsciiString ascii(UUID id) {
    byte[] out = new byte[LENGTH];
    write(id, out, 0);
    return new AsciiString(out, false);
  }

  private static void hex(long value, int digits, byte[] out, int at) {
    for (int i = digits - 1; i >= 0; i--) {
      out[at + i] = HEX[(int) value & 0xf];
      value >>>= 4;
    }
  }
}
