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
    byte[] hmacKey = decode(node.key("hmacKey"), hmac);
    if (hmacKey.length < 32) {
      throw new ConfigException(node.key("hmacKey"), "must be at least 32 bytes (base64), was " + hmacKey.length);
    }
    Map<String, byte[]> parsed = new LinkedHashMap<>();
    for (String entry : keys.split(",")) {
      String[] parts = entry.trim().split(":", 2);
      if (parts.length != 2 || !KEY_ID.matcher(parts[0]).matches()) {
        throw new ConfigException(node.key("encryptionKeys"), "must be keyId:base64key[,keyId:base64key...] with ids of letters, digits, - or _");
      }
      byte[] key = decode(node.key("encryptionKeys"), parts[1]);
      if (key.length != 32) {
        throw new ConfigException(node.key("encryptionKeys"), "key '" + parts[0] + "' must be 32 bytes (AES-256), was " + key.length);
      }
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
