package io.linkgate.cardedge.sim;

import static io.linkgate.cardedge.sim.Apdus.HEX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox's card crypto, against values computed independently (Python's hashlib/hmac). */
class SimulatedCardsTest {

  @Test
  void should_derive_the_default_issuer_key_from_sha256_of_the_demo_phrase() {
    assertEquals("2C8D8D3C7D9EA17524654EC4F2C05D456B337A18288D58D586935DD6E8113C66",
        HEX.formatHex(SimulatedCards.DEFAULT_ISSUER_KEY));
  }

  @Test
  void should_compute_card_key_and_cryptogram_as_the_sandbox_does() {
    byte[] cardKey = SimulatedCards.cardKey(SimulatedCards.defaultIssuerKey(), "1101700001016", "479051670A1B2C3D");
    byte[] challenge = new byte[32];
    for (int i = 0; i < challenge.length; i++) {
      challenge[i] = (byte) i;
    }

    assertEquals("9B28B32DAFECBA4A4B476EB7733419C403C19D7B90B92E898ED4463D490D02B9", HEX.formatHex(cardKey));
    assertEquals("95DE4083C4563DB82DDD3AEABC7B30321EA69E495DA9BA594E45B836F7E61AD0",
        HEX.formatHex(SimulatedCards.cryptogram(cardKey, challenge)));
  }

  @Test
  void should_bind_the_card_key_to_the_citizen_id_as_well_as_the_chip() {
    byte[] officer = SimulatedCards.cardKey(SimulatedCards.defaultIssuerKey(), "1101700001016", "479051670A1B2C3D");
    byte[] other = SimulatedCards.cardKey(SimulatedCards.defaultIssuerKey(), "1101700001024", "479051670A1B2C3D");
    assertFalse(java.util.Arrays.equals(officer, other), "the same chip issued to another citizen has another key");
  }

  @Test
  void should_answer_with_the_issuer_key_read_from_a_file(@TempDir Path dir) throws Exception {
    byte[] issuer = new byte[32];
    issuer[0] = 7;
    Path file = Files.writeString(dir.resolve("issuer.key"), Base64.getEncoder().encodeToString(issuer) + "\n");
    SimulatedCardProfile profile = SimulatedCardProfiles.byName("officer");
    SimulatedThaiIdCard card = new SimulatedThaiIdCard(profile, new InMemoryPinCounterStore(), SimulatedCards.readIssuerKey(file));
    Apdus.send(card, Apdus.SELECT_THAI_ID);
    Apdus.send(card, Apdus.pin("1234"));
    Apdus.send(card, "0088000020" + "00".repeat(32));

    byte[] expected = SimulatedCards.cryptogram(SimulatedCards.cardKey(issuer, profile.citizenId(), profile.chipId()), new byte[32]);
    assertEquals(HEX.formatHex(expected) + "9000", Apdus.send(card, "00C0000020"));
    Files.writeString(file, "not base64!");
    assertThrows(IllegalArgumentException.class, () -> SimulatedCards.readIssuerKey(file));
  }
}
