package io.linkgate.cardedge.card;

import java.util.HexFormat;

/**
 * GlobalPlatform Card Production Life Cycle data (GET DATA tag {@code 9F7F}).
 *
 * <p>Layout (GlobalPlatform Card Specification v2.x, "CPLC Data", tag 9F7F; the same field order as
 * GlobalPlatformPro's {@code pro.javacard.gp.CPLC.Field}): IC fabricator (2 bytes, offset 0), IC type (2, 2),
 * operating system identifier (2, 4), OS release date (2, 6), OS release level (2, 8), IC fabrication date
 * (2, 10), IC serial number (4, 12), IC batch identifier (2, 16), IC module fabricator (2), IC module packaging
 * date (2), ICC manufacturer (2), IC embedding date (2), IC pre-personalizer (2), IC pre-personalization
 * equipment date (2), IC pre-personalization equipment id (4), IC personalizer (2), IC personalization date
 * (2), IC personalization equipment id (4): 42 bytes. Thai ID cards answer {@code 9F 7F 2D} with 45 bytes; the
 * three extra bytes after the standard 42 are ignored.
 *
 * <p>card-edge's chip id is the uppercase hex of IC fabricator + IC type + IC serial number (8 bytes).
 */
public final class Cplc {

  static final int TAG_HI = 0x9F;
  static final int TAG_LO = 0x7F;
  static final int STANDARD_LENGTH = 42;
  static final int IC_SERIAL_OFFSET = 12;

  private Cplc() {
  }

  /**
   * The chip id from a GET DATA answer: either {@code 9F 7F len value} or the bare value.
   *
   * @throws IllegalArgumentException when the answer is too short to hold a CPLC
   */
  public static String chipId(byte[] answer) {
    byte[] value = value(answer);
    HexFormat hex = HexFormat.of().withUpperCase();
    return hex.formatHex(value, 0, 4) + hex.formatHex(value, IC_SERIAL_OFFSET, IC_SERIAL_OFFSET + 4);
  }

  static byte[] value(byte[] answer) {
    int start = 0;
    int length = answer.length;
    if (answer.length >= 3 && (answer[0] & 0xFF) == TAG_HI && (answer[1] & 0xFF) == TAG_LO) {
      start = 3;
      length = Math.min(answer[2] & 0xFF, answer.length - 3);
    }
    if (length < STANDARD_LENGTH) {
      throw new IllegalArgumentException("CPLC too short: " + length + " bytes");
    }
    byte[] value = new byte[length];
    System.arraycopy(answer, start, value, 0, length);
    return value;
  }
}
