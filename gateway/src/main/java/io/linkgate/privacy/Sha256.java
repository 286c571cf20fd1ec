package io.linkgate.privacy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 of request credentials (agency API keys, session tokens) with one digest per thread: looking the
 * algorithm up through the security providers on every request cost more than hashing the few bytes.
 */
public final class Sha256 {

  private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  });

  private Sha256() {
  }

  /** SHA-256 of the UTF-8 bytes of {@code text}. */
  public static byte[] of(String text) {
    MessageDigest digest = DIGEST.get();
    digest.reset();
    return digest.digest(text.getBytes(StandardCharsets.UTF_8));
  }
}
