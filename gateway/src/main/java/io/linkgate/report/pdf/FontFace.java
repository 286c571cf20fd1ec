package io.linkgate.report.pdf;

import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;

/**
 * One TrueType file, used twice: by AWT, whose text layout (HarfBuzz in OpenJDK) shapes Thai, and by PDFBox, which
 * embeds the same file. Both address glyphs by the file's own glyph index, so a glyph id from the shaper is the glyph
 * id the PDF draws; {@link #load} checks that they count the same glyphs. Immutable and thread-safe.
 */
final class FontFace {

  /** Layout size: at 1000 "points" AWT positions are thousandths of an em, the unit of PDF glyph space. */
  private static final float LAYOUT_SIZE = 1000f;
  /** No transform, antialiased, fractional metrics: unhinted design positions. */
  private static final FontRenderContext FRC = new FontRenderContext(null, true, true);
  /** AWT's codes for glyphs that draw nothing (line separators, format characters). */
  private static final int INVISIBLE_GLYPH = 0xFFFE;

  private final Path file;
  private final byte[] ttf;
  private final Font awt;
  private final int glyphCount;

  private FontFace(Path file, byte[] ttf, Font awt, int glyphCount) {
    this.file = file;
    this.ttf = ttf;
    this.awt = awt;
    this.glyphCount = glyphCount;
  }

  static FontFace load(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw missing(file, "does not exist", e);
    } catch (IOException e) {
      throw missing(file, "cannot be read (" + e.getMessage() + ")", e);
    }
    Font awt;
    int pdfGlyphs;
    try (TrueTypeFont parsed = new TTFParser().parse(new RandomAccessReadBuffer(bytes))) {
      pdfGlyphs = parsed.getNumberOfGlyphs();
      awt = Font.createFont(Font.TRUETYPE_FONT, file.toFile()).deriveFont(LAYOUT_SIZE);
    } catch (IOException | FontFormatException | RuntimeException e) {
      throw missing(file, "is not a usable TrueType font (" + e.getMessage() + ")", e);
    }
    if (awt.getNumGlyphs() != pdfGlyphs) {
      throw missing(file, "has " + awt.getNumGlyphs() + " glyphs for AWT but " + pdfGlyphs + " for PDFBox", null);
    }
    return new FontFace(file, bytes, awt, pdfGlyphs);
  }

  private static MissingFontException missing(Path file, String what, Throwable cause) {
    return new MissingFontException("The report PDF font " + file + " " + what + ". Install the Debian package "
        + PdfFonts.DEBIAN_PACKAGE + " (apt-get install " + PdfFonts.DEBIAN_PACKAGE + ") or set report.pdfFont and "
        + "report.pdfBoldFont to TrueType fonts with Thai glyphs.", cause);
  }

  /** A fresh reader over the font file, for PDFBox to parse into one document. */
  RandomAccessReadBuffer read() {
    return new RandomAccessReadBuffer(ttf);
  }

  Path file() {
    return file;
  }

  /**
   * Shapes {@code text} as one left-to-right run. Control characters become spaces, invisible format characters
   * (ZWSP, ZWJ...) are dropped, and characters the font lacks are drawn as '?' (the run's text keeps the originals),
   * so AWT never falls back to a glyph of another font.
   */
  ShapedText shape(String text) {
    char[] chars = drawable(text).toCharArray();
    GlyphVector gv = awt.layoutGlyphVector(FRC, chars, 0, chars.length, Font.LAYOUT_LEFT_TO_RIGHT);
    int n = gv.getNumGlyphs();
    int[] codes = gv.getGlyphCodes(0, n, null);
    float[] positions = gv.getGlyphPositions(0, n + 1, null);
    int[] glyphs = new int[n];
    float[] x = new float[n];
    float[] y = new float[n];
    int kept = 0;
    for (int i = 0; i < n; i++) {
      int code = codes[i];
      if (code >= INVISIBLE_GLYPH && code <= 0xFFFF) {
        continue;
      }
      if (code < 0 || code >= glyphCount) {
        throw new IllegalStateException("The shaper returned glyph " + code + ", not a glyph of " + file);
      }
      glyphs[kept] = code;
      x[kept] = positions[2 * i];
      y[kept] = positions[2 * i + 1];
      kept++;
    }
    return new ShapedText(text, Arrays.copyOf(glyphs, kept), Arrays.copyOf(x, kept),
        Arrays.copyOf(y, kept), positions[2 * n]);
  }

  private String drawable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(cp -> {
      if (Character.isISOControl(cp)) {
        out.append(' ');
      } else if (Character.getType(cp) == Character.FORMAT) {
        return;
      } else if (awt.canDisplay(cp)) {
        out.appendCodePoint(cp);
      } else {
        out.append('?');
      }
    });
    return out.toString();
  }
}
