package io.linkgate.privacy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One-off HMAC-SHA256, for keys derived from another under a label and other rare computations (a Mac is looked
 * up each time: the per-request paths keep their own, per thread).
 */
public final class Hmac {

  private Hmac() {
  }

  /** {@code HMAC-SHA256(key, data)}. */
  public static byte[] sha256(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 unavailable", e);
    }
  }

  /** {@code HMAC-SHA256(key, label)}, the label's ASCII bytes: a key of its own for one purpose. */
  public static byte[] derive(byte[] key, String label) {
    return sha256(key, label.getBytes(StandardCharsets.US_ASCII));
  }
}
