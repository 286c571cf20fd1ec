package io.linkgate.registry;

import io.linkgate.privacy.Sha256;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Agency API keys: random secrets shown once; only their SHA-256 is stored (a plain hash is enough for
 * high-entropy secrets and keeps the per-request check cheap).
 */
public final class ApiKeys {

  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiKeys() {
  }

  public static byte[] hash(String secret) {
    return Sha256.of(secret);
  }

  /** A new secret: {@code lgk_} and 32 random bytes in URL-safe base64. */
  public static String newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return "lgk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The part of a key shown in listings. */
  public static String prefix(String secret) {
    return secret.substring(0, Math.min(8, secret.length()));
  }
}
