package io.linkgate.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which session limit applies: registry, then the configuration's service override, agency override, default. */
class LimitsConfigTest {

  final LimitsConfig config = new LimitsConfig(new Limit(5, 20), 1000, true, Duration.ofSeconds(1),
      Map.of("DEMO", new LimitsConfig.Override(4.0, 8, null)),
      Map.of("DEMO/NC-WELFARE", new LimitsConfig.Override(null, 3, null)));

  @Test
  void should_use_the_default_when_nothing_overrides() {
    assertEquals(new Limit(5, 20), config.sessionLimit("OTHER", "NC-WELFARE", null, null));
  }

  @Test
  void should_prefer_the_service_override_then_the_agency_override_field_by_field() {
    assertEquals(new Limit(4, 3), config.sessionLimit("DEMO", "NC-WELFARE", null, null));
    assertEquals(new Limit(4, 8), config.sessionLimit("DEMO", "NC-CIVILREG", null, null));
  }

  @Test
  void should_prefer_the_registry_over_every_configured_value_field_by_field() {
    assertEquals(new Limit(0.5, 3), config.sessionLimit("DEMO", "NC-WELFARE", 0.5, null));
    assertEquals(new Limit(4, 1), config.sessionLimit("DEMO", "NC-WELFARE", null, 1));
    assertEquals(new Limit(2, 2), config.sessionLimit("OTHER", "NC-WELFARE", 2.0, 2));
  }
}
