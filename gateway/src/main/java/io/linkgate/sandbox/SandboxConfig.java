package io.linkgate.sandbox;

import io.linkgate.config.ConfigException;
import io.linkgate.config.ConfigNode;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/** The simulated Linkage/GDX upstreams. */
public record SandboxConfig(
    boolean enabled,
    String host,
    int port,
    String consumerKey,
    String consumerSecret,
    Duration tokenIdleTimeout,
    Duration latencyMedian,
    Duration latencyP99,
    Map<SandboxEndpoint, Fault> faults) {

  public SandboxConfig {
    faults = Map.copyOf(faults);
  }

  public static SandboxConfig from(ConfigNode node) {
    Duration median = node.duration("latencyMedian", Duration.ZERO, Duration.ofSeconds(30));
    Duration p99 = node.duration("latencyP99", Duration.ZERO, Duration.ofSeconds(60));
    if (p99.compareTo(median) < 0) {
      throw new ConfigException(node.key("latencyP99"), "must not be below latencyMedian (" + median.toMillis() + "ms)");
    }
    if (median.isZero() && !p99.isZero()) {
      throw new ConfigException(node.key("latencyMedian"), "must be above 0ms when latencyP99 is (or set both to 0ms)");
    }
    ConfigNode faultsNode = node.section("faults");
    Map<SandboxEndpoint, Fault> faults = new EnumMap<>(SandboxEndpoint.class);
    for (String name : faultsNode.names()) {
      SandboxEndpoint endpoint = SandboxEndpoint.byId(name).orElseThrow(() ->
          new ConfigException(faultsNode.key(name), "unknown sandbox endpoint; known: gdx-auth, linkage-link, agent-permission, card-verification, juristic"));
      faults.put(endpoint, Fault.from(faultsNode.section(name)));
    }
    for (SandboxEndpoint endpoint : SandboxEndpoint.values()) {
      faults.putIfAbsent(endpoint, Fault.NONE);
    }
    return new SandboxConfig(
        node.bool("enabled"),
        node.nonBlank("host"),
        node.integer("port", 0, 65535),
        node.nonBlank("consumerKey"),
        node.nonBlank("consumerSecret"),
        node.duration("tokenIdleTimeout", Duration.ofSeconds(1), Duration.ofDays(1)),
        median,
        p99,
        faults);
  }

  public SandboxConfig withEnabled(boolean enabled) {
    return new SandboxConfig(enabled, host, port, consumerKey, consumerSecret, tokenIdleTimeout, latencyMedian, latencyP99, faults);
  }

  public SandboxConfig withPort(int port) {
    return new SandboxConfig(enabled, host, port, consumerKey, consumerSecret, tokenIdleTimeout, latencyMedian, latencyP99, faults);
  }

  public SandboxConfig withLatency(Duration median, Duration p99) {
    return new SandboxConfig(enabled, host, port, consumerKey, consumerSecret, tokenIdleTimeout, median, p99, faults);
  }
}
