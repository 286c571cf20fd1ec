package io.linkgate.report.pdf;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The Thai fonts of the report PDF (regular and bold), loaded once and shared by every rendering. Laksaman, the
 * free derivative of TH Sarabun PSK used in Thai government documents, is the default; Debian installs it with
 * {@value #DEBIAN_PACKAGE}. Each face keeps its TrueType bytes, parsed again into every document (PDFBox ties an
 * embedded font to its document and closes it when subsetting), and the AWT font that shapes the text. Immutable and
 * thread-safe.
 */
public final class PdfFonts {

  /** The Debian package that installs the default fonts. */
  public static final String DEBIAN_PACKAGE = "fonts-tlwg-laksaman-ttf";
  public static final Path DEFAULT_REGULAR = Path.of("/usr/share/fonts/truetype/tlwg/Laksaman.ttf");
  public static final Path DEFAULT_BOLD = Path.of("/usr/share/fonts/truetype/tlwg/Laksaman-Bold.ttf");

  private final FontFace regular;
  private final FontFace bold;

  private PdfFonts(FontFace regular, FontFace bold) {
    this.regular = regular;
    this.bold = bold;
  }

  /**
   * Loads the two TrueType files.
   *
   * @throws MissingFontException when a file is missing, unreadable or not a usable TrueType font
   */
  public static PdfFonts load(Path regular, Path bold) {
    return new PdfFonts(FontFace.load(Objects.requireNonNull(regular, "regular")), FontFace.load(Objects.requireNonNull(bold, "bold")));
  }

  /** The Debian locations of Laksaman. */
  public static PdfFonts defaults() {
    return load(DEFAULT_REGULAR, DEFAULT_BOLD);
  }

  FontFace regular() {
    return regular;
  }

  FontFace bold() {
    return bold;
  }
}
