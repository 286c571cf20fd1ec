package io.linkgate.cardedge.card;

import java.util.Arrays;

/**
 * The photo is a JPEG stored in a fixed 5100-byte area (20 chunks of 255), followed by padding. We cut it from
 * the first SOI marker ({@code FF D8}) through the <em>last</em> EOI marker ({@code FF D9}) inclusive, so an
 * embedded thumbnail's EOI does not cut it short. The bytes are never trimmed as text: a JPEG's entropy-coded
 * data may legitimately end in {@code 0x20} or {@code 0x00} runs right before EOI.
 */
public final class JpegPhoto {

  private JpegPhoto() {
  }

  /** The JPEG inside {@code area}; the area unchanged when it holds no SOI…EOI pair (a damaged photo). */
  public static byte[] extract(byte[] area) {
    int start = indexOfSoi(area);
    int end = lastIndexOfEoi(area, start);
    if (start < 0 || end < 0) {
      return area.clone();
    }
    return Arrays.copyOfRange(area, start, end + 2);
  }

  private static int indexOfSoi(byte[] area) {
    for (int i = 0; i + 1 < area.length; i++) {
      if (area[i] == (byte) 0xFF && area[i + 1] == (byte) 0xD8) {
        return i;
      }
    }
    return -1;
  }

  private static int lastIndexOfEoi(byte[] area, int start) {
    if (start < 0) {
      return -1;
    }
    for (int i = area.length - 2; i >= start + 2; i--) {
      if (area[i] == (byte) 0xFF && area[i + 1] == (byte) 0xD9) {
        return i;
      }
    }
    return -1;
  }
}
