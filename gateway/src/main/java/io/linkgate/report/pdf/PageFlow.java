package io.linkgate.report.pdf;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;

/**
 * The pages of a document as one flow from top to bottom: a cursor on the current page, margins of 20 mm, a new page
 * when something does not fit, and at the end a footer on every page with "หน้า x / y".
 */
final class PageFlow {

  static final float MARGIN = 56.69f; // 20 mm
  private static final float FOOTER_BASELINE = PageCanvas.height() - 30f;
  /** Room kept between the footer's note and the page number. */
  private static final float FOOTER_GAP = 12f;
  /** A note too wide for its room is set down to this share of its size, else wrapped. */
  private static final float FOOTER_LEAST = 0.85f;

  private final PDDocument document;
  private final List<PageCanvas> pages = new ArrayList<>();
  private PageCanvas page;
  private float y;

  PageFlow(PDDocument document) {
    this.document = document;
    newPage();
  }

  PageCanvas page() {
    return page;
  }

  /** The cursor, in points from the top of the page. */
  float y() {
    return y;
  }

  void down(float dy) {
    y += dy;
  }

  float left() {
    return MARGIN;
  }

  float width() {
    return PageCanvas.width() - 2 * MARGIN;
  }

  float bottom() {
    return PageCanvas.height() - MARGIN;
  }

  /** Room from the top margin to the bottom margin of an empty page. */
  float pageRoom() {
    return bottom() - MARGIN;
  }

  boolean fits(float height) {
    return y + height <= bottom();
  }

  /** Starts a new page unless {@code height} fits here (or the page is still empty). */
  void keep(float height) {
    if (!fits(height) && y > MARGIN) {
      newPage();
    }
  }

  void newPage() {
    page = new PageCanvas(document);
    pages.add(page);
    y = MARGIN;
  }

  /** One line of text across the text width, aligned; breaks the page if needed. */
  void line(TextStyle style, String text, Align align) throws IOException {
    keep(style.lineHeight());
    page.text(style, text, left(), width(), align, y + style.ascent());
    y += style.lineHeight();
  }

  /** Text wrapped to the width right of {@code indent}; the page may break between lines. */
  void paragraph(TextStyle style, String text, float indent) throws IOException {
    for (String l : LineBreaker.wrap(text, style, width() - indent)) {
      keep(style.lineHeight());
      page.text(style, l, left() + indent, width() - indent, Align.LEFT, y + style.ascent());
      y += style.lineHeight();
    }
  }

  /**
   * Puts the footer on every page and stores the pages' content. The note keeps clear of the page number: set a little
   * smaller, or wrapped below (an agency code of 32 wide letters takes two lines, which fit above the page's edge).
   */
  void finish(TextStyle footer, String note) throws IOException {
    int n = pages.size();
    for (int i = 0; i < n; i++) {
      PageCanvas p = pages.get(i);
      float rule = FOOTER_BASELINE - footer.ascent() - 2;
      p.line(left(), rule, left() + width(), rule, 0.4f);
      float number = p.text(footer, "หน้า " + (i + 1) + " / " + n, left(), width(), Align.RIGHT, FOOTER_BASELINE);
      float room = width() - number - FOOTER_GAP;
      TextStyle smaller = footer.fitting(note, room, FOOTER_LEAST);
      if (smaller != null) {
        p.text(smaller, note, left(), room, Align.LEFT, FOOTER_BASELINE);
      } else {
        float baseline = FOOTER_BASELINE;
        for (String line : LineBreaker.wrap(note, footer, room)) {
          p.text(footer, line, left(), room, Align.LEFT, baseline);
          baseline += footer.lineHeight();
        }
      }
      p.close();
    }
  }
}
