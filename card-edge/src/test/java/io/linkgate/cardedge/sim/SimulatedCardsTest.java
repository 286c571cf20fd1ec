package io.linkgate.cardedge.sim;

import static io.linkgate.cardedge.sim.Apdus.HEX;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The sandbox's card crypto, against values computed independently (Python's hashlib/hmac). */
class SimulatedCardsTest {

  @Test
  void should_derive_the_default_issuer_key_from_sha256_of_the_demo_phrase() {
    assertEquals("2C8D8D3C7D9EA17524654EC4F2C05D456B337A18288D58D586935DD6E8113C66",
        HEX.formatHex(SimulatedCards.DEFAULT_ISSUER_KEY));
  }

  @Test
  void should_compute_card_key_and_cryptogram_as_the_sandbox_does() {
    byte[] cardKey = SimulatedCards.cardKey(SimulatedCards.defaultIssuerKey(), "479051670A1B2C3D");
    byte[] challenge = new byte[32];
    for (int i = 0; i < challenge.length; i++) {
      challenge[i] = (byte) i;
    }

    assertEquals("6F31141A6C569C94DA06878B356B5C5474AFF86019B3E75D27EE5A4CE868E87E", HEX.formatHex(cardKey));
    assertEquals("A27679D40E83DB20803E5744A1ADED5C71071E44C122E466C132A3ACB8727409",
        HEX.formatHex(SimulatedCards.cryptogram(cardKey, challenge)));
  }
}
