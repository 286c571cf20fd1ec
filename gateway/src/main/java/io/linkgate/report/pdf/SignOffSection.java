package io.linkgate.report.pdf;

import io.linkgate.report.MonthlyReport;
import io.linkgate.report.ReportPeriod;
import io.linkgate.report.Step;
import io.linkgate.report.pdf.Table.Cell;
import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The sign-off block: where the report stands, its due dates (verified by the 3rd, sent on by the 5th), and one
 * entry per step of the chain (submit, verify, review, then send to the Supervisor or escalate to ICT). A signed step
 * shows who signed, in which role, when, their comment and the content hash they approved (and whether it is this
 * version's); a step not yet signed gets empty signature lines to sign on paper. A preview, never signed, says so
 * instead.
 */
final class SignOffSection {

  private static final float SIGNATURE_LINE = 180f;

  private final MonthlyReport report;
  private final Styles s;
  private final PageFlow flow;
  private final ReportLayout layout;

  SignOffSection(MonthlyReport report, Styles styles, PageFlow flow, ReportLayout layout) {
    this.report = report;
    this.s = styles;
    this.flow = flow;
    this.layout = layout;
  }

  void write(int section) throws IOException {
    MonthlyReport.Workflow w = report.workflow();
    ReportPeriod period = new ReportPeriod(report.header().month());
    LocalDate verifyDue = w == null || w.verifyDue() == null ? period.verifyDue() : w.verifyDue();
    LocalDate sendDue = w == null || w.sendDue() == null ? period.sendDue() : w.sendDue();
    List<MonthlyReport.SignOff> signOffs = w == null || w.signOffs() == null ? List.of() : w.signOffs();

    flow.down(10);
    flow.keep(s.heading().lineHeight() + ReportLayout.KEEP_WITH_HEADING);
    flow.paragraph(s.heading(), section + ". การรับรองรายงาน / Sign-off", 0);
    flow.down(2);
    Table info = layout.keyValue();
    info.row(layout.label("สถานะ", "State"), report.preview()
        ? Cell.of(s.body(), MonthlyReport.PREVIEW_TH).then(s.small(), MonthlyReport.PREVIEW_EN)
        : Cell.of(s.body(), Labels.state(w.state())).then(s.small(), w.state()));
    info.row(layout.label("กำหนดตรวจสอบ", "Verify by"), Cell.of(s.body(), ThaiFormat.dateTh(verifyDue))
        .then(s.small(), ThaiFormat.dateEn(verifyDue) + " (controlling supervisor)"));
    info.row(layout.label("กำหนดส่ง", "Send by"), Cell.of(s.body(), ThaiFormat.dateTh(sendDue))
        .then(s.small(), ThaiFormat.dateEn(sendDue) + " (head of agency, to the Supervisor or ICT)"));
    if (w != null) {
      info.row(layout.label("รหัสเนื้อหาฉบับนี้", "Content hash"), Cell.of(s.mono(), ThaiFormat.shortHash(w.contentHash())));
    }
    info.draw(flow);
    if (report.preview()) {
      flow.down(6);
      flow.paragraph(s.body(), "ฉบับแสดงตัวอย่างไม่มีการลงนาม รายงานประจำเดือนจัดทำหลังสิ้นเดือนเป็นฉบับร่าง แล้วจึงลงนามตามลำดับ / "
          + "A preview is not signed: the month's report is generated as a draft after the month ends, and signed from there.", 0);
      return;
    }

    int n = 0;
    for (Step step : List.of(Step.SUBMIT, Step.VERIFY, Step.REVIEW)) {
      entry(section + "." + ++n, step, find(signOffs, step), due(step, verifyDue, sendDue), w);
    }
    Optional<MonthlyReport.SignOff> escalated = find(signOffs, Step.ESCALATE);
    Optional<MonthlyReport.SignOff> sent = find(signOffs, Step.SEND);
    String number = section + "." + ++n;
    if (escalated.isPresent()) {
      entry(number, Step.ESCALATE, escalated, sendDue, w);
    } else if (sent.isPresent()) {
      entry(number, Step.SEND, sent, sendDue, w);
    } else {
      title(number, Labels.stepTh(Step.SEND) + " หรือส่งศูนย์ ICT เมื่อพบความผิดปกติ",
          Labels.stepEn(Step.SEND) + ", or escalated to ICT when anomalous", sendDue);
      signatureLines(Step.SEND.role().name());
    }
  }

  private void entry(String number, Step step, Optional<MonthlyReport.SignOff> signed, LocalDate due, MonthlyReport.Workflow w)
      throws IOException {
    title(number, Labels.stepTh(step), Labels.stepEn(step), signed.isPresent() ? null : due);
    if (signed.isEmpty()) {
      signatureLines(step.role().name());
      return;
    }
    MonthlyReport.SignOff o = signed.get();
    boolean same = w != null && w.contentHash() != null && w.contentHash().equals(o.contentHash());
    Table t = layout.keyValue();
    t.row(layout.label("ลงนามโดย", "Signed by"), Cell.name(s.body(), o.officerName()));
    t.row(layout.label("บทบาท", "Role"), Cell.of(s.body(), Labels.role(o.role())).then(s.small(), o.role()));
    t.row(layout.label("วันเวลา", "Time"), Cell.of(s.body(), ThaiFormat.timeTh(o.at())).then(s.small(), ThaiFormat.timeEn(o.at())));
    t.row(layout.label("ความเห็น", "Comment"), Cell.of(s.body(), o.comment() == null || o.comment().isBlank() ? "-" : o.comment()));
    t.row(layout.label("เนื้อหาที่รับรอง", "Approved content"), Cell.of(s.mono(), ThaiFormat.shortHash(o.contentHash()))
        .then(s.small(), same ? "ตรงกับฉบับนี้ / matches this version" : "ไม่ตรงกับฉบับนี้ / does NOT match this version"));
    t.draw(flow);
  }

  private void title(String number, String th, String en, LocalDate due) throws IOException {
    flow.down(6);
    flow.keep(s.subheading().lineHeight() + 2 * s.small().lineHeight() + signatureHeight());
    flow.paragraph(s.subheading(), number + " " + th, 0);
    String when = due == null ? "" : " — กำหนด / due " + ThaiFormat.dateTh(due) + " (" + ThaiFormat.dateEn(due) + ")";
    flow.paragraph(s.small(), en + when, 0);
  }

  /** Empty lines to sign on paper, on the right as in Thai official letters. */
  private void signatureLines(String role) throws IOException {
    TextStyle b = s.body();
    String[][] lines = {{"ลงชื่อ", " / Signature"}, {"ชื่อ-สกุล", " / Name"}, {"ตำแหน่ง", " / Position"}, {"วันที่", " / Date"}};
    float labels = 0;
    for (String[] l : lines) {
      labels = Math.max(labels, b.width(l[0]) + s.small().width(l[1]) + 6);
    }
    float x = flow.left() + flow.width() - labels - SIGNATURE_LINE;
    flow.keep(signatureHeight());
    flow.down(4);
    for (String[] l : lines) {
      float baseline = flow.y() + b.ascent();
      float w = flow.page().text(b, l[0], x, labels, Align.LEFT, baseline);
      flow.page().text(s.small(), l[1], x + w, labels - w, Align.LEFT, baseline);
      flow.page().line(x + labels, baseline + 2, x + labels + SIGNATURE_LINE, baseline + 2, 0.4f);
      flow.down(b.lineHeight());
    }
    flow.paragraph(s.small(), "(" + Labels.role(role) + " — ยังไม่ได้ลงนามในระบบ / not yet signed in LinkGate)", x - flow.left());
  }

  private float signatureHeight() {
    return 4 + 4 * s.body().lineHeight() + s.small().lineHeight();
  }

  private static LocalDate due(Step step, LocalDate verifyDue, LocalDate sendDue) {
    return switch (step) {
      case VERIFY -> verifyDue;
      case SEND, ESCALATE -> sendDue;
      default -> null;
    };
  }

  /** Sign-offs name their step ("VERIFY"); the state it leads to ("VERIFIED") is accepted too. */
  private static Optional<MonthlyReport.SignOff> find(List<MonthlyReport.SignOff> signOffs, Step step) {
    return signOffs.stream().filter(o -> step.name().equals(o.step()) || step.to().equals(o.step())).findFirst();
  }
}
