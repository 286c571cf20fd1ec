package io.linkgate.report.pdf;

import io.linkgate.report.AnomalyRules;
import io.linkgate.report.MonthlyReport;
import io.linkgate.report.pdf.Table.Cell;
import io.linkgate.report.pdf.Table.Column;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Lays the monthly report out on the page flow: the title block, then numbered sections with bilingual headings
 * (totals, per service, per dataset, per officer, unsuccessful requests by reason with the not-found answers among
 * the served ones, failed card logins, anomalies) and finally the sign-off block ({@link SignOffSection}).
 */
final class ReportLayout {

  /** Usage ids printed per anomaly; the count printed covers them all. */
  static final int USAGE_IDS_SHOWN = 10;
  /** The value column's share of a {@link #keyValue()} list. */
  private static final float VALUE_SHARE = 0.74f;
  /** Room kept below a heading: a table's two-line headings and a two-line row. */
  static final float KEEP_WITH_HEADING = 100;

  private final MonthlyReport report;
  private final Styles s;
  private final PageFlow flow;
  private int section;

  ReportLayout(MonthlyReport report, Styles styles, PageFlow flow) {
    this.report = report;
    this.s = styles;
    this.flow = flow;
  }

  void write() throws IOException {
    titleBlock();
    totals();
    services();
    datasets();
    officers();
    refusals();
    logins();
    anomalies();
    new SignOffSection(report, s, flow, this).write(nextSection());
  }

  private void titleBlock() throws IOException {
    MonthlyReport.Header h = report.header();
    centered(s.title(), "รายงานสรุปการใช้งานระบบเชื่อมโยงข้อมูลประจำเดือน");
    centered(s.subtitle(), "Monthly data-linkage usage report");
    centered(s.heading(), "ประจำเดือน " + ThaiFormat.monthTh(h.month()) + " / " + ThaiFormat.monthEn(h.month()));
    if (report.preview()) {
      centered(s.heading(), MonthlyReport.PREVIEW_TH);
      centered(s.subtitle(), MonthlyReport.PREVIEW_EN);
    }
    flow.down(8);
    Table info = keyValue();
    info.row(label("หน่วยงาน", "Agency"), Cell.of(s.body(), h.agencyNameTh()).then(s.small(), h.agencyNameEn()));
    info.row(label("รหัส", "Codes"), Cell.of(s.body(), "หน่วยงาน " + h.agencyCode() + " · สำนักงาน " + h.officeCode())
        .then(s.small(), "agency " + h.agencyCode() + " · office " + h.officeCode()));
    info.row(label("ประจำเดือน", "Month"), Cell.of(s.body(), ThaiFormat.monthTh(h.month())).then(s.small(), ThaiFormat.monthEn(h.month())));
    LocalDate first = ThaiFormat.firstDay(h.periodStart());
    if (h.cutOff().isBefore(h.periodEnd())) {
      info.row(label("ช่วงเวลาของข้อมูล", "Period"),
          Cell.of(s.body(), ThaiFormat.dateTh(first) + " ถึง " + ThaiFormat.timeTh(h.cutOff()) + " (เวลาที่จัดทำ เดือนยังไม่สิ้นสุด)")
              .then(s.small(), ThaiFormat.dateEn(first) + " to " + ThaiFormat.timeEn(h.cutOff())
                  + ", when this was generated: the month is not over"));
    } else {
      LocalDate last = ThaiFormat.lastDay(h.periodEnd());
      info.row(label("ช่วงเวลาของข้อมูล", "Period"),
          Cell.of(s.body(), ThaiFormat.dateTh(first) + " ถึง " + ThaiFormat.dateTh(last) + " (ตัดยอดเวลา 24.00 น. ตามเวลาประเทศไทย)")
              .then(s.small(), ThaiFormat.dateEn(first) + " to " + ThaiFormat.dateEn(last) + ", cut-off at midnight Asia/Bangkok"));
    }
    info.row(label("จัดทำเมื่อ", "Generated"),
        Cell.of(s.body(), ThaiFormat.timeTh(h.generatedAt())).then(s.small(), ThaiFormat.timeEn(h.generatedAt())));
    MonthlyReport.Workflow w = report.workflow();
    if (report.preview()) {
      info.row(label("ฉบับที่ / สถานะ", "Version / State"), Cell.of(s.body(), MonthlyReport.PREVIEW_TH).then(s.small(), MonthlyReport.PREVIEW_EN));
    } else {
      info.row(label("ฉบับที่ / สถานะ", "Version / State"),
          Cell.of(s.body(), h.version() + " / " + Labels.state(w.state())).then(s.small(), "version " + h.version() + ", " + w.state()));
      info.row(label("เลขที่รายงาน", "Report id"), Cell.of(s.mono(), String.valueOf(w.reportId())));
      info.row(label("รหัสตรวจสอบเนื้อหา", "Content hash (SHA-256)"), Cell.of(s.mono(), w.contentHash() == null ? "-" : w.contentHash()));
    }
    info.draw(flow);
  }

  private void totals() throws IOException {
    MonthlyReport.Totals t = report.totals();
    heading("สรุปภาพรวม", "Totals");
    Table table = items();
    total(table, "คำขอทั้งหมด", "All requests", t.requests());
    total(table, "ให้บริการสำเร็จ", "Served", t.served());
    total(table, "ถูกปฏิเสธ", "Refused", t.refused());
    total(table, "ระบบต้นทางขัดข้อง", "Upstream errors", t.upstreamErrors());
    total(table, "ข้อผิดพลาดอื่น", "Other errors", t.errors());
    total(table, "ตอบจากข้อมูลที่พักไว้ (แคช)", "Answered from cache", t.cacheHits());
    total(table, "จำนวนบุคคลที่ให้บริการข้อมูลสำเร็จ (ไม่นับซ้ำ)", "Distinct citizens served", t.distinctCitizens());
    total(table, "ให้บริการโดยไม่ระบุเลขที่อ้างอิงคำขอ", "Served without a request reference", t.withoutRequestRef());
    table.draw(flow);
  }

  /** Thai label, English label, count. */
  private Table items() {
    return table(List.of(column("รายการ", "", 0.48f, Align.LEFT), column("", "Item", 0.32f, Align.LEFT),
        column("จำนวน", "Count", 0.20f, Align.RIGHT)));
  }

  private void total(Table table, String th, String en, long n) {
    table.row(Cell.of(s.body(), th), Cell.of(s.small(), en), number(n));
  }

  private void services() throws IOException {
    heading("การใช้งานตามงานบริการ", "By agency service");
    Table table = table(List.of(column("รหัส", "Code", 0.17f, Align.LEFT), column("งานบริการ", "Service", 0.35f, Align.LEFT),
        column("คำขอ", "Requests", 0.12f, Align.RIGHT), column("สำเร็จ", "Served", 0.12f, Align.RIGHT),
        column("ถูกปฏิเสธ", "Refused", 0.12f, Align.RIGHT), column("บุคคลที่สำเร็จ", "Citizens served", 0.12f, Align.RIGHT)));
    for (MonthlyReport.ServiceLine l : report.services()) {
      table.row(Cell.of(s.small(), l.code()), Cell.of(s.body(), l.nameTh()).then(s.small(), l.nameEn()), number(l.requests()),
          number(l.served()), number(l.refused()), number(l.distinctCitizens()));
    }
    drawOrNone(table);
  }

  private void datasets() throws IOException {
    heading("การใช้งานตามชุดข้อมูล", "By dataset");
    Table table = table(List.of(column("ชุดข้อมูล", "Dataset", 0.46f, Align.LEFT), column("คำขอ", "Requests", 0.18f, Align.RIGHT),
        column("สำเร็จ", "Served", 0.18f, Align.RIGHT), column("ตอบจากแคช", "From cache", 0.18f, Align.RIGHT)));
    for (MonthlyReport.DatasetLine l : report.datasets()) {
      table.row(Cell.of(s.body(), l.dataset()), number(l.requests()), number(l.served()), number(l.cacheHits()));
    }
    drawOrNone(table);
  }

  private void officers() throws IOException {
    heading("การใช้งานรายเจ้าหน้าที่", "By officer");
    Table table = table(List.of(column("ที่", "No.", 0.045f, Align.RIGHT), column("ชื่อ-สกุล", "Name (Thai)", 0.30f, Align.LEFT),
        column("ชื่อภาษาอังกฤษ", "Name (English)", 0.295f, Align.LEFT), column("คำขอ", "Requests", 0.09f, Align.RIGHT),
        column("สำเร็จ", "Served", 0.09f, Align.RIGHT), column("ถูกปฏิเสธ", "Refused", 0.09f, Align.RIGHT),
        column("ไม่มีเลขอ้างอิง", "No ref.", 0.09f, Align.RIGHT)));
    int i = 0;
    for (MonthlyReport.OfficerLine l : report.officers()) {
      table.row(Cell.figure(s.body(), String.valueOf(++i)), Cell.name(s.body(), l.nameTh()), Cell.name(s.small(), l.nameEn()),
          number(l.requests()), number(l.served()), number(l.refused()), number(l.withoutRequestRef()));
    }
    drawOrNone(table);
  }

  private void refusals() throws IOException {
    heading("คำขอที่ไม่สำเร็จ จำแนกตามสาเหตุ", "Unsuccessful requests by reason");
    drawOrNone(byReason(report.refusals(), "ร้อยละของคำขอ", "% of requests", report.totals().requests()));
    if (!report.notFound().isEmpty()) {
      flow.down(6);
      flow.keep(s.body().lineHeight() + KEEP_WITH_HEADING);
      flow.paragraph(s.body(), "คำตอบว่าไม่พบข้อมูล (นับรวมอยู่ในรายการให้บริการสำเร็จ) / Not-found answers (counted within Served)", 0);
      byReason(report.notFound(), "ร้อยละของที่ให้บริการ", "% of served", report.totals().served()).draw(flow);
    }
  }

  /** Counts by reason, each with its share of {@code all}. */
  private Table byReason(List<MonthlyReport.ReasonLine> lines, String shareTh, String shareEn, long all) {
    Table table = table(List.of(column("สาเหตุ", "Reason", 0.6f, Align.LEFT), column("จำนวน", "Count", 0.2f, Align.RIGHT),
        column(shareTh, shareEn, 0.2f, Align.RIGHT)));
    for (MonthlyReport.ReasonLine l : lines) {
      table.row(reason(l.reason()), number(l.count()),
          Cell.figure(s.body(), all == 0 ? "-" : String.format(Locale.ROOT, "%.2f", 100.0 * l.count() / all)));
    }
    return table;
  }

  private void logins() throws IOException {
    MonthlyReport.Logins l = report.logins();
    heading("การเข้าสู่ระบบด้วยบัตรที่ไม่สำเร็จหรือถูกระงับ", "Failed and blocked card logins");
    Table summary = items();
    total(summary, "เข้าสู่ระบบไม่สำเร็จทั้งหมด", "Failed logins", l.failed());
    total(summary, "ใส่รหัส PIN ผิด", "Wrong PIN", l.wrongPin());
    total(summary, "รหัส PIN ถูกระงับ (บัตรถูกล็อก)", "PIN blocked", l.blockedPins());
    summary.draw(flow);
    if (!l.byReason().isEmpty()) {
      flow.down(6);
      Table table = table(List.of(column("สาเหตุ", "Reason", 0.80f, Align.LEFT), column("จำนวน", "Count", 0.20f, Align.RIGHT)));
      l.byReason().forEach(r -> table.row(reason(r.reason()), number(r.count())));
      table.draw(flow);
    }
  }

  private void anomalies() throws IOException {
    heading("ความผิดปกติที่ตรวจพบ", "Anomalies found");
    List<MonthlyReport.Anomaly> list = report.anomalies();
    long found = report.anomalyCount();
    if (found == 0) {
      flow.paragraph(s.body(), "ไม่พบความผิดปกติ หัวหน้าหน่วยงานรายงานต่อผู้ดูแลระบบงานบริการ / No anomalies: the head of agency "
          + "reports to the Supervisor.", 0);
      return;
    }
    flow.paragraph(s.body(), "พบความผิดปกติ " + ThaiFormat.number(found) + " รายการ หัวหน้าหน่วยงานตรวจสอบและรายงานต่อศูนย์ ICT เพื่อตรวจสอบ / "
        + ThaiFormat.number(found) + " anomalies found: the head of agency checks them and reports to ICT for investigation.", 0);
    int i = 0;
    for (MonthlyReport.Anomaly a : list) {
      i++;
      flow.down(4);
      flow.keep(s.subheading().lineHeight() + s.small().lineHeight() + 60);
      flow.paragraph(s.subheading(), section + "." + i + " " + a.titleTh(), 0);
      flow.paragraph(s.small(), a.titleEn(), 0);
      Table t = keyValue();
      t.row(label("กฎที่ตรวจพบ", "Rule"), Cell.of(s.body(), a.rule()));
      t.row(label("ผู้เกี่ยวข้อง", "Subject"), Cell.name(s.body(), a.subject()));
      t.row(label("ตัวเลข", "Figures"), figures(a.figures()));
      t.row(label("บันทึกการใช้งาน", "Usage records"), usageIds(a.usageIds()));
      t.draw(flow);
    }
    for (MonthlyReport.Unlisted u : report.unlisted()) {
      flow.down(4);
      String more = ThaiFormat.number(u.count());
      flow.paragraph(s.body(), "และอีก " + more + " รายการของกฎ " + u.rule() + " ที่ไม่ได้แสดง (แสดงเฉพาะ " + AnomalyRules.CITIZENS_LISTED
          + " คนที่ถูกเรียกดูมากที่สุด) / and " + more + " more " + u.rule() + " findings not listed (only the "
          + AnomalyRules.CITIZENS_LISTED + " citizens looked up most are listed)", 0);
    }
  }

  private Cell figures(Map<String, Number> figures) {
    List<Table.Run> runs = new ArrayList<>();
    figures.forEach((k, v) -> runs.add(new Table.Run(s.body(), Labels.figure(k) + " (" + k + "): " + ThaiFormat.number(v), Table.Kind.TEXT)));
    return runs.isEmpty() ? Cell.of(s.body(), "-") : new Cell(List.copyOf(runs));
  }

  private Cell usageIds(List<UUID> ids) {
    int shown = Math.min(ids.size(), USAGE_IDS_SHOWN);
    String count = ids.size() + " รายการ" + (shown < ids.size() ? " (แสดง " + shown + " รายการแรก)" : "");
    String countEn = ids.size() + " records" + (shown < ids.size() ? ", the first " + shown + " shown" : "");
    Cell cell = Cell.of(s.body(), count).then(s.small(), countEn);
    float room = flow.width() * VALUE_SHARE - 2 * Table.PAD_X;
    for (int i = 0; i < shown; i++) {
      String pair = i + 1 < shown ? ids.get(i) + "    " + ids.get(i + 1) : null;
      if (pair != null && s.mono().width(pair) <= room) {
        cell = cell.then(s.mono(), pair);
        i++;
      } else {
        cell = cell.then(s.mono(), ids.get(i).toString());
      }
    }
    return cell;
  }

  // --- building blocks, shared with SignOffSection ---

  int nextSection() {
    return ++section;
  }

  /** A numbered section heading, kept on a page with what follows it (room for a table's headings and first row). */
  void heading(String th, String en) throws IOException {
    nextSection();
    String text = section + ". " + th + " / " + en;
    flow.down(10);
    flow.keep(LineBreaker.wrap(text, s.heading(), flow.width()).size() * s.heading().lineHeight() + KEEP_WITH_HEADING);
    flow.paragraph(s.heading(), text, 0);
    flow.down(2);
  }

  void centered(TextStyle style, String text) throws IOException {
    for (String l : LineBreaker.wrap(text, style, flow.width())) {
      flow.line(style, l, Align.CENTER);
    }
  }

  Table table(List<Column> columns) {
    return new Table(columns, s.headTh(), s.headEn());
  }

  /** A ruled two-column list: bilingual labels on the left. */
  Table keyValue() {
    return new Table(List.of(column("", "", 1 - VALUE_SHARE, Align.LEFT), column("", "", VALUE_SHARE, Align.LEFT)), null, null);
  }

  Cell label(String th, String en) {
    return Cell.of(s.body(), th).then(s.small(), en);
  }

  Column column(String th, String en, float share, Align align) {
    return new Column(th, en, flow.width() * share, align);
  }

  private Cell number(long n) {
    return Cell.figure(s.body(), ThaiFormat.number(n));
  }

  private Cell reason(String code) {
    String th = Labels.reason(code);
    return th.isEmpty() ? Cell.of(s.body(), code) : Cell.of(s.body(), th).then(s.small(), code);
  }

  private void drawOrNone(Table table) throws IOException {
    if (table.isEmpty()) {
      flow.paragraph(s.body(), "ไม่มีรายการ / None", 0);
    } else {
      table.draw(flow);
    }
  }
}
