package io.linkgate.report.pdf;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Font;
import java.awt.Rectangle;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The proof that Thai is shaped: the PDF, rasterized by PDFBox, looks like Java2D's drawing of the same string with
 * the same font and size (Java2D shapes Thai with HarfBuzz), while the same string drawn the naive way (PDFBox
 * {@code showText}, one glyph per character, no mark positioning) does not: each check runs its negative control.
 */
class ThaiShapingTest {

  private static final float DPI = 300;
  /** Tone marks over upper vowels, SARA AM after a tone mark, tall consonants, a lower vowel with a tone mark. */
  private static final String HARD_CASES = "ที่ ปิ่น ศักดิ์สิทธิ์ น้ำ ผู้ ปั้น ป่า ทำ";

  private static PdfFonts fonts;
  private static Font awt;
  private static byte[] report;

  @BeforeAll
  static void render() throws Exception {
    fonts = PdfFonts.defaults();
    awt = Font.createFont(Font.TRUETYPE_FONT, PdfFonts.DEFAULT_REGULAR.toFile());
    report = SampleReport.pdf();
  }

  @Test
  void should_look_like_java2d_when_a_name_with_stacked_marks_is_cut_from_a_report_page() throws IOException {
    List<Probe.Found> found = Probe.find(report, SampleReport.PRASERT);
    assertFalse(found.isEmpty(), "the name is drawn in the report");
    Probe.Found at = found.get(0);

    Probe.Likeness shaped = Probe.compare(report, at.page(), awt, SampleReport.PRASERT, at.x(), at.baseline(), at.size(), DPI);
    byte[] naivePdf = Probe.naive(PdfFonts.DEFAULT_REGULAR, SampleReport.PRASERT, at.x(), at.baseline(), at.size());
    Probe.Likeness naive = Probe.compare(naivePdf, 0, awt, SampleReport.PRASERT, at.x(), at.baseline(), at.size(), DPI);

    assertTrue(shaped.same(), "report page vs Java2D: " + shaped);
    assertFalse(naive.same(), "negative control, showText vs Java2D: " + naive);
  }

  @Test
  void should_look_like_java2d_when_a_line_of_hard_cases_is_drawn() throws IOException {
    byte[] shapedPdf = Probe.shaped(fonts, HARD_CASES, 100, 200, 16);
    byte[] naivePdf = Probe.naive(PdfFonts.DEFAULT_REGULAR, HARD_CASES, 100, 200, 16);

    Probe.Likeness shaped = Probe.compare(shapedPdf, 0, awt, HARD_CASES, 100, 200, 16, DPI);
    Probe.Likeness naive = Probe.compare(naivePdf, 0, awt, HARD_CASES, 100, 200, 16, DPI);

    assertTrue(shaped.same(), "shaped vs Java2D: " + shaped);
    assertFalse(naive.same(), "negative control, showText vs Java2D: " + naive);
  }

  @Test
  void should_put_the_mark_above_the_upper_vowel_where_java2d_puts_it_when_they_stack() throws IOException {
    for (String[] c : STACKS) {
      Placement reference = placement(c, Source.JAVA2D);
      Placement shaped = placement(c, Source.SHAPED);

      assertTrue(shaped.markAboveVowel(), c[2] + ": the mark's ink is above the vowel's, not on it: " + shaped);
      assertTrue(shaped.near(reference, 2), c[2] + ": placed as Java2D places it: " + shaped + " vs " + reference);
    }
  }

  @Test
  void should_notice_a_misplaced_mark_when_marks_are_not_positioned() throws IOException {
    // negative control: showText leaves THANTHAKHAT where the font's default puts it, left of and low on SARA I
    String[] stack = STACKS.get(1);
    Placement naive = placement(stack, Source.NAIVE);

    assertFalse(naive.near(placement(stack, Source.JAVA2D), 2), "showText's " + stack[2] + " should be off: " + naive);
  }

  /** Base consonant, with upper vowel, with the mark on top. */
  private static final List<String[]> STACKS = List.of(
      new String[] {"ท", "ที", "ที่"}, new String[] {"ด", "ดิ", "ดิ์"}, new String[] {"ป", "ปิ", "ปิ่"}, new String[] {"น", "นั", "นั้"});

  private enum Source { SHAPED, NAIVE, JAVA2D }

  /** Where the vowel's and the mark's ink are, in pixels at 300 dpi for 48 pt type. */
  private record Placement(Rectangle vowel, Rectangle mark) {

    boolean markAboveVowel() {
      boolean above = mark.y + mark.height <= vowel.y;
      boolean over = mark.x < vowel.x + vowel.width && vowel.x < mark.x + mark.width;
      return above && over;
    }

    boolean near(Placement other, int pixels) {
      return near(vowel, other.vowel, pixels) && near(mark, other.mark, pixels);
    }

    private static boolean near(Rectangle a, Rectangle b, int d) {
      return Math.abs(a.x - b.x) <= d && Math.abs(a.y - b.y) <= d && Math.abs(a.x + a.width - b.x - b.width) <= d
          && Math.abs(a.y + a.height - b.y - b.height) <= d;
    }
  }

  /**
   * Draws base, base + vowel and base + vowel + mark (one below the other): the vowel's ink is what the second adds to
   * the first, the mark's what the third adds to the second.
   */
  private static Placement placement(String[] stack, Source source) throws IOException {
    float size = 48;
    float step = 100;
    List<Rectangle> areas = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      areas.add(Probe.area(awt, stack[2], 100, 200 + i * step, size, DPI));
    }
    List<String> texts = List.of(stack);
    List<Ink> inks = new ArrayList<>();
    if (source == Source.JAVA2D) {
      for (int i = 0; i < 3; i++) {
        inks.add(Ink.of(Probe.java2d(awt, texts.get(i), 100, 200 + i * step, size, DPI, areas.get(i))));
      }
    } else {
      byte[] pdf = source == Source.SHAPED ? Probe.shaped(fonts, texts, 100, 200, step, size)
          : Probe.naive(PdfFonts.DEFAULT_REGULAR, texts, 100, 200, step, size);
      Probe.render(pdf, 0, DPI, areas).forEach(img -> inks.add(Ink.of(img)));
    }
    Rectangle vowel = inks.get(1).minus(inks.get(0), 1).bounds();
    Rectangle mark = inks.get(2).minus(inks.get(1), 1).bounds();
    assertTrue(vowel != null && mark != null, stack[2] + ": vowel and mark leave ink");
    return new Placement(vowel, mark);
  }
}
