package io.linkgate.session;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SessionAuthTest {

  @Test
  void should_accept_the_tokens_the_store_issues_and_nothing_shaped_otherwise() {
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < 1000; i++) {
      byte[] raw = new byte[32];
      random.nextBytes(raw);
      String token = "lgs_" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
      assertTrue(SessionAuth.wellFormed(token), token);
    }
    String good = "lgs_" + "A".repeat(43);
    assertTrue(SessionAuth.wellFormed(good));
    assertFalse(SessionAuth.wellFormed("lgk_" + "A".repeat(43)), "an agency key is not a session");
    assertFalse(SessionAuth.wellFormed("lgs_" + "A".repeat(42)), "too short");
    assertFalse(SessionAuth.wellFormed("lgs_" + "A".repeat(44)), "too long");
    assertFalse(SessionAuth.wellFormed("lgs_" + "A".repeat(42) + "="), "padding");
    assertFalse(SessionAuth.wellFormed("lgs_" + "A".repeat(42) + "+"), "standard base64");
    assertFalse(SessionAuth.wellFormed("lgs_" + "A".repeat(42) + "ก"), "non-ASCII");
    assertFalse(SessionAuth.wellFormed("lgs_" + "A".repeat(42) + " "), "space");
    assertFalse(SessionAuth.wellFormed(""));
  }
}
