package io.linkgate.config;

/** An invalid or unknown configuration value. The message always names the offending key. */
public final class ConfigException extends RuntimeException {

  private final String key;
  private final String reason;

  public ConfigException(String key, String reason) {
    super(key + ": " + reason);
    this.key = key;
    this.reason = reason;
  }

  public String key() {
    return key;
  }

  /** What is wrong with the value, without the key. */
  public String reason() {
    return reason;
  }
}
