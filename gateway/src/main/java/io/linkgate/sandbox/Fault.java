package io.linkgate.sandbox;

import io.linkgate.config.ConfigException;
import io.linkgate.config.ConfigNode;
import java.time.Duration;

/**
 * Injected misbehaviour of one endpoint: a share of calls answered 500, latency added to every call,
 * or a full outage (the connection is closed without an answer). With {@code linkageStatus} (a Linkage endpoint,
 * set at run time) the failed share is answered as the Linkage Center reports its own back end failing: HTTP 200
 * with that status in the body, e.g. {@code 90012} (upstream timeout) or {@code 00503} (the provider's 503); never
 * {@code 00000}, which is its ok.
 */
public record Fault(double errorRate, Duration addedLatency, boolean outage, String linkageStatus) {

  static final Duration MAX_ADDED_LATENCY = Duration.ofMinutes(2);
  public static final Fault NONE = new Fault(0.0, Duration.ZERO, false);

  public Fault(double errorRate, Duration addedLatency, boolean outage) {
    this(errorRate, addedLatency, outage, null);
  }

  public Fault {
    if (linkageStatus != null && !linkageStatus.matches("\\d{5}")) {
      throw new IllegalArgumentException("linkageStatus must be a five-digit Linkage status");
    }
    if ("00000".equals(linkageStatus)) {
      // the failed share would be answered as a success without a record: the gateway would serve and cache it
      throw new IllegalArgumentException("linkageStatus 00000 is the Linkage Center's ok, not a failure");
    }
    if (Double.isNaN(errorRate) || errorRate < 0.0 || errorRate > 1.0) {
      throw new IllegalArgumentException("errorRate must be between 0.0 and 1.0");
    }
    if (addedLatency.isNegative() || addedLatency.compareTo(MAX_ADDED_LATENCY) > 0) {
      throw new IllegalArgumentException("addedLatency must be between 0ms and " + MAX_ADDED_LATENCY.toMillis() + "ms");
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
