package io.linkgate.privacy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Protects citizen IDs at rest: AES-256-GCM encryption (random 96-bit nonce, the key id as associated
 * data) and an HMAC-SHA256 keyed hash for exact search. Thread-safe; cipher objects are per call.
 */
public final class CitizenIdProtector {

  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKeySpec hmacKey;
  private final Map<String, SecretKeySpec> keys;
  private final String activeKeyId;
  private final SecretKeySpec activeKey;
  private final byte[] activeKeyIdBytes;
  // One Mac and one Cipher per thread (event loops, journal): a provider look-up and, for AES, a key schedule on
  // every usage record were 10-15 % of a cache hit's CPU in the side-by-side benchmark (load-tests/README.md).
  private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);
  private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(CitizenIdProtector::newCipher);

  public CitizenIdProtector(PrivacyConfig config) {
    if (config.generated()) {
      throw new IllegalArgumentException("keys must be resolved first (KeyMaterial.loadOrGenerate)");
    }
    this.hmacKey = new SecretKeySpec(config.hmacKey(), "HmacSHA256");
    this.keys = Map.copyOf(config.encryptionKeys().entrySet().stream()
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> new SecretKeySpec(e.getValue(), "AES"))));
    this.activeKeyId = config.activeKeyId();
    this.activeKey = keys.get(activeKeyId);
    this.activeKeyIdBytes = activeKeyId.getBytes(StandardCharsets.US_ASCII);
  }

  /** The keyed hash used to find records of one citizen without storing the ID. */
  public byte[] searchHash(String citizenId) {
    return macs.get().doFinal(citizenId.getBytes(StandardCharsets.US_ASCII)); // doFinal leaves the Mac ready again
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(hmacKey);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 unavailable", e);
    }
  }

  private static Cipher newCipher() {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  }

  public Sealed encrypt(String citizenId) {
    byte[] plain = citizenId.getBytes(StandardCharsets.US_ASCII);
    // nonce || ciphertext || tag, written into one array
    byte[] sealed = new byte[NONCE_BYTES + plain.length + TAG_BITS / 8];
    RandomBytes.fill(sealed, NONCE_BYTES);
    try {
      Cipher cipher = ciphers.get(); // a fresh random nonce on every init: GCM never sees a key and nonce twice
      cipher.init(Cipher.ENCRYPT_MODE, activeKey, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
      cipher.updateAAD(activeKeyIdBytes);
      cipher.doFinal(plain, 0, plain.length, sealed, NONCE_BYTES);
      return new Sealed(activeKeyId, sealed);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  }

  /** Decrypts with the key the value was sealed with; fails if the key is gone or the value was altered. */
  public String decrypt(Sealed sealed) {
    SecretKeySpec key = keys.get(sealed.keyId());
    if (key == null) {
      throw new IllegalArgumentException("no key with id '" + sealed.keyId() + "' is configured");
    }
    if (sealed.bytes().length <= NONCE_BYTES) {
      throw new IllegalArgumentException("sealed value too short");
    }
    try {
      Cipher cipher = ciphers.get();
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed.bytes(), 0, NONCE_BYTES));
      cipher.updateAAD(sealed.keyId().getBytes(StandardCharsets.US_ASCII));
      byte[] pt = cipher.doFinal(sealed.bytes(), NONCE_BYTES, sealed.bytes().length - NONCE_BYTES);
      return new String(pt, StandardCharsets.US_ASCII);
    } catch (javax.crypto.AEADBadTagException e) {
      throw new IllegalArgumentException("sealed value failed authentication (altered or wrong key)");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  }

  public String activeKeyId() {
    return activeKeyId;
  }

  /** An encrypted value and the id of the key that sealed it. */
  public record Sealed(String keyId, byte[] bytes) {
  }
}
