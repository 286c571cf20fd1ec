package io.linkgate.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.Gateway;
import io.linkgate.cardedge.device.DeviceKey;
import io.linkgate.registry.DemoData;
import io.linkgate.sandbox.Sandbox;
import io.linkgate.testing.Logins;
import io.linkgate.testing.MutableClock;
import io.linkgate.testing.TestDatabase;
import io.linkgate.testing.RunningGateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each login check and its refusal, at the protocol level (the card answer computed as the sandbox expects). */
class LoginTest {

  static final String ADMIN_TOKEN = RunningGateway.ADMIN_TOKEN;
  static final String DEVICE = DemoData.DEVICE_ID;
  static final DeviceKey KEY = DeviceKey.demo();

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
    running = RunningGateway.demo(dir, Map.of(), clock);
    dbUrl = running.dbUrl();
    gateway = running.gateway();
    api = running.api();
    logins = running.logins();
  }

  @AfterAll
  static void stop() {
    gateway.stop();
  }

  @BeforeEach
  void reset() {
    // the clock only moves forward: a clock set back would race the store's periodic idle clean-up; each test starts
    // in a new minute of the demo workstation's refusals (session.refusalsPerMinute)
    clock.advance(Duration.ofSeconds(61));
    gateway.sandbox().setAgentState(officer().citizenId(), Sandbox.AgentState.AgentAvailable);
  }

  static DemoData.Officer officer() {
    return DemoData.OFFICERS.get(0);
  }

  static String type(HttpResponse<Buffer> r) {
    return r.bodyAsJsonObject().getString("type").replace("urn:linkgate:problem:", "");
  }

  private static int failures(String reason) throws Exception {
    try (Connection c = TestDatabase.connect(dbUrl); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT count(*) FROM login_failure WHERE reason = '" + reason + "'")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Test
  void should_open_a_session_with_the_officers_roles_and_services() {
    HttpResponse<Buffer> r = logins.post(Logins.body(logins.challenge(), Logins.card(officer().citizenId()), DEVICE, KEY));
    assertEquals(201, r.statusCode(), r.bodyAsString());
    JsonObject body = r.bodyAsJsonObject();
    assertTrue(body.getString("token").matches("lgs_[A-Za-z0-9_-]{43}"));
    assertEquals(900, body.getInteger("idleTimeoutSeconds"));
    assertEquals(clock.instant().plus(Duration.ofHours(10)).toString(), body.getString("expiresAt"));
    assertEquals(officer().nameTh(), body.getJsonObject("officer").getString("displayName"));
    assertEquals("[\"USER\"]", body.getJsonObject("officer").getJsonArray("roles").encode());
    assertEquals(3, body.getJsonObject("officer").getJsonArray("services").size());
    assertEquals("no-store", r.getHeader("Cache-Control"));
  }

  private static double counted(String outcome) {
    io.micrometer.core.instrument.Counter c = gateway.registry().find("linkgate.logins").tag("outcome", outcome).counter();
    return c == null ? 0 : c.count();
  }

  private static int rows(String where) throws Exception {
    try (Connection c = TestDatabase.connect(dbUrl); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT count(*) FROM login_failure WHERE " + where)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Test
  void should_refuse_an_unknown_device_with_401_counted_but_not_recorded() throws Exception {
    int before = failures("device-unknown");
    double counted = counted("device-unknown");
    HttpResponse<Buffer> r = logins.post(Logins.body(logins.challenge(), Logins.card(officer().citizenId()), "no-such-device", KEY));
    assertEquals(401, r.statusCode());
    assertEquals("device-unknown", type(r));
    assertEquals(before, failures("device-unknown"), "nobody vouches for the attempt: nothing to record");
    assertEquals(counted + 1, counted("device-unknown"));
  }

  @Test
  void should_not_record_refusals_nobody_signed_against_the_named_devices_agency() throws Exception {
    // device ids are not secret and a challenge costs nothing: one challenge, 1,000 posts naming the demo workstation
    DeviceKey other = DeviceKey.generate(Files.createTempDirectory(dir, "k").resolve("device.key"), DEVICE);
    int before = rows("true");
    double counted = counted("device-signature-invalid");
    JsonObject challenge = logins.challenge();
    for (int i = 0; i < 1000; i++) {
      HttpResponse<Buffer> r = logins.post(Logins.body(challenge, Logins.card(officer().citizenId()), DEVICE, other));
      assertEquals("device-signature-invalid", type(r));
    }
    clock.advance(Duration.ofSeconds(61));
    for (int i = 0; i < 20; i++) {
      assertEquals("device-signature-invalid", type(logins.post(Logins.body(challenge, Logins.card(officer().citizenId()), DEVICE, other))),
          "an expired challenge is judged only once the device vouches for it");
    }
    assertEquals(before, rows("true"));
    assertEquals(counted + 1020, counted("device-signature-invalid"));
    assertEquals(201, logins.post(Logins.body(logins.challenge(), Logins.card(officer().citizenId()), DEVICE, KEY)).statusCode(),
        "the workstation itself is not held up");
  }

  @Test
  void should_throttle_a_workstation_after_its_refusals_of_the_minute() throws Exception {
    String device = "ws-throttled";
    DeviceKey key = DeviceKey.generate(Files.createTempDirectory(dir, "k").resolve("device.key"), device);
    HttpResponse<Buffer> enrolled = api.post("/v1/admin/devices").bearerTokenAuthentication(ADMIN_TOKEN)
        .sendJsonObject(new JsonObject().put("id", device).put("agency", "DEMO").put("publicKey", key.publicKeyBase64())).await();
    assertEquals(201, enrolled.statusCode(), enrolled.bodyAsString());
    Logins.Card card = Logins.card(officer().citizenId());
    JsonObject replayed = Logins.body(logins.challenge(), card, device, key);
    assertEquals(201, logins.post(replayed).statusCode());
    for (int i = 0; i < 20; i++) { // session.refusalsPerMinute
      assertEquals("challenge-reused", type(logins.post(replayed)), "refusal " + i);
    }
    HttpResponse<Buffer> throttled = logins.post(replayed);
    assertEquals(429, throttled.statusCode());
    assertEquals("login-throttled", type(throttled));
    assertEquals("60", throttled.getHeader("Retry-After"));
    assertEquals(429, logins.post(Logins.body(logins.challenge(), card, device, key)).statusCode(), "its logins wait for the minute's end");
    assertEquals(429, logins.reportPin(card, "WRONG_PIN", 2, device, key).statusCode(), "and its wrong-PIN reports");
    assertEquals(20, rows("device_id = '" + device + "'"), "what it was refused is recorded up to the limit");
    // a blocked PIN is never held back: the officer is locked and the block on record whatever came before
    DemoData.Officer blockedOfficer = DemoData.OFFICERS.get(2);
    assertEquals("DEMO", blockedOfficer.agency());
    HttpResponse<Buffer> blocked = logins.reportPin(Logins.card(blockedOfficer.citizenId()), "PIN_BLOCKED", 0, device, key);
    assertEquals(423, blocked.statusCode(), blocked.bodyAsString());
    assertEquals(21, rows("device_id = '" + device + "'"), "the block is recorded beyond the limit");
    assertEquals("officer-locked", type(logins.post(Logins.body(logins.challenge(), Logins.card(blockedOfficer.citizenId()), DEVICE, KEY))));
    assertEquals(204, api.post("/v1/admin/officers/" + DemoData.officerId(blockedOfficer) + "/unlock").bearerTokenAuthentication(ADMIN_TOKEN)
        .send().await().statusCode());
    clock.advance(Duration.ofSeconds(60));
    assertEquals(201, logins.post(Logins.body(logins.challenge(), card, device, key)).statusCode(), "a new minute");
  }

  @Test
  void should_refuse_a_signature_by_another_key_with_401() throws Exception {
    DeviceKey other = DeviceKey.generate(Files.createTempDirectory(dir, "k").resolve("device.key"), DemoData.DEVICE_ID);
    HttpResponse<Buffer> r = logins.post(Logins.body(logins.challenge(), Logins.card(officer().citizenId()), DEVICE, other));
    assertEquals(401, r.statusCode());
    assertEquals("device-signature-invalid", type(r));
    assertEquals("CardLogin realm=\"LinkGate\"", r.getHeader("WWW-Authenticate"), "a 401 names its challenge (RFC 9110): a new card login");
  }

  @Test
  void should_refuse_a_signed_body_that_was_altered_with_401() {
    JsonObject body = Logins.body(logins.challenge(), Logins.card(officer().citizenId()), DEVICE, KEY);
    body.getJsonObject("card").put("citizenId", DemoData.OFFICERS.get(1).citizenId());
    HttpResponse<Buffer> r = logins.post(body);
    assertEquals(401, r.statusCode());
    assertEquals("device-signature-invalid", type(r));
  }

  @Test
  void should_refuse_a_wrong_card_answer_with_401() {
    JsonObject challenge = logins.challenge();
    JsonObject body = Logins.signed(challenge.getString("challengeId"), Logins.card(officer().citizenId()), new byte[32], DEVICE, KEY);
    HttpResponse<Buffer> r = logins.post(body);
    assertEquals(401, r.statusCode());
    assertEquals("card-answer-invalid", type(r));
  }

  @Test
  void should_refuse_one_officers_card_and_answer_presented_for_another_officer_with_401() throws Exception {
    int before = failures("card-answer-invalid");
    JsonObject challenge = logins.challenge();
    Logins.Card own = Logins.card(officer().citizenId());
    Logins.Card claimed = new Logins.Card(DemoData.OFFICERS.get(1).citizenId(), own.chipId(), own.laserId(), own.expiry());
    byte[] ownAnswer = Logins.answer(own, Base64.getDecoder().decode(challenge.getString("nonce")));

    HttpResponse<Buffer> r = logins.post(Logins.signed(challenge.getString("challengeId"), claimed, ownAnswer, DEVICE, KEY));

    assertEquals(401, r.statusCode(), r.bodyAsString());
    assertEquals("card-answer-invalid", type(r));
    assertEquals(before + 1, failures("card-answer-invalid"));
  }

  @Test
  void should_refuse_an_expired_challenge_with_401() {
    JsonObject challenge = logins.challenge();
    clock.advance(Duration.ofSeconds(61));
    HttpResponse<Buffer> r = logins.post(Logins.body(challenge, Logins.card(officer().citizenId()), DEVICE, KEY));
    assertEquals(401, r.statusCode());
    assertEquals("challenge-expired", type(r));
  }

  @Test
  void should_refuse_a_reused_challenge_with_401() {
    JsonObject challenge = logins.challenge();
    assertEquals(201, logins.post(Logins.body(challenge, Logins.card(officer().citizenId()), DEVICE, KEY)).statusCode());
    HttpResponse<Buffer> again = logins.post(Logins.body(challenge, Logins.card(officer().citizenId()), DEVICE, KEY));
    assertEquals(401, again.statusCode());
    assertEquals("challenge-reused", type(again));
  }

  @Test
  void should_refuse_a_forged_challenge_with_401() {
    JsonObject challenge = logins.challenge();
    byte[] raw = Base64.getUrlDecoder().decode(challenge.getString("challengeId"));
    raw[20] ^= 1;
    JsonObject forged = challenge.copy().put("challengeId", Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
    HttpResponse<Buffer> r = logins.post(Logins.body(forged, Logins.card(officer().citizenId()), DEVICE, KEY));
    assertEquals(401, r.statusCode());
    assertEquals("challenge-invalid", type(r));
  }

  @Test
  void should_refuse_an_unregistered_card_holder_with_403() throws Exception {
    int before = failures("officer-not-registered");
    HttpResponse<Buffer> r = logins.post(Logins.body(logins.challenge(), Logins.card("1101700001091"), DEVICE, KEY));
    assertEquals(403, r.statusCode());
    assertEquals("officer-not-registered", type(r));
    assertEquals(before + 1, failures("officer-not-registered"));
  }

  @Test
  void should_refuse_an_expired_card_with_403_and_accept_a_lifetime_card() {
    Logins.Card expired = Logins.card(officer().citizenId()).withExpiry(LocalDate.of(2026, 11, 1));
    HttpResponse<Buffer> r = logins.post(Logins.body(logins.challenge(), expired, DEVICE, KEY));
    assertEquals(403, r.statusCode());
    assertEquals("card-expired", type(r));
    Logins.Card lifetime = Logins.card(officer().citizenId()).withExpiry(null);
    assertEquals(201, logins.post(Logins.body(logins.challenge(), lifetime, DEVICE, KEY)).statusCode());
  }

  @Test
  void should_refuse_a_user_whose_rank_has_no_linkage_right_with_403() throws Exception {
    DemoData.Officer second = DemoData.OFFICERS.get(1);
    try (Connection c = TestDatabase.connect(dbUrl); Statement s = c.createStatement()) {
      s.execute("UPDATE officer SET rank = 'O1' WHERE id = '" + DemoData.officerId(second) + "'");
    }
    try {
      HttpResponse<Buffer> r = logins.post(Logins.body(logins.challenge(), Logins.card(second.citizenId()), DEVICE, KEY));
      assertEquals(403, r.statusCode());
      assertEquals("officer-not-entitled", type(r));
    } finally {
      try (Connection c = TestDatabase.connect(dbUrl); Statement s = c.createStatement()) {
        s.execute("UPDATE officer SET rank = 'O2' WHERE id = '" + DemoData.officerId(second) + "'");
      }
    }
  }

  @Test
  void should_refuse_an_officer_of_another_agency_than_the_device_with_403() {
    DemoData.Officer auditor = DemoData.OFFICERS.stream().filter(o -> o.profile().equals("auditor")).findFirst().orElseThrow();
    HttpResponse<Buffer> r = logins.post(Logins.body(logins.challenge(), Logins.card(auditor.citizenId()), DEVICE, KEY));
    assertEquals(403, r.statusCode());
    assertEquals("device-wrong-agency", type(r));
  }

  @Test
  void should_refuse_with_the_linkage_status_when_the_officer_is_not_available_upstream() {
    gateway.sandbox().setAgentState(officer().citizenId(), Sandbox.AgentState.AgentNotAvailable);
    HttpResponse<Buffer> r = logins.post(Logins.body(logins.challenge(), Logins.card(officer().citizenId()), DEVICE, KEY));
    assertEquals(401, r.statusCode());
    assertEquals("linkage-officer-not-logged-in", type(r));
    assertEquals("90001", r.bodyAsJsonObject().getString("linkageStatus"));
  }

  @Test
  void should_answer_400_naming_the_field_when_the_body_is_malformed() {
    JsonObject body = Logins.body(logins.challenge(), Logins.card(officer().citizenId()), DEVICE, KEY);
    body.getJsonObject("card").put("citizenId", "1101700001017");
    HttpResponse<Buffer> r = logins.post(body);
    assertEquals(400, r.statusCode());
    assertEquals("card.citizenId", r.bodyAsJsonObject().getString("field"));
    assertFalse(r.bodyAsString().contains("1101700001017"), "a citizen ID must not be echoed");
    HttpResponse<Buffer> notJson = api.post("/v1/sessions").putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{nope")).await();
    assertEquals(400, notJson.statusCode());
    HttpResponse<Buffer> wrongType = api.post("/v1/sessions").putHeader("Content-Type", "text/plain").sendBuffer(Buffer.buffer("x")).await();
    assertEquals(415, wrongType.statusCode());
    HttpResponse<Buffer> huge = api.post("/v1/sessions").putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer("{\"a\":\"" + "x".repeat(20_000) + "\"}")).await();
    assertEquals(413, huge.statusCode());
    assertEquals("application/problem+json", huge.getHeader("Content-Type"));
  }

  @Test
  void should_lock_the_officer_and_end_sessions_when_the_card_reports_a_blocked_pin_until_unlocked() throws Exception {
    DemoData.Officer second = DemoData.OFFICERS.get(1);
    Logins.Card card = Logins.card(second.citizenId());
    String token = logins.login(card, DEVICE, KEY);
    HttpResponse<Buffer> wrong = logins.reportPin(card, "WRONG_PIN", 2, DEVICE, KEY);
    assertEquals(204, wrong.statusCode(), wrong.bodyAsString());
    assertEquals(200, api.get("/v1/sessions/current").bearerTokenAuthentication(token).send().await().statusCode(),
        "a wrong PIN alone does not end sessions");
    HttpResponse<Buffer> blocked = logins.reportPin(card, "PIN_BLOCKED", 0, DEVICE, KEY);
    assertEquals(423, blocked.statusCode());
    assertEquals("card-pin-blocked", type(blocked));
    HttpResponse<Buffer> after = api.get("/v1/sessions/current").bearerTokenAuthentication(token).send().await();
    assertEquals(401, after.statusCode());
    assertEquals("session-ended", type(after));
    HttpResponse<Buffer> locked = logins.post(Logins.body(logins.challenge(), card, DEVICE, KEY));
    assertEquals(423, locked.statusCode());
    assertEquals("officer-locked", type(locked));
    assertTrue(failures("pin-blocked") >= 1 && failures("wrong-pin") >= 1);
    HttpResponse<Buffer> unlock = api.post("/v1/admin/officers/" + DemoData.officerId(second) + "/unlock")
        .bearerTokenAuthentication(ADMIN_TOKEN).send().await();
    assertEquals(204, unlock.statusCode(), unlock.bodyAsString());
    assertEquals(201, logins.post(Logins.body(logins.challenge(), card, DEVICE, KEY)).statusCode());
  }

  @Test
  void should_treat_a_wrong_pin_with_no_tries_left_as_blocked() throws Exception {
    // the card answers 63 C0 to the third wrong PIN: that PIN is now blocked, whatever the workstation calls it
    DemoData.Officer head = DemoData.OFFICERS.get(3);
    Logins.Card card = Logins.card(head.citizenId());
    String token = logins.login(card, DEVICE, KEY);
    int blockedBefore = failures("pin-blocked");
    HttpResponse<Buffer> last = logins.reportPin(card, "WRONG_PIN", 0, DEVICE, KEY);
    assertEquals(423, last.statusCode(), last.bodyAsString());
    assertEquals("card-pin-blocked", type(last));
    assertEquals(blockedBefore + 1, failures("pin-blocked"));
    assertEquals(401, api.get("/v1/sessions/current").bearerTokenAuthentication(token).send().await().statusCode(), "sessions ended");
    assertEquals("officer-locked", type(logins.post(Logins.body(logins.challenge(), card, DEVICE, KEY))));
    assertEquals(204, api.post("/v1/admin/officers/" + DemoData.officerId(head) + "/unlock").bearerTokenAuthentication(ADMIN_TOKEN)
        .send().await().statusCode());
  }

  @Test
  void should_not_let_a_workstation_of_another_agency_lock_an_officer_with_a_pin_report() throws Exception {
    DemoData.Officer auditor = DemoData.OFFICERS.stream().filter(o -> o.profile().equals("auditor")).findFirst().orElseThrow();
    Logins.Card card = Logins.card(auditor.citizenId());
    HttpResponse<Buffer> blocked = logins.reportPin(card, "PIN_BLOCKED", 0, DEVICE, KEY);
    assertEquals(403, blocked.statusCode(), blocked.bodyAsString());
    assertEquals("device-wrong-agency", type(blocked));
    try (Connection c = TestDatabase.connect(dbUrl); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT locked_at IS NULL FROM officer WHERE id = '" + DemoData.officerId(auditor) + "'")) {
      rs.next();
      assertTrue(rs.getBoolean(1), "the officer of another agency must not be locked");
    }
    assertTrue(failures("device-wrong-agency") >= 1, "the refused report is on record");
  }

  @Test
  void should_not_open_a_session_for_a_device_revoked_or_an_officer_locked_while_the_login_ran() throws Exception {
    // a login's card and upstream work takes seconds; what was revoked meanwhile must not get a session
    DemoData.Officer third = DemoData.OFFICERS.get(2);
    Session checked = gateway.sessions().authenticate(logins.login(Logins.card(third.citizenId()), DEVICE, KEY)).await();
    try (Connection c = TestDatabase.connect(dbUrl); Statement s = c.createStatement()) {
      s.execute("UPDATE device SET revoked_at = now() WHERE id = '" + DEVICE + "'");
      try {
        Throwable revoked = gateway.sessions().open(checked.officer(), DEVICE, "CAFE", null)
            .transform(ar -> io.vertx.core.Future.succeededFuture(ar.cause())).await();
        assertEquals("device-unknown", ((io.linkgate.http.ProblemException) revoked).type().slug());
      } finally {
        s.execute("UPDATE device SET revoked_at = NULL WHERE id = '" + DEVICE + "'");
      }
      s.execute("UPDATE officer SET locked_at = now() WHERE id = '" + checked.officer().id() + "'");
      try {
        Throwable locked = gateway.sessions().open(checked.officer(), DEVICE, "CAFE", null)
            .transform(ar -> io.vertx.core.Future.succeededFuture(ar.cause())).await();
        assertEquals("officer-locked", ((io.linkgate.http.ProblemException) locked).type().slug());
      } finally {
        s.execute("UPDATE officer SET locked_at = NULL WHERE id = '" + checked.officer().id() + "'");
      }
    }
    assertTrue(gateway.sessions().open(checked.officer(), DEVICE, "CAFE", null).await().token().startsWith("lgs_"));
  }

  @Test
  void should_never_store_a_pin_or_plain_citizen_id_in_the_login_records() throws Exception {
    logins.post(Logins.body(logins.challenge(), Logins.card("1101700001091"), DEVICE, KEY));
    try (Connection c = TestDatabase.connect(dbUrl); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT coalesce(string_agg(t::text, '|'), '') FROM login_failure t")) {
      rs.next();
      String dump = rs.getString(1);
      assertFalse(dump.contains("1101700001091"));
      assertFalse(dump.contains(DemoData.PIN));
    }
  }
}
