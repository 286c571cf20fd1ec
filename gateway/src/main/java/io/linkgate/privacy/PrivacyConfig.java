package io.linkgate.privacy;

import io.linkgate.config.ConfigException;
import io.linkgate.config.ConfigNode;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Keys protecting citizen IDs at rest. Either both the HMAC key and the encryption keys are configured,
 * or neither is and {@link KeyMaterial#loadOrGenerate} keeps generated ones in the data directory.
 */
public record PrivacyConfig(byte[] hmacKey, Map<String, byte[]> encryptionKeys, String activeKeyId) {

  static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");

  public static PrivacyConfig from(ConfigNode node) {
    String hmac = node.string("hmacKey");
    String keys = node.string("encryptionKeys");
    String active = node.string("activeKeyId");
    if (hmac.isEmpty() && keys.isEmpty() && active.isEmpty()) {
      return new PrivacyConfig(null, Map.of(), "");
    }
    if (hmac.isEmpty() || keys.isEmpty() || active.isEmpty()) {
      throw new ConfigException(node.key(hmac.isEmpty() ? "hmacKey" : keys.isEmpty() ? "encryptionKeys" : "activeKeyId"),
          "hmacKey, encryptionKeys and activeKeyId are set together, or all left empty to generate them");
    }
    byte[] hmacKey = hmacKey(node.key("hmacKey"), hmac);
    Map<String, byte[]> parsed = new LinkedHashMap<>();
    for (String entry : keys.split(",")) {
      String[] parts = entry.trim().split(":", 2);
      if (parts.length != 2 || !KEY_ID.matcher(parts[0]).matches()) {
        throw new ConfigException(node.key("encryptionKeys"), "must be keyId:base64key[,keyId:base64key...] with ids of letters, digits, - or _");
      }
      byte[] key = encryptionKey(node.key("encryptionKeys"), "key '" + parts[0] + "' ", parts[1]);
      if (parsed.put(parts[0], key) != null) {
        throw new ConfigException(node.key("encryptionKeys"), "key id '" + parts[0] + "' is listed twice");
      }
    }
    if (!parsed.containsKey(active)) {
      throw new ConfigException(node.key("activeKeyId"), "must be one of the key ids in encryptionKeys " + parsed.keySet() + ", was '" + active + "'");
    }
    return new PrivacyConfig(hmacKey, Map.copyOf(parsed), active);
  }

  public boolean generated() {
    return hmacKey == null;
  }

  /** The HMAC key given in base64 under {@code key}: at least 32 bytes. */
  static byte[] hmacKey(String key, String base64) {
    byte[] hmacKey = decode(key, base64);
    if (hmacKey.length < 32) {
      throw new ConfigException(key, "must be at least 32 bytes (base64), was " + hmacKey.length);
    }
    return hmacKey;
  }

  /** An encryption key given in base64 under {@code key} ({@code which}, e.g. "key 'k1' ", names it in the error): AES-256. */
  static byte[] encryptionKey(String key, String which, String base64) {
    byte[] encryptionKey = decode(key, base64);
    if (encryptionKey.length != 32) {
      throw new ConfigException(key, which + "must be 32 bytes (AES-256), was " + encryptionKey.length);
    }
    return encryptionKey;
  }

  private static byte[] decode(String key, String base64) {
    try {
      return Base64.getDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key, "is not valid base64");
    }
  }

  @Override
  public String toString() {
    return "PrivacyConfig[keys=" + encryptionKeys.keySet() + ", active=" + activeKeyId + ", secrets redacted]";
  }
}
