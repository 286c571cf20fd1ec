package io.linkgate.report.pdf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.report.MonthlyReport;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReportPdfTest {

  private static ReportPdf renderer;
  private static byte[] pdf;
  /** The extracted text of {@link #pdf}, runs of whitespace made one space. */
  private static String text;

  @BeforeAll
  static void render() throws IOException {
    renderer = new ReportPdf(PdfFonts.defaults());
    pdf = SampleReport.pdf();
    text = oneSpace(text(pdf));
  }

  @Test
  void should_produce_a_multi_page_a4_pdf_with_the_thai_fonts_embedded_when_the_report_is_realistic() throws IOException {
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      assertTrue(doc.getNumberOfPages() > 1, "pages: " + doc.getNumberOfPages());
      List<String> fonts = new ArrayList<>();
      for (PDPage page : doc.getPages()) {
        assertEquals(PDRectangle.A4.getWidth(), page.getMediaBox().getWidth(), 0.01);
        assertEquals(PDRectangle.A4.getHeight(), page.getMediaBox().getHeight(), 0.01);
        for (COSName name : page.getResources().getFontNames()) {
          PDFont font = page.getResources().getFont(name);
          assertTrue(font instanceof PDType0Font, font.getName() + " is a CID font");
          assertTrue(font.isEmbedded(), font.getName() + " is embedded");
          assertTrue(((PDType0Font) font).getDescendantFont().getFontDescriptor().getFontFile2() != null, "TrueType program embedded");
          assertTrue(font.getName().matches("[A-Z]{6}\\+Laksaman.*"), "subset of Laksaman: " + font.getName());
          fonts.add(font.getName().substring(7));
        }
      }
      assertTrue(fonts.contains("Laksaman") && fonts.contains("Laksaman-Bold"), "fonts: " + fonts);
    }
  }

  @Test
  void should_number_pages_and_repeat_table_headings_when_the_officer_table_overflows() throws IOException {
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      int n = doc.getNumberOfPages();
      int pagesWithOfficerHeadings = 0;
      for (int p = 1; p <= n; p++) {
        String page = pageText(doc, p);
        assertTrue(page.contains("หน้า " + p + " / " + n), "page " + p + " is numbered");
        if (page.contains("ชื่อภาษาอังกฤษ") && page.contains("Name (English)")) {
          pagesWithOfficerHeadings++;
        }
      }
      assertTrue(pagesWithOfficerHeadings >= 2, "officer table headings repeated, on " + pagesWithOfficerHeadings + " pages");
      assertTrue(text.contains("60 " + SampleReport.build().officers().get(59).nameTh()), "the 60th officer is listed");
    }
  }

  @Test
  void should_extract_thai_in_reading_order_when_the_text_is_stripped() {
    // ประจำ has SARA AM, which the shaper splits into NIKHAHIT + SARA AA: only ActualText gives it back as typed
    assertInOrder(text, "รายงานสรุปการใช้งานระบบเชื่อมโยงข้อมูลประจำเดือน", "Monthly data-linkage usage report",
        "ประจำเดือน พฤศจิกายน 2569 / November 2026", "สำนักงานเขตปทุมวัน กรุงเทพมหานคร", "1. สรุปภาพรวม / Totals",
        "คำขอทั้งหมด All requests 48,213", "2. การใช้งานตามงานบริการ", SampleReport.CIVIL_REGISTRATION,
        "4. การใช้งานรายเจ้าหน้าที่", "1 " + SampleReport.PRASERT + " Mr. Prasert Saksit 3,912 3,801 98 240",
        "2 " + SampleReport.PORNTHIP + " Mrs. Pornthip Wongsawat 2,210", "5. คำขอที่ไม่สำเร็จ จำแนกตามสาเหตุ / Unsuccessful requests by reason",
        "งานบริการไม่ได้รับสิทธิ์ชุดข้อมูลนี้ dataset-not-granted 804 1.67",
        "คำตอบว่าไม่พบข้อมูล (นับรวมอยู่ในรายการให้บริการสำเร็จ) / Not-found answers (counted within Served)",
        "ไม่พบข้อมูลในระบบต้นทาง linkage-data-not-found 612 1.33", "ไม่พบนิติบุคคล juristic-person-not-found 35 0.08",
        "7. ความผิดปกติที่ตรวจพบ", "ปริมาณการเรียกดูสูงผิดปกติ",
        "8. การรับรองรายงาน / Sign-off", "ลงนามโดย Signed by " + SampleReport.PORNTHIP, SampleReport.PRASERT);
    assertTrue(text.replace(" ", "").contains(SampleReport.LONG_COMMENT.replace(" ", "")), "the wrapped comment reads as written");
  }

  @Test
  void should_print_a_date_with_the_buddhist_era_and_bangkok_time_when_the_header_is_drawn() {
    // periodStart 2026-10-31T17:00Z is 1 November 00:00 in Bangkok; generatedAt 01:05Z is 08:05 there
    assertTrue(text.contains("1 พฤศจิกายน 2569 ถึง 30 พฤศจิกายน 2569"), "period in Thai");
    assertTrue(text.contains("1 ธันวาคม 2569 เวลา 08:05 น."), "generated, Thai");
    assertTrue(text.contains("1 December 2026, 08:05 (UTC+7)"), "generated, English");
    assertTrue(text.contains("3 ธันวาคม 2569") && text.contains("5 ธันวาคม 2569"), "due dates");
  }

  @Test
  void should_keep_every_figure_on_one_line_when_it_is_wider_than_its_column_was_planned() throws IOException {
    MonthlyReport sample = SampleReport.build();
    List<MonthlyReport.OfficerLine> officers = new ArrayList<>();
    for (int i = 1; i <= 120; i++) {
      long requests = i == 1 ? 12_345 : 200 - i;
      officers.add(new MonthlyReport.OfficerLine(UUID.randomUUID(), "นายทดสอบ คนที่ " + i, "Mr. Test No. " + i, requests, requests,
          i == 1 ? 10_000 : 0, 0));
    }
    List<MonthlyReport.ServiceLine> services = List.of(
        new MonthlyReport.ServiceLine("NC-CIVILREG", SampleReport.CIVIL_REGISTRATION, "Civil registration", 1_234_567, 1_000_000, 234_567, 987_654));
    MonthlyReport big = new MonthlyReport(sample.header(), sample.totals(), services, sample.datasets(), officers, sample.refusals(),
        sample.notFound(), sample.logins(), sample.anomalies(), List.of(), sample.workflow());

    String bigText = oneSpace(text(renderer.render(big)));

    assertTrue(bigText.contains("100 นายทดสอบ คนที่ 100 Mr. Test No. 100 100 100 0 0"), "the 100th row: " + around(bigText, "คนที่ 100"));
    assertTrue(bigText.contains("1 นายทดสอบ คนที่ 1 Mr. Test No. 1 12,345 12,345 10,000 0"), "five-digit counts: " + around(bigText, "คนที่ 1 "));
    assertTrue(bigText.contains("1,234,567 1,000,000 234,567 987,654"), "seven-digit counts: " + around(bigText, "NC-CIVILREG"));
  }

  @Test
  void should_leave_signature_lines_for_every_step_when_the_report_is_a_draft() throws IOException {
    MonthlyReport sample = SampleReport.build();
    MonthlyReport.Workflow stored = sample.workflow();
    MonthlyReport draft = new MonthlyReport(sample.header(), sample.totals(), List.of(), List.of(), List.of(), List.of(),
        List.of(), new MonthlyReport.Logins(0, 0, 0, List.of()), List.of(), List.of(), new MonthlyReport.Workflow(stored.reportId(), "DRAFT",
            stored.verifyDue(), stored.sendDue(), stored.contentHash(), List.of()));

    String draftText = oneSpace(text(renderer.render(draft)));

    assertEquals(4, count(draftText, "ลงชื่อ / Signature"), "four unsigned steps");
    assertTrue(draftText.contains("ฉบับร่าง"), "shown as a draft");
    assertTrue(draftText.contains("ไม่พบความผิดปกติ"), "no anomalies");
    assertTrue(draftText.contains("ไม่มีรายการ / None"), "empty tables say so");
  }

  @Test
  void should_say_it_is_a_preview_with_its_cut_off_and_no_signature_lines_when_the_report_has_no_workflow() throws IOException {
    MonthlyReport sample = SampleReport.build();
    MonthlyReport.Header h = sample.header();
    // 20 November 2026, 15:00 in Bangkok: the month is open
    MonthlyReport.Header open = new MonthlyReport.Header(h.agencyCode(), h.agencyNameTh(), h.agencyNameEn(), h.officeCode(), h.month(),
        h.periodStart(), h.periodEnd(), Instant.parse("2026-11-20T08:00:00Z"), 0);
    MonthlyReport preview = new MonthlyReport(open, sample.totals(), sample.services(), sample.datasets(), sample.officers(),
        sample.refusals(), sample.notFound(), sample.logins(), sample.anomalies(), List.of(), null);

    String previewText = oneSpace(text(renderer.render(preview)));

    assertTrue(previewText.contains("ฉบับแสดงตัวอย่าง — ยังไม่ใช่รายงานประจำเดือน"), "a preview, in Thai");
    assertTrue(previewText.contains("Preview — not the month's report"), "a preview, in English");
    assertFalse(previewText.contains("DRAFT"), "not stated as a draft");
    assertEquals(0, count(previewText, "ลงชื่อ / Signature"), "nothing to sign");
    assertTrue(previewText.contains("1 พฤศจิกายน 2569 ถึง 20 พฤศจิกายน 2569 เวลา 15:00 น."), "data up to the generation: "
        + around(previewText, "ช่วงเวลาของข้อมูล"));
    assertTrue(previewText.contains("1 November 2026 to 20 November 2026, 15:00 (UTC+7)"), "the same in English");
    assertFalse(previewText.contains("30 พฤศจิกายน 2569"), "not to the end of the month");
    assertFalse(previewText.contains("ฉบับที่ 0"), "no version 0 in the footer");
  }

  @Test
  void should_keep_the_footer_note_clear_of_the_page_number_when_the_agency_code_is_32_characters_long() throws IOException {
    MonthlyReport sample = SampleReport.build();
    MonthlyReport.Header h = sample.header();
    String code = "WMWMWMWMWMWMWMWMWMWMWMWMWMWMWMWM";
    MonthlyReport longCode = new MonthlyReport(new MonthlyReport.Header(code, h.agencyNameTh(), h.agencyNameEn(), h.officeCode(), h.month(),
        h.periodStart(), h.periodEnd(), h.generatedAt(), 12), sample.totals(), sample.services(), sample.datasets(), sample.officers(),
        sample.refusals(), sample.notFound(), sample.logins(), sample.anomalies(), List.of(), sample.workflow());
    byte[] bytes = renderer.render(longCode);

    // every glyph below the bottom margin, by page and baseline
    Map<String, List<TextPosition>> footerLines = new TreeMap<>();
    try (PDDocument doc = Loader.loadPDF(bytes)) {
      new PDFTextStripper() {
        @Override
        protected void processTextPosition(TextPosition p) {
          if (p.getYDirAdj() > PDRectangle.A4.getHeight() - PageFlow.MARGIN && p.getWidthDirAdj() > 0) {
            footerLines.computeIfAbsent(getCurrentPageNo() + "@" + Math.round(p.getYDirAdj()), k -> new ArrayList<>()).add(p);
          }
        }
      }.getText(doc);
      String all = oneSpace(text(bytes));
      assertTrue(all.contains(code), "the code whole");
      assertTrue(all.contains("หน้า " + doc.getNumberOfPages() + " / " + doc.getNumberOfPages()), "the last page's number");
    }

    assertFalse(footerLines.isEmpty());
    for (Map.Entry<String, List<TextPosition>> line : footerLines.entrySet()) {
      List<TextPosition> glyphs = new ArrayList<>(line.getValue());
      glyphs.sort(Comparator.comparing(TextPosition::getXDirAdj));
      for (int i = 1; i < glyphs.size(); i++) {
        TextPosition before = glyphs.get(i - 1);
        TextPosition after = glyphs.get(i);
        assertTrue(before.getXDirAdj() + before.getWidthDirAdj() <= after.getXDirAdj() + 0.5f, "on " + line.getKey() + ", '"
            + before.getUnicode() + "' at " + before.getXDirAdj() + " overprints '" + after.getUnicode() + "' at " + after.getXDirAdj());
      }
      TextPosition last = glyphs.get(glyphs.size() - 1);
      assertTrue(last.getXDirAdj() + last.getWidthDirAdj() <= PDRectangle.A4.getWidth() - PageFlow.MARGIN + 0.5f,
          "within the right margin on " + line.getKey());
    }
  }

  @Test
  void should_render_the_same_text_when_called_from_several_threads() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<byte[]>> runs = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        runs.add(pool.submit(() -> renderer.render(SampleReport.build())));
      }
      for (Future<byte[]> run : runs) {
        assertEquals(text, oneSpace(text(run.get())));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static String text(byte[] bytes) throws IOException {
    try (PDDocument doc = Loader.loadPDF(bytes)) {
      return new PDFTextStripper().getText(doc);
    }
  }

  private static String pageText(PDDocument doc, int page) throws IOException {
    PDFTextStripper stripper = new PDFTextStripper();
    stripper.setStartPage(page);
    stripper.setEndPage(page);
    return oneSpace(stripper.getText(doc));
  }

  private static String oneSpace(String s) {
    return s.replaceAll("\\s+", " ");
  }

  private static String around(String text, String part) {
    int at = Math.max(0, text.indexOf(part));
    return text.substring(Math.max(0, at - 120), Math.min(text.length(), at + 200));
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  private static void assertInOrder(String text, String... parts) {
    int at = 0;
    for (String part : parts) {
      int next = text.indexOf(part, at);
      assertTrue(next >= 0, "'" + part + "' after position " + at + " in: " + text.substring(at, Math.min(text.length(), at + 300)));
      at = next + part.length();
    }
  }
}
