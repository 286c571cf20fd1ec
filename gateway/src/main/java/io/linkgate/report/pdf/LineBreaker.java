package io.linkgate.report.pdf;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Wraps text to a width at the line-break opportunities of the JDK's Thai dictionary break iterator: Thai has no
 * spaces between words, so a line may end between two words of one "sentence", never inside a word. Names wrap only
 * between their parts (a surname such as ผู้ใหญ่ยิ่ง is not split into its dictionary words) unless a part alone is
 * too wide. A word wider than a whole line is cut between grapheme clusters (a consonant keeps its vowels and tone
 * marks). Explicit line breaks are kept.
 */
final class LineBreaker {

  private static final Locale THAI = Locale.forLanguageTag("th");

  private LineBreaker() {
  }

  static List<String> wrap(String text, TextStyle style, float maxWidth) {
    return wrap(text, style::width, maxWidth, false);
  }

  static List<String> wrapName(String text, TextStyle style, float maxWidth) {
    return wrap(text, style::width, maxWidth, true);
  }

  /** {@code width} measures a candidate line; {@code name} breaks only at spaces where the parts fit. */
  static List<String> wrap(String text, ToDoubleFunction<String> width, double maxWidth, boolean name) {
    List<String> lines = new ArrayList<>();
    for (String paragraph : text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1)) {
      String p = paragraph.strip();
      if (p.isEmpty()) {
        lines.add("");
      } else {
        greedy(p, opportunities(p, width, maxWidth, name), width, maxWidth, lines);
      }
    }
    return lines;
  }

  /** Where lines may end, ascending, ending with the paragraph's length. */
  private static List<Integer> opportunities(String p, ToDoubleFunction<String> width, double max, boolean name) {
    List<Integer> words = new ArrayList<>();
    BreakIterator it = BreakIterator.getLineInstance(THAI);
    it.setText(p);
    for (int b = it.following(0); b != BreakIterator.DONE; b = it.next()) {
      words.add(b);
    }
    if (!name) {
      return words;
    }
    List<Integer> out = new ArrayList<>();
    int previous = 0;
    for (int b : words) {
      boolean atSpace = b == p.length() || Character.isWhitespace(p.charAt(b - 1));
      if (!atSpace) {
        continue;
      }
      if (width.applyAsDouble(p.substring(previous, b).strip()) > max) {
        for (int w : words) {
          if (w > previous && w < b) {
            out.add(w);
          }
        }
      }
      out.add(b);
      previous = b;
    }
    return out;
  }

  private static void greedy(String p, List<Integer> breaks, ToDoubleFunction<String> width, double max, List<String> lines) {
    int start = 0;
    int fitted = 0;
    for (int end : breaks) {
      if (width.applyAsDouble(p.substring(start, end).stripTrailing()) <= max) {
        fitted = end;
        continue;
      }
      if (fitted > start) {
        lines.add(p.substring(start, fitted).strip());
        start = fitted;
        if (width.applyAsDouble(p.substring(start, end).stripTrailing()) <= max) {
          fitted = end;
          continue;
        }
      }
      start = cutByClusters(p, start, end, width, max, lines);
      fitted = end;
    }
    if (start < p.length()) {
      lines.add(p.substring(start).strip());
    }
  }

  /** Emits whole lines of the word p[start, end) cut between clusters; returns where the unfinished last line starts. */
  private static int cutByClusters(String p, int start, int end, ToDoubleFunction<String> width, double max, List<String> lines) {
    BreakIterator clusters = BreakIterator.getCharacterInstance(THAI);
    clusters.setText(p);
    int lineStart = start;
    int fitted = start;
    for (int c = clusters.following(start); c != BreakIterator.DONE && c <= end; c = clusters.next()) {
      if (width.applyAsDouble(p.substring(lineStart, c)) <= max || fitted == lineStart) {
        fitted = c;
      } else {
        lines.add(p.substring(lineStart, fitted).strip());
        lineStart = fitted;
        fitted = c;
      }
    }
    return lineStart;
  }
}
