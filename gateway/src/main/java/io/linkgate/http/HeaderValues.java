package io.linkgate.http;

import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;

/** Response header values of the gateway's own making. */
public final class HeaderValues {

  private HeaderValues() {
  }

  /**
   * A printable-ASCII value as bytes: Vert.x checks and Netty copies an AsciiString as an array, a String
   * character by character.
   */
  public static AsciiString ascii(String value) {
    return new AsciiString(value.getBytes(StandardCharsets.ISO_8859_1), false);
  }
}
