package io.linkgate.metrics;

import io.linkgate.config.ConfigNode;
import java.time.Duration;

/** The management server: metrics and health. */
public record ManagementConfig(String host, int port, Duration readinessCheckInterval) {

  public static ManagementConfig from(ConfigNode node) {
    return new ManagementConfig(
        node.nonBlank("host"),
        node.integer("port", 0, 65535),
        node.duration("readinessCheckInterval", Duration.ofMillis(100), Duration.ofMinutes(5)));
  }

  public ManagementConfig withPort(int port) {
    return new ManagementConfig(host, port, readinessCheckInterval);
  }
}
