package io.linkgate.testing;

import io.linkgate.Gateway;
import io.linkgate.config.ConfigSource;
import io.linkgate.config.GatewayConfig;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** A demo gateway on a fresh database for a test class, with a client for its API. */
public record RunningGateway(Gateway gateway, String dbUrl, WebClient api) implements AutoCloseable {

  public static final String ADMIN_TOKEN = "bootstrap-admin-token-for-tests-0123456789";

  /** Demo data, the bootstrap admin token {@link #ADMIN_TOKEN}, the sandbox in-process; {@code extra} overrides. */
  public static RunningGateway demo(Path dir, Map<String, String> extra, Clock clock) throws Exception {
    return demo(dir, null, extra, clock, TestDatabase.newDatabaseUrl());
  }

  /**
   * The same, with {@code configFile} as the --config file (re-read on reload; null: none) and a given
   * database (several instances may share one).
   */
  public static RunningGateway demo(Path dir, Path configFile, Map<String, String> extra, Clock clock, String url) throws Exception {
    Map<String, String> overrides = new HashMap<>(TestGateway.baseOverrides(dir, url));
    overrides.put("session.bootstrapAdminToken", ADMIN_TOKEN);
    overrides.putAll(extra);
    java.util.function.Supplier<ConfigSource> sources = () -> ConfigSource.load(configFile, Map.of(), overrides);
    ConfigSource started = sources.get();
    Gateway gateway = Gateway.start(started.bind(GatewayConfig::from), new Gateway.Options(true, clock, sources, started));
    WebClient api = WebClient.create(gateway.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(gateway.apiPort()));
    return new RunningGateway(gateway, url, api);
  }

  public Logins logins() {
    return new Logins(api);
  }

  @Override
  public void close() {
    gateway.stop();
  }
}
