package io.linkgate.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.Gateway;
import io.linkgate.cardedge.device.DeviceKey;
import io.linkgate.registry.DemoData;
import io.linkgate.testing.Logins;
import io.linkgate.testing.MutableClock;
import io.linkgate.testing.RunningGateway;
import io.linkgate.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SessionStore.check's idle re-read puts what it read back into the cache. A revocation whose NOTIFY arrives while that
 * read is in flight invalidated nothing (the entry was still there, then overwritten), and the ended session was served
 * from the cache until session.cacheTtl. Now a read across an invalidation is not cached, and read again.
 */
class RevokedSessionReCachedTest {

  @TempDir
  Path dir;

  @Test
  void a_session_revoked_during_its_idle_reread_is_served_afterwards() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-02T03:00:00Z"));
    try (RunningGateway running = RunningGateway.demo(dir,
        Map.of("session.idleTimeout", "15m", "session.maxLifetime", "10h", "session.cacheTtl", "30m"), clock)) {
      String url = running.dbUrl();
      String token = running.logins().login(Logins.card(DemoData.OFFICERS.get(0).citizenId()), DemoData.DEVICE_ID, DeviceKey.demo());
      HttpResponse<Buffer> first = current(running, token);
      assertEquals(200, first.statusCode());
      String sessionId = first.bodyAsJsonObject().getString("sessionId");

      Session session = running.gateway().sessions().authenticate(token).await();
      // the usage stream's 15-second check (stillOpen) reads the entry (a Caffeine access) without counting a use:
      // the entry stays cached while its lastSeen ages
      clock.advance(Duration.ofMinutes(10));
      running.gateway().sessions().stillOpen(java.util.List.of(session)).await();
      // 16 minutes with no use on THIS instance; another instance used the session just now (PostgreSQL's last_seen)
      clock.advance(Duration.ofMinutes(6));
      try (Connection c = TestDatabase.connect(url); Statement s = c.createStatement()) {
        s.execute("UPDATE card_session SET last_seen_at = '" + clock.instant() + "' WHERE id = '" + sessionId + "'");
      }

      // hold the officer table so the re-read stops between its session SELECT and officers.findById
      try (Connection lock = TestDatabase.connect(url); Connection other = TestDatabase.connect(url)) {
        lock.setAutoCommit(false);
        try (Statement s = lock.createStatement()) {
          s.execute("LOCK TABLE officer IN ACCESS EXCLUSIVE MODE");
        }
        Future<HttpResponse<Buffer>> inFlight = running.api().get("/v1/sessions/current").bearerTokenAuthentication(token).send();
        waitForLockWaiter(other);

        // another instance (or an admin) ends the session: committed, NOTIFY sent, this instance invalidates its entry
        try (Statement s = other.createStatement()) {
          s.execute("UPDATE card_session SET ended_at = now(), end_reason = 'REVOKED' WHERE id = '" + sessionId + "'");
          s.execute("SELECT pg_notify('linkgate_session_end', encode(token_hash, 'hex')) FROM card_session WHERE id = '" + sessionId + "'");
        }
        Thread.sleep(500); // the notification has long been handled (the design promises within a second)

        lock.rollback(); // the re-read goes on, with the session as it read it before the revocation
        assertEquals(401, inFlight.await().statusCode(), "read across the revocation: read again, and refused");
      }

      // now, after the revocation was committed AND notified, the session must be refused
      Thread.sleep(200);
      HttpResponse<Buffer> after = current(running, token);
      HttpResponse<Buffer> later = current(running, token);
      assertEquals(401, after.statusCode(), "the revoked session was put back in the cache and served: " + after.bodyAsString());
      assertEquals(401, later.statusCode());
    }
  }

  private static HttpResponse<Buffer> current(RunningGateway running, String token) {
    return running.api().get("/v1/sessions/current").bearerTokenAuthentication(token).send().await();
  }

  private static void waitForLockWaiter(Connection c) throws Exception {
    long until = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < until) {
      try (Statement s = c.createStatement();
           ResultSet r = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE '%officer%'")) {
        r.next();
        if (r.getInt(1) > 0) {
          return;
        }
      }
      Thread.sleep(20);
    }
    assertTrue(false, "the re-read never waited on the officer table");
  }
}
