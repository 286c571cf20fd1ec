package io.linkgate.cardedge.card;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The laser code printed on the back of the card (2 letters + 10 digits, e.g. {@code ME0123456789}), as the ADM
 * applet answers it: ASCII, right-padded with {@code 0x00} (GET RESPONSE Le {@code 0x10}; some clients ask for
 * {@code 0x17} and get the same code with more padding).
 */
public final class LaserId {

  private LaserId() {
  }

  /** The code without its padding. */
  public static String decode(byte[] answer) {
    int end = answer.length;
    while (end > 0 && (answer[end - 1] == 0x00 || answer[end - 1] == 0x20 || answer[end - 1] == (byte) 0xFF)) {
      end--;
    }
    return new String(Arrays.copyOf(answer, end), StandardCharsets.US_ASCII).strip();
  }
}
