package io.linkgate.cardedge.sim;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The simulated cards' answer crypto, which the gateway's sandbox (playing DOPA's card authority) recomputes:
 *
 * <pre>
 *   cardKey    = HMAC-SHA256(issuerKey, UTF-8("linkgate-sim-card:" + chipId))
 *   cryptogram = HMAC-SHA256(cardKey, challenge)            // 32 bytes
 * </pre>
 *
 * where {@code chipId} is the chip id as card-edge reads it (uppercase hex, see {@code Cplc}).
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

  /** {@code HMAC-SHA256(issuerKey, UTF-8("linkgate-sim-card:" + chipId))}. */
  public static byte[] cardKey(byte[] issuerKey, String chipId) {
    return hmac(issuerKey, (CARD_KEY_LABEL + chipId).getBytes(StandardCharsets.UTF_8));
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
