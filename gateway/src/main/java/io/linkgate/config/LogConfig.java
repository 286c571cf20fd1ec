package io.linkgate.config;

import java.util.Set;

/** Logging: the root level and the line format. */
public record LogConfig(String level, Format format) {

  public enum Format { JSON, TEXT }

  private static final Set<String> LEVELS = Set.of("ERROR", "WARN", "INFO", "DEBUG", "TRACE");

  public static LogConfig from(ConfigNode node) {
    String level = node.nonBlank("level").toUpperCase(java.util.Locale.ROOT);
    if (!LEVELS.contains(level)) {
      throw new ConfigException(node.key("level"), "must be one of ERROR, WARN, INFO, DEBUG, TRACE, was '" + level + "'");
    }
    return new LogConfig(level, node.enumValue("format", Format.class));
  }
}
