package io.linkgate.report.pdf;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A ruled table that flows over pages: cells wrap their text to the column width, a row that does not fit goes to
 * the next page, the column headings (Thai over English) are repeated at the top of each page, and a row taller than
 * a whole page is split between its lines.
 */
final class Table {

  static final float PAD_X = 3f;
  private static final float PAD_Y = 3.5f;
  private static final float RULE = 0.5f;
  private static final float HEAD_GREY = 0.9f;

  /** A column: headings in Thai and English, width in points, and how its cells align. */
  record Column(String th, String en, float width, Align align) {
  }

  /** One paragraph of a cell ({@code null} text prints nothing); a {@code name} wraps only between its parts where it can. */
  record Run(TextStyle style, String text, boolean name) {

    Run {
      text = text == null ? "" : text;
    }

    List<String> wrap(float width) {
      return name ? LineBreaker.wrapName(text, style, width) : LineBreaker.wrap(text, style, width);
    }
  }

  /** A cell: paragraphs one below the other. */
  record Cell(List<Run> runs) {

    static Cell of(TextStyle style, String text) {
      return new Cell(List.of(new Run(style, text, false)));
    }

    /** A person's name (or another label whose parts should stay whole). */
    static Cell name(TextStyle style, String text) {
      return new Cell(List.of(new Run(style, text, true)));
    }

    Cell then(TextStyle style, String text) {
      List<Run> more = new ArrayList<>(runs);
      more.add(new Run(style, text, false));
      return new Cell(List.copyOf(more));
    }
  }

  /** A wrapped line of a cell. */
  private record Line(TextStyle style, String text) {
  }

  private final List<Column> columns;
  private final TextStyle headTh;
  private final TextStyle headEn;
  private final boolean headings;
  private final List<Cell[]> rows = new ArrayList<>();

  /** {@code headTh}/{@code headEn} style the headings; without headings ({@code null}) the table is a ruled list. */
  Table(List<Column> columns, TextStyle headTh, TextStyle headEn) {
    this.columns = List.copyOf(columns);
    this.headTh = headTh;
    this.headEn = headEn;
    this.headings = headTh != null;
  }

  Table row(Cell... cells) {
    if (cells.length != columns.size()) {
      throw new IllegalArgumentException("a row needs " + columns.size() + " cells, got " + cells.length);
    }
    rows.add(cells.clone());
    return this;
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  void draw(PageFlow flow) throws IOException {
    List<List<Line>> head = headings ? headLines() : null;
    float headHeight = headings ? height(head) : 0;
    List<List<List<Line>>> laid = new ArrayList<>();
    for (Cell[] row : rows) {
      laid.add(layout(row));
    }
    float first = laid.isEmpty() ? 0 : Math.min(height(laid.get(0)), flow.pageRoom() - headHeight);
    flow.keep(headHeight + first);
    if (headings) {
      drawRow(flow, head, headHeight, true);
    }
    float fresh = flow.y();
    for (List<List<Line>> row : laid) {
      List<List<Line>> rest = row;
      while (rest != null) {
        float h = height(rest);
        if (flow.fits(h)) {
          drawRow(flow, rest, h, false);
          rest = null;
          continue;
        }
        float room = flow.bottom() - flow.y();
        boolean atTop = flow.y() <= fresh;
        if (!atTop && (h <= flow.pageRoom() - headHeight || room < minimumSlice(rest))) {
          fresh = continueOnNewPage(flow, head, headHeight);
          continue;
        }
        List<List<Line>> now = new ArrayList<>();
        List<List<Line>> later = new ArrayList<>();
        split(rest, room, now, later);
        if (now.stream().allMatch(List::isEmpty)) {
          drawRow(flow, rest, h, false); // one line taller than a page: let it overflow rather than loop
          rest = null;
          continue;
        }
        drawRow(flow, now, height(now), false);
        fresh = continueOnNewPage(flow, head, headHeight);
        rest = later.stream().allMatch(List::isEmpty) ? null : later;
      }
    }
  }

  /** A new page with the headings again; returns the cursor below them. */
  private float continueOnNewPage(PageFlow flow, List<List<Line>> head, float headHeight) throws IOException {
    flow.newPage();
    if (headings) {
      drawRow(flow, head, headHeight, true);
    }
    return flow.y();
  }

  private List<List<Line>> headLines() {
    List<List<Line>> cells = new ArrayList<>();
    for (Column c : columns) {
      List<Line> lines = new ArrayList<>();
      float w = c.width() - 2 * PAD_X;
      heading(c.th(), headTh, w, lines);
      heading(c.en(), headEn, w, lines);
      cells.add(lines);
    }
    return cells;
  }

  /** A heading a little too wide for its column is set smaller rather than cut. */
  private static void heading(String text, TextStyle style, float width, List<Line> lines) {
    if (text.isEmpty()) {
      return;
    }
    float natural = style.width(text);
    if (natural > width && natural * 0.8f <= width) {
      lines.add(new Line(style.sized(style.size() * width / natural), text));
      return;
    }
    LineBreaker.wrap(text, style, width).forEach(l -> lines.add(new Line(style, l)));
  }

  private List<List<Line>> layout(Cell[] row) {
    List<List<Line>> cells = new ArrayList<>();
    for (int i = 0; i < row.length; i++) {
      float w = columns.get(i).width() - 2 * PAD_X;
      List<Line> lines = new ArrayList<>();
      for (Run r : row[i].runs()) {
        r.wrap(w).forEach(l -> lines.add(new Line(r.style(), l)));
      }
      cells.add(lines);
    }
    return cells;
  }

  /** Cells share the baseline of their first lines; the row is as tall as its tallest cell below that. */
  private static float height(List<List<Line>> cells) {
    float first = firstAscent(cells);
    float max = 0;
    for (List<Line> cell : cells) {
      if (cell.isEmpty()) {
        continue;
      }
      float h = first - cell.get(0).style().ascent();
      for (Line l : cell) {
        h += l.style().lineHeight();
      }
      max = Math.max(max, h);
    }
    return max + 2 * PAD_Y;
  }

  private static float firstAscent(List<List<Line>> cells) {
    float first = 0;
    for (List<Line> cell : cells) {
      if (!cell.isEmpty()) {
        first = Math.max(first, cell.get(0).style().ascent());
      }
    }
    return first;
  }

  private static float minimumSlice(List<List<Line>> cells) {
    float min = 0;
    for (List<Line> cell : cells) {
      if (!cell.isEmpty()) {
        min = Math.max(min, cell.get(0).style().lineHeight());
      }
    }
    return min + 2 * PAD_Y;
  }

  /** Splits each cell's lines into those that fit in {@code room} and the rest. */
  private static void split(List<List<Line>> cells, float room, List<List<Line>> now, List<List<Line>> later) {
    float first = firstAscent(cells);
    for (List<Line> cell : cells) {
      float h = 2 * PAD_Y + (cell.isEmpty() ? 0 : first - cell.get(0).style().ascent());
      int k = 0;
      while (k < cell.size() && h + cell.get(k).style().lineHeight() <= room) {
        h += cell.get(k).style().lineHeight();
        k++;
      }
      now.add(cell.subList(0, k));
      later.add(cell.subList(k, cell.size()));
    }
  }

  private void drawRow(PageFlow flow, List<List<Line>> cells, float height, boolean head) throws IOException {
    PageCanvas page = flow.page();
    float top = flow.y();
    float x = flow.left();
    float total = (float) columns.stream().mapToDouble(Column::width).sum();
    if (head) {
      page.fill(x, top, total, height, HEAD_GREY);
    }
    page.line(x, top, x + total, top, RULE);
    page.line(x, top + height, x + total, top + height, RULE);
    page.line(x, top, x, top + height, RULE);
    float first = firstAscent(cells);
    for (int i = 0; i < columns.size(); i++) {
      Column c = columns.get(i);
      List<Line> lines = cells.get(i);
      float baseline = lines.isEmpty() ? 0 : top + PAD_Y + first - lines.get(0).style().ascent();
      for (Line l : lines) {
        baseline += l.style().ascent();
        page.text(l.style(), l.text(), x + PAD_X, c.width() - 2 * PAD_X, head ? Align.CENTER : c.align(), baseline);
        baseline += l.style().descent();
      }
      x += c.width();
      page.line(x, top, x, top + height, RULE);
    }
    flow.down(height);
  }
}
