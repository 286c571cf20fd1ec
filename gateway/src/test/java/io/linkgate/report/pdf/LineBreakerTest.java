package io.linkgate.report.pdf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.BreakIterator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LineBreakerTest {

  private static ToDoubleFunction<String> width;

  @BeforeAll
  static void font() {
    FontFace face = PdfFonts.defaults().regular();
    width = s -> face.shape(s).width(14);
  }

  @Test
  void should_break_only_between_words_when_a_thai_comment_is_wider_than_the_column() {
    String comment = SampleReport.LONG_COMMENT;

    List<String> lines = LineBreaker.wrap(comment, width, 200, false);

    assertTrue(lines.size() >= 4, "wrapped: " + lines);
    assertEquals(comment.replace(" ", ""), String.join("", lines).replace(" ", ""), "nothing lost or reordered");
    Set<Integer> words = wordBoundaries(comment.replace(" ", ""));
    int end = 0;
    for (String line : lines) {
      assertTrue(width.applyAsDouble(line) <= 200, "fits: " + line);
      end += line.replace(" ", "").length();
      assertTrue(words.contains(end), "'" + line + "' ends between two words");
    }
  }

  @Test
  void should_keep_the_parts_of_a_name_whole_when_a_name_wraps() {
    double narrow = width.applyAsDouble("นางสาวกิตติศักดิ์ ผู้ใหญ่") - 1;

    assertEquals(List.of("นางสาวกิตติศักดิ์", "ผู้ใหญ่ยิ่ง"), LineBreaker.wrap("นางสาวกิตติศักดิ์ ผู้ใหญ่ยิ่ง", width, narrow, true));
    assertEquals(List.of("นางสาวกิตติศักดิ์ ผู้ใหญ่", "ยิ่ง"), LineBreaker.wrap("นางสาวกิตติศักดิ์ ผู้ใหญ่ยิ่ง", width, narrow + 1, false),
        "as plain text the surname's dictionary words may part");
  }

  @Test
  void should_cut_between_clusters_when_one_word_is_wider_than_the_line() {
    List<String> lines = LineBreaker.wrap("ศักดิ์สิทธิ์", width, width.applyAsDouble("ศักดิ์") + 1, false);

    assertTrue(lines.size() >= 2, "cut: " + lines);
    assertEquals("ศักดิ์สิทธิ์", String.join("", lines));
    for (String line : lines) {
      assertFalse(Character.getType(line.charAt(0)) == Character.NON_SPACING_MARK, "'" + line + "' starts with a mark");
    }
  }

  @Test
  void should_keep_explicit_line_breaks_when_text_has_them() {
    assertEquals(List.of("บรรทัดแรก", "", "บรรทัดที่สาม"), LineBreaker.wrap("บรรทัดแรก\r\n\nบรรทัดที่สาม", width, 400, false));
  }

  private static Set<Integer> wordBoundaries(String text) {
    Set<Integer> out = new HashSet<>();
    BreakIterator it = BreakIterator.getLineInstance(Locale.forLanguageTag("th"));
    it.setText(text);
    for (int b = it.first(); b != BreakIterator.DONE; b = it.next()) {
      out.add(b);
    }
    return out;
  }
}
