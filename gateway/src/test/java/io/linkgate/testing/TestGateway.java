package io.linkgate.testing;

import io.linkgate.Gateway;
import io.linkgate.config.GatewayConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** Builds test configurations: every port 0, a fresh database, the sandbox in-process with no latency. */
public final class TestGateway {

  /** Fixed data-protection keys for tests that run several instances on one database. */
  public static final String SHARED_HMAC_KEY = java.util.Base64.getEncoder().encodeToString(new byte[32]);
  public static final String SHARED_AES_KEY = java.util.Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

  private TestGateway() {
  }

  public static Map<String, String> baseOverrides(Path dataDir, String dbUrl) {
    Map<String, String> o = new HashMap<>();
    o.put("dataDirectory", dataDir.toString());
    o.put("database.url", dbUrl);
    o.put("api.port", "0");
    o.put("api.host", "127.0.0.1");
    o.put("api.instances", "2");
    o.put("management.port", "0");
    o.put("management.host", "127.0.0.1");
    o.put("management.readinessCheckInterval", "200ms");
    o.put("sandbox.enabled", "true");
    o.put("sandbox.port", "0");
    o.put("sandbox.latencyMedian", "0ms");
    o.put("sandbox.latencyP99", "0ms");
    o.put("api.shutdownGracePeriod", "5s");
    o.put("report.demoHistory", "false"); // tests count their own records; DemoHistoryTest turns it on
    return o;
  }

  public static GatewayConfig config(Path dataDir, String dbUrl, Map<String, String> extra) {
    Map<String, String> o = baseOverrides(dataDir, dbUrl);
    o.putAll(extra);
    return GatewayConfig.load(null, Map.of(), o);
  }

  public static Gateway start(Path dataDir, Map<String, String> extra, boolean demo, Clock clock) throws Exception {
    return Gateway.start(config(dataDir, TestDatabase.newDatabaseUrl(), extra), new Gateway.Options(demo, clock));
  }
}
