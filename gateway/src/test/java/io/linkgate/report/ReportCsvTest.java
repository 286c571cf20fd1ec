package io.linkgate.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The CSV export of a report built by hand (no database). */
class ReportCsvTest {

  private static final ReportPeriod NOVEMBER = new ReportPeriod(YearMonth.of(2026, 11));

  static MonthlyReport report(Instant generatedAt, MonthlyReport.Workflow workflow) {
    MonthlyReport.Header header = new MonthlyReport.Header("DEMO", "สำนักงานทดสอบ", "Test office", "00999", NOVEMBER.month(),
        NOVEMBER.start(), NOVEMBER.end(), generatedAt, workflow == null ? 0 : 1);
    return new MonthlyReport(header, new MonthlyReport.Totals(3, 2, 1, 0, 0, 0, 2, 0), List.of(), List.of(), List.of(),
        List.of(new MonthlyReport.ReasonLine("dataset-not-granted", 1)), List.of(new MonthlyReport.ReasonLine("linkage-data-not-found", 1)),
        new MonthlyReport.Logins(0, 0, 0, List.of()), List.of(),
        List.of(), workflow);
  }

  static String csv(MonthlyReport r) {
    byte[] bytes = ReportCsv.render(r);
    return new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
  }

  @Test
  void should_say_it_is_a_preview_and_where_its_data_stops_when_the_month_is_open() {
    String text = csv(report(Instant.parse("2026-11-20T08:00:00Z"), null));

    assertTrue(text.contains("สถานะ / State,PREVIEW,ฉบับแสดงตัวอย่าง — ยังไม่ใช่รายงานประจำเดือน / Preview — not the month's report\r\n"), text);
    assertTrue(text.contains("ช่วงเวลา / Period (Asia/Bangkok),2026-11-01 00:00,2026-11-20 15:00\r\n"), text);
  }

  @Test
  void should_list_the_not_found_answers_as_within_served() {
    String text = csv(report(Instant.parse("2026-12-01T01:00:00Z"), null));

    assertTrue(text.contains("คำขอที่ไม่สำเร็จ จำแนกตามสาเหตุ / Unsuccessful requests by reason,จำนวน / Count\r\ndataset-not-granted,1\r\n"), text);
    assertTrue(text.contains("คำตอบว่าไม่พบข้อมูล (นับรวมในให้บริการ) / Not-found answers (within Served),จำนวน / Count\r\n"
        + "linkage-data-not-found,1\r\n"), text);
  }

  @Test
  void should_write_the_month_in_words_that_excel_keeps_as_text() {
    String text = csv(report(Instant.parse("2026-12-01T01:00:00Z"), null));

    assertTrue(text.contains("\r\nเดือน / Month,พฤศจิกายน 2569 / November 2026\r\n"), text);
    assertFalse(text.contains(",2026-11\r\n"), "no 2026-11 for Excel to turn into a date: " + text);
  }

  @Test
  void should_give_the_whole_month_and_the_state_when_the_report_is_stored() {
    String text = csv(report(Instant.parse("2026-12-01T01:00:00Z"), new MonthlyReport.Workflow(UUID.randomUUID(), "DRAFT",
        NOVEMBER.verifyDue(), NOVEMBER.sendDue(), "ab".repeat(32), List.of())));

    assertTrue(text.contains("ช่วงเวลา / Period (Asia/Bangkok),2026-11-01 00:00,2026-12-01 00:00\r\n"), text);
    assertTrue(text.contains("สถานะ / State,DRAFT,SHA-256," + "ab".repeat(32)), text);
    assertFalse(text.contains("PREVIEW"), text);
  }
}
