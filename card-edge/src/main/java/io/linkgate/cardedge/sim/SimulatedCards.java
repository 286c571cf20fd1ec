package io.linkgate.cardedge.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The simulated cards' answer crypto, which the gateway's sandbox (playing DOPA's card authority) recomputes:
 *
 * <pre>
 *   cardKey    = HMAC-SHA256(issuerKey, UTF-8("linkgate-sim-card:" + citizenId + ":" + chipId))
 *   cryptogram = HMAC-SHA256(cardKey, challenge)            // 32 bytes
 * </pre>
 *
 * where {@code chipId} is the chip id as card-edge reads it (uppercase hex, see {@code Cplc}). The citizen ID is
 * part of the key, as a real card's key is the issuer's for that chip issued to that person: one officer's card
 * and answer do not pass as another officer's card.
 */
public final class SimulatedCards {

  /** SHA-256 of the UTF-8 string {@code "linkgate sandbox card issuer (demo only)"}. Demo and tests only. */
  public static final byte[] DEFAULT_ISSUER_KEY = sha256("linkgate sandbox card issuer (demo only)");

  static final String CARD_KEY_LABEL = "linkgate-sim-card:";
  private static final String HMAC = "HmacSHA256";

  private SimulatedCards() {
  }

  /** The default issuer key (a copy: callers may wipe theirs). */
  public static byte[] defaultIssuerKey() {
    return DEFAULT_ISSUER_KEY.clone();
  }

  /**
   * The issuer key in {@code file}: base64 of 32 bytes, the sandbox's {@code sandbox.cardIssuerKey} when that is not
   * the public demo key (docker-compose's {@code SANDBOX_CARD_ISSUER_KEY}).
   *
   * @throws IllegalArgumentException when the file cannot be read or does not hold such a key
   */
  public static byte[] readIssuerKey(Path file) {
    byte[] key;
    try {
      key = java.util.Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot read an issuer key (base64 of 32 bytes) from " + file);
    }
    if (key.length != 32) {
      throw new IllegalArgumentException("the issuer key in " + file + " is " + key.length + " bytes, not 32");
    }
    return key;
  }

  /** {@code HMAC-SHA256(issuerKey, UTF-8("linkgate-sim-card:" + citizenId + ":" + chipId))}. */
  public static byte[] cardKey(byte[] issuerKey, String citizenId, String chipId) {
    return hmac(issuerKey, (CARD_KEY_LABEL + citizenId + ":" + chipId).getBytes(StandardCharsets.UTF_8));
  }

  /** {@code HMAC-SHA256(cardKey, challenge)}: the card's 32-byte answer to INTERNAL AUTHENTICATE. */
  public static byte[] cryptogram(byte[] cardKey, byte[] challenge) {
    return hmac(cardKey, challenge);
  }

  private static byte[] hmac(byte[] key, byte[] message) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(key, HMAC));
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is a mandatory JDK algorithm", e);
    }
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is a mandatory JDK algorithm", e);
    }
  }
}
