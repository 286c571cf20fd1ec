package io.linkgate.report.pdf;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A ruled table that flows over pages: cells wrap their text to the column width, a row that does not fit goes to
 * the next page, the column headings (Thai over English) are repeated at the top of each page, and a row taller than
 * a whole page is split between its lines. Figures never wrap: a column too narrow for its widest figure takes the
 * room from the text columns, and a figure that still does not fit is set smaller.
 */
final class Table {

  static final float PAD_X = 3f;
  private static final float PAD_Y = 3.5f;
  private static final float RULE = 0.5f;
  private static final float HEAD_GREY = 0.9f;
  /** A heading is set down to this share of its size to fit its column, else wrapped. */
  private static final float HEADING_LEAST = 0.8f;
  /** The share of its planned width a text column keeps when figures need room. */
  private static final float TEXT_KEPT = 0.6f;

  /** A column: headings in Thai and English, width in points, and how its cells align. */
  record Column(String th, String en, float width, Align align) {
  }

  /** How a run is broken into lines: as text, as a name (between its parts where it can), or never (a figure). */
  enum Kind { TEXT, NAME, FIGURE }

  /** One paragraph of a cell ({@code null} text prints nothing). */
  record Run(TextStyle style, String text, Kind kind) {

    Run {
      text = text == null ? "" : text;
    }

    /** The lines of this run in {@code width}, each with the style it is set in. */
    List<Line> lines(float width) {
      return switch (kind) {
        case FIGURE -> List.of(new Line(style.fitting(text, width, 0), text));
        case NAME -> lines(LineBreaker.wrapName(text, style, width));
        case TEXT -> lines(LineBreaker.wrap(text, style, width));
      };
    }

    private List<Line> lines(List<String> texts) {
      return texts.stream().map(t -> new Line(style, t)).toList();
    }
  }

  /** A cell: paragraphs one below the other. */
  record Cell(List<Run> runs) {

    static Cell of(TextStyle style, String text) {
      return new Cell(List.of(new Run(style, text, Kind.TEXT)));
    }

    /** A person's name (or another label whose parts should stay whole). */
    static Cell name(TextStyle style, String text) {
      return new Cell(List.of(new Run(style, text, Kind.NAME)));
    }

    /** A figure: always on one line. */
    static Cell figure(TextStyle style, String text) {
      return new Cell(List.of(new Run(style, text, Kind.FIGURE)));
    }

    Cell then(TextStyle style, String text) {
      List<Run> more = new ArrayList<>(runs);
      more.add(new Run(style, text, Kind.TEXT));
      return new Cell(List.copyOf(more));
    }
  }

  /** A wrapped line of a cell. */
  record Line(TextStyle style, String text) {
  }

  private final List<Column> columns;
  private final TextStyle headTh;
  private final TextStyle headEn;
  private final boolean headings;
  private final List<Cell[]> rows = new ArrayList<>();
  /** The columns' widths as drawn: the planned ones, widened for figures by {@link #fitFigures()}. */
  private float[] widths;

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
    widths = fitFigures();
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

  /**
   * Widens each column whose widest figure does not fit, taking the room from the columns without figures in
   * proportion to their width, each keeping at least {@link #TEXT_KEPT} of it.
   */
  private float[] fitFigures() {
    int n = columns.size();
    float[] w = new float[n];
    float[] lacking = new float[n];
    boolean[] figures = new boolean[n];
    for (int i = 0; i < n; i++) {
      w[i] = columns.get(i).width();
      for (Cell[] row : rows) {
        for (Run r : row[i].runs()) {
          if (r.kind() == Kind.FIGURE) {
            figures[i] = true;
            lacking[i] = Math.max(lacking[i], r.style().width(r.text()) + 2 * PAD_X - w[i]);
          }
        }
      }
    }
    float lack = 0;
    float spare = 0;
    for (int i = 0; i < n; i++) {
      lack += Math.max(0, lacking[i]);
      spare += figures[i] ? 0 : w[i] * (1 - TEXT_KEPT);
    }
    if (lack <= 0 || spare <= 0) {
      return w;
    }
    float taken = Math.min(lack, spare);
    for (int i = 0; i < n; i++) {
      w[i] += figures[i] ? Math.max(0, lacking[i]) * taken / lack : -w[i] * (1 - TEXT_KEPT) * taken / spare;
    }
    return w;
  }

  private List<List<Line>> headLines() {
    List<List<Line>> cells = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      Column c = columns.get(i);
      List<Line> lines = new ArrayList<>();
      float w = widths[i] - 2 * PAD_X;
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
    TextStyle smaller = style.fitting(text, width, HEADING_LEAST);
    if (smaller != null) {
      lines.add(new Line(smaller, text));
      return;
    }
    LineBreaker.wrap(text, style, width).forEach(l -> lines.add(new Line(style, l)));
  }

  private List<List<Line>> layout(Cell[] row) {
    List<List<Line>> cells = new ArrayList<>();
    for (int i = 0; i < row.length; i++) {
      float w = widths[i] - 2 * PAD_X;
      List<Line> lines = new ArrayList<>();
      for (Run r : row[i].runs()) {
        lines.addAll(r.lines(w));
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
    float total = 0;
    for (float w : widths) {
      total += w;
    }
    if (head) {
      page.fill(x, top, total, height, HEAD_GREY);
    }
    page.line(x, top, x + total, top, RULE);
    page.line(x, top + height, x + total, top + height, RULE);
    page.line(x, top, x, top + height, RULE);
    float first = firstAscent(cells);
    for (int i = 0; i < columns.size(); i++) {
      Column c = columns.get(i);
      float width = widths[i];
      List<Line> lines = cells.get(i);
      float baseline = lines.isEmpty() ? 0 : top + PAD_Y + first - lines.get(0).style().ascent();
      for (Line l : lines) {
        baseline += l.style().ascent();
        page.text(l.style(), l.text(), x + PAD_X, width - 2 * PAD_X, head ? Align.CENTER : c.align(), baseline);
        baseline += l.style().descent();
      }
      x += width;
      page.line(x, top, x, top + height, RULE);
    }
    flow.down(height);
  }
}
