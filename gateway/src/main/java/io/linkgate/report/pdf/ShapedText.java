package io.linkgate.report.pdf;

/**
 * A string laid out by the JDK's text shaper: the glyph ids of the font file (not characters) and where each glyph
 * goes, in thousandths of an em from the start of the run on the baseline (x to the right, y downwards as in AWT).
 * Thai marks come out already stacked and moved (a tone mark raised above an upper vowel, SARA AM split into
 * NIKHAHIT and SARA AA), so drawing these glyphs at these places needs no further shaping. {@link #text()} is the
 * original string, for the PDF's ActualText.
 */
final class ShapedText {

  private final String text;
  private final int[] glyphs;
  private final float[] x;
  private final float[] y;
  private final float advance;

  ShapedText(String text, int[] glyphs, float[] x, float[] y, float advance) {
    this.text = text;
    this.glyphs = glyphs;
    this.x = x;
    this.y = y;
    this.advance = advance;
  }

  String text() {
    return text;
  }

  int size() {
    return glyphs.length;
  }

  int glyph(int i) {
    return glyphs[i];
  }

  /** Thousandths of an em right of the run's origin. */
  float x(int i) {
    return x[i];
  }

  /** Thousandths of an em below the baseline (negative: above). */
  float y(int i) {
    return y[i];
  }

  /** The width of the run at {@code size} points. */
  float width(float size) {
    return advance * size / 1000f;
  }
}
