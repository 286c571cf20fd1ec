package io.linkgate.report.pdf;

/**
 * A font and a size, with the vertical room a line of Thai needs: in Laksaman, Thai stacks marks up to about 1.3 em
 * above the baseline (a tone mark over an upper vowel) and hangs lower vowels below it, so lines are taller than
 * Latin ones.
 */
record TextStyle(EmbeddedFont font, float size) {

  /** From the top of a line to its baseline (the rare highest stacks reach a little above, into the padding). */
  float ascent() {
    return size * 1.10f;
  }

  /** From the baseline to the bottom of a line. */
  float descent() {
    return size * 0.40f;
  }

  float lineHeight() {
    return ascent() + descent();
  }

  ShapedText shape(String text) {
    return font.shape(text);
  }

  float width(String text) {
    return font.shape(text).width(size);
  }

  TextStyle sized(float newSize) {
    return new TextStyle(font, newSize);
  }

  /**
   * This style, set smaller if {@code text} is wider than {@code width}: down to any size when {@code least} is 0 (a
   * figure must stay on one line), else not below {@code least} of the size ({@code null} then: wrap instead).
   */
  TextStyle fitting(String text, float width, float least) {
    float natural = width(text);
    if (natural <= width) {
      return this;
    }
    return natural * least <= width ? sized(size * width / natural) : null;
  }
}
