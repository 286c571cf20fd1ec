package io.linkgate.load;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the simulations point and how hard they push, from system properties ({@code -Dlinkgate.url=...}).
 * {@code load-tests/run gatling NAME} sets the URLs and the admin token of the demo it starts; every other
 * property has a default sized for a full run, and the CI smoke passes short ones.
 *
 * <p>A value that is not a number, or out of its range, stops the simulation with the key in the message, and
 * so does a property of a simulation's prefix that it does not read ({@link #rejectUnknown}): a mistyped key would
 * otherwise run with the default.
 */
final class Target {

  /** The keys read so far: {@link #rejectUnknown} refuses the others. */
  private static final Set<String> READ = ConcurrentHashMap.newKeySet();

  /** The gateway's API, e.g. {@code http://localhost:8080}. */
  static final String URL = property("linkgate.url", "http://localhost:8080");
  /** The management port: the simulations read circuit-breaker states from its {@code /metrics}. */
  static final String MANAGEMENT_URL = property("linkgate.managementUrl", "http://localhost:8081");
  /** The sandbox upstreams, whose faults UpstreamBrownout switches at run time. */
  static final String SANDBOX_URL = property("linkgate.sandboxUrl", "http://127.0.0.1:8090");
  /** The agency key of the demo agency, under which the load officers are registered. */
  static final String API_KEY = property("linkgate.apiKey", "demo-agency-key");
  static final String AGENCY = property("linkgate.agency", "DEMO");
  /**
   * The gateway's {@code session.bootstrapAdminToken}: registers the load officers before a run. From the
   * environment ({@code LOADTEST_ADMIN_TOKEN}, as {@code load-tests/gatling} passes it) unless given as a property.
   */
  static final String ADMIN_TOKEN = property("linkgate.adminToken", System.getenv().getOrDefault("LOADTEST_ADMIN_TOKEN", ""));

  private Target() {
  }

  static String property(String key, String fallback) {
    READ.add(key);
    String v = System.getProperty(key);
    if (v != null && v.isBlank()) {
      // "-Dkey=" (an unset shell variable, say) would otherwise run with the default without a word
      throw invalid(key, v, "a value (leave the property out for its default)");
    }
    return v == null ? fallback : v.trim();
  }

  /** A whole number, at least {@code min}. */
  static int integer(String key, int fallback, int min) {
    String v = property(key, Integer.toString(fallback));
    int n;
    try {
      n = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw invalid(key, v, "a whole number");
    }
    if (n < min) {
      throw invalid(key, v, "at least " + min);
    }
    return n;
  }

  /** A whole number, not negative. */
  static int integer(String key, int fallback) {
    return integer(key, fallback, 0);
  }

  /** A number from {@code min} to {@code max}. */
  static double decimal(String key, double fallback, double min, double max) {
    String v = property(key, Double.toString(fallback));
    double d;
    try {
      d = Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw invalid(key, v, "a number");
    }
    if (!(d >= min && d <= max)) {
      throw invalid(key, v, "from " + min + " to " + max);
    }
    return d;
  }

  /** Whole seconds, not negative. */
  static Duration seconds(String key, int fallback) {
    return Duration.ofSeconds(integer(key, fallback));
  }

  /** Milliseconds, not negative. */
  static Duration millis(String key, int fallback) {
    return Duration.ofMillis(integer(key, fallback));
  }

  /**
   * The upper bound of a think time whose lower bound is {@code min}: not below it. Equal bounds are a fixed pause
   * (Gatling's uniform pause needs the upper bound above the lower one, so it is one millisecond more).
   */
  static Duration millisAtLeast(String key, int fallback, Duration min) {
    Duration max = millis(key, fallback);
    if (max.compareTo(min) < 0) {
      throw invalid(key, Long.toString(max.toMillis()), "at least the lower bound, " + min.toMillis());
    }
    return max.equals(min) ? min.plusMillis(1) : max;
  }

  /** Refuses a system property under {@code prefix} (e.g. {@code "mix."}) that the simulation did not read. */
  static void rejectUnknown(String prefix) {
    Set<String> unknown = new TreeSet<>();
    for (String key : System.getProperties().stringPropertyNames()) {
      if (key.startsWith(prefix) && !READ.contains(key)) {
        unknown.add(key);
      }
    }
    if (!unknown.isEmpty()) {
      Set<String> known = new TreeSet<>();
      READ.stream().filter(k -> k.startsWith(prefix)).forEach(known::add);
      throw new IllegalArgumentException("unknown propert" + (unknown.size() == 1 ? "y " : "ies ") + unknown
          + "; known: " + known);
    }
  }

  private static IllegalArgumentException invalid(String key, String value, String expected) {
    return new IllegalArgumentException("-D" + key + "=" + value + ": expected " + expected);
  }
}
