package io.linkgate.upstream;

import io.linkgate.config.ConfigException;
import io.linkgate.config.ConfigNode;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Where GDX and the card authority are, and how this agency authenticates to GDX. */
public record UpstreamConfig(
    Optional<URI> baseUrl,
    String consumerKey,
    String consumerSecret,
    Duration tokenIdleTimeout,
    Duration connectTimeout,
    Duration requestTimeout,
    Duration lookupTimeout,
    Optional<URI> cardAuthorityUrl) {

  public static UpstreamConfig from(ConfigNode node) {
    return new UpstreamConfig(
        url(node, "baseUrl"),
        node.nonBlank("consumerKey"),
        node.nonBlank("consumerSecret"),
        node.duration("tokenIdleTimeout", Duration.ofMinutes(1), Duration.ofHours(24)),
        node.duration("connectTimeout", Duration.ofMillis(50), Duration.ofMinutes(1)),
        node.duration("requestTimeout", Duration.ofMillis(50), Duration.ofMinutes(5)),
        node.duration("lookupTimeout", Duration.ofMillis(50), Duration.ofMinutes(5)),
        url(node, "cardAuthorityUrl"));
  }

  private static Optional<URI> url(ConfigNode node, String name) {
    String text = node.string(name);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(text);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
        throw new ConfigException(node.key(name), "must be an http(s) URL such as https://api.egov.go.th, was '" + text + "'");
      }
      return Optional.of(uri);
    } catch (java.net.URISyntaxException e) {
      throw new ConfigException(node.key(name), "is not a valid URL: '" + text + "'");
    }
  }

  /** The effective base URL: the configured one, or the in-process sandbox's. */
  public URI resolveBase(int sandboxPort) {
    return baseUrl.orElseGet(() -> {
      if (sandboxPort < 0) {
        throw new ConfigException("upstream.baseUrl", "is required when the sandbox does not run in-process (--sandbox or --demo)");
      }
      return URI.create("http://127.0.0.1:" + sandboxPort);
    });
  }

  public URI resolveCardAuthority(int sandboxPort) {
    return cardAuthorityUrl.orElseGet(() -> {
      if (sandboxPort < 0) {
        throw new ConfigException("upstream.cardAuthorityUrl", "is required when the sandbox does not run in-process (--sandbox or --demo)");
      }
      return URI.create("http://127.0.0.1:" + sandboxPort);
    });
  }

  @Override
  public String toString() {
    return "UpstreamConfig[baseUrl=" + baseUrl.map(URI::toString).orElse("sandbox") + ", consumerKey=" + consumerKey + ", secret redacted]";
  }
}
