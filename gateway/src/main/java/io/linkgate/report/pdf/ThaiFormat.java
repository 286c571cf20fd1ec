package io.linkgate.report.pdf;

import io.linkgate.report.ReportPeriod;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.util.Locale;

/**
 * Numbers and dates as the report prints them: thousands separators; months in Thai with the Buddhist-era year
 * ("พฤศจิกายน 2569") and in English ("November 2026"); times in Asia/Bangkok. Fixed tables rather than locale data,
 * so the output does not change with the JDK's CLDR version. The CSV writes its month with it too.
 */
public final class ThaiFormat {

  private static final String[] MONTHS_TH = {"มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม",
      "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"};
  private static final String[] MONTHS_EN = {"January", "February", "March", "April", "May", "June", "July", "August",
      "September", "October", "November", "December"};
  /** The Buddhist era counts from 543 BC. */
  private static final int BUDDHIST_ERA_OFFSET = 543;

  private ThaiFormat() {
  }

  static String number(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** Whole numbers without decimals, others with one. */
  static String number(Number n) {
    if (n instanceof Double || n instanceof Float || n instanceof BigDecimal) {
      double d = n.doubleValue();
      return d == Math.rint(d) && !Double.isInfinite(d) ? number((long) d) : String.format(Locale.ROOT, "%,.1f", d);
    }
    return number(n.longValue());
  }

  public static String monthTh(YearMonth m) {
    return MONTHS_TH[m.getMonthValue() - 1] + " " + (m.getYear() + BUDDHIST_ERA_OFFSET);
  }

  public static String monthEn(YearMonth m) {
    return MONTHS_EN[m.getMonthValue() - 1] + " " + m.getYear();
  }

  static String dateTh(LocalDate d) {
    return d.getDayOfMonth() + " " + MONTHS_TH[d.getMonthValue() - 1] + " " + (d.getYear() + BUDDHIST_ERA_OFFSET);
  }

  static String dateEn(LocalDate d) {
    return d.getDayOfMonth() + " " + MONTHS_EN[d.getMonthValue() - 1] + " " + d.getYear();
  }

  /** "1 ธันวาคม 2569 เวลา 08:05 น." in Bangkok time. */
  static String timeTh(Instant at) {
    ZonedDateTime t = at.atZone(ReportPeriod.BANGKOK);
    return dateTh(t.toLocalDate()) + " เวลา " + String.format(Locale.ROOT, "%02d:%02d", t.getHour(), t.getMinute()) + " น.";
  }

  /** "1 December 2026, 08:05 (UTC+7)". */
  static String timeEn(Instant at) {
    ZonedDateTime t = at.atZone(ReportPeriod.BANGKOK);
    return dateEn(t.toLocalDate()) + ", " + String.format(Locale.ROOT, "%02d:%02d", t.getHour(), t.getMinute()) + " (UTC+7)";
  }

  /** The last day of a period that ends (exclusively) at {@code end}, in Bangkok. */
  static LocalDate lastDay(Instant end) {
    return end.minusNanos(1).atZone(ReportPeriod.BANGKOK).toLocalDate();
  }

  static LocalDate firstDay(Instant start) {
    return start.atZone(ReportPeriod.BANGKOK).toLocalDate();
  }

  /** The first characters of a hex digest, for people to compare. */
  static String shortHash(String hash) {
    if (hash == null || hash.isBlank()) {
      return "-";
    }
    return hash.length() <= 12 ? hash : hash.substring(0, 12) + "…";
  }
}
