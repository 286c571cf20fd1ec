package io.linkgate.report.pdf;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.contentstream.operator.OperatorName;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSFloat;
import org.apache.pdfbox.cos.COSInteger;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdfwriter.ContentStreamWriter;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.PDStream;

/**
 * The content of one A4 page, in points from the top-left corner (y downwards, converted to PDF's y upwards here).
 * Text is drawn glyph by glyph from a {@link ShapedText}: each glyph id at its shaped position, inside a marked-content
 * span whose ActualText is the original string, so text extraction, search and copy give back the Unicode text even
 * where shaping reordered or replaced characters. {@link #close()} stores the content stream in the page.
 */
final class PageCanvas {

  static final PDRectangle A4 = PDRectangle.A4;
  private static final COSName SPAN = COSName.getPDFName("Span");

  private final PDDocument document;
  private final PDPage page;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 * 1024);
  private final ContentStreamWriter out = new ContentStreamWriter(bytes);
  private final Map<EmbeddedFont, COSName> fontNames = new HashMap<>();

  PageCanvas(PDDocument document) {
    this.document = document;
    this.page = new PDPage(A4);
    page.setResources(new PDResources());
    document.addPage(page);
  }

  static float width() {
    return A4.getWidth();
  }

  static float height() {
    return A4.getHeight();
  }

  /** Draws {@code text} with its origin at {@code x} on the baseline {@code baseline} (from the top). */
  void text(TextStyle style, float x, float baseline, ShapedText text) throws IOException {
    if (text.size() == 0) {
      return;
    }
    EmbeddedFont font = style.font();
    COSDictionary span = new COSDictionary();
    span.setString(COSName.ACTUAL_TEXT, text.text());
    out.writeTokens(SPAN, span, op(OperatorName.BEGIN_MARKED_CONTENT_SEQ));
    out.writeTokens(op(OperatorName.BEGIN_TEXT), fontName(font), real(style.size()), op(OperatorName.SET_FONT_AND_SIZE));
    float scale = style.size() / 1000f;
    float y0 = height() - baseline;
    for (int i = 0; i < text.size(); i++) {
      out.writeTokens(COSInteger.ONE, COSInteger.ZERO, COSInteger.ZERO, COSInteger.ONE, real(x + text.x(i) * scale),
          real(y0 - text.y(i) * scale), op(OperatorName.SET_MATRIX));
      out.writeTokens(new COSString(font.encode(text.glyph(i))), op(OperatorName.SHOW_TEXT));
    }
    out.writeTokens(op(OperatorName.END_TEXT), op(OperatorName.END_MARKED_CONTENT));
    font.used(text.text());
  }

  /** Draws one line of text in the box [{@code x}, {@code x + box}], aligned; returns its width. */
  float text(TextStyle style, String text, float x, float box, Align align, float baseline) throws IOException {
    ShapedText shaped = style.shape(text);
    float w = shaped.width(style.size());
    text(style, align.start(x, box, w), baseline, shaped);
    return w;
  }

  void line(float x1, float y1, float x2, float y2, float width) throws IOException {
    out.writeTokens(real(width), op(OperatorName.SET_LINE_WIDTH));
    out.writeTokens(real(x1), real(height() - y1), op(OperatorName.MOVE_TO));
    out.writeTokens(real(x2), real(height() - y2), op(OperatorName.LINE_TO), op(OperatorName.STROKE_PATH));
  }

  /** Fills a rectangle with a grey ({@code 0} black, {@code 1} white). */
  void fill(float x, float top, float w, float h, float grey) throws IOException {
    out.writeTokens(real(grey), op(OperatorName.NON_STROKING_GRAY));
    out.writeTokens(real(x), real(height() - top - h), real(w), real(h), op(OperatorName.APPEND_RECT), op(OperatorName.FILL_NON_ZERO));
    out.writeTokens(COSInteger.ZERO, op(OperatorName.NON_STROKING_GRAY));
  }

  void close() throws IOException {
    page.setContents(new PDStream(document, new ByteArrayInputStream(bytes.toByteArray()), COSName.FLATE_DECODE));
  }

  private COSName fontName(EmbeddedFont font) {
    return fontNames.computeIfAbsent(font, f -> page.getResources().add(f.pdf()));
  }

  private static Operator op(String name) {
    return Operator.getOperator(name);
  }

  /** Rounded to 1/100 pt (0.0035 mm): smaller streams, no visible difference. */
  private static COSFloat real(float v) {
    return new COSFloat(Math.round(v * 100f) / 100f);
  }
}
