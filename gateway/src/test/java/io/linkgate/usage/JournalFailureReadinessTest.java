package io.linkgate.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.Gateway;
import io.linkgate.testing.TestDatabase;
import io.linkgate.testing.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A usage journal that failed refuses every lookup until a restart, a full one until shipping frees room: the instance
 * says it is not ready meanwhile, on the probe and in {@code linkgate_ready} (what Prometheus sees of it).
 */
class JournalFailureReadinessTest {

  @TempDir
  Path dir;

  @Test
  void should_report_not_ready_once_the_journal_failed() throws Exception {
    Gateway gateway = TestGateway.start(dir, Map.of(), true, Clock.systemUTC());
    try {
      WebClient client = WebClient.create(gateway.vertx());
      assertEquals(200, ready(client, gateway).statusCode());
      assertEquals(1.0, readyGauge(gateway));

      // a record the writer cannot write (over the 1 MB frame limit) fails the journal, as a disk error would
      UsageRecord huge = new UsageRecord(Uuid7.at(System.currentTimeMillis()), Instant.now(), "DEMO", "00023",
          UUID.randomUUID(), UUID.randomUUID(), "demo-workstation", "NC-CIVILREG", "linkage.person", "linkage/001/01",
          "x".repeat(2 << 20), Outcome.SERVED, 200, null, 1, "MISS", JournalTest.CID, "c0ffee00c0ffee00");
      Future<Void> written = gateway.journal().append(SealedRecord.seal(huge, JournalTest.PROTECTOR), null);
      assertTrue(written.transform(ar -> Future.succeededFuture(ar.failed())).await(), "the append fails");
      assertTrue(gateway.journal().broken());

      HttpResponse<Buffer> probe = ready(client, gateway);
      assertEquals(503, probe.statusCode());
      JsonObject body = probe.bodyAsJsonObject();
      assertEquals("DOWN", body.getString("status"));
      assertTrue(body.getJsonObject("checks").getString("usageJournal").startsWith("DOWN"), body.encode());
      assertEquals("UP", body.getJsonObject("checks").getString("database"));
      assertEquals(0.0, readyGauge(gateway), "linkgate_ready follows the probe");
      assertTrue(gateway.registry().scrape().contains("linkgate_ready{application=\"linkgate\"} 0.0"),
          "linkgate_ready 0 in the scrape");
    } finally {
      gateway.stop();
    }
  }

  /**
   * A journal whose unshipped records reached usage.journalMaxBytes refuses every lookup with 503 until shipping frees
   * room (here PostgreSQL keeps the usage log locked; PostgreSQL itself answers): not ready meanwhile, so that a load
   * balancer sends the lookups to an instance that can record them; ready again once the records are shipped.
   */
  @Test
  void should_report_not_ready_while_the_journal_is_full() throws Exception {
    String url = TestDatabase.newDatabaseUrl();
    Gateway gateway = Gateway.start(TestGateway.config(dir, url, Map.of("usage.journalMaxBytes", "1MB", "usage.segmentBytes", "256KB")),
        new Gateway.Options(true, Clock.systemUTC()));
    try (Connection locker = TestDatabase.connect(url)) {
      WebClient client = WebClient.create(gateway.vertx());
      assertEquals(200, ready(client, gateway).statusCode());
      locker.setAutoCommit(false);
      try (Statement lock = locker.createStatement()) {
        lock.execute("LOCK TABLE usage_log IN ACCESS EXCLUSIVE MODE"); // the shipper's inserts wait
      }
      int appended = 0;
      while (!gateway.journal().full() && appended < 40) {
        UsageRecord big = new UsageRecord(Uuid7.at(System.currentTimeMillis()), Instant.now(), "DEMO", "00023",
            UUID.randomUUID(), UUID.randomUUID(), "demo-workstation", "NC-CIVILREG", "linkage.person", "linkage/001/01",
            "r".repeat(100_000), Outcome.SERVED, 200, null, 1, "MISS", JournalTest.CID, "c0ffee00c0ffee00");
        gateway.journal().append(SealedRecord.seal(big, JournalTest.PROTECTOR), null).await();
        appended++;
      }
      assertTrue(gateway.journal().full(), "full after " + appended + " records of 100 KB");
      assertFalse(gateway.journal().broken());

      HttpResponse<Buffer> probe = ready(client, gateway);
      assertEquals(503, probe.statusCode());
      JsonObject checks = probe.bodyAsJsonObject().getJsonObject("checks");
      assertTrue(checks.getString("usageJournal").startsWith("DOWN: full"), checks.encode());
      assertEquals("UP", checks.getString("database"));
      assertEquals(0.0, readyGauge(gateway));

      locker.rollback(); // the shipper's inserts go through, and free the journal's room
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (ready(client, gateway).statusCode() != 200 && System.nanoTime() < deadline) {
        Thread.sleep(50); // polling the probe while the shipper catches up
      }
      assertEquals(200, ready(client, gateway).statusCode(), "ready again once the records are shipped");
    } finally {
      gateway.stop();
    }
  }

  private static double readyGauge(Gateway gateway) {
    return gateway.registry().get("linkgate.ready").gauge().value();
  }

  private static HttpResponse<Buffer> ready(WebClient client, Gateway gateway) {
    return client.get(gateway.managementPort(), "127.0.0.1", "/health/ready").send().await();
  }
}
