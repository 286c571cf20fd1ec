package io.linkgate.cardedge.card;

import java.nio.charset.Charset;
import java.util.Arrays;

/**
 * Text fields of the card: TIS-620 (Thai Industrial Standard 620-2533), right-padded with spaces
 * ({@code 0x20}) or {@code 0x00}.
 *
 * <p>Charset choice: the JDK's {@code TIS-620} is exact (0xA1–0xFB → U+0E01–U+0E5B) and ships with JDK 17 and
 * 25 (in {@code java.base} on Linux). {@code x-windows-874} is a superset that decodes every TIS-620 byte the
 * same and is the fallback for a runtime without it. {@code x-IBM874} is <em>not</em> used: it maps 0xA0 and
 * 0xDB–0xDE to Thai tone marks, which would corrupt padding and give wrong characters.
 */
public final class ThaiText {

  /** The charset card text is decoded with. */
  public static final Charset CHARSET = pick("TIS-620", "x-windows-874");

  private ThaiText() {
  }

  /** Decodes a text field, dropping trailing {@code 0x00}/{@code 0x20} padding and surrounding blanks. */
  public static String decode(byte[] field) {
    int end = field.length;
    while (end > 0 && (field[end - 1] == 0x00 || field[end - 1] == 0x20)) {
      end--;
    }
    return new String(Arrays.copyOf(field, end), CHARSET).strip();
  }

  static Charset pick(String... names) {
    for (String name : names) {
      if (Charset.isSupported(name)) {
        return Charset.forName(name);
      }
    }
    throw new IllegalStateException("No TIS-620 charset in this Java runtime");
  }
}
