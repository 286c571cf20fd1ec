package io.linkgate.lookup;

import static io.linkgate.testing.Lookups.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.registry.AdminAudit;
import io.linkgate.testing.Lookups;
import io.linkgate.testing.MutableClock;
import io.linkgate.testing.RunningGateway;
import io.linkgate.testing.TestDatabase;
import io.linkgate.testing.TestGateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Limits in order, with an injected clock: working hours, the session bucket, the officer's day, the agency's month. */
class RateLimitTest {

  static final String CITIZEN = "3101700001098";
  /** Monday 2 November 2026, 10:00 in Bangkok. */
  static final Instant MONDAY_10 = Instant.parse("2026-11-02T03:00:00Z");

  @TempDir
  Path dir;
  final MutableClock clock = new MutableClock(MONDAY_10);
  RunningGateway running;
  Lookups lookups;
  Path configFile;

  void start(String limitsYaml) throws Exception {
    configFile = dir.resolve("gateway.yaml");
    Files.writeString(configFile, limitsYaml);
    running = RunningGateway.demo(dir, configFile, Map.of(), clock, TestDatabase.newDatabaseUrl());
    lookups = new Lookups(running.api());
  }

  @AfterEach
  void stop() {
    if (running != null) {
      running.close();
    }
  }

  void sql(String statement) throws Exception {
    try (Connection c = TestDatabase.connect(running.dbUrl()); Statement s = c.createStatement()) {
      s.execute(statement);
    }
    running.gateway().agencies().invalidateAll();
  }

  HttpResponse<Buffer> lookup(String token) {
    return lookups.person(token, CITIZEN);
  }

  @Test
  void should_refuse_the_session_beyond_its_burst_until_tokens_refill() throws Exception {
    start("limits:\n  sessionRate: 1\n  sessionBurst: 3\n");
    String token = Lookups.login(running, "officer");
    for (int i = 0; i < 3; i++) {
      assertEquals(200, lookup(token).statusCode());
    }
    // every scope's refusal counter is there at 0 before its first refusal, so increase() counts that one
    assertEquals(4, refusalSeries().filter(l -> l.endsWith(" 0.0") || l.endsWith(" 0")).count(), refusalSeries().toList().toString());
    HttpResponse<Buffer> refused = lookup(token);
    assertEquals(429, refused.statusCode());
    assertEquals("rate-limit-session", type(refused));
    assertEquals("1", refused.getHeader("Retry-After"));
    assertEquals("\"session\";q=3;w=3", refused.getHeader("RateLimit-Policy"));
    assertEquals("\"session\";r=0;t=1", refused.getHeader("RateLimit"));
    clock.advance(Duration.ofSeconds(1));
    HttpResponse<Buffer> again = lookup(token);
    assertEquals(200, again.statusCode());
    assertTrue(again.getHeader("RateLimit").startsWith("\"session\";r=0;"), again.getHeader("RateLimit"));
    assertTrue(refusalSeries().anyMatch(l -> l.contains("scope=\"session\"") && (l.endsWith(" 1.0") || l.endsWith(" 1"))),
        refusalSeries().toList().toString());
  }

  private java.util.stream.Stream<String> refusalSeries() {
    return running.gateway().registry().scrape().lines().filter(l -> l.startsWith("linkgate_ratelimit_refusals_total{"));
  }

  @Test
  void should_describe_every_limit_and_the_room_left_on_each_answer() throws Exception {
    start("limits:\n  sessionRate: 1\n  sessionBurst: 3\n  officerDaily: 5\n");
    sql("UPDATE agency SET monthly_quota = 1000 WHERE code = 'DEMO'");
    String token = Lookups.login(running, "officer");
    // Monday 10:00 in Bangkok: 14 h to midnight, 28 days and 14 h to 1 December; the monthly window is November's
    // 30 days (w is a window's length, as a day's 86400; it read the time left, a policy changing with every answer)
    String policy = "\"session\";q=3;w=3, \"officer-daily\";q=5;w=86400, \"agency-monthly\";q=1000;w=2592000";
    HttpResponse<Buffer> first = lookup(token); // the quota counters are read from PostgreSQL first
    assertEquals(200, first.statusCode());
    assertEquals(policy, first.getHeader("RateLimit-Policy"));
    assertEquals("\"session\";r=2;t=1, \"officer-daily\";r=4;t=50400, \"agency-monthly\";r=999;t=2469600",
        first.getHeader("RateLimit"));
    clock.advance(Duration.ofMillis(1500));
    HttpResponse<Buffer> second = lookup(token); // the counters are loaded now
    assertEquals(200, second.statusCode());
    // 50,398.5 s to midnight: rounded up, so that t seconds from now the quota has renewed
    assertEquals(policy, second.getHeader("RateLimit-Policy"));
    assertEquals("\"session\";r=2;t=1, \"officer-daily\";r=3;t=50399, \"agency-monthly\";r=998;t=2469599",
        second.getHeader("RateLimit"));
  }

  @Test
  void should_not_tell_the_officer_to_retry_before_the_daily_quota_renews_in_its_last_second() throws Exception {
    start("limits:\n  officerDaily: 1\n  enforceWorkingHours: false\n");
    clock.set(Instant.parse("2026-11-02T16:59:59.500Z")); // Monday 23:59:59.5 in Bangkok
    String token = Lookups.login(running, "officer");
    assertEquals(200, lookup(token).statusCode());
    HttpResponse<Buffer> refused = lookup(token);
    assertEquals(429, refused.statusCode());
    assertEquals("quota-officer-daily", type(refused));
    assertEquals("1", refused.getHeader("Retry-After"), "a retry after 0 s comes before midnight, and is refused again");
    assertEquals("\"officer-daily\";r=0;t=1", refused.getHeader("RateLimit"));
  }

  @Test
  void should_give_each_agency_service_its_own_bucket_with_its_own_limit() throws Exception {
    start("limits:\n  sessionRate: 1\n  sessionBurst: 3\n  services:\n    DEMO/NC-WELFARE: { sessionBurst: 1 }\n");
    String token = Lookups.login(running, "officer");
    assertEquals(200, lookups.get(token, "NC-WELFARE", "/v1/linkage/persons/" + CITIZEN).statusCode());
    assertEquals(429, lookups.get(token, "NC-WELFARE", "/v1/linkage/persons/" + CITIZEN).statusCode());
    assertEquals(200, lookups.get(token, "NC-CIVILREG", "/v1/linkage/persons/" + CITIZEN).statusCode());
  }

  @Test
  void should_stop_an_officer_at_the_daily_quota_until_midnight_in_bangkok() throws Exception {
    start("limits:\n  officerDaily: 5\n");
    String token = Lookups.login(running, "officer");
    for (int i = 0; i < 5; i++) {
      assertEquals(200, lookup(token).statusCode());
    }
    HttpResponse<Buffer> refused = lookup(token);
    assertEquals(429, refused.statusCode());
    assertEquals("quota-officer-daily", type(refused));
    assertEquals(Long.toString(14 * 3600), refused.getHeader("Retry-After"), "until 00:00 Bangkok");
    clock.advance(Duration.ofHours(14)); // Tuesday 00:00 in Bangkok
    String fresh = Lookups.login(running, "officer");
    assertEquals(200, lookup(fresh).statusCode());
  }

  @Test
  void should_stop_the_agency_at_its_monthly_quota_until_the_first() throws Exception {
    start("limits:\n  sessionBurst: 100\n");
    sql("UPDATE agency SET monthly_quota = 3 WHERE code = 'DEMO'");
    String a = Lookups.login(running, "officer");
    String b = Lookups.login(running, "officer2");
    assertEquals(200, lookup(a).statusCode());
    assertEquals(200, lookup(b).statusCode());
    assertEquals(200, lookup(a).statusCode());
    HttpResponse<Buffer> refused = lookup(b);
    assertEquals(429, refused.statusCode());
    assertEquals("quota-agency-monthly", type(refused));
    clock.set(Instant.parse("2026-11-30T17:00:00Z")); // 1 December 00:00 in Bangkok
    String fresh = Lookups.login(running, "officer2");
    assertEquals(200, lookup(fresh).statusCode());
  }

  @Test
  void should_refuse_outside_the_agencys_working_days_and_hours() throws Exception {
    start("limits: {}\n");
    sql("UPDATE agency SET work_days = 31, work_start = '08:30', work_end = '16:30' WHERE code = 'DEMO'");
    String token = Lookups.login(running, "officer");
    assertEquals(200, lookup(token).statusCode());
    clock.set(Instant.parse("2026-11-07T03:00:00Z")); // Saturday 10:00
    token = Lookups.login(running, "officer");
    HttpResponse<Buffer> weekend = lookup(token);
    assertEquals(403, weekend.statusCode());
    assertEquals("outside-working-hours", type(weekend));
    clock.set(Instant.parse("2026-11-09T01:29:00Z")); // Monday 08:29
    token = Lookups.login(running, "officer");
    assertEquals(403, lookup(token).statusCode());
    clock.advance(Duration.ofMinutes(1));
    assertEquals(200, lookup(token).statusCode());
  }

  @Test
  void should_serve_an_agency_working_until_midnight_in_the_last_second_of_the_day() throws Exception {
    start("limits: {}\n"); // the demo agency works every day from 00:00 to 24:00
    clock.set(Instant.parse("2026-11-09T16:59:59.500Z")); // Monday 23:59:59.5 in Bangkok
    String token = Lookups.login(running, "officer");
    HttpResponse<Buffer> last = lookup(token);
    assertEquals(200, last.statusCode(), last.bodyAsString());
    clock.set(Instant.parse("2026-11-09T17:00:00Z")); // Tuesday 00:00
    assertEquals(200, lookup(token).statusCode());
  }

  @Test
  void should_serve_the_last_second_of_the_day_on_a_demo_database_seeded_before_the_day_could_end_at_midnight() throws Exception {
    start("limits: {}\n");
    String url = running.dbUrl();
    // as the demo seeded its agencies before workEnd could be 24:00: the last second of every day refused
    sql("UPDATE agency SET work_end = '23:59:59' WHERE code IN ('DEMO', 'CENTRAL')");
    running.close();
    running = RunningGateway.demo(dir, configFile, Map.of(), clock, url); // the demo started again on its database
    lookups = new Lookups(running.api());
    clock.set(Instant.parse("2026-11-09T16:59:59.500Z")); // Monday 23:59:59.5 in Bangkok
    String token = Lookups.login(running, "officer");
    HttpResponse<Buffer> last = lookup(token);
    assertEquals(200, last.statusCode(), last.bodyAsString());
    // hours an admin set are the admin's: only the demo's own 00:00-23:59:59 is taken to the end of the day
    sql("UPDATE agency SET work_start = '08:00', work_end = '23:59:59' WHERE code = 'DEMO'");
    running.close();
    running = RunningGateway.demo(dir, configFile, Map.of(), clock, url);
    lookups = new Lookups(running.api());
    assertEquals(403, lookup(Lookups.login(running, "officer")).statusCode());
  }

  @Test
  void should_keep_bucket_state_when_a_reload_leaves_the_limit_unchanged_and_apply_a_changed_one() throws Exception {
    start("limits:\n  sessionRate: 1\n  sessionBurst: 2\n");
    String token = Lookups.login(running, "officer");
    assertEquals(200, lookup(token).statusCode());
    assertEquals(200, lookup(token).statusCode());
    assertEquals(429, lookup(token).statusCode());
    Files.writeString(configFile, "limits:\n  sessionRate: 1\n  sessionBurst: 2\ncache:\n  notFoundTtl: 10s\n");
    var result = running.gateway().reloadConfig(AdminAudit.SIGNAL);
    assertEquals("[\"cache\"]", result.getJsonArray("applied").encode());
    assertEquals(429, lookup(token).statusCode(), "an unchanged limit keeps the empty bucket");
    Files.writeString(configFile, "limits:\n  sessionRate: 1\n  sessionBurst: 3\n");
    HttpResponse<Buffer> reload = running.api().post("/v1/admin/config/reload").bearerTokenAuthentication(RunningGateway.ADMIN_TOKEN).send().await();
    assertEquals(200, reload.statusCode(), reload.bodyAsString());
    assertTrue(reload.bodyAsJsonObject().getJsonArray("applied").contains("limits"));
    assertEquals(200, lookup(token).statusCode(), "a changed limit starts a full bucket");
    java.time.Duration before = running.gateway().limiter().quotaSyncEvery();
    Files.writeString(configFile, "limits:\n  sessionRate: 1\n  sessionBurst: 3\n  quotaSyncInterval: 250ms\n");
    assertEquals(200, running.api().post("/v1/admin/config/reload").bearerTokenAuthentication(RunningGateway.ADMIN_TOKEN).send().await()
        .statusCode());
    assertEquals(java.time.Duration.ofMillis(250), running.gateway().limiter().quotaSyncEvery(),
        "the sync timer runs at the reloaded interval (was " + before + ")");
    try (var c = TestDatabase.connect(running.dbUrl()); var st = c.createStatement();
         var rs = st.executeQuery("SELECT actor, detail->'applied' FROM admin_audit WHERE action = 'config.reload' ORDER BY at LIMIT 2")) {
      assertTrue(rs.next(), "the reload by signal is in the audit trail");
      assertEquals(AdminAudit.SIGNAL, rs.getString(1));
      assertEquals("[\"cache\"]", rs.getString(2));
      assertTrue(rs.next(), "the admin's reload is in the audit trail");
      assertEquals("bootstrap", rs.getString(1));
      assertTrue(rs.getString(2).contains("limits"), rs.getString(2));
    }
  }

  @Test
  void should_reject_an_invalid_reload_and_change_nothing() throws Exception {
    start("limits:\n  sessionRate: 1\n  sessionBurst: 1\n");
    String token = Lookups.login(running, "officer");
    assertEquals(200, lookup(token).statusCode());
    Files.writeString(configFile, "limits:\n  sessionRate: -5\n  sessionBurst: 100\n");
    HttpResponse<Buffer> reload = running.api().post("/v1/admin/config/reload").bearerTokenAuthentication(RunningGateway.ADMIN_TOKEN).send().await();
    assertEquals(400, reload.statusCode());
    assertEquals("limits.sessionRate", reload.bodyAsJsonObject().getString("field"));
    assertEquals(429, lookup(token).statusCode(), "the old limit still holds");
  }

  @Test
  void should_share_the_daily_quota_between_instances_through_postgresql() throws Exception {
    String url = TestDatabase.newDatabaseUrl();
    Map<String, String> shared = Map.of("privacy.hmacKey", TestGateway.SHARED_HMAC_KEY,
        "privacy.encryptionKeys", "k1:" + TestGateway.SHARED_AES_KEY, "privacy.activeKeyId", "k1");
    Path file = dir.resolve("shared.yaml");
    Files.writeString(file, "limits:\n  officerDaily: 6\n  sessionBurst: 100\n");
    running = RunningGateway.demo(dir.resolve("a"), file, shared, clock, url);
    try (RunningGateway other = RunningGateway.demo(dir.resolve("b"), file, shared, clock, url)) {
      String token = Lookups.login(running, "officer");
      Lookups onA = new Lookups(running.api());
      Lookups onB = new Lookups(other.api());
      for (int i = 0; i < 3; i++) {
        assertEquals(200, onA.person(token, CITIZEN).statusCode());
        assertEquals(200, onB.person(token, CITIZEN).statusCode());
      }
      running.gateway().limiter().syncQuotas().await();
      other.gateway().limiter().syncQuotas().await();
      running.gateway().limiter().syncQuotas().await();
      HttpResponse<Buffer> refused = onA.person(token, CITIZEN);
      assertEquals(429, refused.statusCode());
      assertEquals("quota-officer-daily", type(refused));
    }
  }

  /**
   * The stop's last quota sync was handed the periodic sync in progress, whose counts were taken before the lookups
   * that came while it waited on the database: those were never sent. syncQuotas() now waits it out and runs another.
   */
  @Test
  void should_send_uses_counted_while_a_sync_waited_on_the_database() throws Exception {
    configFile = dir.resolve("gateway.yaml");
    Files.writeString(configFile, "limits:\n  quotaSyncInterval: 1m\n  sessionBurst: 100\n");
    String url = TestDatabase.newDatabaseUrl();
    running = RunningGateway.demo(dir, configFile, Map.of(), clock, url);
    lookups = new Lookups(running.api());
    String token = Lookups.login(running, "officer");
    for (int i = 0; i < 2; i++) {
      assertEquals(200, lookup(token).statusCode());
    }
    io.vertx.core.Future<Void> inProgress;
    try (java.sql.Connection lock = TestDatabase.connect(url)) {
      lock.setAutoCommit(false);
      try (java.sql.Statement s = lock.createStatement()) {
        s.execute("LOCK TABLE quota_usage IN ACCESS EXCLUSIVE MODE");
      }
      inProgress = running.gateway().limiter().syncQuotas(); // takes the 2 uses, then waits on the lock
      Thread.sleep(200);
      for (int i = 0; i < 3; i++) {
        assertEquals(200, lookup(token).statusCode());
      }
      io.vertx.core.Future<Void> last = running.gateway().limiter().syncQuotas(); // the stop's
      lock.rollback();
      inProgress.await();
      last.await();
    }
    try (java.sql.Connection c = TestDatabase.connect(url); java.sql.Statement s = c.createStatement();
         java.sql.ResultSet r = s.executeQuery("SELECT used FROM quota_usage WHERE scope = 'officer-day'")) {
      assertTrue(r.next());
      assertEquals(5, r.getLong(1), "every use counted before the last sync was sent");
    }
  }
}
