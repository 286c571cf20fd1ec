package io.linkgate.sandbox;

import io.linkgate.config.ConfigException;
import io.linkgate.config.ConfigNode;
import java.time.Duration;

/**
 * Injected misbehaviour of one endpoint: a share of calls answered 500, latency added to every call,
 * or a full outage (the connection is closed without an answer).
 */
public record Fault(double errorRate, Duration addedLatency, boolean outage) {

  static final Duration MAX_ADDED_LATENCY = Duration.ofMinutes(2);
  public static final Fault NONE = new Fault(0.0, Duration.ZERO, false);

  public Fault {
    if (Double.isNaN(errorRate) || errorRate < 0.0 || errorRate > 1.0) {
      throw new IllegalArgumentException("errorRate must be between 0.0 and 1.0");
    }
    if (addedLatency.isNegative() || addedLatency.compareTo(MAX_ADDED_LATENCY) > 0) {
      throw new IllegalArgumentException("addedLatency must be between 0ms and 2m");
    }
  }

  static Fault from(ConfigNode node) {
    double errorRate = node.decimal("errorRate", 0.0, 1.0);
    Duration latency = node.duration("addedLatency", Duration.ZERO, MAX_ADDED_LATENCY);
    boolean outage = node.bool("outage");
    try {
      return new Fault(errorRate, latency, outage);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(node.path(), e.getMessage());
    }
  }

  public boolean active() {
    return outage || errorRate > 0.0 || !addedLatency.isZero();
  }
}
