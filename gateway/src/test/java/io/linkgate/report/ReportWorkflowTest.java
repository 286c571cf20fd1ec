package io.linkgate.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.testing.Lookups;
import io.linkgate.testing.MutableClock;
import io.linkgate.testing.RunningGateway;
import io.linkgate.testing.TestDatabase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sign-off workflow over HTTP with the demo agency's real card sessions: who may sign which step of which
 * agency's report, in which state, approving which content; versions; the closed month; the list.
 */
class ReportWorkflowTest {

  @TempDir
  static Path dir;
  /** 2 December 2026, 10:00 in Bangkok: November and earlier months are closed, nothing is overdue yet. */
  static final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T03:00:00Z"));
  static RunningGateway running;
  static ReportFixtures fx;
  static String user;
  static String user2;
  static String controller;
  static String head;
  static String auditor;
  static String serviceSupervisor;
  static String admin;

  @BeforeAll
  static void start() throws Exception {
    Path file = dir.resolve("gateway.yaml");
    Files.writeString(file, "report:\n  generateDrafts: false\n");
    String url = TestDatabase.newDatabaseUrl();
    running = RunningGateway.demo(dir, file, Map.of("session.idleTimeout", "12h", "session.maxLifetime", "1d"), clock, url);
    fx = new ReportFixtures(running.dbUrl());
    fx.partitions(YearMonth.of(2026, 8), YearMonth.of(2026, 12));
    fx.agency("OTHER");
    // the second demo user also controls: the four-eyes rule must stop them signing twice
    fx.sql("UPDATE officer SET roles = '{USER,CONTROLLING_SUPERVISOR}' WHERE name_en = 'Mr. Teerawat Thongdee'");
    user = Lookups.login(running, "officer");
    user2 = Lookups.login(running, "officer2");
    controller = Lookups.login(running, "supervisor");
    head = Lookups.login(running, "head");
    auditor = Lookups.login(running, "auditor");
    serviceSupervisor = Lookups.login(running, "service-supervisor");
    admin = Lookups.login(running, "admin");
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
    running.close();
  }

  static HttpResponse<Buffer> generate(String token, String agency, String month) {
    return running.api().post("/v1/reports").bearerTokenAuthentication(token)
        .sendJsonObject(new JsonObject().put("agency", agency).put("month", month)).await();
  }

  static JsonObject generated(String token, String agency, String month) {
    HttpResponse<Buffer> r = generate(token, agency, month);
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  static HttpResponse<Buffer> sign(String token, JsonObject report, String action, String comment) {
    return sign(token, id(report), action, comment, hash(report));
  }

  static HttpResponse<Buffer> sign(String token, String id, String action, String comment, String hash) {
    JsonObject body = new JsonObject().put("comment", comment);
    if (hash != null) {
      body.put("contentHash", hash);
    }
    return running.api().post("/v1/reports/" + id + "/" + action).bearerTokenAuthentication(token).sendJsonObject(body).await();
  }

  static JsonObject signed(String token, JsonObject report, String action, String comment) {
    HttpResponse<Buffer> r = sign(token, report, action, comment);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  static String id(JsonObject report) {
    return report.getJsonObject("workflow").getString("reportId");
  }

  static String hash(JsonObject report) {
    return report.getJsonObject("workflow").getString("contentHash");
  }

  static String state(JsonObject report) {
    return report.getJsonObject("workflow").getString("state");
  }

  static String problem(HttpResponse<Buffer> r) {
    return Lookups.type(r);
  }

  static HttpResponse<Buffer> get(String token, String path) {
    return running.api().get(path).bearerTokenAuthentication(token).send().await();
  }

  @Test
  void should_walk_a_report_from_draft_to_the_supervisor_with_the_right_signers() throws Exception {
    UUID o = UUID.nameUUIDFromBytes("demo-officer:officer".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    fx.served("DEMO", o, Instant.parse("2026-11-10T03:00:00Z"), "A");
    JsonObject draft = generated(user, "DEMO", "2026-11");
    assertEquals("DRAFT", state(draft));
    assertTrue(hash(draft).matches("[0-9a-f]{64}"));
    assertEquals("2026-12-03", draft.getJsonObject("workflow").getString("verifyDue"));
    assertEquals("2026-12-05", draft.getJsonObject("workflow").getString("sendDue"));
    assertTrue(draft.getJsonObject("totals").getLong("requests") >= 1);

    assertEquals("report-state", problem(sign(controller, draft, "verify", "checked")), "verify applies to a submitted report");
    assertEquals("report-step-forbidden", problem(sign(controller, draft, "submit", "by the wrong role")));
    assertEquals("report-step-forbidden", problem(sign(auditor, draft, "submit", "not of the agency")));
    HttpResponse<Buffer> stale = sign(user, id(draft), "submit", "a hash I never saw", "0".repeat(64));
    assertEquals(409, stale.statusCode());
    assertEquals("report-changed", problem(stale));
    assertEquals("comment", sign(user, draft, "submit", "  ").bodyAsJsonObject().getString("field"));
    assertEquals("contentHash", sign(user, id(draft), "submit", "no hash", null).bodyAsJsonObject().getString("field"));
    assertEquals(404, sign(user, id(draft), "approve", "no such step", hash(draft)).statusCode());
    assertEquals(404, sign(user, "not-a-uuid", "submit", "x", hash(draft)).statusCode());
    assertEquals("DRAFT", state(get(user, "/v1/reports/" + id(draft)).bodyAsJsonObject()), "refusals change nothing");

    JsonObject submitted = signed(user, draft, "submit", "สรุปยอดการใช้งานประจำเดือน");
    assertEquals("SUBMITTED", state(submitted));
    assertEquals(hash(draft), hash(submitted), "signing does not change the content");
    JsonObject verified = signed(controller, submitted, "verify", "ตรวจสอบแล้วถูกต้อง");
    assertEquals("report-state", problem(sign(controller, verified, "verify", "again")));
    JsonObject reviewed = signed(head, verified, "review", "ไม่พบความผิดปกติ");
    JsonObject sent = signed(head, reviewed, "send", "ส่งผู้กำกับดูแล");
    assertEquals("SENT_TO_SUPERVISOR", state(sent));
    JsonArray signOffs = sent.getJsonObject("workflow").getJsonArray("signOffs");
    assertEquals(List.of("SUBMIT:USER", "VERIFY:CONTROLLING_SUPERVISOR", "REVIEW:HEAD_OF_AGENCY", "SEND:HEAD_OF_AGENCY"),
        signOffs.stream().map(x -> (JsonObject) x).map(s -> s.getString("step") + ":" + s.getString("role")).toList());
    signOffs.forEach(s -> assertEquals(hash(draft), ((JsonObject) s).getString("contentHash")));
    assertEquals("นายประเสริฐ ศักดิ์สิทธิ์", signOffs.getJsonObject(3).getString("officerName"));

    HttpResponse<Buffer> again = generate(user, "DEMO", "2026-11");
    assertEquals(409, again.statusCode());
    assertEquals("report-closed", problem(again));
    assertEquals("report-state", problem(sign(head, sent, "escalate", "too late")));
    JsonObject current = get(auditor, "/v1/reports/monthly?agency=DEMO&month=2026-11").bodyAsJsonObject();
    assertEquals(id(sent), id(current), "the monthly endpoint shows the signed version");
    assertEquals("SENT_TO_SUPERVISOR", state(current));
  }

  @Test
  void should_make_a_regenerated_report_a_new_version_and_keep_the_old_one_with_its_signatures() throws Exception {
    JsonObject v1 = generated(user, "DEMO", "2026-10");
    JsonObject submitted = signed(user, v1, "submit", "ฉบับแรก");
    UUID o = UUID.nameUUIDFromBytes("demo-officer:officer".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    fx.served("DEMO", o, Instant.parse("2026-10-20T03:00:00Z"), "late-shipped");
    JsonObject v2 = generated(admin, "DEMO", "2026-10");
    assertEquals(1, v1.getInteger("version"));
    assertEquals(2, v2.getInteger("version"));
    assertEquals("DRAFT", state(v2));
    assertNotEquals(hash(v1), hash(v2));
    JsonObject old = get(auditor, "/v1/reports/" + id(v1)).bodyAsJsonObject();
    assertEquals("SUPERSEDED", state(old));
    assertEquals(hash(submitted), hash(old));
    assertEquals(1, old.getJsonObject("workflow").getJsonArray("signOffs").size());
    assertEquals("report-state", problem(sign(controller, old, "verify", "the old version")));
    assertEquals(v1.getJsonObject("totals").getLong("requests") + 1, v2.getJsonObject("totals").getLong("requests"));

    JsonObject s = signed(user, v2, "submit", "ฉบับที่สอง");
    JsonObject verified = signed(controller, s, "verify", "ถูกต้อง");
    JsonObject reviewed = signed(head, verified, "review", "พบการค้นหานอกเวลาราชการ");
    HttpResponse<Buffer> noHash = sign(head, id(reviewed), "escalate", "ส่ง ICT ตรวจสอบ", hash(v1));
    assertEquals("report-changed", problem(noHash), "approving the first version's content does not sign the second");
    JsonObject escalated = signed(head, reviewed, "escalate", "ส่ง ICT ตรวจสอบการค้นหานอกเวลา");
    assertEquals("ESCALATED_TO_ICT", state(escalated));
    assertEquals("ส่ง ICT ตรวจสอบการค้นหานอกเวลา", escalated.getJsonObject("workflow").getJsonArray("signOffs").getJsonObject(3).getString("comment"));
  }

  @Test
  void should_let_only_the_agencys_own_officers_sign_and_keep_four_eyes() throws Exception {
    UUID other = fx.officer("OTHER", "นายหน่วยอื่น ทดสอบ");
    fx.served("OTHER", other, Instant.parse("2026-09-10T03:00:00Z"), "B");
    JsonObject foreign = generated(admin, "OTHER", "2026-09");
    assertEquals("report-step-forbidden", problem(sign(user, foreign, "submit", "not my agency")));
    assertEquals(403, generate(user, "OTHER", "2026-09").statusCode(), "agencies generate their own reports");
    assertEquals(403, get(user, "/v1/reports/" + id(foreign)).statusCode());
    assertEquals(200, get(auditor, "/v1/reports/" + id(foreign)).statusCode());
    assertEquals(200, get(serviceSupervisor, "/v1/reports/" + id(foreign)).statusCode(), "OTHER performs the supervisor's services");
    assertEquals("DRAFT", state(get(admin, "/v1/reports/" + id(foreign)).bodyAsJsonObject()));

    JsonObject draft = generated(user2, "DEMO", "2026-09");
    JsonObject submitted = signed(user2, draft, "submit", "ส่งรายงาน");
    HttpResponse<Buffer> twice = sign(user2, submitted, "verify", "ตรวจเอง");
    assertEquals(409, twice.statusCode());
    assertEquals("report-same-signer", problem(twice));
    assertEquals("SUBMITTED", state(get(user2, "/v1/reports/" + id(submitted)).bodyAsJsonObject()));
    assertEquals("VERIFIED", state(signed(controller, submitted, "verify", "ตรวจโดยผู้ควบคุมอีกคน")));
  }

  @Test
  void should_show_a_report_changed_in_the_database_with_a_hash_its_signers_never_approved_and_refuse_to_sign_it() throws Exception {
    JsonObject draft = generated(user, "DEMO", "2026-07");
    JsonObject submitted = signed(user, draft, "submit", "ส่งรายงานเดือนกรกฎาคม");
    // someone with write access to the database changes the month's figures after the reporting user signed
    fx.sql("UPDATE monthly_report SET content = replace(content, '\"refused\":0', '\"refused\":7') WHERE id = '" + id(submitted) + "'");

    JsonObject read = get(auditor, "/v1/reports/" + id(submitted)).bodyAsJsonObject();
    assertEquals(7, read.getJsonObject("totals").getLong("refused"), "the changed content is what is read");
    assertNotEquals(hash(draft), hash(read), "the hash answered is the content's, not the one the reporting user approved");
    assertEquals(hash(draft), read.getJsonObject("workflow").getJsonArray("signOffs").getJsonObject(0).getString("contentHash"));
    assertEquals(hash(read), hash(get(auditor, "/v1/reports/monthly?agency=DEMO&month=2026-07").bodyAsJsonObject()));
    assertEquals(hash(read), items(get(auditor, "/v1/reports?agency=DEMO&month=2026-07")).get(0).getString("contentHash"),
        "the list names the same hash as the report read");
    HttpResponse<Buffer> approvedBefore = sign(controller, id(submitted), "verify", "ตรวจแล้ว", hash(draft));
    assertEquals(409, approvedBefore.statusCode(), approvedBefore.bodyAsString());
    assertEquals("report-changed", problem(approvedBefore));
    assertEquals("report-changed", problem(sign(controller, id(submitted), "verify", "ตรวจแล้ว", hash(read))),
        "nor is the changed content signed: it is not what was generated");
    assertEquals("SUBMITTED", state(get(auditor, "/v1/reports/" + id(submitted)).bodyAsJsonObject()));
  }

  @Test
  void should_not_supersede_a_report_sent_on_while_it_was_being_regenerated() throws Exception {
    JsonObject draft = generated(admin, "OTHER", "2026-10");
    HttpResponse<Buffer> regenerated;
    try (java.sql.Connection c = TestDatabase.connect(running.dbUrl()); java.sql.Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      // the head's send holds the report's row, not yet committed, when a regeneration of the month comes in
      s.execute("UPDATE monthly_report SET state = 'SENT_TO_SUPERVISOR' WHERE id = '" + id(draft) + "'");
      io.vertx.core.Future<HttpResponse<Buffer>> regeneration = running.api().post("/v1/reports").bearerTokenAuthentication(admin)
          .sendJsonObject(new JsonObject().put("agency", "OTHER").put("month", "2026-10"));
      Thread.sleep(500);
      c.commit();
      regenerated = regeneration.await();
    }
    assertEquals(409, regenerated.statusCode(), regenerated.bodyAsString());
    assertEquals("report-closed", problem(regenerated));
    try (java.sql.Connection c = TestDatabase.connect(running.dbUrl()); java.sql.Statement s = c.createStatement();
         java.sql.ResultSet rs = s.executeQuery("SELECT state, count(*) OVER () FROM monthly_report WHERE agency_code = 'OTHER' AND month = '2026-10'")) {
      assertTrue(rs.next());
      assertEquals("SENT_TO_SUPERVISOR", rs.getString(1), "the report that left the agency stays as sent");
      assertEquals(1, rs.getInt(2), "no new version");
    }
  }

  @Test
  void should_refuse_a_month_that_has_not_ended_and_bad_input() {
    HttpResponse<Buffer> open = generate(user, "DEMO", "2026-12");
    assertEquals(409, open.statusCode());
    assertEquals("report-month-open", problem(open));
    assertEquals("month", generate(user, "DEMO", "2026-13").bodyAsJsonObject().getString("field"));
    assertEquals("agency", generate(user, "demo;drop", "2026-11").bodyAsJsonObject().getString("field"));
    assertEquals(404, generate(admin, "NOPE", "2026-08").statusCode());
    HttpResponse<Buffer> notJson = running.api().post("/v1/reports").bearerTokenAuthentication(user)
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{")).await();
    assertEquals(400, notJson.statusCode());
    assertEquals("state", get(user, "/v1/reports?state=LOST").bodyAsJsonObject().getString("field"));
    assertEquals(401, running.api().get("/v1/reports").send().await().statusCode());
  }

  @Test
  void should_list_reports_in_each_officers_scope() throws Exception {
    UUID other = fx.officer("OTHER", "นางรายการ ทดสอบ");
    fx.served("OTHER", other, Instant.parse("2026-08-10T03:00:00Z"), "C");
    generated(admin, "OTHER", "2026-08");
    generated(user, "DEMO", "2026-08");
    List<String> mine = items(get(user, "/v1/reports?month=2026-08")).stream().map(i -> i.getString("agency")).toList();
    assertEquals(List.of("DEMO"), mine);
    List<String> all = items(get(auditor, "/v1/reports?month=2026-08")).stream().map(i -> i.getString("agency")).sorted().toList();
    assertEquals(List.of("DEMO", "OTHER"), all);
    assertEquals(List.of("DEMO", "OTHER"), items(get(serviceSupervisor, "/v1/reports?month=2026-08")).stream()
        .map(i -> i.getString("agency")).sorted().toList());
    assertEquals(List.of("OTHER"), items(get(auditor, "/v1/reports?month=2026-08&agency=OTHER")).stream()
        .map(i -> i.getString("agency")).toList());
    assertTrue(items(get(auditor, "/v1/reports?month=2026-08&state=SUBMITTED")).isEmpty());
    JsonObject item = items(get(auditor, "/v1/reports?month=2026-08&agency=OTHER")).get(0);
    assertEquals("DRAFT", item.getString("state"));
    assertEquals("2026-09-03", item.getString("verifyDue"));
    assertEquals(List.of("verify", "send"), item.getJsonArray("overdue").getList(), "an August draft is overdue on 2 December");
  }

  @Test
  void should_give_the_national_summary_to_auditors_only() throws Exception {
    UUID other = fx.officer("OTHER", "นายสรุป ทดสอบ");
    fx.served("OTHER", other, Instant.parse("2026-11-11T03:00:00Z"), "D");
    fx.served("OTHER", other, Instant.parse("2026-11-12T03:00:00Z"), "E");
    HttpResponse<Buffer> r = get(auditor, "/v1/reports/national?month=2026-11");
    assertEquals(200, r.statusCode(), r.bodyAsString());
    JsonObject agency = r.bodyAsJsonObject().getJsonArray("agencies").stream().map(x -> (JsonObject) x)
        .filter(x -> x.getString("agency").equals("OTHER")).findFirst().orElseThrow();
    assertEquals(2, agency.getLong("requests"));
    assertEquals(403, get(user, "/v1/reports/national?month=2026-11").statusCode());
    assertEquals(403, get(head, "/v1/reports/national?month=2026-11").statusCode());
  }

  static List<JsonObject> items(HttpResponse<Buffer> r) {
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject().getJsonArray("items").stream().map(x -> (JsonObject) x).toList();
  }
}
