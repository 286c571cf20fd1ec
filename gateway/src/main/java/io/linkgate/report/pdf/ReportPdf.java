package io.linkgate.report.pdf;

import io.linkgate.report.MonthlyReport;
import io.linkgate.report.ReportConfig;
import io.linkgate.report.ReportPeriod;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.GregorianCalendar;
import java.util.Objects;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;

/**
 * Renders a {@link MonthlyReport} as an A4 PDF in Thai with English labels, the way the paper control book's monthly
 * summary looks: Thai text shaped by the JDK (tone marks and vowels stacked and placed correctly), the font embedded
 * as a subset, ruled tables that continue over pages, and text that extracts, searches and copies as Unicode.
 *
 * <p>Rendering is blocking CPU work: run it on a worker pool. One instance serves concurrent calls; each call builds
 * its own document.
 */
public final class ReportPdf {

  private final PdfFonts fonts;

  public ReportPdf(PdfFonts fonts) {
    this.fonts = Objects.requireNonNull(fonts, "fonts");
  }

  /**
   * With the fonts the configuration names.
   *
   * @throws MissingFontException when a font file is missing or unusable
   */
  public static ReportPdf of(ReportConfig config) {
    return new ReportPdf(PdfFonts.load(config.pdfFont(), config.pdfBoldFont()));
  }

  public byte[] render(MonthlyReport report) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    try {
      render(report, out);
    } catch (IOException e) {
      throw new UncheckedIOException("PDF rendering failed", e);
    }
    return out.toByteArray();
  }

  public void render(MonthlyReport report, OutputStream out) throws IOException {
    Objects.requireNonNull(report, "report");
    try (PDDocument document = new PDDocument()) {
      EmbeddedFont regular = EmbeddedFont.embed(document, fonts.regular());
      EmbeddedFont bold = EmbeddedFont.embed(document, fonts.bold());
      Styles styles = Styles.of(regular, bold);
      PageFlow flow = new PageFlow(document);
      new ReportLayout(report, styles, flow).write();
      MonthlyReport.Header h = report.header();
      flow.finish(styles.footer(), h.agencyCode() + " · รายงานการใช้งานประจำเดือน " + ThaiFormat.monthTh(h.month()) + " · "
          + (report.preview() ? "ฉบับแสดงตัวอย่าง / preview" : "ฉบับที่ " + h.version()));
      regular.subset();
      bold.subset();
      describe(document, h);
      document.save(out);
    }
  }

  private static void describe(PDDocument document, MonthlyReport.Header h) {
    PDDocumentInformation info = document.getDocumentInformation();
    info.setTitle("รายงานสรุปการใช้งานระบบเชื่อมโยงข้อมูลประจำเดือน " + ThaiFormat.monthTh(h.month()) + " — " + h.agencyNameTh());
    info.setSubject("Monthly data-linkage usage report, " + ThaiFormat.monthEn(h.month()) + ", " + h.agencyCode());
    info.setAuthor(h.agencyNameTh());
    info.setCreator("LinkGate");
    GregorianCalendar created = GregorianCalendar.from(h.generatedAt().atZone(ReportPeriod.BANGKOK));
    info.setCreationDate(created);
    info.setModificationDate(created);
    document.getDocumentCatalog().setLanguage("th-TH");
  }
}
