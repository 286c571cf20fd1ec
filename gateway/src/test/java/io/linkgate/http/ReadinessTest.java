package io.linkgate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.linkgate.Gateway;
import io.linkgate.config.GatewayConfig;
import io.linkgate.testing.TestDatabase;
import io.linkgate.testing.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
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

  /**
   * A network that swallows PostgreSQL's packets (a failover leaving connections dangling, a firewall dropping them)
   * closes nothing: the check's query is never answered, and without a time limit the last answer (UP) stood for as long
   * as the kernel's TCP timeouts, minutes, while every database call of the instance hung.
   */
  @Test
  void should_go_down_when_postgresql_stops_answering_without_closing_connections() throws Exception {
    String url = TestDatabase.newDatabaseUrl();
    int port = Integer.parseInt(url.replaceAll(".*:(\\d+)/.*", "$1"));
    Vertx proxyVertx = Vertx.vertx();
    SilentProxy proxy = new SilentProxy(proxyVertx);
    int proxyPort = proxy.start(port).await();
    GatewayConfig config = TestGateway.config(dir, url.replace(":" + port + "/", ":" + proxyPort + "/"),
        Map.of("database.connectTimeout", "1s", "management.readinessCheckInterval", "200ms"));
    Gateway gateway = Gateway.start(config, Gateway.Options.defaults());
    try {
      WebClient client = WebClient.create(gateway.vertx());
      assertEquals(200, awaitStatus(client, gateway.managementPort(), 200, Duration.ofSeconds(5)));
      proxy.silent = true;
      assertEquals(503, awaitStatus(client, gateway.managementPort(), 503, Duration.ofSeconds(10)));
      JsonObject body = client.get(gateway.managementPort(), "127.0.0.1", "/health/ready").send().await().bodyAsJsonObject();
      assertEquals("DOWN: no answer within 1000 ms", body.getJsonObject("checks").getString("database"), body.encode());
      proxy.silent = false;
      proxy.closeAll(); // the swallowed connections are dead for good; new ones answer again
      assertEquals(200, awaitStatus(client, gateway.managementPort(), 200, Duration.ofSeconds(15)));
    } finally {
      proxy.silent = false;
      gateway.stop();
      proxyVertx.close().await();
    }
  }

  /**
   * A pool whose every connection is busy (the morning's logins, here one lookup waiting on a lock) is no database
   * outage: the check has a connection of its own, and the instance stays in the load balancer. A check waiting in the
   * pool's queue failed at its time limit, and took every instance sharing the database out at once.
   */
  @Test
  void should_stay_ready_when_the_pool_is_busy_and_postgresql_answers() throws Exception {
    String url = TestDatabase.newDatabaseUrl();
    GatewayConfig config = TestGateway.config(dir, url,
        Map.of("database.poolSize", "1", "database.connectTimeout", "1s", "management.readinessCheckInterval", "100ms"));
    Gateway gateway = Gateway.start(config, Gateway.Options.defaults());
    try (Connection locker = TestDatabase.connect(url)) {
      WebClient client = WebClient.create(gateway.vertx());
      assertEquals(200, awaitStatus(client, gateway.managementPort(), 200, Duration.ofSeconds(5)));
      locker.setAutoCommit(false);
      try (Statement s = locker.createStatement()) {
        s.execute("LOCK TABLE agency_api_key IN ACCESS EXCLUSIVE MODE");
      }
      // the API key's lookup takes the pool's only connection and waits on the lock
      Future<Integer> lookup = client.get(gateway.apiPort(), "127.0.0.1", "/v1/linkage/persons/3101700001098")
          .putHeader("X-Api-Key", "some-agency-key").send().map(r -> r.statusCode());
      awaitLockWaiter(url);
      long until = System.nanoTime() + Duration.ofSeconds(3).toNanos(); // three times the check's time limit
      while (System.nanoTime() < until) {
        assertEquals(200, client.get(gateway.managementPort(), "127.0.0.1", "/health/ready").send().await().statusCode(),
            "ready while PostgreSQL answers, the pool busy");
        Thread.sleep(50); // polling the probe through the window
      }
      locker.rollback();
      assertEquals(401, lookup.await(), "the waiting lookup goes on once the lock is gone");
    } finally {
      gateway.stop();
    }
  }

  private static void awaitLockWaiter(String url) throws Exception {
    String db = url.substring(url.lastIndexOf('/') + 1);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      try (Connection c = TestDatabase.connect(url); Statement s = c.createStatement();
           java.sql.ResultSet r = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = '" + db
               + "' AND wait_event_type = 'Lock'")) {
        r.next();
        if (r.getInt(1) > 0) {
          return;
        }
      }
      Thread.sleep(20); // polling PostgreSQL for the waiting query
    }
    throw new AssertionError("no query of the gateway waits on the lock");
  }

  /** A TCP relay to PostgreSQL that can swallow every byte in both directions while keeping the connections open. */
  static final class SilentProxy {
    private final Vertx vertx;
    private final java.util.Set<NetSocket> sockets = java.util.concurrent.ConcurrentHashMap.newKeySet();
    volatile boolean silent;

    SilentProxy(Vertx vertx) {
      this.vertx = vertx;
    }

    Future<Integer> start(int target) {
      NetClient client = vertx.createNetClient();
      return vertx.createNetServer().connectHandler(in -> {
        in.pause();
        client.connect(target, "127.0.0.1").onSuccess(out -> {
          sockets.add(in);
          sockets.add(out);
          in.handler(b -> relay(out, b));
          out.handler(b -> relay(in, b));
          in.closeHandler(v -> out.close());
          out.closeHandler(v -> in.close());
          in.resume();
        }).onFailure(e -> in.close());
      }).listen(0, "127.0.0.1").map(NetServer::actualPort);
    }

    private void relay(NetSocket to, Buffer bytes) {
      if (!silent) {
        to.write(bytes);
      }
    }

    void closeAll() {
      sockets.forEach(NetSocket::close);
    }
  }
}
