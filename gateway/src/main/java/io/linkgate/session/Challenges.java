package io.linkgate.session;

import io.linkgate.privacy.Hmac;
import io.vertx.core.Future;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Login challenges without server state: the id carries the expiry and the 256-bit nonce under a MAC, so
 * any instance can check it. Single use is enforced when a login consumes it (see {@link SessionStore}).
 */
public final class Challenges {

  private static final byte VERSION = 1;
  private static final int NONCE = 32;
  private static final int MAC = 16;
  static final int ID_BYTES = 1 + 8 + NONCE + MAC;

  /** A fresh challenge: the id to send back, the nonce for the card, and when it dies. */
  public record Challenge(String id, byte[] nonce, Instant expiresAt) {
  }

  /** A checked challenge id. */
  public record Verified(byte[] nonce, Instant expiresAt) {

    public byte[] nonceHash() {
      try {
        return MessageDigest.getInstance("SHA-256").digest(nonce);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private final SecretKeySpec key;
  private final Duration ttl;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  /** {@code secret} is shared by every instance (derived from the data-protection HMAC key). */
  public Challenges(byte[] secret, Duration ttl, Clock clock) {
    this.key = new SecretKeySpec(Hmac.derive(secret, "linkgate session challenge v1"), "HmacSHA256");
    this.ttl = ttl;
    this.clock = clock;
  }

  public Challenge issue() {
    byte[] nonce = new byte[NONCE];
    random.nextBytes(nonce);
    Instant expires = clock.instant().plus(ttl);
    ByteBuffer buf = ByteBuffer.allocate(ID_BYTES).put(VERSION).putLong(expires.getEpochSecond()).put(nonce);
    buf.put(mac(buf.array(), 1 + 8 + NONCE), 0, MAC);
    return new Challenge(Base64.getUrlEncoder().withoutPadding().encodeToString(buf.array()), nonce, expires);
  }

  /** Checks the MAC; fails with {@code challenge-invalid}. Its expiry is checked apart: see {@link #unexpired}. */
  public Verified authentic(String id) {
    byte[] raw;
    try {
      raw = id == null ? null : Base64.getUrlDecoder().decode(id);
    } catch (IllegalArgumentException e) {
      raw = null;
    }
    if (raw == null || raw.length != ID_BYTES || raw[0] != VERSION) {
      throw SessionProblems.CHALLENGE_INVALID.exception("The challengeId was not issued by this gateway.");
    }
    byte[] expected = Arrays.copyOf(mac(raw, 1 + 8 + NONCE), MAC);
    if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(raw, 1 + 8 + NONCE, ID_BYTES))) {
      throw SessionProblems.CHALLENGE_INVALID.exception("The challengeId was not issued by this gateway.");
    }
    ByteBuffer buf = ByteBuffer.wrap(raw, 1, 8 + NONCE);
    Instant expires = Instant.ofEpochSecond(buf.getLong());
    byte[] nonce = new byte[NONCE];
    buf.get(nonce);
    return new Verified(nonce, expires);
  }

  /**
   * Fails with {@code challenge-expired} when {@code challenge} is past its lifetime. Checked after the device's
   * signature, so that a refusal for it is recorded only against a workstation that really sent it.
   */
  public Future<Void> unexpired(Verified challenge) {
    return clock.instant().isBefore(challenge.expiresAt()) ? Future.succeededFuture()
        : Future.failedFuture(SessionProblems.CHALLENGE_EXPIRED.exception("The challenge expired; ask for a new one and answer it within its lifetime."));
  }

  private byte[] mac(byte[] data, int length) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(data, 0, length);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }


}
