package io.linkgate.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.testing.RunningGateway;
import io.linkgate.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Quota counts reach PostgreSQL exactly once, however the syncs overlap. */
class QuotaSyncTest {

  @TempDir
  Path dir;

  @Test
  void should_not_send_the_same_pending_count_twice_when_a_sync_starts_while_one_is_running() throws Exception {
    String url = TestDatabase.newDatabaseUrl();
    try (RunningGateway running = RunningGateway.demo(dir, null, Map.of(), Clock.systemUTC(), url)) {
      Pool pool = running.gateway().database().pool(running.gateway().vertx());
      try {
        Quotas quotas = new Quotas(running.gateway().vertx(), pool, Clock.systemUTC());
        Quotas.Key key = new Quotas.Key("officer-day", UUID.randomUUID(), "2026-12-06");
        Quotas.Counter counter = quotas.counter(key).await();
        for (int i = 0; i < 3; i++) {
          assertTrue(counter.tryUse(100));
        }
        // the timer's next round comes while this one still waits on the database
        Future<Void> first = quotas.sync();
        Future<Void> second = quotas.sync();
        Future.all(first, second).await();
        try (Connection c = TestDatabase.connect(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT used FROM quota_usage WHERE subject = '" + key.subject() + "'")) {
          assertTrue(rs.next());
          assertEquals(3, rs.getLong(1), "the shared count other instances refuse by");
        }
        assertEquals(3, counter.used());
      } finally {
        pool.close().await();
      }
    }
  }
}
