package io.linkgate.report.pdf;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PdfFontsTest {

  @Test
  void should_name_the_debian_package_when_a_font_file_is_missing(@TempDir Path dir) {
    Path missing = dir.resolve("Laksaman.ttf");

    MissingFontException e = assertThrows(MissingFontException.class, () -> PdfFonts.load(missing, PdfFonts.DEFAULT_BOLD));

    assertTrue(e.getMessage().contains("fonts-tlwg-laksaman-ttf"), e.getMessage());
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
  }

  @Test
  void should_name_the_debian_package_when_a_file_is_not_a_font(@TempDir Path dir) throws Exception {
    Path notAFont = Files.writeString(dir.resolve("Laksaman-Bold.ttf"), "not a font");

    MissingFontException e = assertThrows(MissingFontException.class, () -> PdfFonts.load(PdfFonts.DEFAULT_REGULAR, notAFont));

    assertTrue(e.getMessage().contains("fonts-tlwg-laksaman-ttf"), e.getMessage());
    assertTrue(e.getMessage().contains(notAFont.toString()), e.getMessage());
  }

  @Test
  void should_shape_to_glyphs_of_the_file_itself_when_text_has_characters_the_font_lacks() {
    FontFace face = PdfFonts.defaults().regular();

    // U+2713 CHECK MARK is not in Laksaman: drawn as '?', never as a glyph of a fallback font; the text stays
    ShapedText shaped = face.shape("ตรวจแล้ว ✓");

    assertTrue(shaped.text().endsWith("✓"));
    assertTrue(shaped.size() > 0);
    for (int i = 0; i < shaped.size(); i++) {
      assertTrue(shaped.glyph(i) > 0 && shaped.glyph(i) < 0xFFFE, "glyph " + shaped.glyph(i));
    }
  }
}
