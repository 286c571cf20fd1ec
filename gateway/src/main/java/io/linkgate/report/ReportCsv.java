package io.linkgate.report;

import io.linkgate.report.pdf.ThaiFormat;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The report as CSV for Excel: UTF-8 with a byte-order mark (so Thai text opens correctly), CRLF lines,
 * sections one after another with bilingual headings. Cells that a spreadsheet would run as a formula are
 * neutralised; the month is written in words, which Excel keeps as text.
 */
public final class ReportCsv {

  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Asia/Bangkok"));

  private ReportCsv() {
  }

  public static byte[] render(MonthlyReport r) {
    StringBuilder out = new StringBuilder();
    MonthlyReport.Header h = r.header();
    row(out, "รายงานสรุปการใช้งานประจำเดือน / Monthly usage report");
    row(out, "หน่วยงาน / Agency", h.agencyCode(), h.agencyNameTh(), h.agencyNameEn());
    row(out, "รหัสสำนักงาน / Office code", h.officeCode());
    // as words: Excel turns a cell such as 2026-11 into the date 1 November 2026
    row(out, "เดือน / Month", ThaiFormat.monthTh(h.month()) + " / " + ThaiFormat.monthEn(h.month()));
    row(out, "ช่วงเวลา / Period (Asia/Bangkok)", TIME.format(h.periodStart()), TIME.format(h.cutOff()));
    row(out, "จัดทำเมื่อ / Generated", TIME.format(h.generatedAt()), "ฉบับที่ / Version " + h.version());
    if (r.preview()) {
      row(out, "สถานะ / State", "PREVIEW", MonthlyReport.PREVIEW_TH + " / " + MonthlyReport.PREVIEW_EN);
    } else {
      row(out, "สถานะ / State", r.workflow().state(), "SHA-256", r.workflow().contentHash());
    }
    out.append("\r\n");
    MonthlyReport.Totals t = r.totals();
    row(out, "ภาพรวม / Totals", "คำขอ / Requests", "ให้บริการ / Served", "ปฏิเสธ / Refused", "ระบบต้นทางขัดข้อง / Upstream errors",
        "ข้อผิดพลาด / Errors", "จากแคช / Cache hits", "ประชาชนที่ให้บริการสำเร็จ (ไม่ซ้ำ) / Distinct citizens served", "ไม่มีเลขอ้างอิง / Without request ref");
    row(out, "", n(t.requests()), n(t.served()), n(t.refused()), n(t.upstreamErrors()), n(t.errors()), n(t.cacheHits()),
        n(t.distinctCitizens()), n(t.withoutRequestRef()));
    out.append("\r\n");
    row(out, "งานบริการ / Service", "ชื่อ / Name", "Name", "คำขอ / Requests", "ให้บริการ / Served", "ปฏิเสธ / Refused",
        "ประชาชนที่ให้บริการสำเร็จ (ไม่ซ้ำ) / Distinct citizens served");
    r.services().forEach(s -> row(out, s.code(), s.nameTh(), s.nameEn(), n(s.requests()), n(s.served()), n(s.refused()),
        n(s.distinctCitizens())));
    out.append("\r\n");
    row(out, "ชุดข้อมูล / Dataset", "คำขอ / Requests", "ให้บริการ / Served", "จากแคช / Cache hits");
    r.datasets().forEach(d -> row(out, d.dataset(), n(d.requests()), n(d.served()), n(d.cacheHits())));
    out.append("\r\n");
    row(out, "เจ้าหน้าที่ / Officer", "Name", "คำขอ / Requests", "ให้บริการ / Served", "ปฏิเสธ / Refused",
        "ไม่มีเลขอ้างอิง / Without request ref");
    r.officers().forEach(o -> row(out, o.nameTh(), o.nameEn(), n(o.requests()), n(o.served()), n(o.refused()), n(o.withoutRequestRef())));
    out.append("\r\n");
    row(out, "คำขอที่ไม่สำเร็จ จำแนกตามสาเหตุ / Unsuccessful requests by reason", "จำนวน / Count");
    r.refusals().forEach(x -> row(out, x.reason(), n(x.count())));
    out.append("\r\n");
    row(out, "คำตอบว่าไม่พบข้อมูล (นับรวมในให้บริการ) / Not-found answers (within Served)", "จำนวน / Count");
    r.notFound().forEach(x -> row(out, x.reason(), n(x.count())));
    out.append("\r\n");
    row(out, "การเข้าสู่ระบบด้วยบัตรที่ไม่สำเร็จ / Failed card logins", "จำนวน / Count");
    r.logins().byReason().forEach(x -> row(out, x.reason(), n(x.count())));
    out.append("\r\n");
    row(out, "ความผิดปกติ / Anomaly", "กฎ / Rule", "Anomaly", "ผู้เกี่ยวข้อง / Subject", "ตัวเลข / Figures", "รายการการใช้งาน / Usage records");
    r.anomalies().forEach(a -> row(out, a.titleTh(), a.rule(), a.titleEn(), a.subject(),
        a.figures().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; ")),
        a.usageIds().stream().map(Object::toString).collect(Collectors.joining(" "))));
    r.unlisted().forEach(u -> row(out, "และอีก " + u.count() + " รายการที่ไม่ได้แสดง / and " + u.count() + " more not listed", u.rule()));
    if (r.workflow() != null && !r.workflow().signOffs().isEmpty()) {
      out.append("\r\n");
      row(out, "การลงนาม / Sign-off", "ผู้ลงนาม / Officer", "บทบาท / Role", "เวลา / At", "ความเห็น / Comment", "SHA-256");
      r.workflow().signOffs().forEach(s -> row(out, s.step(), s.officerName(), s.role(), TIME.format(s.at()), s.comment(), s.contentHash()));
    }
    byte[] body = out.toString().getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[BOM.length + body.length];
    System.arraycopy(BOM, 0, all, 0, BOM.length);
    System.arraycopy(body, 0, all, BOM.length, body.length);
    return all;
  }

  private static String n(long v) {
    return Long.toString(v);
  }

  private static void row(StringBuilder out, String... cells) {
    out.append(List.of(cells).stream().map(ReportCsv::cell).collect(Collectors.joining(","))).append("\r\n");
  }

  static String cell(String value) {
    String v = value == null ? "" : value;
    if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0 && !v.matches("-?\\d+")) {
      v = "'" + v; // never a formula in a spreadsheet
    }
    if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
      v = "\"" + v.replace("\"", "\"\"") + "\"";
    }
    return v;
  }
}
