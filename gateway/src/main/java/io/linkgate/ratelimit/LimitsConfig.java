package io.linkgate.ratelimit;

import io.linkgate.config.ConfigException;
import io.linkgate.config.ConfigNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Rate limits and quotas, with per-agency and per-agency-service overrides. */
public record LimitsConfig(Limit session, int officerDaily, boolean enforceWorkingHours, Duration quotaSyncInterval,
                           Map<String, Override> agencies, Map<String, Override> services) {

  private static final Pattern AGENCY = Pattern.compile("[A-Z0-9][A-Z0-9_-]{1,31}");
  private static final Pattern AGENCY_SERVICE = Pattern.compile("[A-Z0-9][A-Z0-9_-]{1,31}/[A-Z0-9][A-Z0-9_.-]{1,39}");

  /** Values an agency or service overrides; {@code null} means "inherit". */
  public record Override(Double sessionRate, Integer sessionBurst, Integer officerDaily) {
  }

  public LimitsConfig {
    agencies = Map.copyOf(agencies);
    services = Map.copyOf(services);
  }

  public static LimitsConfig from(ConfigNode node) {
    Limit session = new Limit(node.decimal("sessionRate", 0.001, 100_000), node.integer("sessionBurst", 1, 1_000_000));
    ConfigNode agencyNode = node.section("agencies");
    Map<String, Override> agencies = new LinkedHashMap<>();
    for (String code : agencyNode.names()) {
      if (!AGENCY.matcher(code).matches()) {
        throw new ConfigException(agencyNode.key(code), "must be an agency code such as DEMO");
      }
      agencies.put(code, override(agencyNode.section(code), true));
    }
    ConfigNode serviceNode = node.section("services");
    Map<String, Override> services = new LinkedHashMap<>();
    for (String key : serviceNode.names()) {
      if (!AGENCY_SERVICE.matcher(key).matches()) {
        throw new ConfigException(serviceNode.key(key), "must be AGENCY/SERVICE, e.g. DEMO/NC-WELFARE");
      }
      services.put(key, override(serviceNode.section(key), false));
    }
    return new LimitsConfig(session, node.integer("officerDaily", 0, 1_000_000_000), node.bool("enforceWorkingHours"),
        node.duration("quotaSyncInterval", Duration.ofMillis(100), Duration.ofMinutes(1)), agencies, services);
  }

  private static Override override(ConfigNode node, boolean agencyLevel) {
    Double rate = node.has("sessionRate") ? node.decimal("sessionRate", 0.001, 100_000) : null;
    Integer burst = node.has("sessionBurst") ? node.integer("sessionBurst", 1, 1_000_000) : null;
    Integer daily = null;
    if (node.has("officerDaily")) {
      if (!agencyLevel) {
        throw new ConfigException(node.key("officerDaily"), "is set per agency, not per service");
      }
      daily = node.integer("officerDaily", 0, 1_000_000_000);
    }
    for (String name : node.names()) {
      if (!name.equals("sessionRate") && !name.equals("sessionBurst") && !name.equals("officerDaily")) {
        throw new ConfigException(node.key(name), "unknown key; known: sessionRate, sessionBurst" + (agencyLevel ? ", officerDaily" : ""));
      }
    }
    return new Override(rate, burst, daily);
  }

  /**
   * The session bucket for an agency service. Rate and burst are each taken from the first that sets it: the
   * registry's agency service ({@code registryRate}, {@code registryBurst}; null = not set), this
   * configuration's service override, its agency override, the default.
   */
  public Limit sessionLimit(String agency, String service, Double registryRate, Integer registryBurst) {
    Override s = services.get(agency + "/" + service);
    Override a = agencies.get(agency);
    double rate = registryRate != null ? registryRate
        : s != null && s.sessionRate() != null ? s.sessionRate()
        : a != null && a.sessionRate() != null ? a.sessionRate() : session.ratePerSecond();
    int burst = registryBurst != null ? registryBurst
        : s != null && s.sessionBurst() != null ? s.sessionBurst()
        : a != null && a.sessionBurst() != null ? a.sessionBurst() : session.burst();
    return new Limit(rate, burst);
  }

  public int officerDaily(String agency) {
    Override a = agencies.get(agency);
    return a != null && a.officerDaily() != null ? a.officerDaily() : officerDaily;
  }
}
