package io.linkgate.load;

import java.time.Duration;

/**
 * Where the simulations point and how hard they push, from system properties ({@code -Dlinkgate.url=...}).
 * {@code load-tests/run gatling NAME} sets the URLs and the admin token of the demo it starts; every other
 * property has a default sized for a full run, and the CI smoke passes short ones.
 */
final class Target {

  /** The gateway's API, e.g. {@code http://localhost:8080}. */
  static final String URL = property("linkgate.url", "http://localhost:8080");
  /** The management port: the simulations read circuit-breaker states from its {@code /metrics}. */
  static final String MANAGEMENT_URL = property("linkgate.managementUrl", "http://localhost:8081");
  /** The sandbox upstreams, whose faults UpstreamBrownout switches at run time. */
  static final String SANDBOX_URL = property("linkgate.sandboxUrl", "http://127.0.0.1:8090");
  /** The agency key of the demo agency, under which the load officers are registered. */
  static final String API_KEY = property("linkgate.apiKey", "demo-agency-key");
  static final String AGENCY = property("linkgate.agency", "DEMO");
  /** The gateway's {@code session.bootstrapAdminToken}: registers the load officers before a run. */
  static final String ADMIN_TOKEN = property("linkgate.adminToken", "");

  private Target() {
  }

  static String property(String key, String fallback) {
    String v = System.getProperty(key);
    return v == null || v.isBlank() ? fallback : v.trim();
  }

  static int integer(String key, int fallback) {
    return Integer.parseInt(property(key, Integer.toString(fallback)));
  }

  static double decimal(String key, double fallback) {
    return Double.parseDouble(property(key, Double.toString(fallback)));
  }

  static Duration seconds(String key, int fallback) {
    return Duration.ofSeconds(integer(key, fallback));
  }
}
