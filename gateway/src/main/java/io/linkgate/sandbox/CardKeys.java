package io.linkgate.sandbox;

import io.linkgate.privacy.Hmac;
import java.nio.charset.StandardCharsets;

/** Keys and answers of the simulated cards, as the sandbox (in DOPA's role) checks them. */
public final class CardKeys {

  private CardKeys() {
  }

  /**
   * {@code HMAC-SHA256(issuerKey, "linkgate-sim-card:" + citizenId + ":" + chipId)}: each card's own key, diversified
   * from the issuer's for that chip issued to that citizen, so one officer's card cannot answer for another officer
   * (card-edge's {@code SimulatedCards} derives the same).
   */
  public static byte[] cardKey(byte[] issuerKey, String citizenId, String chipId) {
    return Hmac.sha256(issuerKey, ("linkgate-sim-card:" + citizenId + ":" + chipId).getBytes(StandardCharsets.UTF_8));
  }

  /** The card's answer to a challenge: {@code HMAC-SHA256(cardKey, challenge)}. */
  public static byte[] cryptogram(byte[] cardKey, byte[] challenge) {
    return Hmac.sha256(cardKey, challenge);
  }
}
