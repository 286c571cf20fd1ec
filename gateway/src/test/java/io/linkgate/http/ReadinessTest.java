package io.linkgate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.linkgate.Gateway;
import io.linkgate.config.GatewayConfig;
import io.linkgate.testing.TestGateway;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ready only while PostgreSQL answers: it goes DOWN when the database stops and UP when it is back, on the probe and in
 * {@code linkgate_ready}.
 */
class ReadinessTest {

  @TempDir
  Path dir;

  private static EmbeddedPostgres startPostgres(Path data, int port) throws Exception {
    EmbeddedPostgres.Builder b = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false);
    if (port > 0) {
      b.setPort(port);
    }
    return b.start();
  }

  private static int awaitStatus(WebClient client, int port, int expected, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int status = -1;
    while (System.nanoTime() < deadline) {
      try {
        status = client.get(port, "127.0.0.1", "/health/ready").send().await().statusCode();
      } catch (RuntimeException e) {
        status = -1;
      }
      if (status == expected) {
        return status;
      }
      Thread.sleep(50); // polling the probe; the readiness timer runs on its own interval
    }
    return status;
  }

  @Test
  void should_follow_the_database_going_away_and_coming_back() throws Exception {
    Path data = dir.resolve("pg");
    EmbeddedPostgres postgres = startPostgres(data, 0);
    int port = postgres.getPort();
    try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE ready");
    }
    GatewayConfig config = TestGateway.config(dir, "postgresql://postgres@127.0.0.1:" + port + "/ready", Map.of());
    Gateway gateway = Gateway.start(config, Gateway.Options.defaults());
    try {
      WebClient client = WebClient.create(gateway.vertx());
      assertEquals(200, awaitStatus(client, gateway.managementPort(), 200, Duration.ofSeconds(5)));
      postgres.close();
      assertEquals(503, awaitStatus(client, gateway.managementPort(), 503, Duration.ofSeconds(10)));
      JsonObject body = client.get(gateway.managementPort(), "127.0.0.1", "/health/ready").send().await().bodyAsJsonObject();
      assertEquals("DOWN", body.getString("status"));
      assertEquals(0.0, gateway.registry().get("linkgate.ready").gauge().value(), "linkgate_ready follows the probe");
      postgres = startPostgres(data, port);
      assertEquals(200, awaitStatus(client, gateway.managementPort(), 200, Duration.ofSeconds(15)));
      assertEquals(1.0, gateway.registry().get("linkgate.ready").gauge().value());
    } finally {
      gateway.stop();
      postgres.close();
    }
  }
}
