package io.linkgate.report.pdf;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;

/**
 * Test helpers that look at a PDF the way a reader does: rasterize a page, find where a string was drawn, draw the
 * same string with Java2D (which shapes Thai) as the reference, and draw it the naive way (PDFBox {@code showText},
 * character by character, no shaping) as the negative control.
 */
final class Probe {

  /** Where a run of text sits on a page: its origin on the baseline, in points from the top-left corner. */
  record Found(int page, float x, float baseline, float size) {
  }

  /**
   * How a drawing compares with Java2D's: the share of ink without a partner (after the best shift of up to 2 px,
   * partners may be 1 px away) and the largest patch of such ink. Rasterizer differences stay far below the limits;
   * one misplaced tone mark or SARA AM breaks them.
   */
  record Likeness(double mismatch, int patch) {

    static final double MAX_MISMATCH = 0.004;
    static final int MAX_PATCH = 6;

    boolean same() {
      return mismatch <= MAX_MISMATCH && patch <= MAX_PATCH;
    }
  }

  private static final int SHIFT = 2;
  private static final int TOLERANCE = 1;

  private Probe() {
  }

  /** Only {@code area} (pixels at {@code dpi}) of a page, rasterized by PDFBox's renderer. */
  static BufferedImage render(byte[] pdf, int page, float dpi, Rectangle area) throws IOException {
    return render(pdf, page, dpi, List.of(area)).get(0);
  }

  static List<BufferedImage> render(byte[] pdf, int page, float dpi, List<Rectangle> areas) throws IOException {
    List<BufferedImage> out = new ArrayList<>();
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      PDFRenderer renderer = new PDFRenderer(doc);
      for (Rectangle area : areas) {
        BufferedImage img = new BufferedImage(area.width, area.height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        g.setBackground(Color.WHITE);
        g.clearRect(0, 0, area.width, area.height);
        g.translate(-area.x, -area.y);
        try {
          renderer.renderPageToGraphics(page, g, dpi / 72f);
        } finally {
          g.dispose();
        }
        out.add(img);
      }
    }
    return out;
  }

  /** Every place where a marked-content run (its ActualText) equals {@code text}. */
  static List<Found> find(byte[] pdf, String text) throws IOException {
    List<Found> found = new ArrayList<>();
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      PDFTextStripper stripper = new PDFTextStripper() {
        @Override
        protected void processTextPosition(TextPosition p) {
          super.processTextPosition(p);
          if (text.equals(p.getUnicode())) {
            found.add(new Found(getCurrentPageNo() - 1, p.getXDirAdj(), p.getYDirAdj(), p.getFontSizeInPt()));
          }
        }
      };
      stripper.getText(doc);
    }
    return found;
  }

  /** A4 page with {@code text} drawn by PDFBox {@code showText} (no shaping) with its origin at {@code x, baseline}. */
  static byte[] naive(Path font, String text, float x, float baseline, float size) throws IOException {
    return naive(font, List.of(text), x, baseline, 0, size);
  }

  /** Several lines, the first at {@code baseline}, each {@code step} points below the one before. */
  static byte[] naive(Path font, List<String> texts, float x, float baseline, float step, float size) throws IOException {
    try (PDDocument doc = new PDDocument()) {
      PDPage page = new PDPage(PDRectangle.A4);
      doc.addPage(page);
      PDType0Font f = PDType0Font.load(doc, font.toFile());
      try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
        for (int i = 0; i < texts.size(); i++) {
          cs.beginText();
          cs.setFont(f, size);
          cs.newLineAtOffset(x, PDRectangle.A4.getHeight() - baseline - i * step);
          cs.showText(texts.get(i));
          cs.endText();
        }
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      return out.toByteArray();
    }
  }

  /** A4 page with {@code text} drawn by the report's own shaping and glyph drawing. */
  static byte[] shaped(PdfFonts fonts, String text, float x, float baseline, float size) throws IOException {
    return shaped(fonts, List.of(text), x, baseline, 0, size);
  }

  /** Several lines, the first at {@code baseline}, each {@code step} points below the one before. */
  static byte[] shaped(PdfFonts fonts, List<String> texts, float x, float baseline, float step, float size) throws IOException {
    try (PDDocument doc = new PDDocument()) {
      EmbeddedFont f = EmbeddedFont.embed(doc, fonts.regular());
      PageCanvas canvas = new PageCanvas(doc);
      for (int i = 0; i < texts.size(); i++) {
        canvas.text(new TextStyle(f, size), x, baseline + i * step, f.shape(texts.get(i)));
      }
      canvas.close();
      f.subset();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      return out.toByteArray();
    }
  }

  /**
   * The page area around a run at {@code x, baseline} (points) of {@code text} at {@code size} points, in pixels at
   * {@code dpi}: from 0.2 em left of the origin to 0.4 em past the advance, 1.5 em above the baseline to 0.8 em below.
   */
  static Rectangle area(Font awt, String text, float x, float baseline, float size, float dpi) {
    float k = dpi / 72f;
    double width = awt.deriveFont(size).getStringBounds(text, new FontRenderContext(null, true, true)).getWidth();
    int left = (int) Math.floor((x - 0.2f * size) * k);
    int top = (int) Math.floor((baseline - 1.5f * size) * k);
    int right = (int) Math.ceil((x + width + 0.4f * size) * k);
    int bottom = (int) Math.ceil((baseline + 0.8f * size) * k);
    return new Rectangle(left, top, right - left, bottom - top);
  }

  /**
   * Compares {@code text} drawn in {@code pdf} with its origin at {@code x, baseline} against Java2D's drawing of it.
   * Only ink near the reference's ink counts (neighbouring cells stay out), and table rules are erased first.
   */
  static Likeness compare(byte[] pdf, int page, Font awt, String text, float x, float baseline, float size, float dpi)
      throws IOException {
    Rectangle area = area(awt, text, x, baseline, size, dpi);
    Ink reference = Ink.of(java2d(awt, text, x, baseline, size, dpi, area));
    Rectangle near = reference.bounds();
    near.grow(SHIFT + TOLERANCE + 1, SHIFT + TOLERANCE + 1);
    Ink drawn = Ink.of(render(pdf, page, dpi, area)).withoutRules(Math.round(1.5f * size * dpi / 72f)).within(near);
    return new Likeness(reference.mismatch(drawn, SHIFT, TOLERANCE), reference.largestDifference(drawn, SHIFT, TOLERANCE));
  }

  /** Java2D's own drawing of {@code text} (shaped by the JDK) for the page area {@code area}. */
  static BufferedImage java2d(Font awt, String text, float x, float baseline, float size, float dpi, Rectangle area) {
    float k = dpi / 72f;
    BufferedImage img = new BufferedImage(area.width, area.height, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, area.width, area.height);
    g.setColor(Color.BLACK);
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    g.setFont(awt.deriveFont(size * k));
    g.drawString(text, x * k - area.x, baseline * k - area.y);
    g.dispose();
    return img;
  }
}
