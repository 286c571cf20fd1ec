package io.linkgate.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.Gateway;
import io.linkgate.cardedge.device.DeviceKey;
import io.linkgate.registry.DemoData;
import io.linkgate.testing.Logins;
import io.linkgate.testing.TestDatabase;
import io.linkgate.testing.TestGateway;
import io.vertx.core.Future;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * linkgate.sessions.active is PostgreSQL's count of open sessions, the same on every instance: never moved by a session
 * ended on another instance than the one that opened it, nor by an end whose transaction rolled back.
 */
class ActiveSessionsGaugeTest {

  @TempDir
  static Path dir;
  static String url;
  static Gateway a;
  static Gateway b;
  static WebClient toA;
  static WebClient toB;

  @BeforeAll
  static void start() throws Exception {
    url = TestDatabase.newDatabaseUrl();
    // instances sharing a database share the data-protection keys
    Map<String, String> extra = Map.of("privacy.hmacKey", TestGateway.SHARED_HMAC_KEY,
        "privacy.encryptionKeys", "k1:" + TestGateway.SHARED_AES_KEY, "privacy.activeKeyId", "k1");
    a = Gateway.start(TestGateway.config(dir.resolve("a"), url, extra), new Gateway.Options(true, Clock.systemUTC()));
    b = Gateway.start(TestGateway.config(dir.resolve("b"), url, extra), new Gateway.Options(false, Clock.systemUTC()));
    toA = WebClient.create(a.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(a.apiPort()));
    toB = WebClient.create(b.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(b.apiPort()));
  }

  @AfterAll
  static void stop() {
    if (b != null) {
      b.stop();
    }
    if (a != null) {
      a.stop();
    }
  }

  private static String login(WebClient api, int officer) {
    return new Logins(api).login(Logins.card(DemoData.OFFICERS.get(officer).citizenId()), DemoData.DEVICE_ID, DeviceKey.demo());
  }

  private static long gauge(Gateway gateway) {
    return (long) gateway.registry().get("linkgate.sessions.active").gauge().value();
  }

  private static long openInPostgres() throws Exception {
    try (Connection c = TestDatabase.connect(url); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT count(*) FROM card_session WHERE ended_at IS NULL")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void should_keep_the_count_when_a_deactivation_that_would_end_the_officers_sessions_rolls_back() throws Exception {
    String token = login(toA, 0);
    UUID officer = a.sessions().authenticate(token).await().officer().id();
    a.sessions().cleanUp().await();
    long open = openInPostgres();
    assertEquals(open, gauge(a));
    Pool pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(url)).using(a.vertx()).build();
    try {

      // the officer's deactivation fails after ending the sessions in its transaction: nothing of it commits
      assertThrows(Exception.class, () -> pool.withTransaction(conn -> a.sessions().endForOfficer(conn, officer, "REVOKED")
          .compose(ended -> Future.<Integer>failedFuture(new IllegalStateException("the deactivation failed")))).await());

      assertEquals(open, openInPostgres(), "the rolled-back end ended nothing");
      assertEquals(open, gauge(a), "counted down the sessions of a deactivation that rolled back");
      assertEquals(200, toA.get("/v1/sessions/current").bearerTokenAuthentication(token).send().await().statusCode());
    } finally {
      pool.close().await();
      toA.delete("/v1/sessions/current").bearerTokenAuthentication(token).send().await();
    }
  }

  @Test
  void should_report_only_counts_postgresql_had_on_the_instance_that_ends_a_session_another_one_opened() throws Exception {
    a.sessions().cleanUp().await();
    b.sessions().cleanUp().await();
    long before = openInPostgres();
    assertEquals(List.of(before, before), List.of(gauge(a), gauge(b)));

    String token = login(toA, 1);
    assertEquals(204, toB.delete("/v1/sessions/current").bearerTokenAuthentication(token).send().await().statusCode());

    // PostgreSQL had `before` open, then one more, then `before` again; a periodic clean-up may have counted meanwhile
    assertEquals(before, openInPostgres());
    assertTrue(gauge(b) == before || gauge(b) == before + 1, "B reports " + gauge(b) + " sessions open, PostgreSQL had " + before
        + " or " + (before + 1));
    assertTrue(gauge(a) == before || gauge(a) == before + 1, "A reports " + gauge(a));

    String other = login(toB, 1);
    try {
      a.sessions().cleanUp().await();
      b.sessions().cleanUp().await();
      assertEquals(List.of(before + 1, before + 1), List.of(gauge(a), gauge(b)), "both instances count the session B opened");
    } finally {
      toB.delete("/v1/sessions/current").bearerTokenAuthentication(other).send().await();
    }
  }
}
