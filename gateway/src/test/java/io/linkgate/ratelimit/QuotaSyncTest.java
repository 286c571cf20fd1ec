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
import java.util.ArrayList;
import java.util.List;
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

  private static String rowVersion(String url, Quotas.Key key) throws Exception {
    try (Connection c = TestDatabase.connect(url); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT xmin::text FROM quota_usage WHERE subject = '" + key.subject() + "'")) {
      assertTrue(rs.next());
      return rs.getString(1);
    }
  }

  /** Two instances' quotas (as on two gateways) over one demo database. */
  private interface TwoInstances {
    void run(Quotas a, Quotas b, String url) throws Exception;
  }

  private void withTwoInstances(TwoInstances test) throws Exception {
    String url = TestDatabase.newDatabaseUrl();
    try (RunningGateway running = RunningGateway.demo(dir, null, Map.of(), Clock.systemUTC(), url)) {
      Pool pool = running.gateway().database().pool(running.gateway().vertx());
      try {
        var vertx = running.gateway().vertx();
        test.run(new Quotas(vertx, pool, Clock.systemUTC()), new Quotas(vertx, pool, Clock.systemUTC()), url);
      } finally {
        pool.close().await();
      }
    }
  }

  /**
   * A sync with nothing to add reads the shared totals without writing: every counter's row was rewritten, unchanged,
   * every second on every instance (dead row versions and write-ahead log for every officer and agency in use).
   */
  @Test
  void should_learn_other_instances_counts_without_rewriting_rows_it_has_nothing_to_add_to() throws Exception {
    withTwoInstances((a, b, url) -> {
      Quotas.Key key = new Quotas.Key("officer-day", UUID.randomUUID(), "2026-12-06");
      assertTrue(a.counter(key).await().tryUse(100));
      a.sync().await();
      Quotas.Counter seen = b.counter(key).await();
      assertEquals(1, seen.used());
      for (int i = 0; i < 3; i++) {
        assertTrue(a.counter(key).await().tryUse(100));
      }
      a.sync().await();
      String written = rowVersion(url, key);
      b.sync().await(); // nothing of b's own to add
      assertEquals(4, seen.used(), "b learned a's uses");
      assertEquals(written, rowVersion(url, key), "b did not rewrite the row");
    });
  }

  /** A use given back after it was shared lowers the row's total, and an instance that only reads the row follows it down. */
  @Test
  void should_follow_a_shared_total_down_when_a_use_is_given_back() throws Exception {
    withTwoInstances((a, b, url) -> {
      Quotas.Key key = new Quotas.Key("agency-month", "DEMO", "2026-12");
      Quotas.Counter used = a.counter(key).await();
      assertTrue(used.tryUse(100));
      a.sync().await();
      Quotas.Counter seen = b.counter(key).await();
      assertEquals(1, seen.used());
      used.release(); // given back after it was shared (turned away by the breaker, say)
      a.sync().await();
      b.sync().await();
      assertEquals(0, seen.used(), "b follows the total down");
    });
  }

  @SuppressWarnings("unchecked")
  private static List<Quotas.Key> iterationOrder(Quotas q) throws Exception {
    var field = Quotas.class.getDeclaredField("counters");
    field.setAccessible(true);
    var cache = (com.github.benmanes.caffeine.cache.AsyncLoadingCache<Quotas.Key, Quotas.Counter>) field.get(q);
    List<Quotas.Key> keys = new ArrayList<>();
    cache.synchronous().asMap().forEach((k, v) -> keys.add(k));
    return keys;
  }

  /**
   * Two instances adding to the same agencies' rows take the rows' locks in one order: in their caches' orders, which
   * differ with what else each holds, two syncs deadlocked and PostgreSQL aborted one after its deadlock_timeout.
   */
  @Test
  void should_not_deadlock_when_two_instances_add_to_the_same_rows() throws Exception {
    String url = TestDatabase.newDatabaseUrl();
    try (RunningGateway running = RunningGateway.demo(dir, null, Map.of(), Clock.systemUTC(), url)) {
      var vertx = running.gateway().vertx();
      Pool pool = running.gateway().database().pool(vertx);
      try {
        List<Quotas.Key> agencies = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
          agencies.add(new Quotas.Key("agency-month", "AG" + i, "2026-12"));
        }
        Quotas a = new Quotas(vertx, pool, Clock.systemUTC());
        Quotas b = new Quotas(vertx, pool, Clock.systemUTC());
        for (Quotas.Key k : agencies) {
          a.counter(k).await();
          b.counter(k).await();
        }
        // b has served many officers today: its cache is larger and lists the agencies in another order
        for (int i = 0; i < 3000; i++) {
          b.counter(new Quotas.Key("officer-day", UUID.randomUUID(), "2026-12-06")).await();
        }
        List<Quotas.Key> inA = iterationOrder(a);
        List<Quotas.Key> inB = iterationOrder(b);
        inB.retainAll(agencies);
        Quotas.Key first = null;
        for (int i = 0; i < inA.size() && first == null; i++) {
          for (int j = i + 1; j < inA.size() && first == null; j++) {
            if (inB.indexOf(inA.get(i)) > inB.indexOf(inA.get(j))) {
              first = inA.get(i); // a meets it before some row that b meets first
            }
          }
        }
        assertTrue(first != null, "the two caches list the agencies in the same order: nothing to test");
        for (int round = 0; round < 2; round++) {
          for (Quotas.Key k : agencies) {
            assertTrue(a.counter(k).await().tryUse(1_000));
            assertTrue(b.counter(k).await().tryUse(1_000));
          }
          if (round == 0) {
            a.sync().await();
            b.sync().await(); // the rows exist from here
          }
        }
        Future<Void> syncA;
        Future<Void> syncB;
        try (Connection lock = TestDatabase.connect(url)) {
          lock.setAutoCommit(false);
          try (Statement s = lock.createStatement()) {
            s.execute("SELECT used FROM quota_usage WHERE scope = 'agency-month' AND subject = '" + first.subject() + "' FOR UPDATE");
          }
          syncA = a.sync(); // waits at that row
          syncB = b.sync(); // takes the rows it lists before it, then waits there too
          Thread.sleep(500);
          lock.rollback();
        }
        try {
          Future.join(syncA, syncB).await(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception ignored) {
          // judged below
        }
        assertTrue(syncA.succeeded() && syncB.succeeded(), "a sync failed: " + (syncA.failed() ? syncA.cause() : syncB.cause()));
        try (Connection c = TestDatabase.connect(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT sum(used) FROM quota_usage WHERE scope = 'agency-month'")) {
          assertTrue(rs.next());
          assertEquals(4L * agencies.size(), rs.getLong(1));
        }
      } finally {
        pool.close().await();
      }
    }
  }
}
