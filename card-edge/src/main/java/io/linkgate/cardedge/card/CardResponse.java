package io.linkgate.cardedge.card;

import java.util.Arrays;

/**
 * A complete card answer after GET RESPONSE chaining: the data and the final status word.
 *
 * @param data the response data (may be empty)
 * @param sw   SW1 SW2 as one number, e.g. {@code 0x9000}
 */
record CardResponse(byte[] data, int sw) {

  static final int SW_OK = 0x9000;

  boolean ok() {
    return sw == SW_OK;
  }

  @Override
  public String toString() {
    return "CardResponse[sw=" + String.format("%04X", sw) + ", " + data.length + " bytes]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CardResponse other && sw == other.sw && Arrays.equals(data, other.data);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(data) + sw;
  }
}
