package io.linkgate.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.Gateway;
import io.linkgate.cardedge.device.DeviceKey;
import io.linkgate.registry.DemoData;
import io.linkgate.testing.GatewayProcess;
import io.linkgate.testing.Logins;
import io.linkgate.testing.Lookups;
import io.linkgate.testing.RunningGateway;
import io.linkgate.testing.TestDatabase;
import io.linkgate.testing.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lossless means: a 2xx the client saw has exactly one record, whatever happened to the gateway or the database. */
class UsageDurabilityTest {

  static final String CITIZEN = "3101700001098";

  @TempDir
  Path dir;

  static Map<String, String> env() {
    return Map.of(
        "LINKGATE_PRIVACY_HMAC_KEY", TestGateway.SHARED_HMAC_KEY,
        "LINKGATE_PRIVACY_ENCRYPTION_KEYS", "k1:" + TestGateway.SHARED_AES_KEY,
        "LINKGATE_PRIVACY_ACTIVE_KEY_ID", "k1",
        "LINKGATE_LIMITS_SESSION_BURST", "1000000",
        "LINKGATE_LIMITS_SESSION_RATE", "100000",
        "LINKGATE_LIMITS_OFFICER_DAILY", "10000000",
        "LINKGATE_SANDBOX_LATENCY_MEDIAN", "0ms",
        "LINKGATE_SANDBOX_LATENCY_P99", "0ms");
  }

  static long count(Connection c, String query) throws Exception {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Lookups from {@code workers} concurrent loops until {@code stop}; every 2xx usage id goes into {@code ok}. */
  static Future<Void> burst(WebClient client, String token, int workers, AtomicBoolean stop, Set<String> ok) {
    List<Future<Void>> loops = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      Promise<Void> done = Promise.promise();
      loop(client, token, stop, ok, done);
      loops.add(done.future());
    }
    return Future.join(loops).mapEmpty();
  }

  private static void loop(WebClient client, String token, AtomicBoolean stop, Set<String> ok, Promise<Void> done) {
    if (stop.get()) {
      done.tryComplete();
      return;
    }
    client.get("/v1/linkage/persons/" + CITIZEN).putHeader("X-Api-Key", DemoData.API_KEY).bearerTokenAuthentication(token)
        .putHeader("X-Service-Code", "NC-CIVILREG").send()
        .onComplete(ar -> {
          if (ar.succeeded() && ar.result().statusCode() / 100 == 2) {
            ok.add(ar.result().getHeader("X-Usage-Id"));
          }
          if (ar.failed()) {
            done.tryComplete(); // the gateway went away
          } else {
            loop(client, token, stop, ok, done);
          }
        });
  }

  static void awaitShipped(WebClient management, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        String metrics = management.get("/metrics").send().await().bodyAsString();
        if (metrics.contains("linkgate_usage_backlog{application=\"linkgate\"} 0.0")) {
          return;
        }
      } catch (RuntimeException e) {
        // not up yet
      }
      Thread.sleep(100); // polling another process's metrics; nothing here to wait on directly
    }
    throw new AssertionError("the usage backlog did not drain within " + timeout);
  }

  @Test
  void should_keep_exactly_one_record_per_acknowledged_lookup_across_a_kill_9() throws Exception {
    String url = TestDatabase.newDatabaseUrl();
    List<String> args = List.of("--demo", "--db-url", url, "--data-dir", dir.resolve("data").toString());
    Vertx vertx = Vertx.vertx();
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    try {
      try (GatewayProcess gateway = GatewayProcess.start(dir.resolve("run1"), args, env())) {
        gateway.awaitReady(Duration.ofSeconds(60));
        WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(gateway.apiPort()),
            new io.vertx.core.http.PoolOptions().setHttp1MaxSize(64));
        String token = new Logins(client).login(Logins.card(DemoData.OFFICERS.get(0).citizenId()), DemoData.DEVICE_ID, DeviceKey.demo());
        AtomicBoolean stop = new AtomicBoolean();
        Future<Void> running = burst(client, token, 64, stop, acknowledged);
        long start = System.nanoTime();
        while (acknowledged.size() < 1000 && System.nanoTime() - start < 20_000_000_000L) {
          Thread.sleep(20); // letting the burst run before pulling the plug
        }
        gateway.kill(); // SIGKILL in the middle of the burst
        stop.set(true);
        running.await();
      }
      assertTrue(acknowledged.size() >= 1000, "burst too small: " + acknowledged.size());
      try (GatewayProcess gateway = GatewayProcess.start(dir.resolve("run2"), args, env())) {
        gateway.awaitReady(Duration.ofSeconds(60));
        awaitShipped(WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(gateway.managementPort())),
            Duration.ofSeconds(30));
        try (Connection c = TestDatabase.connect(url)) {
          long rows = count(c, "SELECT count(*) FROM usage_log");
          assertEquals(rows, count(c, "SELECT count(DISTINCT id) FROM usage_log"), "a record was stored twice");
          List<String> missing = new ArrayList<>();
          for (String id : acknowledged) {
            if (count(c, "SELECT count(*) FROM usage_log WHERE id = '" + id + "'") != 1) {
              missing.add(id);
            }
          }
          assertEquals(List.of(), missing, "acknowledged lookups without exactly one record");
          assertTrue(rows >= acknowledged.size());
        }
        assertEquals(0, gateway.terminate(Duration.ofSeconds(30)));
      }
    } finally {
      vertx.close().await();
    }
  }

  /**
   * At shutdown the shipper ships what waits in the journal and the journal's checkpoint says so, both before the journal
   * releases its directory (to another gateway, maybe): a closed journal neither checkpoints nor deletes segments.
   */
  @Test
  void should_ship_at_shutdown_and_checkpoint_it_before_the_journal_is_released() throws Exception {
    String url = TestDatabase.newDatabaseUrl();
    Path data = dir.resolve("data");
    // a short batch waits 5 s for more: the records are still in the journal when the gateway stops
    Gateway gateway = Gateway.start(TestGateway.config(data, url, Map.of("usage.shipLinger", "5s")),
        new Gateway.Options(true, Clock.systemUTC()));
    List<UUID> ids = new ArrayList<>();
    try {
      for (int i = 0; i < 5; i++) {
        SealedRecord r = JournalTest.record();
        gateway.journal().append(r, null).await();
        ids.add(r.id());
      }
    } finally {
      gateway.stop();
    }
    try (Connection c = TestDatabase.connect(url)) {
      for (UUID id : ids) {
        assertEquals(1, count(c, "SELECT count(*) FROM usage_log WHERE id = '" + id + "'"), "shipped at shutdown: " + id);
      }
    }
    try (Journal journal = Journal.open(data.resolve("journal"), 64 * 1024, 1 << 20, new Chain(new byte[32]))) {
      assertEquals(0, journal.backlog(), "checkpointed: the next start sends nothing again");
    }
  }

  /**
   * A batch in PostgreSQL whose checkpoint cannot be written (a full disk; here a directory where its temporary file
   * goes) is counted as shipped: the shipped counter missed it, so the usage dashboard showed records journalled and
   * never shipped while they were in the database.
   */
  @Test
  void should_count_a_batch_as_shipped_when_only_its_checkpoint_cannot_be_written() throws Exception {
    String url = TestDatabase.newDatabaseUrl();
    Gateway gateway = Gateway.start(TestGateway.config(dir.resolve("data"), url, Map.of()), new Gateway.Options(true, Clock.systemUTC()));
    try {
      Path inTheWay = gateway.journal().directory().resolve("shipped.tmp").resolve("in-the-way");
      Files.createDirectories(inTheWay);
      var registry = gateway.registry();
      double before = registry.get("linkgate.usage.records").tag("stage", "shipped").counter().count();
      double failuresBefore = registry.get("linkgate.usage.ship.failures").counter().count();
      for (int i = 0; i < 5; i++) {
        gateway.journal().append(JournalTest.record(), null).await();
        Thread.sleep(300); // one batch each, past the checkpoint's 250 ms: each ship tries to write it
      }
      gateway.usageWritten().await();
      assertTrue(registry.get("linkgate.usage.ship.failures").counter().count() > failuresBefore,
          "the checkpoint could not be written");
      assertEquals(before + 5, registry.get("linkgate.usage.records").tag("stage", "shipped").counter().count(),
          "every record in PostgreSQL is counted shipped");
      Files.delete(inTheWay);
      Files.delete(inTheWay.getParent());
    } finally {
      gateway.stop();
    }
  }

  @Test
  void should_lose_nothing_while_the_database_is_away_and_ship_it_all_when_it_returns() throws Exception {
    Path pgData = dir.resolve("pg");
    EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(pgData).setCleanDataDirectory(false).start();
    int port = postgres.getPort();
    try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE outage");
    }
    String url = "postgresql://postgres@127.0.0.1:" + port + "/outage";
    Path file = dir.resolve("gateway.yaml");
    Files.writeString(file, "limits:\n  sessionBurst: 100000\n  sessionRate: 100000\n  officerDaily: 1000000\n");
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    try (RunningGateway running = RunningGateway.demo(dir.resolve("gw"), file, Map.of(), Clock.systemUTC(), url)) {
      String token = Lookups.login(running, "officer");
      Lookups lookups = new Lookups(running.api());
      for (int i = 0; i < 5; i++) {
        acknowledged.add(lookups.person(token, CITIZEN).getHeader("X-Usage-Id")); // warm the caches
      }
      running.gateway().usageWritten().await();
      postgres.close();
      for (int i = 0; i < 200; i++) {
        HttpResponse<Buffer> r = lookups.person(token, CITIZEN);
        assertEquals(200, r.statusCode(), "lookups go on while the database is away: " + r.bodyAsString());
        acknowledged.add(r.getHeader("X-Usage-Id"));
      }
      assertTrue(running.gateway().journal().backlog() >= 200, "the journal holds what could not be shipped");
      postgres = EmbeddedPostgres.builder().setDataDirectory(pgData).setCleanDataDirectory(false).setPort(port).start();
      running.gateway().usageWritten().await(60, java.util.concurrent.TimeUnit.SECONDS);
      try (Connection c = postgres.getDatabase("postgres", "outage").getConnection()) {
        for (String id : acknowledged) {
          assertEquals(1, count(c, "SELECT count(*) FROM usage_log WHERE id = '" + id + "'"), id);
        }
        assertEquals(count(c, "SELECT count(*) FROM usage_log"), count(c, "SELECT count(DISTINCT id) FROM usage_log"));
      }
    } finally {
      postgres.close();
    }
  }
}
