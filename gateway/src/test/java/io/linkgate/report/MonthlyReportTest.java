package io.linkgate.report;

import static io.linkgate.report.ReportFixtures.englishName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.testing.Lookups;
import io.linkgate.testing.MutableClock;
import io.linkgate.testing.RunningGateway;
import io.linkgate.testing.TestDatabase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Report figures against hand-counted fixtures, month edges in Bangkok time, each anomaly rule, CSV. */
class MonthlyReportTest {

  @TempDir
  static Path dir;
  static final MutableClock clock = new MutableClock(Instant.parse("2026-12-08T03:00:00Z"));
  static RunningGateway running;
  static ReportFixtures fx;
  static String auditor;
  static int agencies;

  @BeforeAll
  static void start() throws Exception {
    Path file = dir.resolve("gateway.yaml");
    Files.writeString(file, "report:\n  generateDrafts: false\n  evidenceLimit: 5\n  anomalies:\n    volumeMinimum: 20\n"
        + "    citizenLookups: 6\n    missingRefMinimum: 4\n    missingRefShare: 0.5\n    refusalsMinimum: 3\n");
    running = RunningGateway.demo(dir, file, Map.of("session.idleTimeout", "12h", "session.maxLifetime", "1d"), clock, TestDatabase.newDatabaseUrl());
    fx = new ReportFixtures(running.dbUrl());
    fx.partitions(YearMonth.of(2026, 7), YearMonth.of(2026, 12));
    auditor = Lookups.login(running, "auditor");
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
    running.close();
  }

  static String newAgency() throws Exception {
    String code = "RPT" + (++agencies);
    fx.agency(code);
    return code;
  }

  static JsonObject report(String agency, String month) {
    HttpResponse<Buffer> r = running.api().get("/v1/reports/monthly?agency=" + agency + "&month=" + month)
        .bearerTokenAuthentication(auditor).send().await();
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  static List<JsonObject> anomalies(JsonObject report, String rule) {
    return report.getJsonArray("anomalies").stream().map(o -> (JsonObject) o).filter(a -> a.getString("rule").equals(rule)).toList();
  }

  static Instant bkk(String local) {
    return java.time.LocalDateTime.parse(local).atZone(ReportPeriod.BANGKOK).toInstant();
  }

  @Test
  void should_count_the_month_in_bangkok_time_as_counted_by_hand() throws Exception {
    String a = newAgency();
    UUID o1 = fx.officer(a, "นายหนึ่ง ทดสอบ");
    UUID o2 = fx.officer(a, "นางสองศักดิ์ ทดสอบ");
    fx.usage(a, o1, Instant.parse("2026-10-31T16:59:59Z"), "NC-CIVILREG", "linkage.person", "SERVED", null, "MISS", "A", "R0", null);
    fx.usage(a, o1, Instant.parse("2026-10-31T17:00:00Z"), "NC-CIVILREG", "linkage.person", "SERVED", null, "HIT", "A", "R1", null);
    fx.usage(a, o1, Instant.parse("2026-11-02T03:00:00Z"), "NC-CIVILREG", "linkage.house", "SERVED", null, "MISS", "A", null, null);
    fx.usage(a, o2, Instant.parse("2026-11-02T03:01:00Z"), "NC-WELFARE", "linkage.person", "SERVED", null, "HIT", "B", "R2", null);
    fx.usage(a, o2, Instant.parse("2026-11-02T03:02:00Z"), "NC-WELFARE", "linkage.house", "REFUSED", "dataset-not-granted", null, "B", "R3", null);
    fx.usage(a, o2, Instant.parse("2026-11-10T04:00:00Z"), "NC-WELFARE", "linkage.person", "UPSTREAM_ERROR", "upstream-unavailable", "MISS", "C", "R4", null);
    fx.usage(a, o1, Instant.parse("2026-11-30T16:59:59Z"), "NC-CIVILREG", "linkage.person", "SERVED", null, "MISS", "C", "R5", null);
    fx.usage(a, o1, Instant.parse("2026-11-30T17:00:00Z"), "NC-CIVILREG", "linkage.person", "SERVED", null, "MISS", "C", "R6", null);
    fx.usage("DEMO", o1, Instant.parse("2026-11-15T03:00:00Z"), "NC-CIVILREG", "linkage.person", "SERVED", null, "MISS", "D", "R7", null);
    fx.loginFailure(a, o2, Instant.parse("2026-11-03T01:00:00Z"), "wrong-pin");
    fx.loginFailure(a, o2, Instant.parse("2026-11-03T01:01:00Z"), "wrong-pin");
    fx.loginFailure(a, o2, Instant.parse("2026-11-03T01:02:00Z"), "pin-blocked");
    fx.loginFailure(a, null, Instant.parse("2026-11-04T01:00:00Z"), "device-unknown");
    fx.loginFailure(a, o2, Instant.parse("2026-10-31T16:00:00Z"), "wrong-pin");

    JsonObject r = report(a, "2026-11");
    JsonObject t = r.getJsonObject("totals");
    assertEquals(new JsonObject().put("requests", 6).put("served", 4).put("refused", 1).put("upstreamErrors", 1).put("errors", 0)
        .put("cacheHits", 2).put("distinctCitizens", 3).put("withoutRequestRef", 1), t);
    assertEquals("2026-10-31T17:00:00Z", r.getString("periodStart"));
    assertEquals("PREVIEW", r.getJsonObject("workflow").getString("state"));
    JsonArray services = r.getJsonArray("services");
    assertEquals(List.of("NC-CIVILREG:3:3:0:2", "NC-WELFARE:3:1:1:1"), services.stream().map(o -> (JsonObject) o)
        .map(s -> s.getString("code") + ":" + s.getLong("requests") + ":" + s.getLong("served") + ":" + s.getLong("refused") + ":"
            + s.getLong("distinctCitizens")).sorted().toList());
    assertEquals("งานทะเบียนราษฎร", services.stream().map(o -> (JsonObject) o).filter(s -> s.getString("code").equals("NC-CIVILREG"))
        .findFirst().orElseThrow().getString("nameTh"));
    assertEquals(List.of("linkage.house:2:1:0", "linkage.person:4:3:2"), r.getJsonArray("datasets").stream().map(o -> (JsonObject) o)
        .map(d -> d.getString("dataset") + ":" + d.getLong("requests") + ":" + d.getLong("served") + ":" + d.getLong("cacheHits")).sorted().toList());
    assertEquals(List.of("นางสองศักดิ์ ทดสอบ:3:1:1:0", "นายหนึ่ง ทดสอบ:3:3:0:1"), r.getJsonArray("officers").stream().map(o -> (JsonObject) o)
        .map(x -> x.getString("nameTh") + ":" + x.getLong("requests") + ":" + x.getLong("served") + ":" + x.getLong("refused") + ":"
            + x.getLong("withoutRequestRef")).sorted().toList());
    assertEquals(List.of("dataset-not-granted:1", "upstream-unavailable:1"), r.getJsonArray("refusals").stream().map(o -> (JsonObject) o)
        .map(x -> x.getString("reason") + ":" + x.getLong("count")).sorted().toList());
    JsonObject logins = r.getJsonObject("logins");
    assertEquals(4, logins.getLong("failed"));
    assertEquals(2, logins.getLong("wrongPin"));
    assertEquals(1, logins.getLong("blockedPins"));
    assertEquals(1, anomalies(r, "blocked-pin").size());
    assertEquals(englishName(o2), anomalies(r, "blocked-pin").get(0).getString("subjectEn"));
  }

  @Test
  void should_count_as_distinct_citizens_only_those_of_served_lookups_in_the_totals_and_per_service() throws Exception {
    String a = newAgency();
    UUID o = fx.officer(a, "นายนับ ประชาชน");
    Instant at = bkk("2026-11-16T10:00:00");
    fx.usage(a, o, at, "NC-CIVILREG", "linkage.person", "SERVED", null, "MISS", "served", "R1", null);
    fx.usage(a, o, at.plusSeconds(1), "NC-CIVILREG", "linkage.person", "SERVED", "linkage-data-not-found", "MISS", "not-found", "R2", null);
    fx.usage(a, o, at.plusSeconds(2), "NC-CIVILREG", "linkage.person", "UPSTREAM_ERROR", "upstream-timeout", "MISS", "failed", "R3", null);
    fx.usage(a, o, at.plusSeconds(3), "NC-CIVILREG", "linkage.person", "ERROR", "internal-error", "MISS", "error", "R4", null);
    fx.usage(a, o, at.plusSeconds(4), "NC-WELFARE", "linkage.house", "REFUSED", "dataset-not-granted", null, "refused", "R5", null);

    JsonObject r = report(a, "2026-11");

    assertEquals(2, r.getJsonObject("totals").getLong("distinctCitizens"), "the served one and the one answered not found");
    assertEquals(List.of("NC-CIVILREG:2", "NC-WELFARE:0"), r.getJsonArray("services").stream().map(x -> (JsonObject) x)
        .map(x -> x.getString("code") + ":" + x.getLong("distinctCitizens")).sorted().toList());
  }

  @Test
  void should_list_not_found_answers_as_served_apart_from_the_unsuccessful_requests() throws Exception {
    String a = newAgency();
    UUID o = fx.officer(a, "นายไม่พบ ข้อมูล");
    Instant at = bkk("2026-11-17T10:00:00");
    fx.usage(a, o, at, "NC-CIVILREG", "linkage.person", "SERVED", "linkage-data-not-found", "MISS", "x", "R1", null);
    fx.usage(a, o, at.plusSeconds(1), "NC-CIVILREG", "linkage.person", "SERVED", "linkage-data-not-found", "MISS", "y", "R2", null);
    fx.usage(a, o, at.plusSeconds(2), "NC-WELFARE", "gdx.juristic", "SERVED", "juristic-person-not-found", "MISS", "z", "R3", null);
    fx.usage(a, o, at.plusSeconds(3), "NC-CIVILREG", "linkage.person", "SERVED", null, "MISS", "w", "R4", null);
    fx.usage(a, o, at.plusSeconds(4), "NC-WELFARE", "linkage.house", "REFUSED", "dataset-not-granted", null, "v", "R5", null);

    JsonObject r = report(a, "2026-11");

    assertEquals(4, r.getJsonObject("totals").getLong("served"));
    assertEquals(new JsonArray().add(new JsonObject().put("reason", "dataset-not-granted").put("count", 1)), r.getJsonArray("refusals"));
    assertEquals(new JsonArray().add(new JsonObject().put("reason", "linkage-data-not-found").put("count", 2))
        .add(new JsonObject().put("reason", "juristic-person-not-found").put("count", 1)), r.getJsonArray("notFound"));
  }

  @Test
  void should_flag_lookups_outside_working_days_and_hours() throws Exception {
    String a = newAgency();
    UUID o = fx.officer(a, "นายนอกเวลา ทดสอบ");
    UUID inHours = fx.served(a, o, bkk("2026-11-02T10:00:00"), "A");
    UUID saturday = fx.served(a, o, bkk("2026-11-07T10:00:00"), "A");
    UUID evening = fx.served(a, o, bkk("2026-11-03T20:00:00"), "A");
    UUID early = fx.served(a, o, bkk("2026-11-04T08:29:00"), "A");
    List<JsonObject> found = anomalies(report(a, "2026-11"), "outside-hours");
    assertEquals(1, found.size());
    assertEquals(3, found.get(0).getJsonObject("figures").getInteger("requests"));
    Set<String> ids = new HashSet<>(found.get(0).getJsonArray("usageIds").getList());
    assertEquals(Set.of(saturday.toString(), evening.toString(), early.toString()), ids);
    assertTrue(!ids.contains(inHours.toString()));
    assertEquals("นายนอกเวลา ทดสอบ", found.get(0).getString("subject"));
    assertEquals(englishName(o), found.get(0).getString("subjectEn"), "the English console's subject: the officer's English name");
  }

  @Test
  void should_not_flag_the_last_microsecond_of_a_working_day_that_ends_at_midnight() throws Exception {
    String a = newAgency();
    // workEnd "24:00" as the API stores it (Agency.END_OF_DAY): the day's last microsecond, hours [workStart, workEnd)
    fx.sql("UPDATE agency SET work_start = '00:00', work_end = '23:59:59.999999' WHERE code = '" + a + "'");
    UUID o = fx.officer(a, "นายเที่ยงคืน ทดสอบ");
    fx.served(a, o, bkk("2026-11-02T23:59:59.999999"), "A"); // Monday, a working day to its very end
    fx.served(a, o, bkk("2026-11-03T00:00:00"), "A");
    assertEquals(List.of(), anomalies(report(a, "2026-11"), "outside-hours"));
  }

  @Test
  void should_flag_volume_far_above_the_officers_own_months_or_peers() throws Exception {
    String a = newAgency();
    UUID busy = fx.officer(a, "นายขยัน มาก");
    UUID calm1 = fx.officer(a, "นางปกติ หนึ่ง");
    UUID calm2 = fx.officer(a, "นางปกติ สอง");
    for (int m = 8; m <= 10; m++) {
      for (int i = 0; i < 10; i++) {
        fx.served(a, busy, bkk("2026-" + String.format("%02d", m) + "-10T10:00:00").plusSeconds(i), "P" + i);
      }
    }
    for (int i = 0; i < 40; i++) {
      fx.served(a, busy, bkk("2026-11-10T10:00:00").plusSeconds(i), "N" + i);
    }
    for (int i = 0; i < 25; i++) {
      fx.served(a, calm1, bkk("2026-11-11T10:00:00").plusSeconds(i), "C" + i);
      fx.served(a, calm2, bkk("2026-11-12T10:00:00").plusSeconds(i), "D" + i);
    }
    List<JsonObject> found = anomalies(report(a, "2026-11"), "volume-spike");
    assertEquals(1, found.size(), "only the busy officer: 40 >= 3 x 10; the others have no history and stay under 5 x the median");
    JsonObject f = found.get(0).getJsonObject("figures");
    assertEquals(40, f.getInteger("lookups"));
    assertEquals(10.0, f.getDouble("ownMonthlyAverage"));
    assertEquals(5, found.get(0).getJsonArray("usageIds").size(), "evidence limited, figures count all");
  }

  @Test
  void should_compare_an_officer_with_their_own_months_only_when_they_served_lookups_in_each_of_the_three_before() throws Exception {
    String a = newAgency();
    UUID steady = fx.officer(a, "นายสม่ำเสมอ เริ่มใหม่");
    UUID spiking = fx.officer(a, "นายพุ่ง สูง");
    fx.servedMany(a, steady, bkk("2026-10-12T09:00:00"), 150, "s", 150);
    fx.servedMany(a, steady, bkk("2026-11-12T09:00:00"), 160, "s", 160);
    for (String m : List.of("08", "09", "10")) {
      fx.servedMany(a, spiking, bkk("2026-" + m + "-13T09:00:00"), 50, "p", 50);
    }
    fx.servedMany(a, spiking, bkk("2026-11-13T09:00:00"), 160, "p", 160);

    List<JsonObject> found = anomalies(report(a, "2026-11"), "volume-spike");

    assertEquals(List.of("นายพุ่ง สูง"), found.stream().map(x -> x.getString("subject")).toList(),
        "150 then 160 is steady: one month of history is no average of three; 160 against 50, 50, 50 is a spike");
    assertEquals(50.0, found.get(0).getJsonObject("figures").getDouble("ownMonthlyAverage"));
    assertEquals(englishName(spiking), found.get(0).getString("subjectEn"));
  }

  @Test
  void should_flag_a_citizen_looked_up_by_many_officers_or_many_times() throws Exception {
    String a = newAgency();
    UUID o1 = fx.officer(a, "เจ้าหน้าที่ ก");
    UUID o2 = fx.officer(a, "เจ้าหน้าที่ ข");
    UUID o3 = fx.officer(a, "เจ้าหน้าที่ ค");
    for (UUID o : List.of(o1, o2, o3)) {
      fx.served(a, o, bkk("2026-11-05T10:00:00"), "popular");
    }
    fx.served(a, o1, bkk("2026-11-05T11:00:00"), "twice");
    fx.served(a, o2, bkk("2026-11-05T11:00:00"), "twice");
    for (int i = 0; i < 6; i++) {
      fx.served(a, o1, bkk("2026-11-06T10:00:00").plusSeconds(i), "often");
    }
    JsonObject r = report(a, "2026-11");
    List<JsonObject> many = anomalies(r, "citizen-many-officers");
    assertEquals(1, many.size());
    assertEquals(3, many.get(0).getJsonObject("figures").getInteger("officers"));
    assertTrue(many.get(0).getString("subject").matches("#[0-9a-f]{10}"), "citizens appear only as a hash prefix");
    assertFalse(many.get(0).containsKey("subjectEn"), "a citizen's hash prefix has no English form");
    List<JsonObject> often = anomalies(r, "citizen-many-lookups");
    assertEquals(1, often.size());
    assertEquals(6, often.get(0).getJsonObject("figures").getInteger("lookups"));
  }

  @Test
  void should_count_every_flagged_citizen_and_say_how_many_are_not_listed_when_more_than_the_bound_are_flagged() throws Exception {
    String a = newAgency();
    UUID o = fx.officer(a, "นายเรียกดู บ่อย");
    int citizens = AnomalyRules.CITIZENS_LISTED + 1;
    fx.servedMany(a, o, bkk("2026-11-12T09:00:00"), citizens * 6, "many", citizens);

    JsonObject r = report(a, "2026-11");
    assertEquals(AnomalyRules.CITIZENS_LISTED, anomalies(r, "citizen-many-lookups").size(), "the list stays bounded");
    assertEquals(new JsonArray().add(new JsonObject().put("rule", "citizen-many-lookups").put("count", 1)), r.getJsonArray("anomaliesNotListed"));
    String csv = running.api().get("/v1/reports/monthly?agency=" + a + "&month=2026-11&format=csv").bearerTokenAuthentication(auditor)
        .send().await().bodyAsString();
    assertTrue(csv.contains("และอีก 1 รายการที่ไม่ได้แสดง / and 1 more not listed,citizen-many-lookups\r\n"), csv);

    HttpResponse<Buffer> generated = running.api().post("/v1/reports").bearerTokenAuthentication(Lookups.login(running, "admin"))
        .sendJsonObject(new JsonObject().put("agency", a).put("month", "2026-11")).await();
    assertEquals(201, generated.statusCode(), generated.bodyAsString());
    JsonObject listed = running.api().get("/v1/reports?agency=" + a).bearerTokenAuthentication(auditor).send().await().bodyAsJsonObject();
    assertEquals(citizens, listed.getJsonArray("items").getJsonObject(0).getInteger("anomalies"), "the stored count is the true one");
    JsonObject national = running.api().get("/v1/reports/national?month=2026-11").bearerTokenAuthentication(auditor).send().await()
        .bodyAsJsonObject();
    assertEquals(citizens, national.getJsonArray("agencies").stream().map(x -> (JsonObject) x).filter(x -> x.getString("agency").equals(a))
        .findFirst().orElseThrow().getInteger("anomalies"));
    try (org.apache.pdfbox.pdmodel.PDDocument pdf = org.apache.pdfbox.Loader.loadPDF(running.api().get("/v1/reports/monthly?agency=" + a
        + "&month=2026-11&format=pdf").bearerTokenAuthentication(auditor).send().await().body().getBytes())) {
      String text = new org.apache.pdfbox.text.PDFTextStripper().getText(pdf).replaceAll("\\s+", " ");
      assertTrue(text.contains("พบความผิดปกติ " + citizens + " รายการ"), "the PDF counts them all");
      assertTrue(text.contains("and 1 more citizen-many-lookups findings not listed"), "and says one is not listed");
    }
  }

  @Test
  void should_flag_missing_references_repeated_refusals_and_concurrent_devices() throws Exception {
    String a = newAgency();
    UUID careless = fx.officer(a, "นายลืม อ้างอิง");
    UUID careful = fx.officer(a, "นางครบ อ้างอิง");
    UUID refused = fx.officer(a, "นายโดน ปฏิเสธ");
    UUID twoPlaces = fx.officer(a, "นางสอง เครื่อง");
    for (int i = 0; i < 5; i++) {
      fx.usage(a, careless, bkk("2026-11-09T10:00:00").plusSeconds(i), "NC-CIVILREG", "linkage.person", "SERVED", null, "MISS", "x" + i, null, null);
      fx.usage(a, careful, bkk("2026-11-09T10:00:00").plusSeconds(i), "NC-CIVILREG", "linkage.person", "SERVED", null, "MISS", "y" + i,
          i == 0 ? null : "REF" + i, null);
    }
    for (int i = 0; i < 3; i++) {
      fx.usage(a, refused, bkk("2026-11-09T11:00:00").plusSeconds(i), "NC-WELFARE", "linkage.house", "REFUSED", "dataset-not-granted", null, "z", "R", null);
    }
    UUID s1 = fx.session(a, twoPlaces, a.toLowerCase() + "-ws1", bkk("2026-11-10T09:00:00"), bkk("2026-11-10T12:00:00"));
    UUID s2 = fx.session(a, twoPlaces, a.toLowerCase() + "-ws2", bkk("2026-11-10T11:00:00"), bkk("2026-11-10T13:00:00"));
    fx.session(a, twoPlaces, a.toLowerCase() + "-ws2", bkk("2026-11-11T09:00:00"), bkk("2026-11-11T10:00:00"));
    UUID evidence = fx.usage(a, twoPlaces, bkk("2026-11-10T11:30:00"), "NC-CIVILREG", "linkage.person", "SERVED", null, "MISS", "w", "R", s2);
    JsonObject r = report(a, "2026-11");
    List<JsonObject> missing = anomalies(r, "missing-request-ref");
    assertEquals(List.of("นายลืม อ้างอิง"), missing.stream().map(x -> x.getString("subject")).toList());
    assertEquals(List.of(englishName(careless)), missing.stream().map(x -> x.getString("subjectEn")).toList());
    List<JsonObject> refusals = anomalies(r, "repeated-refusals");
    assertEquals(List.of("นายโดน ปฏิเสธ"), refusals.stream().map(x -> x.getString("subject")).toList());
    assertEquals(List.of(englishName(refused)), refusals.stream().map(x -> x.getString("subjectEn")).toList());
    List<JsonObject> devices = anomalies(r, "concurrent-devices");
    assertEquals(1, devices.size());
    assertEquals(englishName(twoPlaces), devices.get(0).getString("subjectEn"));
    assertEquals(2, devices.get(0).getJsonObject("figures").getInteger("devices"));
    assertEquals(List.of(evidence.toString()), devices.get(0).getJsonArray("usageIds").getList());
    assertTrue(s1 != null);
  }

  @Test
  void should_write_excel_ready_csv_with_a_bom_and_thai_text() throws Exception {
    String a = newAgency();
    UUID o = fx.officer(a, "=HYPERLINK(\"x\") ศักดิ์สิทธิ์");
    fx.served(a, o, bkk("2026-11-05T10:00:00"), "A");
    HttpResponse<Buffer> r = running.api().get("/v1/reports/monthly?agency=" + a + "&month=2026-11&format=csv")
        .bearerTokenAuthentication(auditor).send().await();
    assertEquals(200, r.statusCode());
    assertEquals("text/csv; charset=utf-8", r.getHeader("Content-Type"));
    byte[] bytes = r.body().getBytes();
    assertEquals((byte) 0xEF, bytes[0]);
    assertEquals((byte) 0xBB, bytes[1]);
    assertEquals((byte) 0xBF, bytes[2]);
    String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
    assertTrue(text.contains("งานทะเบียนราษฎร"), text);
    assertTrue(text.contains("\r\n"));
    // the section counts refusals, upstream failures and errors alike, as the PDF's does
    assertTrue(text.contains("Unsuccessful requests by reason") && !text.contains("Refused by reason"), text);
    assertTrue(text.contains("\"'=HYPERLINK(\"\"x\"\") ศักดิ์สิทธิ์\""), "a formula is neutralised and quoted: " + text);
    HttpResponse<Buffer> byAccept = running.api().get("/v1/reports/monthly?agency=" + a + "&month=2026-11").putHeader("Accept", "text/csv")
        .bearerTokenAuthentication(auditor).send().await();
    assertEquals("text/csv; charset=utf-8", byAccept.getHeader("Content-Type"));
  }

  @Test
  void should_render_the_report_as_a_thai_pdf() throws Exception {
    String a = newAgency();
    UUID o = fx.officer(a, "นายประเสริฐ ศักดิ์สิทธิ์");
    fx.served(a, o, bkk("2026-11-05T10:00:00"), "A");
    HttpResponse<Buffer> r = running.api().get("/v1/reports/monthly?agency=" + a + "&month=2026-11").putHeader("Accept", "application/pdf")
        .bearerTokenAuthentication(auditor).send().await();
    assertEquals(200, r.statusCode(), r.bodyAsString());
    assertEquals("application/pdf", r.getHeader("Content-Type"));
    assertTrue(r.getHeader("Content-Disposition").contains("linkgate-" + a + "-2026-11-preview.pdf"));
    try (org.apache.pdfbox.pdmodel.PDDocument pdf = org.apache.pdfbox.Loader.loadPDF(r.body().getBytes())) {
      String text = new org.apache.pdfbox.text.PDFTextStripper().getText(pdf);
      assertTrue(text.contains("สำนักงานทดสอบ " + a), "the agency's Thai name extracts as written");
      assertTrue(text.contains("นายประเสริฐ ศักดิ์สิทธิ์"), "the officer table lists the officer");
      assertTrue(text.contains("พฤศจิกายน 2569"), "the month in the Buddhist era");
    }
  }

  @Test
  void should_say_which_font_is_missing_instead_of_failing_obscurely() {
    ReportConfig defaults = running.gateway().config().report();
    ReportConfig broken = new ReportConfig(false, defaults.draftDelay(), false, dir.resolve("no-such-font.ttf"), defaults.pdfBoldFont(), defaults.evidenceLimit(),
        defaults.thresholds());
    MonthlyReport any = ReportJson.parse(report("DEMO", "2026-11").copy().put("workflow", (Object) null).encode(), null);
    io.linkgate.http.ProblemException e = org.junit.jupiter.api.Assertions.assertThrows(io.linkgate.http.ProblemException.class,
        () -> ReportPdfRenderer.of(broken).apply(any));
    assertEquals(ReportProblems.PDF_UNAVAILABLE, e.type());
    assertTrue(e.getMessage().contains("no-such-font.ttf"), e.getMessage());
  }

  @Test
  void should_refuse_reports_of_another_agency_and_bad_parameters() throws Exception {
    String a = newAgency();
    String officer = Lookups.login(running, "officer");
    HttpResponse<Buffer> other = running.api().get("/v1/reports/monthly?agency=" + a + "&month=2026-11").bearerTokenAuthentication(officer).send().await();
    assertEquals(403, other.statusCode());
    assertEquals(200, running.api().get("/v1/reports/monthly?agency=DEMO&month=2026-11").bearerTokenAuthentication(officer).send().await().statusCode());
    assertEquals("month", running.api().get("/v1/reports/monthly?agency=DEMO&month=2026-13").bearerTokenAuthentication(officer).send().await()
        .bodyAsJsonObject().getString("field"));
    assertEquals("format", running.api().get("/v1/reports/monthly?agency=DEMO&month=2026-11&format=xls").bearerTokenAuthentication(officer)
        .send().await().bodyAsJsonObject().getString("field"));
    assertEquals(401, running.api().get("/v1/reports/monthly?agency=DEMO&month=2026-11").send().await().statusCode());
  }
}
