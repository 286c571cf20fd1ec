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
    byte[] cardIssuerKey,
    Duration latencyMedian,
    Duration latencyP99,
    Map<SandboxEndpoint, Fault> faults) {

  public SandboxConfig {
    faults = Map.copyOf(faults);
  }

  public static SandboxConfig from(ConfigNode node) {
    Duration median = node.duration("latencyMedian", Duration.ZERO, LatencyModel.MAX_MEDIAN);
    Duration p99 = node.duration("latencyP99", Duration.ZERO, LatencyModel.MAX_P99);
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
          new ConfigException(faultsNode.key(name), "unknown sandbox endpoint; known: gdx-auth, linkage-link, agent-permission, card-verification, juristic, card-authority"));
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
        issuerKey(node),
        median,
        p99,
        faults);
  }

  /** The simulated cards' issuer key: {@code DEMO} (the public demo key) or base64 of 32 bytes. */
  private static byte[] issuerKey(ConfigNode node) {
    String text = node.nonBlank("cardIssuerKey");
    if (text.equals("DEMO")) {
      return DEMO_CARD_ISSUER_KEY.clone();
    }
    byte[] key;
    try {
      key = java.util.Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(node.key("cardIssuerKey"), "must be DEMO or base64 of 32 bytes");
    }
    if (key.length != 32) {
      throw new ConfigException(node.key("cardIssuerKey"), "must be 32 bytes, was " + key.length);
    }
    return key;
  }

  /** SHA-256 of "linkgate sandbox card issuer (demo only)": the key card-edge's simulated cards use by default. */
  static final byte[] DEMO_CARD_ISSUER_KEY = sha256("linkgate sandbox card issuer (demo only)");

  private static byte[] sha256(String text) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public SandboxConfig withEnabled(boolean enabled) {
    return new SandboxConfig(enabled, host, port, consumerKey, consumerSecret, tokenIdleTimeout, cardIssuerKey, latencyMedian, latencyP99, faults);
  }

  public SandboxConfig withPort(int port) {
    return new SandboxConfig(enabled, host, port, consumerKey, consumerSecret, tokenIdleTimeout, cardIssuerKey, latencyMedian, latencyP99, faults);
  }

  public SandboxConfig withLatency(Duration median, Duration p99) {
    return new SandboxConfig(enabled, host, port, consumerKey, consumerSecret, tokenIdleTimeout, cardIssuerKey, median, p99, faults);
  }
}
