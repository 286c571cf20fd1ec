package io.linkgate.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.Gateway;
import io.linkgate.cardedge.device.DeviceKey;
import io.linkgate.registry.DemoData;
import io.linkgate.testing.Logins;
import io.linkgate.testing.MutableClock;
import io.linkgate.testing.TestDatabase;
import io.linkgate.testing.RunningGateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A session's life: current, heartbeat, logout, idle timeout and absolute lifetime, with an injected clock. */
class SessionLifecycleTest {

  @TempDir
  static Path dir;
  static final MutableClock clock = new MutableClock(Instant.parse("2026-11-02T03:00:00Z"));
  static RunningGateway running;
  static String dbUrl;
  static Gateway gateway;
  static WebClient api;
  static Logins logins;

  @BeforeAll
  static void start() throws Exception {
    running = RunningGateway.demo(dir, Map.of("session.idleTimeout", "15m", "session.maxLifetime", "1h"), clock);
    dbUrl = running.dbUrl();
    gateway = running.gateway();
    api = running.api();
    logins = running.logins();
  }

  // the clock only moves forward: a clock set back would race the store's periodic idle clean-up

  @AfterAll
  static void stop() {
    gateway.stop();
  }

  private String login() {
    return logins.login(Logins.card(DemoData.OFFICERS.get(0).citizenId()), DemoData.DEVICE_ID, DeviceKey.demo());
  }

  /** A heartbeat, once its last-seen write reached PostgreSQL: the test moves the clock on at once, the periodic clean-up may run then. */
  private int heartbeat(String token) {
    int status = api.post("/v1/sessions/current/heartbeat").bearerTokenAuthentication(token).send().await().statusCode();
    gateway.sessions().activityWritten().await();
    return status;
  }

  private HttpResponse<Buffer> current(String token) {
    return api.get("/v1/sessions/current").bearerTokenAuthentication(token).send().await();
  }

  private static String type(HttpResponse<Buffer> r) {
    return r.bodyAsJsonObject().getString("type").replace("urn:linkgate:problem:", "");
  }

  @Test
  void should_describe_the_current_session() {
    String token = login();
    HttpResponse<Buffer> r = current(token);
    assertEquals(200, r.statusCode());
    JsonObject body = r.bodyAsJsonObject();
    assertEquals("DEMO", body.getString("agency"));
    assertEquals(DemoData.DEVICE_ID, body.getString("deviceId"));
    assertEquals(clock.instant().plus(Duration.ofMinutes(15)).toString(), body.getString("idleExpiresAt"));
    assertTrue(!body.containsKey("token"), "the token is never echoed");
  }

  @Test
  void should_require_a_bearer_token_and_refuse_garbage() {
    HttpResponse<Buffer> none = api.get("/v1/sessions/current").send().await();
    assertEquals(401, none.statusCode());
    assertEquals("session-required", type(none));
    assertEquals("Bearer", none.getHeader("WWW-Authenticate"));
    assertEquals("session-invalid", type(current("not-a-token")));
    HttpResponse<Buffer> unknown = current("lgs_" + "A".repeat(43));
    assertEquals("session-invalid", type(unknown));
    assertEquals("Bearer error=\"invalid_token\"", unknown.getHeader("WWW-Authenticate"),
        "a 401 names its scheme (RFC 9110), also for a well-formed token the gateway does not know");
  }

  @Test
  void should_end_the_session_on_logout() {
    String token = login();
    assertEquals(204, api.delete("/v1/sessions/current").bearerTokenAuthentication(token).send().await().statusCode());
    HttpResponse<Buffer> after = current(token);
    assertEquals(401, after.statusCode());
    assertEquals("session-ended", type(after));
    assertEquals("Bearer error=\"invalid_token\"", after.getHeader("WWW-Authenticate"));
  }

  @Test
  void should_record_card_removal_as_the_end_reason() throws Exception {
    String token = login();
    String id = current(token).bodyAsJsonObject().getString("sessionId");
    assertEquals(204, api.delete("/v1/sessions/current?reason=card-removed").bearerTokenAuthentication(token).send().await().statusCode());
    assertEquals("CARD_REMOVED", endOf(id));
  }

  @Test
  void should_refuse_a_logout_reason_it_does_not_know_and_keep_the_session() {
    String token = login();
    HttpResponse<Buffer> refused = api.delete("/v1/sessions/current?reason=card-removd").bearerTokenAuthentication(token).send().await();
    assertEquals(400, refused.statusCode(), refused.bodyAsString());
    assertEquals("invalid-input", type(refused));
    assertEquals("reason", refused.bodyAsJsonObject().getString("field"));
    assertEquals(200, current(token).statusCode(), "the session goes on");
  }

  @Test
  void should_expire_after_the_idle_timeout_but_not_while_heartbeats_come() {
    String token = login();
    for (int i = 0; i < 4; i++) {
      clock.advance(Duration.ofMinutes(10));
      assertEquals(204, heartbeat(token), "heartbeat " + i);
    }
    clock.advance(Duration.ofMinutes(16));
    HttpResponse<Buffer> idle = current(token);
    assertEquals(401, idle.statusCode());
    assertEquals("session-expired", type(idle));
    assertEquals("Bearer error=\"invalid_token\"", idle.getHeader("WWW-Authenticate"));
  }

  @Test
  void should_tell_which_sessions_are_still_open_for_the_usage_stream() {
    String busy = login();
    String quiet = login();
    String gone = login();
    java.util.List<Session> sessions = java.util.stream.Stream.of(busy, quiet, gone)
        .map(t -> gateway.sessions().authenticate(t).await()).toList();
    java.util.List<java.util.UUID> ids = sessions.stream().map(Session::id).toList();
    assertEquals(204, api.delete("/v1/sessions/current").bearerTokenAuthentication(gone).send().await().statusCode());
    assertEquals(java.util.Set.of(ids.get(0), ids.get(1)), gateway.sessions().stillOpen(sessions).await(), "a logged-out session is not");
    clock.advance(Duration.ofMinutes(10));
    assertEquals(204, heartbeat(busy));
    clock.advance(Duration.ofSeconds(20));
    assertEquals(204, api.post("/v1/sessions/current/heartbeat").bearerTokenAuthentication(busy).send().await().statusCode());
    clock.advance(Duration.ofMinutes(14).plusSeconds(50));
    // the second heartbeat's last-seen time is not written yet (touchInterval 30 s): PostgreSQL's is 15 min 10 s old,
    // this instance's own record (14 min 50 s) counts at once; the periodic clean-up leaves it too (under 15 min 30 s)
    assertEquals(java.util.Set.of(ids.get(0)), gateway.sessions().stillOpen(sessions).await(), "one idle for 25 minutes is not");
    assertEquals(java.util.Set.of(), gateway.sessions().stillOpen(java.util.List.of()).await());
  }

  @Test
  void should_keep_a_stream_of_a_session_possibly_used_on_another_instance_open_as_long_as_the_clean_up_does() {
    Session quiet = gateway.sessions().authenticate(login()).await();
    // PostgreSQL saw it 15 min 10 s ago: another instance may have used it since without writing it (touchInterval 30 s)
    clock.advance(Duration.ofMinutes(15).plusSeconds(10));
    assertEquals(java.util.Set.of(quiet.id()), gateway.sessions().stillOpen(java.util.List.of(quiet)).await());
    clock.advance(Duration.ofSeconds(30));
    assertEquals(java.util.Set.of(), gateway.sessions().stillOpen(java.util.List.of(quiet)).await(), "surely idle now");
  }

  @Test
  void should_expire_at_the_absolute_lifetime_even_when_busy() {
    String token = login();
    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofMinutes(10));
      assertEquals(204, heartbeat(token));
    }
    clock.advance(Duration.ofMinutes(11)); // 61 minutes after login, 11 since the last heartbeat
    HttpResponse<Buffer> old = current(token);
    assertEquals(401, old.statusCode());
    assertEquals("session-expired", type(old));
  }

  private void sql(String statement) throws Exception {
    try (Connection c = TestDatabase.connect(dbUrl); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  @Test
  void should_refuse_a_session_whose_officer_was_deactivated_or_locked_without_ending_it_once_the_cache_ttl_passed() throws Exception {
    // the committed half of a change whose ending of sessions failed: only the officer row says so
    String officerId = DemoData.officerId(DemoData.OFFICERS.get(0)).toString();
    for (String change : java.util.List.of("active = false", "locked_at = now()")) {
      String token = login();
      assertEquals(200, current(token).statusCode());
      sql("UPDATE officer SET " + change + " WHERE id = '" + officerId + "'");
      try {
        clock.advance(Duration.ofSeconds(61)); // session.cacheTtl 60 s
        HttpResponse<Buffer> after = current(token);
        assertEquals(401, after.statusCode(), change);
        assertEquals("session-ended", type(after));
      } finally {
        sql("UPDATE officer SET active = true, locked_at = NULL WHERE id = '" + officerId + "'");
      }
    }
  }

  @Test
  void should_serve_a_changed_officer_on_the_first_call_after_the_cache_ttl() throws Exception {
    DemoData.Officer officer = DemoData.OFFICERS.get(0);
    String token = login();
    assertEquals("[\"USER\"]", current(token).bodyAsJsonObject().getJsonObject("officer").getJsonArray("roles").encode());
    sql("UPDATE officer SET roles = '{}' WHERE id = '" + DemoData.officerId(officer) + "'");
    try {
      clock.advance(Duration.ofSeconds(59));
      assertEquals("[\"USER\"]", current(token).bodyAsJsonObject().getJsonObject("officer").getJsonArray("roles").encode(),
          "within session.cacheTtl the cached officer may serve");
      clock.advance(Duration.ofSeconds(2));
      assertEquals("[]", current(token).bodyAsJsonObject().getJsonObject("officer").getJsonArray("roles").encode(),
          "past session.cacheTtl, not even once");
    } finally {
      sql("UPDATE officer SET roles = '{USER}' WHERE id = '" + DemoData.officerId(officer) + "'");
    }
  }

  @Test
  void should_keep_this_instances_unwritten_use_when_it_reads_a_session_again() {
    // idle 15 min, touch 30 s: the use at 20 s is not written down; reading the session again must not forget it
    String token = login();
    clock.advance(Duration.ofSeconds(20));
    assertEquals(200, current(token).statusCode());
    clock.advance(Duration.ofMinutes(14).plusSeconds(45)); // past cacheTtl: read again; 15 min 5 s after the written use
    HttpResponse<Buffer> r = current(token);
    assertEquals(200, r.statusCode(), r.bodyAsString());
  }

  @Test
  void should_open_a_session_with_the_officer_as_changed_while_the_login_ran() throws Exception {
    // the login read the officer before seconds of card and upstream work; roles taken away meanwhile must not stick
    Session checked = gateway.sessions().authenticate(login()).await();
    sql("UPDATE officer SET roles = '{}' WHERE id = '" + checked.officer().id() + "'");
    try {
      SessionStore.Opened opened = gateway.sessions().open(checked.officer(), DemoData.DEVICE_ID, "CAFE", null).await();
      assertEquals(java.util.Set.of(), opened.session().officer().roles());
      assertEquals(java.util.Set.of(), gateway.sessions().authenticate(opened.token()).await().officer().roles());
    } finally {
      sql("UPDATE officer SET roles = '{USER}' WHERE id = '" + checked.officer().id() + "'");
    }
  }

  @Test
  void should_refuse_a_session_whose_device_was_revoked_without_ending_it_once_the_cache_ttl_passed() throws Exception {
    String token = login();
    assertEquals(200, current(token).statusCode());
    sql("UPDATE device SET revoked_at = now() WHERE id = '" + DemoData.DEVICE_ID + "'");
    try {
      clock.advance(Duration.ofSeconds(61));
      HttpResponse<Buffer> after = current(token);
      assertEquals(401, after.statusCode());
      assertEquals("session-ended", type(after));
      assertTrue(after.bodyAsJsonObject().getString("detail").contains("device_revoked"), after.bodyAsString());
    } finally {
      sql("UPDATE device SET revoked_at = NULL WHERE id = '" + DemoData.DEVICE_ID + "'");
    }
  }

  private String endOf(String sessionId) throws Exception {
    try (Connection c = TestDatabase.connect(dbUrl); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT coalesce(end_reason, 'OPEN') FROM card_session WHERE id = '" + sessionId + "'")) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  void should_not_end_at_clean_up_a_session_whose_last_use_is_not_yet_written_but_end_it_once_surely_idle() throws Exception {
    // idle 15 min, touch 30 s: a use 20 s after the written one is not written down yet
    String token = login();
    String id = current(token).bodyAsJsonObject().getString("sessionId");
    clock.advance(Duration.ofSeconds(20));
    assertEquals(200, current(token).statusCode());
    clock.advance(Duration.ofMinutes(14).plusSeconds(45)); // 15 min 5 s after the written use, 14 min 45 s after the last
    gateway.sessions().cleanUp().await();
    assertEquals("OPEN", endOf(id), "in use 14 min 45 s ago");
    clock.advance(Duration.ofSeconds(55)); // 15 min 40 s idle: PostgreSQL's 16 min is past idleTimeout + touchInterval
    gateway.sessions().cleanUp().await();
    assertEquals("IDLE", endOf(id));
    HttpResponse<Buffer> idle = current(token);
    assertEquals(401, idle.statusCode());
    assertEquals("session-expired", type(idle));
  }

  @Test
  void should_end_a_session_past_its_lifetime_as_expired_at_clean_up_and_tell_every_instance() throws Exception {
    String token = login();
    String id = current(token).bodyAsJsonObject().getString("sessionId");
    java.util.concurrent.CompletableFuture<Void> told = new java.util.concurrent.CompletableFuture<>();
    byte[] hash = SessionStore.hash(token);
    gateway.sessions().onSessionEnded(ended -> {
      if (java.util.Arrays.equals(ended, hash)) {
        told.complete(null);
      }
    });
    for (int i = 0; i < 5; i++) { // busy: never idle
      clock.advance(Duration.ofMinutes(10));
      assertEquals(204, heartbeat(token));
    }
    clock.advance(Duration.ofMinutes(11)); // lifetime 1 h
    gateway.sessions().cleanUp().await();
    assertEquals("EXPIRED", endOf(id));
    told.get(10, java.util.concurrent.TimeUnit.SECONDS); // the NOTIFY every instance listens to
    HttpResponse<Buffer> old = current(token);
    assertEquals(401, old.statusCode());
    assertEquals("session-expired", type(old));
  }

  @Test
  void should_store_only_the_hash_of_the_token() throws Exception {
    String token = login();
    try (Connection c = TestDatabase.connect(dbUrl); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT coalesce(string_agg(t::text, '|'), '') FROM card_session t")) {
      rs.next();
      assertTrue(!rs.getString(1).contains(token.substring(4, 20)));
    }
  }
}
