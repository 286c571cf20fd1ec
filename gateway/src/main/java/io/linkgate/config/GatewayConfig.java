package io.linkgate.config;

import io.linkgate.cache.CacheConfig;
import io.linkgate.console.ConsoleConfig;
import io.linkgate.db.DatabaseConfig;
import io.linkgate.ratelimit.LimitsConfig;
import io.linkgate.report.ReportConfig;
import io.linkgate.upstream.ResilienceConfig;
import io.linkgate.http.ApiConfig;
import io.linkgate.metrics.ManagementConfig;
import io.linkgate.privacy.PrivacyConfig;
import io.linkgate.sandbox.SandboxConfig;
import io.linkgate.session.SessionConfig;
import io.linkgate.upstream.UpstreamConfig;
import io.linkgate.usage.UsageConfig;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;

/** The whole gateway configuration: immutable, validated once at start-up, passed down by constructors. */
public record GatewayConfig(
    Path dataDirectory,
    ApiConfig api,
    ManagementConfig management,
    DatabaseConfig database,
    SessionConfig session,
    UpstreamConfig upstream,
    LimitsConfig limits,
    CacheConfig cache,
    ResilienceConfig resilience,
    UsageConfig usage,
    ReportConfig report,
    PrivacyConfig privacy,
    SandboxConfig sandbox,
    LogConfig log,
    ConsoleConfig console) {

  public static GatewayConfig load(Path file, Map<String, String> env, Map<String, String> overrides) {
    return ConfigSource.load(file, env, overrides).bind(GatewayConfig::from);
  }

  public static GatewayConfig from(ConfigNode root) {
    return new GatewayConfig(
        path(root, "dataDirectory"),
        ApiConfig.from(root.section("api")),
        ManagementConfig.from(root.section("management")),
        DatabaseConfig.from(root.section("database")),
        SessionConfig.from(root.section("session")),
        UpstreamConfig.from(root.section("upstream")),
        LimitsConfig.from(root.section("limits")),
        CacheConfig.from(root.section("cache")),
        ResilienceConfig.from(root.section("resilience")),
        UsageConfig.from(root.section("usage")),
        ReportConfig.from(root.section("report")),
        PrivacyConfig.from(root.section("privacy")),
        SandboxConfig.from(root.section("sandbox")),
        LogConfig.from(root.section("log")),
        ConsoleConfig.from(root.section("console")));
  }

  public GatewayConfig withSandbox(SandboxConfig sandbox) {
    return new GatewayConfig(dataDirectory, api, management, database, session, upstream, limits, cache, resilience, usage, report, privacy, sandbox, log, console);
  }

  public GatewayConfig withApi(ApiConfig api) {
    return new GatewayConfig(dataDirectory, api, management, database, session, upstream, limits, cache, resilience, usage, report, privacy, sandbox, log, console);
  }

  public GatewayConfig withManagement(ManagementConfig management) {
    return new GatewayConfig(dataDirectory, api, management, database, session, upstream, limits, cache, resilience, usage, report, privacy, sandbox, log, console);
  }

  public GatewayConfig withDatabase(DatabaseConfig database) {
    return new GatewayConfig(dataDirectory, api, management, database, session, upstream, limits, cache, resilience, usage, report, privacy, sandbox, log, console);
  }

  public GatewayConfig withCache(CacheConfig cache) {
    return new GatewayConfig(dataDirectory, api, management, database, session, upstream, limits, cache, resilience, usage, report, privacy, sandbox, log, console);
  }

  public GatewayConfig withDataDirectory(Path dataDirectory) {
    return new GatewayConfig(dataDirectory, api, management, database, session, upstream, limits, cache, resilience, usage, report, privacy, sandbox, log, console);
  }

  static Path path(ConfigNode node, String name) {
    String text = node.nonBlank(name);
    try {
      return Path.of(text).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new ConfigException(node.key(name), "is not a valid path: " + e.getReason());
    }
  }
}
