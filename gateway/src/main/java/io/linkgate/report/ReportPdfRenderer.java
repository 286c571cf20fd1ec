package io.linkgate.report;

import io.linkgate.report.pdf.MissingFontException;
import io.linkgate.report.pdf.ReportPdf;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders reports as PDF with the configured Thai fonts; blocking (run it on the report worker pool). The fonts
 * load on the first PDF asked for, so a gateway without them still starts and serves JSON and CSV; a PDF then
 * answers 503 report-pdf-unavailable naming the missing file and the package that provides it.
 */
public final class ReportPdfRenderer {

  private static final Logger LOG = LoggerFactory.getLogger(ReportPdfRenderer.class);

  private ReportPdfRenderer() {
  }

  public static Function<MonthlyReport, byte[]> of(ReportConfig config) {
    Object lock = new Object();
    ReportPdf[] loaded = new ReportPdf[1];
    return report -> {
      ReportPdf pdf;
      synchronized (lock) {
        if (loaded[0] == null) {
          try {
            loaded[0] = ReportPdf.of(config);
          } catch (MissingFontException e) {
            LOG.atWarn().log("PDF reports unavailable: " + e.getMessage());
            throw ReportProblems.PDF_UNAVAILABLE.exception(e.getMessage());
          }
        }
        pdf = loaded[0];
      }
      return pdf.render(report);
    };
  }
}
