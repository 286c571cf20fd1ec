package io.linkgate.testing;

import io.linkgate.Gateway;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Two gateway instances on one new database, as behind a load balancer: A with the demo data, B without; they share
 * the data-protection keys (as instances sharing a database must) and {@code clock}; {@code extra} overrides both.
 */
public final class TwoGateways implements AutoCloseable {

  public final Gateway a;
  public final Gateway b;
  public final WebClient toA;
  public final WebClient toB;

  public TwoGateways(Path dir, Clock clock, Map<String, String> extra) throws Exception {
    String url = TestDatabase.newDatabaseUrl();
    Map<String, String> overrides = new HashMap<>(Map.of("privacy.hmacKey", TestGateway.SHARED_HMAC_KEY,
        "privacy.encryptionKeys", "k1:" + TestGateway.SHARED_AES_KEY, "privacy.activeKeyId", "k1"));
    overrides.putAll(extra);
    a = Gateway.start(TestGateway.config(dir.resolve("a"), url, overrides), new Gateway.Options(true, clock));
    Gateway started = null;
    try {
      started = Gateway.start(TestGateway.config(dir.resolve("b"), url, overrides), new Gateway.Options(false, clock));
    } finally {
      if (started == null) {
        a.stop();
      }
    }
    b = started;
    toA = WebClient.create(a.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(a.apiPort()));
    toB = WebClient.create(b.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(b.apiPort()));
  }

  @Override
  public void close() {
    try {
      b.stop();
    } finally {
      a.stop();
    }
  }
}
