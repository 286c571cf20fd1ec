package io.linkgate.report.pdf;

import io.linkgate.report.MonthlyReport;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A realistic monthly report for rendering tests: Thai names with stacked marks, 60 officers (the officer table spans
 * pages), anomalies with evidence, two signed steps (one with a long Thai comment that must wrap) and two pending.
 */
final class SampleReport {

  static final String PRASERT = "นายประเสริฐ ศักดิ์สิทธิ์";
  static final String PORNTHIP = "นางพรทิพย์ วงศ์สวัสดิ์";
  static final String CIVIL_REGISTRATION = "งานทะเบียนราษฎร";
  static final String LONG_COMMENT = "ตรวจสอบแล้วพบว่าการเรียกดูข้อมูลทะเบียนราษฎรของเจ้าหน้าที่ส่วนใหญ่เป็นไปตามระเบียบ "
      + "ยกเว้นกรณีที่ระบุไว้ในหัวข้อความผิดปกติ ซึ่งได้สอบถามเจ้าหน้าที่ผู้เกี่ยวข้องแล้ว "
      + "และขอให้หัวหน้าหน่วยงานพิจารณาส่งศูนย์ไอซีทีตรวจสอบเพิ่มเติม";
  static final String CONTENT_HASH = "3f9a1c0b7e5d2a4c6b8e0f1a3c5e7d9b2a4c6e8f0b1d3f5a7c9e1b3d5f7a9c0e";

  private static final String[][] MEN = {{"สมชาย", "Somchai"}, {"สมศักดิ์", "Somsak"}, {"ณัฐพงษ์", "Nattapong"},
      {"กิตติศักดิ์", "Kittisak"}, {"ธีรวัฒน์", "Teerawat"}, {"ชัยวุฒิ", "Chaiwut"}, {"ภูมิพัฒน์", "Phumipat"}};
  private static final String[][] WOMEN = {{"วิไลวรรณ", "Wilaiwan"}, {"ปิ่นทิพย์", "Pinthip"}, {"สุดารัตน์", "Sudarat"},
      {"น้ำฝน", "Namfon"}, {"ศิริพร", "Siriporn"}, {"อัญชลี", "Anchalee"}, {"ปิยะนุช", "Piyanut"}, {"เพ็ญศรี", "Pensri"}};
  private static final String[][] SURNAMES = {{"ใจดี", "Jaidee"}, {"ศรีสุข", "Srisuk"}, {"ทองคำ", "Thongkham"},
      {"บุญญฤทธิ์", "Bunyarit"}, {"พึ่งบุญ", "Phuengboon"}, {"สุขเจริญ", "Sukcharoen"}, {"ปั้นทอง", "Panthong"},
      {"ฤทธิ์เดช", "Ritdet"}, {"นิ่มนวล", "Nimnuan"}, {"ศักดิ์ศรี", "Saksri"}, {"ชื่นชม", "Chuenchom"}, {"ผู้ใหญ่ยิ่ง", "Phuyaiying"}};

  private static byte[] pdf;

  private SampleReport() {
  }

  /** The sample rendered once per test run with the default fonts (the tests only read it). */
  static synchronized byte[] pdf() {
    if (pdf == null) {
      pdf = new ReportPdf(PdfFonts.defaults()).render(build());
    }
    return pdf;
  }

  static MonthlyReport build() {
    YearMonth month = YearMonth.of(2026, 11);
    MonthlyReport.Header header = new MonthlyReport.Header("DOPA-BKK-01", "สำนักงานเขตปทุมวัน กรุงเทพมหานคร",
        "Pathum Wan District Office, Bangkok", "10070", month, Instant.parse("2026-10-31T17:00:00Z"),
        Instant.parse("2026-11-30T17:00:00Z"), Instant.parse("2026-12-01T01:05:00Z"), 2);
    MonthlyReport.Totals totals = new MonthlyReport.Totals(48_213, 45_870, 1_904, 311, 128, 12_407, 21_559, 1_210);
    List<MonthlyReport.ServiceLine> services = List.of(
        new MonthlyReport.ServiceLine("NC-CIVILREG", CIVIL_REGISTRATION, "Civil registration", 30_112, 29_001, 905, 14_230),
        new MonthlyReport.ServiceLine("NC-WELFARE", "งานลงทะเบียนสวัสดิการแห่งรัฐ", "State welfare registration", 12_480, 11_902, 512, 6_011),
        new MonthlyReport.ServiceLine("NC-IDCARD", "งานบัตรประจำตัวประชาชน", "Identity cards", 5_621, 4_967, 487, 3_318));
    List<MonthlyReport.DatasetLine> datasets = List.of(
        new MonthlyReport.DatasetLine("linkage.person", 25_002, 24_100, 8_201),
        new MonthlyReport.DatasetLine("linkage.house", 14_380, 13_870, 3_050),
        new MonthlyReport.DatasetLine("gdx.card-check", 8_831, 7_900, 1_156));
    List<MonthlyReport.OfficerLine> officers = new ArrayList<>();
    officers.add(new MonthlyReport.OfficerLine(id(1), PRASERT, "Mr. Prasert Saksit", 3_912, 3_801, 98, 240));
    officers.add(new MonthlyReport.OfficerLine(id(2), PORNTHIP, "Mrs. Pornthip Wongsawat", 2_210, 2_150, 51, 12));
    for (int i = 0; i < 58; i++) {
      boolean man = i % 2 == 0;
      String[] first = man ? MEN[(i / 2) % MEN.length] : WOMEN[(i / 2) % WOMEN.length];
      String[] last = SURNAMES[(i * 7) % SURNAMES.length];
      officers.add(new MonthlyReport.OfficerLine(id(10 + i), (man ? "นาย" : "นางสาว") + first[0] + " " + last[0],
          (man ? "Mr. " : "Ms. ") + first[1] + " " + last[1], 1_500 - i * 20, 1_450 - i * 20, 30 + i, i % 5));
    }
    // refused 1,904, upstream errors 311, errors 128; the not-found answers are among the 45,870 served
    List<MonthlyReport.ReasonLine> refusals = List.of(
        new MonthlyReport.ReasonLine("dataset-not-granted", 804),
        new MonthlyReport.ReasonLine("rate-limit-session", 511),
        new MonthlyReport.ReasonLine("outside-working-hours", 320),
        new MonthlyReport.ReasonLine("upstream-timeout", 311),
        new MonthlyReport.ReasonLine("service-not-assigned", 141),
        new MonthlyReport.ReasonLine("internal-error", 128),
        new MonthlyReport.ReasonLine("quota-officer-daily", 128));
    List<MonthlyReport.ReasonLine> notFound = List.of(
        new MonthlyReport.ReasonLine("linkage-data-not-found", 612),
        new MonthlyReport.ReasonLine("juristic-person-not-found", 35));
    MonthlyReport.Logins logins = new MonthlyReport.Logins(37, 31, 2, List.of(
        new MonthlyReport.ReasonLine("wrong-pin", 31), new MonthlyReport.ReasonLine("officer-not-registered", 4),
        new MonthlyReport.ReasonLine("pin-blocked", 2)));
    Map<String, Number> spike = new LinkedHashMap<>();
    spike.put("lookups", 3_801L);
    spike.put("ownMonthlyAverage", 912.3);
    spike.put("peerMedian", 640.0);
    Map<String, Number> citizen = new LinkedHashMap<>();
    citizen.put("officers", 4L);
    citizen.put("lookups", 23L);
    List<MonthlyReport.Anomaly> anomalies = List.of(
        new MonthlyReport.Anomaly("volume-spike", "ปริมาณการเรียกดูสูงผิดปกติ", "Unusually high lookup volume", PRASERT, spike, ids(100, 50)),
        new MonthlyReport.Anomaly("outside-hours", "ใช้งานนอกวันและเวลาทำการ", "Lookups outside working days and hours", PORNTHIP,
            Map.of("requests", 17L), ids(200, 17)),
        new MonthlyReport.Anomaly("citizen-many-officers", "ข้อมูลของบุคคลเดียวถูกเรียกดูโดยเจ้าหน้าที่หลายคน",
            "One citizen looked up by many officers", "#5be0c1d2a9", citizen, ids(300, 3)),
        new MonthlyReport.Anomaly("blocked-pin", "รหัส PIN ของบัตรถูกระงับ", "Card PIN blocked", "นางสาวน้ำฝน ปั้นทอง",
            Map.of("blockedPins", 2L), List.of()));
    MonthlyReport.Workflow workflow = new MonthlyReport.Workflow(UUID.fromString("7c1e4b9a-2f3d-4e5a-8b6c-9d0e1f2a3b4c"), "VERIFIED",
        LocalDate.of(2026, 12, 3), LocalDate.of(2026, 12, 5), CONTENT_HASH, List.of(
            new MonthlyReport.SignOff("SUBMIT", PORNTHIP, "USER", Instant.parse("2026-12-01T02:30:00Z"),
                "จัดทำรายงานจากบันทึกการใช้งานของระบบ", CONTENT_HASH),
            new MonthlyReport.SignOff("VERIFY", PRASERT, "CONTROLLING_SUPERVISOR", Instant.parse("2026-12-02T07:45:00Z"), LONG_COMMENT,
                CONTENT_HASH)));
    return new MonthlyReport(header, totals, services, datasets, officers, refusals, notFound, logins, anomalies, List.of(), workflow);
  }

  private static UUID id(int n) {
    return UUID.nameUUIDFromBytes(("officer-" + n).getBytes(StandardCharsets.UTF_8));
  }

  private static List<UUID> ids(int from, int count) {
    List<UUID> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(UUID.nameUUIDFromBytes(("usage-" + (from + i)).getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }
}
