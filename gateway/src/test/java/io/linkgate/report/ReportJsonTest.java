package io.linkgate.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The canonical content of a report, which its content hash and every sign-off refer to. */
class ReportJsonTest {

  static MonthlyReport report(MonthlyReport.Anomaly anomaly) {
    MonthlyReport.Header header = new MonthlyReport.Header("DEMO", "สำนักงานสาธิต", "Demo office", "00023", YearMonth.of(2026, 11),
        Instant.parse("2026-10-31T17:00:00Z"), Instant.parse("2026-11-30T17:00:00Z"), Instant.parse("2026-12-01T02:00:00Z"), 1);
    return new MonthlyReport(header, new MonthlyReport.Totals(3, 0, 3, 0, 0, 0, 0, 0), List.of(), List.of(), List.of(), List.of(), List.of(),
        new MonthlyReport.Logins(0, 0, 0, List.of()), List.of(anomaly), List.of(), null);
  }

  @Test
  void should_encode_a_report_stored_before_english_subjects_existed_as_it_was_so_its_hash_and_sign_offs_hold() {
    MonthlyReport before = report(new MonthlyReport.Anomaly("repeated-refusals", "ถูกปฏิเสธการเรียกดูซ้ำหลายครั้ง", "Repeated refusals",
        "นายโดน ปฏิเสธ", Map.of("refused", 3L), List.of(UUID.fromString("00000000-0000-0000-0000-000000000001"))));
    String stored = ReportJson.canonical(before);
    assertFalse(new JsonObject(stored).getJsonArray("anomalies").getJsonObject(0).containsKey("subjectEn"));

    MonthlyReport read = ReportJson.parse(stored, null);
    assertNull(read.anomalies().get(0).subjectEn());
    assertEquals(stored, ReportJson.canonical(read), "the same bytes, so the same content hash");
  }

  @Test
  void should_keep_the_english_subject_of_a_new_report_through_storage() {
    MonthlyReport now = report(new MonthlyReport.Anomaly("repeated-refusals", "ถูกปฏิเสธการเรียกดูซ้ำหลายครั้ง", "Repeated refusals",
        "นายโดน ปฏิเสธ", "Mr. Don Patiset", Map.of("refused", 3L), List.of()));
    String stored = ReportJson.canonical(now);
    JsonObject anomaly = new JsonObject(stored).getJsonArray("anomalies").getJsonObject(0);
    assertEquals("นายโดน ปฏิเสธ", anomaly.getString("subject"), "the subject stays the Thai name the CSV and PDF show");
    assertEquals("Mr. Don Patiset", anomaly.getString("subjectEn"));
    assertEquals(stored, ReportJson.canonical(ReportJson.parse(stored, null)));
  }
}
