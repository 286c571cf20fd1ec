package io.linkgate.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The X-Service-Code check is the pattern {@code [A-Z0-9][A-Z0-9_.-]{1,39}}, written out without a regex. */
class ServiceCodeTest {

  static final Pattern SERVICE = Pattern.compile("[A-Z0-9][A-Z0-9_.-]{1,39}");

  @Test
  void should_accept_exactly_what_the_pattern_accepts() {
    String[] samples = {"NC-CIVILREG", "NC", "N", "", "-NC", "_NC", ".NC", "9A", "A9_.-", "nc-civilreg", "NC CIVIL",
        "NC/CIVIL", "A".repeat(40), "A".repeat(41), "ก", "NC-ก", "NC\u0000", "NC-CIVILREG\n"};
    for (String s : samples) {
      assertEquals(SERVICE.matcher(s).matches(), AuthorizationPolicy.isServiceCode(s), s);
    }
    String alphabet = "AZ09_.-az /\u0000กÀ:";
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 20_000; i++) {
      char[] chars = new char[random.nextInt(44)];
      for (int j = 0; j < chars.length; j++) {
        chars[j] = random.nextInt(4) == 0 ? alphabet.charAt(random.nextInt(alphabet.length())) : (char) random.nextInt('A', 'Z' + 1);
      }
      String s = new String(chars);
      assertEquals(SERVICE.matcher(s).matches(), AuthorizationPolicy.isServiceCode(s), s);
    }
  }
}
