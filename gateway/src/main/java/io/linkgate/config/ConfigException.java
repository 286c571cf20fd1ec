package io.linkgate.config;

/** An invalid or unknown configuration value. The message always names the offending key. */
public final class ConfigException extends RuntimeException {

  private final String key;

  public ConfigException(String key, String reason) {
    super(key + ": " + reason);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
