package io.linkgate.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The readiness check keeps a connection of its own between checks. A server that closed it since (PostgreSQL
 * restarted between two checks, a failover behind a proxy, the backend terminated) is answering again: the check asks
 * on a new connection, and the instance stays in the load balancer. It read DOWN for a whole check interval, on every
 * instance at once.
 */
class ReadinessConnectionTest {

  @Test
  void should_stay_ready_when_its_own_connection_was_closed_and_postgresql_answers() throws Exception {
    String url = TestDatabase.newDatabaseUrl();
    String db = url.substring(url.lastIndexOf('/') + 1);
    Vertx vertx = Vertx.vertx();
    Readiness readiness = new Readiness();
    readiness.migrationsApplied();
    try {
      // an interval no test waits for: the checks below are the test's own
      readiness.watch(vertx, PgConnectOptions.fromUri(url), Duration.ofHours(1), Duration.ofSeconds(10)).await();
      assertTrue(readiness.ready(), readiness.describe().encode());

      // the check's connection ends (pg_terminate_backend with a timeout waits for the backend to be gone)
      TestDatabase.execute("SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity WHERE datname = '" + db + "'");
      readiness.check().await();

      assertTrue(readiness.ready(), readiness.describe().encode());
      assertEquals("UP", readiness.describe().getJsonObject("checks").getString("database"));
    } finally {
      readiness.unwatch(vertx);
      vertx.close().await();
    }
  }
  /**
   * A stop unwatching while the first check still connects: that check's connection was kept after unwatch (nobody
   * closed it until Vert.x closed, at the very end of the stop, holding a backend through the drain).
   */
  @Test
  void should_keep_no_connection_of_a_check_under_way_when_unwatched() throws Exception {
    String url = TestDatabase.newDatabaseUrl();
    Vertx vertx = Vertx.vertx();
    Readiness readiness = new Readiness();
    PgConnectOptions options = PgConnectOptions.fromUri(url);
    options.setProperties(new java.util.HashMap<>(java.util.Map.of("application_name", "readiness-unwatched")));
    try {
      io.vertx.core.Future<Void> first = readiness.watch(vertx, options, Duration.ofHours(1), Duration.ofSeconds(10));
      readiness.unwatch(vertx); // stop() while the check connects
      first.await();
      String count = "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'readiness-unwatched'";
      long open = -1;
      for (long until = System.nanoTime() + 2_000_000_000L; open != 0 && System.nanoTime() < until; Thread.sleep(20)) {
        try (java.sql.Connection c = TestDatabase.connect(url); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery(count)) {
          rs.next();
          open = rs.getLong(1);
        }
      }
      assertEquals(0, open, "the check's connection is closed");
    } finally {
      vertx.close().await();
    }
  }

  /**
   * Usage records carry the gateway's time; a clock set back put lookups in a month long past, and nothing showed it.
   * Each check measures the gateway's clock against PostgreSQL's: {@code linkgate_clock_skew_seconds}.
   */
  @Test
  void should_measure_the_gateways_clock_against_postgresqls_at_each_check() throws Exception {
    String url = TestDatabase.newDatabaseUrl();
    Vertx vertx = Vertx.vertx();
    Readiness readiness = new Readiness();
    io.linkgate.testing.MutableClock clock = new io.linkgate.testing.MutableClock(Instant.now());
    readiness.clock(clock);
    try {
      readiness.watch(vertx, PgConnectOptions.fromUri(url), Duration.ofHours(1), Duration.ofSeconds(10)).await();
      assertTrue(Math.abs(readiness.clockSkewSeconds()) < 5, "the same machine's clock: " + readiness.clockSkewSeconds());
      clock.set(Instant.now().minus(Duration.ofHours(1))); // set back an hour
      readiness.check().await();
      assertTrue(Math.abs(readiness.clockSkewSeconds() + 3600) < 5, "an hour behind: " + readiness.clockSkewSeconds());
    } finally {
      readiness.unwatch(vertx);
      vertx.close().await();
    }
  }
}
