package io.linkgate.cardedge.card;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Dates on the card: Buddhist era {@code YYYYMMDD} (Gregorian year = BE year − 543).
 *
 * <p>Incomplete dates (day or month {@code 00}, common for birth dates of older citizens) and anything that is
 * not a real date give an empty result. Lifetime cards (citizens over 70) carry an expiry that is out of range,
 * typically {@code 99999999}; any expiry year of BE 2999 or later, or not a date, means "lifetime".
 */
public final class BuddhistEraDate {

  static final int ERA_OFFSET = 543;
  /** An expiry in BE year 2999 (Gregorian 2456) or later is the lifetime marker, not a date. */
  static final int LIFETIME_YEAR_BE = 2999;

  private BuddhistEraDate() {
  }

  /** The Gregorian date of a complete, valid Buddhist-era {@code YYYYMMDD}; empty otherwise. */
  public static Optional<LocalDate> parse(String raw) {
    if (raw == null || raw.length() != 8 || !raw.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Optional.empty();
    }
    int year = Integer.parseInt(raw.substring(0, 4));
    int month = Integer.parseInt(raw.substring(4, 6));
    int day = Integer.parseInt(raw.substring(6, 8));
    if (year <= ERA_OFFSET || month == 0 || day == 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.of(year - ERA_OFFSET, month, day));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  /** The expiry date, or empty for a lifetime card (out-of-range or unreadable value). */
  public static Optional<LocalDate> expiry(String raw) {
    return parse(raw).filter(date -> date.getYear() + ERA_OFFSET < LIFETIME_YEAR_BE);
  }
}
