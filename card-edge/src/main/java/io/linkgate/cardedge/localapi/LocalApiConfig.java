package io.linkgate.cardedge.localapi;

import java.util.List;

/**
 * The local API on the officer's workstation: loopback only, a local access token for programs, and the
 * web origins (the agency's web application) allowed to read the session from a browser.
 */
public record LocalApiConfig(int port, String accessToken, List<String> allowedOrigins) {

  public LocalApiConfig {
    allowedOrigins = List.copyOf(allowedOrigins);
    for (String origin : allowedOrigins) {
      if (!origin.matches("https?://[A-Za-z0-9.-]+(:\\d{1,5})?")) {
        throw new IllegalArgumentException("allowed origin must look like https://host[:port], was '" + origin + "'");
      }
    }
  }
}
