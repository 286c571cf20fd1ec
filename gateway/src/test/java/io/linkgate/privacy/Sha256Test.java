package io.linkgate.privacy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Sha256Test {

  static byte[] reference(String text) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void should_hash_the_utf8_bytes_of_ascii_and_non_ascii_text_of_any_length() throws Exception {
    String[] texts = {"", "demo-agency-key", "a".repeat(255), "b".repeat(256), "c".repeat(257), "x".repeat(5000),
        "กรมการปกครอง", "key-ก", "é", "\u007f\u0080", "😀-token", "abc".repeat(85) + "ก"};
    for (String t : texts) {
      assertArrayEquals(reference(t), Sha256.of(t), t.length() + " chars");
    }
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 2_000; i++) {
      char[] chars = new char[random.nextInt(300)];
      for (int j = 0; j < chars.length; j++) {
        chars[j] = (char) (random.nextInt(20) == 0 ? random.nextInt(0x80, 0xd800) : random.nextInt(0x20, 0x7f));
      }
      String t = new String(chars);
      assertArrayEquals(reference(t), Sha256.of(t));
    }
  }
}
