package io.linkgate.report.pdf;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * A {@link FontFace} embedded into one document as a Type 0 (CID, Identity-H) font: CIDs are glyph ids, so shaped
 * glyphs are addressed directly. Remembers the glyphs drawn (PDFBox's subsetter only learns about glyphs from
 * {@code showText}) and the characters they stand for (so the ToUnicode map prefers them), and subsets the font once
 * the document is complete. Shaped runs are cached for the document. Not thread-safe: one per document.
 */
final class EmbeddedFont {

  private final FontFace face;
  private final PDType0Font pdf;
  private final Set<Integer> glyphs = new HashSet<>();
  private final Map<String, ShapedText> shaped = new HashMap<>();

  private EmbeddedFont(FontFace face, PDType0Font pdf) {
    this.face = face;
    this.pdf = pdf;
  }

  static EmbeddedFont embed(PDDocument document, FontFace face) throws IOException {
    return new EmbeddedFont(face, PDType0Font.load(document, face.read(), true, false));
  }

  PDType0Font pdf() {
    return pdf;
  }

  ShapedText shape(String text) {
    return shaped.computeIfAbsent(text, face::shape);
  }

  /** The two bytes that show glyph {@code gid}, which will be kept in the subset. */
  byte[] encode(int gid) {
    glyphs.add(gid);
    return pdf.encodeGlyphId(gid);
  }

  /** Records the characters a drawn run stands for. */
  void used(String text) {
    text.codePoints().forEach(pdf::addToSubset);
  }

  /** Embeds only the glyphs drawn; call once, before the document is saved. */
  void subset() throws IOException {
    pdf.addGlyphsToSubset(glyphs);
    pdf.subset();
  }
}
