package io.linkgate.http;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * A query parameter that bounds a period: a date ({@code 2026-11-02}, the start of that day in the given zone) or
 * an instant ({@code 2026-11-02T03:00:00Z}), between the years 1900 and 9999. {@link Instant#parse} alone takes
 * years up to a billion either way, which no database column holds and which overflow any arithmetic on them.
 */
public final class DateOrInstant {

  static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
  static final Instant LATEST = Instant.parse("9999-12-31T00:00:00Z");

  private DateOrInstant() {
  }

  /** The instant, or an exception when the text is neither form or falls outside 1900 to 9999. */
  public static Instant parse(String text, ZoneId zone) throws DateTimeException {
    Instant instant;
    try {
      instant = text.length() == 10 ? LocalDate.parse(text).atStartOfDay(zone).toInstant() : Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new DateTimeException("not a date or an instant");
    }
    if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
      throw new DateTimeException("outside 1900 to 9999");
    }
    return instant;
  }
}
