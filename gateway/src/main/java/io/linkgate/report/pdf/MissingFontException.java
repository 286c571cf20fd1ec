package io.linkgate.report.pdf;

/**
 * A font the report PDF needs is missing or unusable. The message names the file and the Debian package that
 * provides the default fonts ({@value PdfFonts#DEBIAN_PACKAGE}), so an operator knows what to install.
 */
public final class MissingFontException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  MissingFontException(String message, Throwable cause) {
    super(message, cause);
  }
}
