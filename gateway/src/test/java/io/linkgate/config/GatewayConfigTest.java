package io.linkgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.sandbox.SandboxEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayConfigTest {

  @TempDir
  Path dir;

  private static GatewayConfig load(Path file, Map<String, String> env, Map<String, String> overrides) {
    return GatewayConfig.load(file, env, overrides);
  }

  private ConfigException invalid(String yaml) throws IOException {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, yaml);
    return assertThrows(ConfigException.class, () -> load(file, Map.of(), Map.of()));
  }

  @Test
  void should_load_documented_defaults_when_nothing_is_overridden() {
    GatewayConfig config = load(null, Map.of(), Map.of());
    assertEquals(8080, config.api().port());
    assertEquals(8081, config.management().port());
    assertEquals(8090, config.sandbox().port());
    assertTrue(config.database().embedded());
    assertFalse(config.sandbox().enabled());
    assertEquals(Duration.ofMinutes(60), config.sandbox().tokenIdleTimeout());
    assertEquals(Path.of("data").toAbsolutePath(), config.dataDirectory());
    assertTrue(config.privacy().generated());
    assertEquals(SandboxEndpoint.values().length, config.sandbox().faults().size());
  }

  @Test
  void should_bind_every_documented_key_when_loading_the_defaults() {
    // bind() fails on any key no record read, so the defaults binding proves every key is in use
    ConfigSource source = ConfigSource.load(null, Map.of(), Map.of());
    GatewayConfig config = source.bind(GatewayConfig::from);
    assertEquals(8080, config.api().port());
    assertTrue(source.knownKeys().contains("sandbox.faults.linkage-link.errorRate"));
  }

  @Test
  void should_report_keys_nobody_read_when_binding() {
    ConfigSource source = ConfigSource.load(null, Map.of(), Map.of());
    ConfigException e = assertThrows(ConfigException.class, () -> source.bind(node -> node.section("api").integer("port", 0, 65535)));
    assertTrue(e.getMessage().contains("unknown key"), e.getMessage());
  }

  /**
   * Values read without regard to case are read the same on a machine whose default locale folds letters otherwise:
   * with Turkish, "info" upper-cased was "İNFO", and the gateway refused its own documented log level.
   */
  @Test
  void should_read_values_without_regard_to_case_whatever_the_machines_locale() throws IOException {
    java.util.Locale before = java.util.Locale.getDefault();
    java.util.Locale.setDefault(java.util.Locale.forLanguageTag("tr-TR"));
    try {
      Path file = dir.resolve("gateway.yaml");
      Files.writeString(file, "log:\n  level: info\n");
      assertEquals("INFO", load(file, Map.of(), Map.of()).log().level());
    } finally {
      java.util.Locale.setDefault(before);
    }
  }

  @Test
  void should_name_the_key_and_reason_when_a_value_is_out_of_range() throws IOException {
    ConfigException e = invalid("api:\n  port: 70000\n");
    assertEquals("api.port", e.key());
    assertTrue(e.getMessage().contains("between 0 and 65535"), e.getMessage());
  }

  @Test
  void should_reject_an_unknown_key_in_the_file() throws IOException {
    ConfigException e = invalid("api:\n  prot: 8080\n");
    assertEquals("api.prot", e.key());
    assertTrue(e.getMessage().contains("unknown key"), e.getMessage());
  }

  @Test
  void should_ignore_with_a_warning_a_key_an_earlier_version_read_and_still_refuse_a_misspelt_one() throws IOException {
    ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(ConfigSource.class);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> warnings = new ch.qos.logback.core.read.ListAppender<>();
    warnings.start();
    logger.addAppender(warnings);
    try {
      Path file = dir.resolve("old.yaml");
      Files.writeString(file, "console:\n  enabled: true\n  assetMaxAge: 5m\n");
      assertTrue(load(file, Map.of(), Map.of()).console().enabled()); // an operator's copy of the old example still starts
      load(null, Map.of("LINKGATE_CONSOLE_ASSET_MAX_AGE", "5m"), Map.of());
      assertEquals(2, warnings.list.size(), warnings.list.toString());
      assertTrue(warnings.list.get(0).getFormattedMessage().contains("console.assetMaxAge"), warnings.list.get(0).getFormattedMessage());
      assertTrue(warnings.list.get(1).getFormattedMessage().contains("LINKGATE_CONSOLE_ASSET_MAX_AGE"), warnings.list.get(1).getFormattedMessage());
    } finally {
      logger.detachAppender(warnings);
    }
    assertEquals("console.assetMaxAg", invalid("console:\n  assetMaxAg: 5m\n").key());
    assertEquals("LINKGATE_CONSOLE_ASSET_MAX_AG",
        assertThrows(ConfigException.class, () -> load(null, Map.of("LINKGATE_CONSOLE_ASSET_MAX_AG", "5m"), Map.of())).key());
  }

  @Test
  void should_reject_an_unknown_top_level_section() throws IOException {
    assertEquals("caching", invalid("caching:\n  ttl: 5m\n").key());
    assertEquals("cache.ttl", invalid("cache:\n  ttl: 5m\n").key());
  }

  @Test
  void should_reject_a_malformed_duration_with_an_example() throws IOException {
    ConfigException e = invalid("sandbox:\n  tokenIdleTimeout: 60 minutes\n");
    assertEquals("sandbox.tokenIdleTimeout", e.key());
    assertTrue(e.getMessage().contains("15m"), e.getMessage());
  }

  @Test
  void should_refuse_a_duration_too_large_for_its_unit_as_invalid_configuration() throws IOException {
    // Duration.ofDays overflows (ArithmeticException) long before Long.parseLong does
    ConfigException e = invalid("limits:\n  quotaSyncInterval: 999999999999999d\n");
    assertEquals("limits.quotaSyncInterval", e.key());
    assertTrue(e.getMessage().contains("too large"), e.getMessage());
  }

  @Test
  void should_refuse_a_whole_number_beyond_a_long_or_with_a_fraction_instead_of_cutting_it() throws IOException {
    // 2^64 + 4: YAML reads a BigInteger whose low 64 bits are 4, inside sessionBurst's range
    assertEquals("limits.sessionBurst", invalid("limits:\n  sessionBurst: 18446744073709551620\n").key());
    assertEquals("limits.sessionBurst", invalid("limits:\n  sessionBurst: 2.5\n").key());
    assertEquals("limits.officerDaily", invalid("limits:\n  officerDaily: 18446744073709551620\n").key());
  }

  @Test
  void should_reject_a_section_given_as_a_scalar() throws IOException {
    assertEquals("api", invalid("api: 8080\n").key());
  }

  @Test
  void should_reject_an_unknown_fault_endpoint() throws IOException {
    ConfigException e = invalid("sandbox:\n  faults:\n    linkage-lnk: { errorRate: 0.5, addedLatency: 0ms, outage: false }\n");
    assertTrue(e.key().startsWith("sandbox.faults.linkage-lnk"), e.key());
  }

  @Test
  void should_reject_an_error_rate_above_one() throws IOException {
    ConfigException e = invalid("sandbox:\n  faults:\n    juristic: { errorRate: 1.5, addedLatency: 0ms, outage: false }\n");
    assertEquals("sandbox.faults.juristic.errorRate", e.key());
  }

  @Test
  void should_reject_invalid_yaml_with_the_file_name() throws IOException {
    ConfigException e = invalid("api: [unclosed\n");
    assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());
  }

  @Test
  void should_reject_a_database_url_without_database_and_not_echo_the_password() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> load(null, Map.of(), Map.of("database.url", "postgresql://app:s3cret@db.example:5432")));
    assertEquals("database.url", e.key());
    assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
  }

  @Test
  void should_say_how_to_write_a_password_with_url_characters_and_not_echo_it() {
    // a base64 password (openssl rand -base64) pasted into the URL as is
    ConfigException e = assertThrows(ConfigException.class,
        () -> load(null, Map.of(), Map.of("database.url", "postgresql://app:ab+c/d=@db.example:5432/linkgate")));
    assertTrue(e.getMessage().contains("%2B"), e.getMessage());
    assertFalse(e.getMessage().contains("ab+c"), e.getMessage());
    assertEquals("ab+c/d=", load(null, Map.of(), Map.of("database.url", "postgresql://app:ab%2Bc%2Fd%3D@db.example:5432/linkgate"))
        .database().server().orElseThrow().getPassword(), "percent-encoded, it is the password");
  }

  @Test
  void should_apply_file_then_environment_then_flags_when_all_are_given() throws IOException {
    Path file = dir.resolve("gw.yaml");
    Files.writeString(file, "api:\n  port: 9000\n  maxBodySize: 20000\nmanagement:\n  port: 9001\n");
    GatewayConfig config = load(file,
        Map.of("LINKGATE_API_PORT", "9100", "LINKGATE_DATABASE_POOL_SIZE", "7", "PATH", "/usr/bin"),
        Map.of("api.port", "9200"));
    assertEquals(9200, config.api().port());
    assertEquals(20000, config.api().maxBodySize());
    assertEquals(9001, config.management().port());
    assertEquals(7, config.database().poolSize());
  }

  @Test
  void should_map_nested_and_hyphenated_keys_to_environment_names() {
    assertEquals("LINKGATE_DATABASE_POOL_SIZE", ConfigSource.envName("database.poolSize"));
    assertEquals("LINKGATE_SANDBOX_FAULTS_LINKAGE_LINK_ERROR_RATE", ConfigSource.envName("sandbox.faults.linkage-link.errorRate"));
    GatewayConfig config = load(null, Map.of("LINKGATE_SANDBOX_FAULTS_LINKAGE_LINK_OUTAGE", "true"), Map.of());
    assertTrue(config.sandbox().faults().get(SandboxEndpoint.LINKAGE_LINK).outage());
  }

  @Test
  void should_set_a_dataset_cache_whose_name_holds_a_dot_from_the_environment() {
    assertEquals("LINKGATE_CACHE_DATASETS_LINKAGE_PERSON_TTL", ConfigSource.envName("cache.datasets.linkage.person.ttl"));
    GatewayConfig config = load(null, Map.of("LINKGATE_CACHE_DATASETS_LINKAGE_PERSON_TTL", "0ms",
        "LINKGATE_CACHE_DATASETS_GDX_JURISTIC_MAX_BYTES", "1MB"), Map.of());
    assertEquals(java.time.Duration.ZERO, config.cache().datasets().get(io.linkgate.cache.CacheConfig.CacheName.PERSON).ttl());
    assertEquals(1024 * 1024, config.cache().datasets().get(io.linkgate.cache.CacheConfig.CacheName.JURISTIC).maxBytes());
    assertEquals(java.time.Duration.ofHours(1), config.cache().datasets().get(io.linkgate.cache.CacheConfig.CacheName.HOUSE).ttl());
  }

  @Test
  void should_reject_an_unknown_linkgate_environment_variable() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> load(null, Map.of("LINKGATE_API_PROT", "1"), Map.of()));
    assertEquals("LINKGATE_API_PROT", e.key());
  }

  @Test
  void should_name_the_environment_key_when_its_value_is_invalid() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> load(null, Map.of("LINKGATE_API_INSTANCES", "many"), Map.of()));
    assertEquals("api.instances", e.key());
    assertTrue(e.getMessage().contains("whole number"));
  }

  @Test
  void should_require_all_privacy_keys_together() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> load(null, Map.of("LINKGATE_PRIVACY_HMAC_KEY", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="), Map.of()));
    assertTrue(e.key().startsWith("privacy."), e.key());
  }

  @Test
  void should_reject_an_active_key_id_that_is_not_configured() {
    String key = java.util.Base64.getEncoder().encodeToString(new byte[32]);
    ConfigException e = assertThrows(ConfigException.class, () -> load(null, Map.of(
        "LINKGATE_PRIVACY_HMAC_KEY", key,
        "LINKGATE_PRIVACY_ENCRYPTION_KEYS", "k1:" + key,
        "LINKGATE_PRIVACY_ACTIVE_KEY_ID", "k2"), Map.of()));
    assertEquals("privacy.activeKeyId", e.key());
  }

  @Test
  void should_bound_a_lookups_upstream_calls_by_default_and_refuse_a_lookup_timeout_out_of_range() {
    assertEquals(Duration.ofSeconds(10), load(null, Map.of(), Map.of()).upstream().lookupTimeout());
    for (String bad : new String[] {"0ms", "10", "6m"}) {
      ConfigException e = assertThrows(ConfigException.class, () -> load(null, Map.of(), Map.of("upstream.lookupTimeout", bad)));
      assertEquals("upstream.lookupTimeout", e.key(), bad);
    }
  }

  @Test
  void should_reject_a_p99_latency_below_the_median() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> load(null, Map.of(), Map.of("sandbox.latencyMedian", "50ms", "sandbox.latencyP99", "10ms")));
    assertEquals("sandbox.latencyP99", e.key());
  }
}
